import pytest
from django.core.exceptions import ValidationError
from django.db.models import F

from fazhi.contracts.models import Contract
from fazhi.core.audit import audit_chain_verify, audit_record
from fazhi.core.crypto import blind_index
from fazhi.core.draws import SampleRule, draw_compute
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import AuditLog, Enterprise, Organization, Region
from fazhi.corrections.models import (
    CorrectionSubject,
    LocationCheck,
    LocationSpotCheck,
    ReleasedPerson,
)
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, DecisionStep, MajorDecision
from fazhi.enforcement.models import (
    FORMAL_STAFFING,
    BatchFile,
    Certificate,
    Officer,
    Paper,
    PaperAnswer,
    Problem,
    ScoreSheet,
    TrainingAttendance,
)
from fazhi.enforcement.services.exams import paper_verify
from fazhi.inspections.models import PlanItem
from fazhi.legality.models import CommentPeriod, LegalityReview
from fazhi.legalservice.aid_models import LegalAidApplication
from fazhi.legalservice.models import (
    LegalService,
    Mediation,
    MediationAgreement,
    MediationCommittee,
    MediationParty,
    Mediator,
    ServiceStation,
)
from fazhi.proofs.models import (
    ApplicationProof,
    FalseCommitment,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
)
from fazhi.proofs.services.applications import letter_of
from fazhi.publicity.models import PublicityActivity
from fazhi.rules.models import NormativeDocument
from fazhi.scale.generate import province_generate
from fazhi.scale.loaders.corrections import spot_check_count
from fazhi.scale.plan import PROVINCE_CODE, Volumes, apportion, province_plan

SMALL = Volumes(
    legal_services=1_000,
    publicity_activities=300,
    legal_aid_cases=200,
    mediations=400,
    enterprises=50,
    normative_documents=30,
    contracts=120,
    major_decisions=12,
    plan_items=150,
    officers=400,
    correction_subjects=300,
    location_checks=2_000,
    released_persons=120,
    audit_rows=1_500,
    proof_applications=1_200,
)


def test_shares_sum_to_the_total_and_follow_the_weights():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(1_000_000, [3, 1]) == [750_000, 250_000]
    plan = province_plan(counties=7)
    shares = plan.shares(12_345)
    assert sum(shares) == 12_345
    heaviest = max(range(7), key=lambda i: plan.counties[i].weight)
    assert shares[heaviest] == max(shares)


def test_the_plan_is_the_same_for_the_same_seed_and_differs_for_another():
    assert province_plan(seed=1, counties=3) == province_plan(seed=1, counties=3)
    assert province_plan(seed=1, counties=3) != province_plan(seed=2, counties=3)


def test_the_province_scales_to_140_counties_with_valid_codes():
    plan = province_plan()
    codes = [county.code for county in plan.counties]
    assert len(codes) == len(set(codes)) == 140
    assert all(code.startswith("99") and code.endswith("000000") for code in codes)
    villages = sum(county.weight for county in plan.counties)
    assert 60_000 < villages < 130_000


@pytest.mark.django_db
def test_a_small_province_is_loaded_with_exactly_the_planned_rows():
    plan = province_plan(seed=7, counties=2)
    lines: list[str] = []

    stats = province_generate(plan, SMALL, lines.append)

    rows = {stat.table: stat.rows for stat in stats}
    ledger = LegalService.objects.exclude(kind="mediation")
    assert rows["legalservice_service"] == ledger.count() == 1_000
    assert rows["publicity_activity"] == PublicityActivity.objects.count() == 300
    assert rows["legalservice_aid"] == LegalAidApplication.objects.count() == 200
    assert Enterprise.objects.filter(uscc__startswith="9199").count() == 50
    assert rows["inspections_planitem"] == PlanItem.objects.count() == 150
    for enterprise in Enterprise.objects.filter(uscc__startswith="9199")[:5]:
        enterprise.full_clean()  # valid credit codes, as an import would demand
    towns = sum(len(county.towns) for county in plan.counties)
    villages = sum(county.weight for county in plan.counties)
    assert ServiceStation.objects.count() == 2 + towns + villages
    assert Region.objects.filter(code__startswith="99", level="village").count() == villages
    # The government, 司法局 and 17 departments per county, a government and a judicial office
    # per town.
    assert Organization.objects.filter(code__startswith="s99").count() == 2 * 19 + 2 * towns
    assert lines[-1].startswith("2/2 ")
    # Services stay inside their county and only consultations carry a channel.
    first = plan.counties[0]
    in_first = ledger.filter(station__region__code__startswith=first.prefix)
    assert in_first.count() == plan.shares(1_000)[0]
    assert not LegalService.objects.exclude(kind="consultation").exclude(channel="").exists()
    # Legal-aid cases decrypt and are found by their blind index, as entered ones are.
    case = LegalAidApplication.objects.first()
    assert LegalAidApplication.objects.filter(id_number_digest=blind_index(case.id_number)).exists()


