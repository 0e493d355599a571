"""The acceptance check: `fazhi demo` once, then the 2022 report of 荣成 (371082) as JSON, and each
module's share of the demo.

The report's figures equal the reference (rongcheng-2022-figures.md) and are computed from
records the demo built through the services. The demo is built once for this module
(tests/conftest.py `demo_2022`); each test runs in its own savepoint.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from fazhi.contracts import demo as contracts_demo
from fazhi.contracts.models import Contract, ContractDispute
from fazhi.core.demo import COUNTY_CODE
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import RandomDraw, Region
from fazhi.core.services.draws import draw_verify
from fazhi.core.workflow import transitions_of
from fazhi.corrections import demo as corrections_demo
from fazhi.corrections.demo_resettlement import build_resettlement_demo
from fazhi.corrections.models import (
    CorrectionSubject,
    LocationCheck,
    ReleasedPerson,
    RemoteVisit,
    SupervisionAlert,
)
from fazhi.decisions import demo as decisions_demo
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, MajorDecision
from fazhi.decisions.selectors import archive_checklist, decision_missing_steps
from fazhi.enforcement import demo as enforcement_demo
from fazhi.enforcement.models import Certificate, Officer, StaffingType
from fazhi.enforcement.models.exams import Paper
from fazhi.enforcement.selectors import officer_training_hours, officers_eligible_to_inspect
from fazhi.enforcement.services import exams as exams_services
from fazhi.inspections import demo as inspections_demo
from fazhi.inspections.models import (
    InspectionPlan,
    InspectionResult,
    InspectorDraw,
    PlanItem,
    PlanningRun,
    SupervisionDraw,
    TargetDraw,
)
from fazhi.legality.models import LegalityReview
from fazhi.legalservice import demo as legalservice_demo
from fazhi.legalservice.models import LegalAidApplication, LegalService, Mediation
from fazhi.proofs import demo as proofs_demo
from fazhi.proofs.models import (
    FalseCommitment,
    HandlingMode,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.selectors import items_in_force
from fazhi.publicity import demo as publicity_demo
from fazhi.reports import demo as reports_demo
from fazhi.reports.builder import annual_report_build
from fazhi.reports.models import NarrativeItem
from fazhi.rules import demo as rules_demo
from fazhi.rules.models import NormativeDocument

pytestmark = pytest.mark.django_db

EXPECTED_2022 = {
    "proofs.commitment_items": (356, 299),
    "inspections.joint_departments": (17, 0),
    "rules.government_documents": (6, 10),
    "rules.department_documents": (26, 30),
    "rules.reviewed_filed_share": (100, 100),
    "rules.post_evaluations": (10, 0),
    "decisions.catalog_items": (2, 3),
    "contracts.government_reviewed": (31, 24),
    "contracts.department_filed": (274, 258),
    "publicity.activities": (9695, 0),
    "publicity.village_activities": (2316, 0),
    "publicity.enterprise_school_activities": (6677, 0),
    "publicity.media_activities": (702, 0),
    "legalservice.town_stations": (22, 22),
    "legalservice.villages_covered": (840, 780),
    "legalservice.park_stations": (2, 0),
    "legalservice.mediations": (2500, 0),
    "legalservice.governance_opinions": (166, 0),
    "legalservice.legal_aid_cases": (1790, 0),
    "legalservice.legal_aid_civil": (1236, 0),
    "legalservice.legal_aid_criminal": (554, 0),
    "corrections.spot_checks": (45, 0),
    "corrections.intake_files": (308, 80),
    "corrections.files_reviewed": (66, 0),
    "corrections.released_received": (458, 0),
    "corrections.remote_visits": (240, 0),
    "corrections.remote_hearings": (64, 0),
}
# Enforcement (rongcheng-2022-figures.md rows 14–23): the 2022 value; "≥" rows as a minimum.
ENFORCEMENT_2022 = {
    "enforcement.officers_examined": 563,
    "enforcement.training_hours": 12774,
    "enforcement.exam_pass_rate": 98,
    "enforcement.study_departments": 26,
    "enforcement.case_trainings": 6,
    "enforcement.hearing_observations": 13,
    "enforcement.hearing_attendees": 263,
    "enforcement.town_officers": 92,
    "enforcement.invited_supervisors": 20,
    "enforcement.contact_points": 5,
    "enforcement.departments_supervised": 12,
    "enforcement.accompanying_supervisions": 6,
}
ENFORCEMENT_2022_AT_LEAST = {
    "enforcement.case_training_attendees": 1300,
    "enforcement.case_files_reviewed": 70,
    "enforcement.problems_rectified": 200,
    # rongcheng-2022-figures.md row 33: "涉及人员2200余人次"
    "corrections.spot_check_person_times": 2200,
}


def _county() -> Region:
    return Region.objects.get(code=COUNTY_CODE)


def _figure(key: str) -> tuple:
    result = figure_evaluate(key, _county(), 2022)
    return result.value, result.previous


def _runs_once(module, message: str) -> None:
    lines: list[str] = []
    module.build_demo(lines.append)
    assert message in lines


def test_demo_report_2022_shows_the_reference_figures(demo_2022, tmp_path):
    out = tmp_path / "report.json"

    call_command("report", region="371082", year=2022, format="json", out=str(out))

    figures = {figure["key"]: figure for figure in json.loads(out.read_text())["figures"]}
    actual = {key: (figures[key]["value"], figures[key]["previous"]) for key in EXPECTED_2022}
    assert actual == EXPECTED_2022
    assert Decimal(str(figures["rules.government_documents"]["change"])) == Decimal("-40.0")
    assert Decimal(str(figures["rules.department_documents"]["change"])) == Decimal("-13.3")
    value = {key: figures[key]["value"] for key in [*ENFORCEMENT_2022, *ENFORCEMENT_2022_AT_LEAST]}
    assert {key: Decimal(str(value[key])) for key in ENFORCEMENT_2022} == ENFORCEMENT_2022
    assert all(value[key] >= least for key, least in ENFORCEMENT_2022_AT_LEAST.items()), value


# Proofs (证明事项告知承诺) ---------------------------------------------------------------------


def test_proof_catalog_history_gives_299_then_356(demo_2022):
    county = _county()
    assert figure_evaluate("proofs.items_cancelled", county, 2022).value == 30
    assert figure_evaluate("proofs.items_data_check", county, 2022).value == 30
    assert figure_evaluate("proofs.items_retained", county, 2022).value == 15
    # Before the first release nothing; the day before 2022-1 takes effect still 299.
    assert items_in_force(county, datetime.date(2021, 3, 14)).count() == 0
    assert (
        items_in_force(county, datetime.date(2022, 4, 30), HandlingMode.COMMITMENT).count() == 299
    )
    assert items_in_force(county, datetime.date(2022, 5, 1), HandlingMode.COMMITMENT).count() == 333
    _runs_once(proofs_demo, "证明事项清单已存在，跳过")


def test_proof_applications_exercise_every_path_and_their_draws_replay(demo_2022):
    county = _county()
    applications = ServiceApplication.objects.filter(region=county)
    assert applications.count() == 240
    # The December requests left unanswered keep their applications open (nothing lost).
    waiting = Verification.objects.filter(method="assisted", status=Verification.Status.PENDING)
    assert waiting.count() == 3
    still_open = applications.filter(status=ServiceApplication.Status.OPEN)
    assert set(still_open.values_list("pk", flat=True)) == set(
        waiting.values_list("proof__application_id", flat=True)
    )
    decided = applications.exclude(status=ServiceApplication.Status.OPEN).count()
    assert figure_evaluate("proofs.applications", county, 2022).value == decided
    assert figure_evaluate("proofs.materials_saved", county, 2022).value > decided
    answered = Verification.objects.exclude(status=Verification.Status.PENDING)
    for method in ("internal", "online", "assisted"):
        assert answered.filter(method=method).exists(), method
    assert Verification.objects.filter(attempts__gt=1).exists()  # sources timed out, retried
    assert Verification.objects.filter(escalated_on__isnull=False).count() == 3
    draws = RandomDraw.objects.filter(pk__in=SpotCheck.objects.values("draw_id"))
    assert draws.count() >= 4
    assert all(draw_verify(draw).ok for draw in draws)
    assert figure_evaluate("proofs.false_commitments", county, 2022).value >= 1
    assert FalseCommitment.objects.filter(status=FalseCommitment.Status.REPAIRED).count() == 1


# Normative documents, decisions, contracts, report passages ----------------------------------


def test_documents_give_the_2022_figures_and_leave_todays_work(demo_2022):
    county = _county()
    assert figure_evaluate("rules.reviewed_filed_share", county, 2022).value == Decimal("100.0")
    # Reviews count in the year they concluded: January documents were reviewed in December.
    concluded_2022 = LegalityReview.objects.filter(kind="document", concluded_on__year=2022)
    assert figure_evaluate("rules.legality_reviews", county, 2022).value == concluded_2022.count()
    assert 26 <= concluded_2022.count() <= 32
    assert figure_evaluate("rules.filing_on_time_rate", county, 2022).value == Decimal("100.0")
    assert 5 <= figure_evaluate("rules.average_review_days", county, 2022).value <= 15
    # Today's work: one draft on the portal, one submission waiting at the bureau.
    assert (
        NormativeDocument.objects.filter(status=NormativeDocument.Status.PUBLIC_COMMENT).count()
        == 1
    )
    waiting = LegalityReview.objects.filter(status=LegalityReview.Status.SUBMITTED, kind="document")
    assert waiting.count() == 1
    _runs_once(rules_demo, "规范性文件已存在，跳过")


def test_decisions_follow_every_procedure(demo_2022):
    assert _figure("decisions.decided")[0] == 2
    assert _figure("decisions.procedure_completion_rate")[0] == 100
    assert _figure("decisions.legality_reviews") == (2, 3)
    # The rejected 2022 proposal is in the catalog's records but not among its items.
    assert DecisionProposal.objects.filter(status=DecisionProposal.Status.REJECTED).count() == 1
    decisions = MajorDecision.objects.filter(year=2022)
    assert {d.status for d in decisions} == {MajorDecision.Status.PUBLISHED}
    assert all(decision_missing_steps(d) == [] for d in decisions)
    assert all(
        not entry.missing for d in MajorDecision.objects.all() for entry in archive_checklist(d)
    )
    assert LegalityReview.objects.filter(kind="decision", opinion="lawful").count() == 5
    assert demo_2022["重大行政决策"] == [
        "2021年度重大行政决策事项目录：3项，均已履行法定程序并公布",
        "2022年度重大行政决策事项目录：2项，均已履行法定程序并公布",
    ]
    _runs_once(decisions_demo, "重大行政决策：已存在，跳过")
    assert DecisionCatalog.objects.count() == 2


def test_contracts_give_the_2022_figures(demo_2022):
    rate = _figure("contracts.filing_on_time_rate")[0]
    assert rate is not None
    assert 90 < rate < 100
    assert _figure("contracts.disputes")[0] == 2
    assert ContractDispute.objects.filter(result=ContractDispute.Result.LOST).count() == 1
    lines = demo_2022["合同管理"]
    assert lines[0].startswith("2021年：政府合同经合法性审核24件，部门合同备案258件")
    assert lines[1].startswith("2022年：政府合同经合法性审核31件，部门合同备案274件")
    count = Contract.objects.count()
    _runs_once(contracts_demo, "合同数据已存在，跳过")
    assert Contract.objects.count() == count


def test_report_passages_go_through_the_workflow_and_fill_the_report(demo_2022):
    items = NarrativeItem.objects.all()
    statuses = sorted(item.status for item in items)
    assert statuses.count(NarrativeItem.Status.ACCEPTED) == 7
    assert statuses.count(NarrativeItem.Status.SUBMITTED) == 1
    assert statuses.count(NarrativeItem.Status.RETURNED) == 1
    accepted = items.filter(status=NarrativeItem.Status.ACCEPTED).first()
    assert [t.actor.username for t in transitions_of(accepted)][-1] == "bureau"
    assert {item.created_by.username for item in items} == {"dept-market", "town-yatou", "bureau"}
    assert demo_2022["年度报告"] == ["2022年度报告素材：9条(已采用7条，待审核1条，已退回1条)"]
    report = annual_report_build(region=_county(), year=2022)
    assert [part.is_empty for part in report.parts] == [False, False, False, False, True]
    _runs_once(reports_demo, "报告素材已存在，跳过")


# Enforcement and joint inspections -----------------------------------------------------------


def test_officers_hold_certificates_only_as_formal_staff(demo_2022):
    assert Officer.objects.count() >= 6
    assert not Certificate.objects.filter(officer__staffing_type=StaffingType.CONTRACT).exists()
    assert Certificate.objects.filter(status=Certificate.Status.EXPIRED).exists()
    assert Certificate.objects.filter(status=Certificate.Status.SUSPENDED).exists()
    department = Officer.objects.order_by("pk").first().organization
    assert officers_eligible_to_inspect(
        organization=department, on_date=datetime.date(2022, 6, 1)
    ).exists()
    assert _figure("enforcement.town_officers")[0] == 92
    _runs_once(enforcement_demo, "行政执法人员名册已存在，跳过")


def test_the_december_reviews_took_the_officers_who_passed_with_their_hours(demo_2022):
    reviewed = Certificate.objects.filter(last_reviewed_on=datetime.date(2022, 12, 15))
    passed = Paper.objects.filter(passed=True, submitted_at__year=2022).values("candidate")
    # Every passed officer whose card outlives 2022 was reviewed; nobody else was.
    assert reviewed.count() == (
        Certificate.objects.filter(officer__in=passed, valid_until__gt=datetime.date(2022, 12, 31))
        .values("officer")
        .distinct()
        .count()
    )
    assert not reviewed.exclude(officer__in=passed).exists()
    holder = reviewed.order_by("pk").first().officer
    hours = officer_training_hours(
        officer=holder, since=datetime.date(2021, 12, 16), until=datetime.date(2022, 12, 15)
    )
    assert hours >= 60


def test_inspection_plans_merge_and_every_draw_replays(demo_2022):
    run = PlanningRun.objects.get(status=PlanningRun.Status.CONFIRMED)
    assert run.entries < run.solo_entries
    assert run.gap >= 0
    # Every filed item is placed once, inside its window.
    assert (
        not PlanItem.objects.filter(joint_inspection__isnull=True)
        .exclude(pk__in=[item_id for item_id, _reason in run.unplaced])
        .exists()
    )
    assert InspectionPlan.objects.filter(filed_late=True).count() == 1
    target_draws = RandomDraw.objects.filter(pk__in=TargetDraw.objects.values("draw_id"))
    assert target_draws.count() == 17
    other_draws = RandomDraw.objects.filter(
        pk__in=[
            *InspectorDraw.objects.values_list("draw_id", flat=True),
            *SupervisionDraw.objects.values_list("draw_id", flat=True),
        ]
    )
    assert other_draws.count() > 17
    assert all(draw_verify(draw).ok for draw in [*target_draws, *other_draws])
    _runs_once(inspections_demo, "涉企检查计划已存在，跳过")


def test_the_years_visits_were_carried_out(demo_2022):
    results = InspectionResult.objects.filter(joint_inspection__run__status="confirmed")
    assert results.count() == PlanItem.objects.filter(joint_inspection__isnull=False).count()
    assert not results.filter(disclosed_on__isnull=True).exists()
    problems = _figure("inspections.results_with_problems")[0]
    assert problems == results.filter(outcome=InspectionResult.Outcome.PROBLEM).count() > 0
    rectified = _figure("inspections.rectifications_completed")[0]
    ordered = results.filter(measure=InspectionResult.Measure.RECTIFY).count()
    assert 0 < rectified < ordered  # a few problems are still being put right
    # Inspectors drawn only from valid certificates; six visits accompanied by supervision.
    for inspector_draw in InspectorDraw.objects.prefetch_related("inspectors"):
        day = inspector_draw.joint_inspection.day
        eligible = officers_eligible_to_inspect(
            organization=inspector_draw.organization, on_date=day
        )
        assert set(inspector_draw.inspectors.all()) <= set(eligible)
    assert SupervisionDraw.objects.get().joint_inspections.count() == 6


def test_training_and_study_figures_match_the_2022_report(demo_2022):
    assert _figure("enforcement.training_hours")[0] == 12774
    assert _figure("enforcement.study_departments")[0] == 26
    assert _figure("enforcement.case_trainings")[0] == 6
    assert _figure("enforcement.case_training_attendees")[0] >= 1300
    assert _figure("enforcement.hearing_observations")[0] == 13
    assert _figure("enforcement.hearing_attendees")[0] == 263
    # Online 12774 hours of 563 officers, plus 40 hours in person for each of 595 formal officers.
    assert _figure("enforcement.training_hours_per_officer")[0] == Decimal("61.5")


def test_supervision_reaches_the_2022_report(demo_2022):
    # 2022 report: "公开选聘特邀行政执法监督员20名,确定行政执法监督企业联系点5个……2022年共实地
    # 监督检查部门12个、伴随监督6次". The visits are recorded at the end of the inspections demo,
    # once the bureau's draw has picked the joint inspections to accompany.
    assert _figure("enforcement.invited_supervisors")[0] == 20
    assert _figure("enforcement.contact_points")[0] == 5
    assert _figure("enforcement.departments_supervised")[0] == 12
    assert _figure("enforcement.accompanying_supervisions")[0] == 6


def test_the_years_case_file_reviews_match_the_report(demo_2022):
    # 2022 report: "评查案卷70余本、督促整改问题200余个" from four quarterly batches.
    reviewed = _figure("enforcement.case_files_reviewed")[0]
    found = _figure("enforcement.problems_found")[0]
    rectified = _figure("enforcement.problems_rectified")[0]
    assert reviewed >= 70
    assert 200 <= rectified < found
    grades = [
        _figure(f"enforcement.case_files_{grade}")[0] for grade in ("excellent", "passed", "failed")
    ]
    assert sum(grades) == reviewed


def test_the_2022_online_exam_gives_563_examined_and_a_98_percent_pass_rate(demo_2022):
    assert _figure("enforcement.officers_examined")[0] == 563
    assert _figure("enforcement.exam_pass_rate")[0] == 98
    # 552 passed, 11 failed in every sitting; each candidate sat once
    papers = Paper.objects.filter(exam__title="2022年度行政执法人员公共法律知识考试")
    assert (papers.count(), papers.filter(passed=True).count()) == (563, 552)
    assert exams_services.paper_verify(papers.order_by("pk").first())


# Publicity (普法) -------------------------------------------------------------------------------


def test_publicity_ledger_gives_the_2022_figures(demo_2022):
    # 2022 report: "共完成普法活动9695场次,其中村居普法2316场次,企业、校园普法6677场次,媒体普法
    # 702场次" — the three categories add up to the total; "50余家部门单位……开展法治宣传活动1000余
    # 场次"; "播发以案释法专题20多期".
    village, enterprise_school, media = (
        _figure(f"publicity.{key}")[0]
        for key in ("village_activities", "enterprise_school_activities", "media_activities")
    )
    assert village + enterprise_school + media == _figure("publicity.activities")[0] == 9695
    assert _figure("publicity.campaign_departments")[0] >= 50
    assert _figure("publicity.campaign_activities")[0] >= 1000
    assert _figure("publicity.case_episodes")[0] >= 20
    completion = _figure("publicity.list_completion")[0]
    assert 80 <= completion < 100


def test_publicity_demo_runs_once(demo_2022):
    _runs_once(publicity_demo, "普法数据已存在，跳过")


# Public legal services (公共法律服务) -----------------------------------------------------------


def test_legal_service_ledger_gives_the_2022_figures(demo_2022):
    # 2022 report: "提供各种法律服务共计近8000件次，其中法律咨询3000多人次，参与人民调解、矛盾纠纷
    # 化解2500件次、代书法律文书200多件次，提供村居治理法律意见166件次"; "培养……3300余人";
    # the park stations "已为企业和群众提供各类服务500余人次".
    services = _figure("legalservice.services")[0]
    assert 7900 <= services < 8000
    assert _figure("legalservice.consultations")[0] >= 3000
    assert _figure("legalservice.documents_drafted")[0] >= 200
    assert _figure("legalservice.liaisons")[0] >= 3300
    assert _figure("legalservice.park_services")[0] >= 500
    named = sum(
        _figure(f"legalservice.{key}")[0]
        for key in ("consultations", "mediations", "documents_drafted", "governance_opinions")
    )
    other = LegalService.objects.filter(kind=LegalService.Kind.OTHER, served_on__year=2022).count()
    assert named + other == services


def test_legal_aid_gives_the_2022_cases_and_its_green_channel_keeps_the_same_day(demo_2022):
    # 2022 report: "开通法律援助便民服务'绿色通道'，对农民工讨薪、低保户维权等案件当天受理，当天
    # 指派，2022年共受理法律援助案件1790件，其中民事1236件，刑事554件".
    assert _figure("legalservice.legal_aid_cases")[0] == 1790
    assert (
        _figure("legalservice.legal_aid_civil")[0] + _figure("legalservice.legal_aid_criminal")[0]
        == 1790
    )
    assert _figure("legalservice.legal_aid_green_same_day_rate")[0] == Decimal("100.0")
    assert _figure("legalservice.legal_aid_overdue")[0] == 20
    assert Decimal(0) < _figure("legalservice.legal_aid_days_to_decision")[0] < Decimal(7)
    open_now = LegalAidApplication.objects.filter(received_on__year__gt=2022)
    assert open_now.exclude(status=LegalAidApplication.Status.CLOSED).count() == 6
    assert 90 <= _figure("legalservice.mediation_success_rate")[0] < 100


def test_every_demo_agreement_has_its_confirmation_window(demo_2022):
    agreements = Mediation.objects.filter(outcome__in=["written_agreement", "oral_agreement"])
    assert agreements.exists()
    assert not agreements.filter(confirmation_due_on__isnull=True).exists()
    assert (
        not Mediation.objects.exclude(outcome__in=["written_agreement", "oral_agreement"])
        .filter(confirmation_due_on__isnull=False)
        .exists()
    )


def test_legalservice_demo_runs_once(demo_2022):
    _runs_once(legalservice_demo, "公共法律服务数据已存在，跳过")


# Community corrections (社区矫正) -------------------------------------------------------------


def test_corrections_demo_shows_the_subjects_checks_and_files(demo_2022):
    section = demo_2022["社区矫正与安置帮教"]  # shared with the resettlement half's lines
    for line in [
        "社区矫正对象：388名（2021年接收80名，2022年308名，建立执行档案和工作档案）",
        "定位平台抽查：45次，涉及2250人次；司法所核查排期"
        f"{LocationCheck.objects.filter(kind='scheduled').count()}次",
        "档案评查：66份；监管预警已处置"
        f"{SupervisionAlert.objects.filter(status='closed').count()}条，待处置"
        f"{SupervisionAlert.objects.filter(status='open').count()}条",
    ]:
        assert line in section
    # each subject under correction on 31 December is in one category and at one level
    by_category = sum(
        _figure(f"corrections.subjects_{category}")[0] for category in CorrectionSubject.Category
    )
    by_level = sum(
        _figure(f"corrections.subjects_{level}")[0] for level in ("strict", "normal", "lenient")
    )
    assert by_category == by_level == _figure("corrections.subjects_at_year_end")[0]
    _runs_once(corrections_demo, "社区矫正对象已存在，跳过")


def test_corrections_demo_leaves_an_office_behind_and_alerts_open_until_closed(demo_2022):
    behind = LocationCheck.objects.filter(
        office__code="office-renhe", kind="scheduled", performed_at__isnull=True
    )
    assert behind.exists()
    assert _figure("corrections.checks_on_schedule_rate")[0] < 100
    # an out-of-area or unreachable result raised an alert; the open ones have no outcome yet
    assert not SupervisionAlert.objects.filter(status="open").exclude(outcome="").exists()
    assert not SupervisionAlert.objects.filter(status="closed", outcome="").exists()
    assert (
        _figure("corrections.alerts_closed")[0]
        == SupervisionAlert.objects.filter(status="closed", closed_at__year=2022).count()
    )


def test_resettlement_demo_escorts_every_key_person_and_leaves_todays_work(demo_2022):
    received = ReleasedPerson.objects.filter(handed_over_on__year=2022)
    key = received.filter(is_key=True)

    assert key.count() == 46
    assert set(key.values_list("handover_method", flat=True)) == set(ReleasedPerson.ESCORTED)
    assert not received.filter(residence_verified_on__isnull=True).exists()
    # the report: "全部安全回归社会"; two of them reoffended in 2023
    assert _figure("corrections.reoffending_rate")[0] == Decimal("0.0")
    assert figure_evaluate("corrections.reoffending_rate", _county(), 2023).value > 0
    assert ReleasedPerson.objects.filter(status=ReleasedPerson.Status.NOTIFIED).count() == 4
    assert RemoteVisit.objects.filter(status=RemoteVisit.Status.REFUSED).count() == 10


def test_resettlement_demo_runs_once(demo_2022):
    lines: list[str] = []
    build_resettlement_demo(lines.append)
    assert lines == ["安置帮教数据已存在，跳过"]