@pytest.mark.django_db
def test_a_second_run_is_refused_and_writes_nothing():
    plan = province_plan(seed=7, counties=1)
    province_generate(plan, SMALL, lambda line: None)

    with pytest.raises(ValidationError, match="已存在"):
        province_generate(plan, SMALL, lambda line: None)

    assert Region.objects.filter(code=PROVINCE_CODE).count() == 1
    assert LegalService.objects.exclude(kind="mediation").count() == 1_000


@pytest.mark.django_db
def test_officers_hold_certificates_and_sat_the_2022_exam_with_papers_that_draw_again():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    assert stats["enforcement_officer"] == Officer.objects.count() == 400
    formal = Officer.objects.filter(staffing_type__in=FORMAL_STAFFING)
    # Only formal staff hold a certificate (山东省行政执法监督条例 art. 10), each its own number.
    assert Certificate.objects.count() == formal.count() == stats["enforcement_certificate"]
    assert Certificate.objects.values("number").distinct().count() == formal.count()
    assert not Certificate.objects.exclude(officer__in=formal).exists()
    officer = Officer.objects.order_by("pk").first()
    officer.full_clean()  # a valid ID number, unique in its department
    # Every candidate passed, most at the first sitting; a failed first paper has a retake.
    assert Paper.objects.filter(passed=True).count() == formal.count()
    assert Paper.objects.count() == stats["enforcement_paper"]
    assert Paper.objects.filter(attempt=2).count() == Paper.objects.filter(passed=False).count()
    for paper in Paper.objects.order_by("pk")[:3]:
        assert paper_verify(paper)  # drawn by the exam service from its seed
        answers = list(PaperAnswer.objects.filter(paper=paper))
        assert len(answers) == len(paper.question_ids)
        right = {a.question_id for a in answers if a.is_correct}
        points = dict(zip(paper.question_ids, paper.points, strict=True))
        assert sum(points[q] for q in right) == paper.score
    assert PaperAnswer.objects.count() == stats["enforcement_paperanswer"]


@pytest.mark.django_db
def test_corrections_subjects_their_checks_and_released_persons_are_generated():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    assert stats["corrections_subject"] == CorrectionSubject.objects.count() == 300
    assert stats["corrections_released"] == ReleasedPerson.objects.count() == 120
    scheduled = LocationCheck.objects.filter(kind="scheduled")
    assert stats["corrections_check"] == scheduled.count() <= 2_000
    assert scheduled.count() > 1_000
    spot_checks = sum(spot_check_count(county) for county in plan.counties)
    assert LocationSpotCheck.objects.count() == spot_checks
    spot_rows = LocationCheck.objects.filter(kind="spot").count()
    assert stats["corrections_spotcheck"] == spot_checks + spot_rows
    # Checked only while under supervision, in the subject's own judicial office.
    check = scheduled.select_related("subject").order_by("pk").first()
    assert check.subject.term_start <= check.planned_on <= check.subject.term_end
    assert check.office_id == check.subject.office_id
    subject = CorrectionSubject.objects.order_by("pk").first()
    assert CorrectionSubject.objects.filter(
        id_number_digest=blind_index(subject.id_number)
    ).exists()
    # Released prisoners are handed over and in their support period; key persons escorted.
    person = ReleasedPerson.objects.filter(is_key=True).order_by("pk").first()
    assert person.handover_method in ("prison_delivered", "office_collected")
    person.full_clean(exclude=["status"])  # the protected FSM field is not set by hand


@pytest.mark.django_db
def test_the_generated_audit_log_continues_the_chain_and_verifies():
    audit_record(event=AuditLog.Event.LOGIN, username="before")
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    assert stats["core_auditlog"] == 1_500
    assert AuditLog.objects.count() == 1 + 1_500
    report = audit_chain_verify()
    assert report.intact, report.reason
    assert report.rows_checked == 1 + 1_500
    # Sensitive records are named as audit_record names them, so the log's filters find them.
    viewed = AuditLog.objects.filter(event="view_sensitive").order_by("pk").first()
    assert viewed.object_type in {
        "legalservice.LegalAidApplication",
        "enforcement.Officer",
        "corrections.CorrectionSubject",
    }


@pytest.mark.django_db
def test_mediation_committees_their_cases_and_ledger_entries_are_generated():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    towns = sum(len(county.towns) for county in plan.counties)
    villages = sum(county.weight for county in plan.counties)
    # A committee in every village and town, two trade committees per county (人民调解法 art. 8).
    committees = stats["legalservice_mediationcommittee"]
    assert committees == MediationCommittee.objects.count() == 2 * 2 + towns + villages
    assert stats["legalservice_mediator"] == Mediator.objects.count() >= 3 * committees
    assert stats["legalservice_mediation"] == Mediation.objects.count() == 400
    # Every case has its ledger entry at its committee's station, in the county of the case.
    entries = LegalService.objects.filter(kind="mediation")
    assert stats["legalservice_service_mediation"] == entries.count() == 400
    entry = entries.select_related("mediation__committee__region", "station__region").first()
    assert entry.station.region_id == entry.mediation.committee.region_id
    assert entry.county.code == entry.station.region.code[:6] + "000000"
    # Mediators preside over their own committee's cases.
    assert not Mediation.objects.exclude(mediator__committee=F("committee")).exists()
    # Agreements open the judicial-confirmation window (art. 33); others have none.
    agreed = Mediation.objects.filter(outcome__in=["written_agreement", "oral_agreement"])
    assert not agreed.filter(confirmation_due_on__isnull=True).exists()
    assert not Mediation.objects.exclude(pk__in=agreed).exclude(confirmation_due_on=None).exists()
    written = Mediation.objects.filter(outcome="written_agreement").count()
    assert MediationAgreement.objects.count() == written
    assert MediationParty.objects.count() == 2 * written
    assert stats["legalservice_mediationagreement"] == 3 * written
    for case in Mediation.objects.order_by("pk")[:20]:
        case.full_clean()
        case.ledger_entry.full_clean()
    party = MediationParty.objects.order_by("pk").first()
    party.full_clean()  # a valid ID number and mobile, decrypted
    MediationAgreement.objects.order_by("pk").first().full_clean()
    MediationCommittee.objects.order_by("pk").first().full_clean()
    Mediator.objects.order_by("pk").first().full_clean()


@pytest.mark.django_db
def test_documents_and_contracts_are_generated_reviewed_and_filed():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    assert stats["rules_document"] == NormativeDocument.objects.count() == 30
    assert stats["legality_commentperiod"] == CommentPeriod.objects.count() == 30
    assert stats["legality_review_document"] == 30
    assert stats["contracts_contract"] == Contract.objects.count() == 120
    government = Contract.objects.filter(category="government")
    assert stats["legality_review_contract"] == government.count() > 0
    assert LegalityReview.objects.count() == 30 + government.count() + 12
    # Every document was reviewed, passed and filed (Rongcheng: 100%).
    assert not NormativeDocument.objects.exclude(status="filed").exists()
    assert NormativeDocument.objects.filter(level="government").exists()
    government_documents = NormativeDocument.objects.filter(level="government")
    assert not government_documents.exclude(issuer__kind="government").exists()
    for document in NormativeDocument.objects.order_by("pk")[:10]:
        document.full_clean(exclude=["status"])  # the protected FSM field is not set by hand
        review = LegalityReview.objects.get(kind="document", object_id=document.pk)
        period = CommentPeriod.objects.get(object_id=document.pk)
        assert review.subject == document
        assert period.subject == document
        assert period.ends_on < review.submitted_on <= review.accepted_on
        assert review.earliest_on <= review.concluded_on <= review.due_on
        assert review.concluded_on < document.deliberation_on <= document.signed_on
        assert document.signed_on < document.published_on <= document.effective_on
        assert f"〔{document.signed_on.year}〕" in document.doc_number
        assert document.filed_on <= document.filing_due_on
        assert document.valid_until.year == document.effective_on.year + 5
        review.full_clean(exclude=["status"])
        period.full_clean()
    # Government contracts are reviewed before signing, major ones discussed, all filed.
    for contract in Contract.objects.order_by("pk")[:20]:
        contract.full_clean(exclude=["status"])
        assert contract.filed_on >= contract.signed_on
        assert contract.filed_on_time == (contract.filed_on <= contract.filing_due_on)
        if contract.is_major:
            assert contract.collective_discussed_on <= contract.signed_on
    for contract in government.order_by("pk")[:5]:
        review = LegalityReview.objects.get(kind="contract", object_id=contract.pk)
        assert review.subject == contract
        assert review.concluded_on < contract.signed_on
        assert contract.party.kind == "government"


@pytest.mark.django_db
def test_major_decisions_go_through_their_procedure_and_are_published():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    # A published catalog per county and covered year, each decision one of its items.
    assert stats["decisions_catalog"] == DecisionCatalog.objects.count() == 2 * 4
    assert stats["decisions_proposal"] == DecisionProposal.objects.count() == 12
    assert stats["decisions_decision"] == MajorDecision.objects.count() == 12
    assert stats["decisions_step"] == DecisionStep.objects.count()
    assert stats["legality_review_decision"] == 12
    for decision in MajorDecision.objects.select_related("catalog_item__catalog")[:12]:
        decision.full_clean(exclude=["status"])
        decision.catalog_item.full_clean(exclude=["status"])
        assert decision.catalog_item.catalog.year == decision.year
        assert decision.catalog_item.catalog.region_id == decision.region_id
        steps = {step.kind: step for step in decision.steps.all()}
        # Every mandatory step is recorded (国务院令第713号), the publication last.
        assert set(decision.mandatory_steps()) <= set(steps)
        assert "party_report" in steps
        review = LegalityReview.objects.get(kind="decision", object_id=decision.pk)
        assert review.subject == decision
        assert review.earliest_on <= review.concluded_on <= decision.decided_on
        assert steps["collective_decision"].done_on == decision.decided_on
        assert decision.decided_on < decision.published_on == steps["publication"].done_on
        for step in steps.values():
            step.full_clean(exclude=["created_by"])  # the province has no accounts to name
            assert decision.started_on <= step.done_on


def _figures(region: Region, keys: list[str]) -> dict[str, object]:
    return {key: figure_evaluate(key, region, 2022).value for key in keys}


@pytest.mark.django_db
def test_applications_are_handled_without_proofs_and_the_proofs_figures_count_them():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    assert stats["proofs_application"] == ServiceApplication.objects.count() == 1_200
    assert stats["proofs_applicationproof"] == ApplicationProof.objects.count()
    # One synthetic clerk per county, who can never sign in.
    clerks = {a.clerk for a in ServiceApplication.objects.select_related("clerk")}
    assert len(clerks) == 2
    assert all(not c.has_usable_password() and not c.is_active for c in clerks)
    for application in ServiceApplication.objects.order_by("pk")[:20]:
        application.full_clean(exclude=["status", "applicant_digest"])
        assert application.applicant_digest == blind_index(application.applicant_id)
        for proof in application.proofs.select_related("version"):
            proof.full_clean()
            # The line follows its catalog version in force on the day the application opened.
            assert proof.version.valid_from <= application.opened_on
    # A signed letter is the one the service renders, so its digest proves the text.
    signed = ApplicationProof.objects.filter(route=Route.COMMITMENT).order_by("pk").first()
    assert (
        signed.letter_text
        == letter_of(
            signed,
            signature=signed.signature,
            signed_on=f"{signed.application.opened_on:%Y年%m月%d日}",
        ).text
    )
    # Each spot check's draw replays to the sample whose commitments were verified.
    spot_check = SpotCheck.objects.select_related("draw").order_by("pk").first()
    draw = spot_check.draw
    replayed = draw_compute(
        population=draw.population,
        seed_value=draw.seed_value,
        purpose=draw.purpose,
        rule=SampleRule.from_json(draw.sample_rule),
    )
    assert list(replayed.selected) == draw.selected_keys
    sampled = Verification.objects.filter(spot_check=spot_check)
    assert sorted(str(pk) for pk in sampled.values_list("proof", flat=True)) == sorted(
        draw.selected_keys
    )
    # One draw per department and quarter, named after the department that handled the
    # applications (an item's own department may be another one).
    checks = list(SpotCheck.objects.select_related("draw", "organization"))
    assert all(check.draw.purpose.startswith(check.organization.name) for check in checks)
    assert len({(check.region_id, check.draw.purpose) for check in checks}) == len(checks)
    # The report's figures for a county are computed from these records.
    county = Region.objects.get(code=plan.counties[0].code)
    values = _figures(
        county,
        [
            *("proofs.commitment_items", "proofs.applications", "proofs.materials_saved"),
            *("proofs.verifications_assisted", "proofs.spot_checked", "proofs.false_commitments"),
            *("proofs.lookup_median_seconds", "proofs.assisted_median_days"),
        ],
    )
    assert (
        values["proofs.commitment_items"]
        > figure_evaluate("proofs.commitment_items", county, 2021).value
        > 0
    )
    decided = ServiceApplication.objects.filter(
        region=county, status__in=["approved", "refused"]
    ).count()
    assert values["proofs.applications"] == decided > 0
    assert values["proofs.materials_saved"] > 0
    assert values["proofs.verifications_assisted"] > 0
    assert (
        values["proofs.spot_checked"]
        == Verification.objects.filter(
            purpose="spot_check", proof__application__region=county
        ).count()
        > 0
    )
    assert (
        values["proofs.false_commitments"]
        == FalseCommitment.objects.filter(application__region=county).count()
    )


@pytest.mark.django_db
def test_officers_are_trained_and_case_files_reviewed_and_the_figures_count_them():
    plan = province_plan(seed=7, counties=2)

    stats = {stat.table: stat.rows for stat in province_generate(plan, SMALL, lambda line: None)}

    assert stats["enforcement_trainingattendance"] == TrainingAttendance.objects.count()
    # Two sheets per drawn file, their totals averaging to the file's final score.
    assert ScoreSheet.objects.count() == 2 * BatchFile.objects.count()
    for batch_file in BatchFile.objects.order_by("pk")[:10]:
        totals = [sheet.total for sheet in batch_file.sheets.all()]
        assert batch_file.final_score == (sum(totals) / 2).quantize(batch_file.final_score)
        for sheet in batch_file.sheets.all():
            assert sheet.total == sum(r.points for r in sheet.results.filter(item__kind="scored"))
    assert not Problem.objects.filter(notice__isnull=True).exists()
    county = Region.objects.get(code=plan.counties[0].code)
    values = _figures(
        county,
        [
            *("enforcement.training_hours", "enforcement.training_hours_per_officer"),
            *("enforcement.study_departments", "enforcement.case_trainings"),
            *("enforcement.case_training_attendees", "enforcement.hearing_observations"),
            *("enforcement.case_files_reviewed", "enforcement.problems_found"),
            *("enforcement.problems_rectified", "enforcement.invited_supervisors"),
            *("enforcement.contact_points", "enforcement.departments_supervised"),
        ],
    )
    assert all(value for value in values.values()), values
    assert values["enforcement.problems_rectified"] == values["enforcement.problems_found"]
    # Every formal officer examined in 2022 followed the 23 hours of online courses, or 22.
    examined = figure_evaluate("enforcement.officers_examined", county, 2022).value
    assert 22 * examined <= values["enforcement.training_hours"] <= 23 * examined
    assert values["enforcement.study_departments"] == 17
