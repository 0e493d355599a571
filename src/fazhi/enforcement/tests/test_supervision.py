"""Enforcement supervision: visits need two supervisors, accompanying visits need a drawn joint
inspection, opinions escalate to decisions, departments answer only their own, figures, pages."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from fazhi.conftest import PASSWORD, login_client
from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import User
from fazhi.core.permissions import CapabilityDenied, OutOfScope
from fazhi.core.roles import Role
from fazhi.core.selectors import attachments_of
from fazhi.core.services.accounts import membership_grant, user_create
from fazhi.core.services.draws import draw_announce
from fazhi.core.todos import todos_for
from fazhi.enforcement.models import (
    ContactPoint,
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
    SupervisorCategory,
    SupervisorParticipation,
)
from fazhi.enforcement.services import supervision
from fazhi.inspections.models import JointInspection, PlanningRun, SupervisionDraw

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def second_supervisor(world) -> User:
    user = user_create(
        acting_user=None,
        username="bureau-supervisor-2",
        full_name="李监督",
        password=PASSWORD,
        is_demo=True,
    )
    membership_grant(
        acting_user=None, user=user, organization=world.bureau, role=Role.BUREAU_SUPERVISION
    )
    return User.objects.get(pk=user.pk)


def _joint_inspection(world, *, drawn: bool) -> JointInspection:
    run = PlanningRun.objects.create(region=world.county, year=2022)
    joint = JointInspection.objects.create(
        run=run,
        region=world.county,
        enterprise=world.enterprise_yatou,
        day=D(2022, 5, 10),
        lead=world.market,
    )
    if drawn:
        supervision_draw = SupervisionDraw.objects.create(
            region=world.county,
            draw=draw_announce(
                acting_user=None,
                purpose="伴随式监督",
                region=world.county,
                organization=world.bureau,
                population=[str(joint.pk)],
                seed_rule="公告的随机数",
                sample_size=1,
            ),
            window_start=D(2022, 5, 1),
            window_end=D(2022, 5, 31),
        )
        supervision_draw.joint_inspections.add(joint)
    return joint


def _appoint(bureau_staff, name="王监督", **overrides) -> InvitedSupervisor:
    values = {
        "name": name,
        "category": SupervisorCategory.PEOPLES_CONGRESS,
        "unit": "荣成市人大",
        "phone": "13800000001",
        "term_start": D(2022, 3, 1),
        "term_end": D(2027, 2, 28),
        "batch_year": 2022,
    } | overrides
    return supervision.invited_supervisor_appoint(acting_user=bureau_staff, **values)


def _visit(bureau_staff, second_supervisor, world, **overrides) -> SupervisionVisit:
    values = {
        "kind": SupervisionVisit.Kind.SPECIAL,
        "visited_on": D(2022, 5, 10),
        "subject": "行政处罚案件专项监督",
        "departments": [world.market],
        "staff": [bureau_staff, second_supervisor],
        "findings": "案卷未按规定送达",
    } | overrides
    return supervision.supervision_visit_record(acting_user=bureau_staff, **values)


def _opinion(bureau_staff, visit, world, number="荣司监意〔2022〕1号") -> SupervisionOpinion:
    return supervision.supervision_opinion_issue(
        acting_user=bureau_staff,
        visit_id=visit.pk,
        department=world.market,
        number=number,
        problems="送达程序不规范，限期整改",
        issued_on=D(2022, 5, 12),
    )


# Visits -------------------------------------------------------------------------------------


def test_refuses_a_visit_with_fewer_than_two_supervisors(bureau_staff, world):
    with pytest.raises(ValidationError) as refusal:
        _visit(bureau_staff, None, world, staff=[bureau_staff])

    assert "第二十二条" in str(refusal.value)
    assert not SupervisionVisit.objects.exists()


def test_a_bureau_supervisor_and_an_invited_supervisor_make_two(bureau_staff, world):
    invited = _appoint(bureau_staff)

    visit = _visit(bureau_staff, None, world, staff=[bureau_staff], invited_supervisors=[invited])

    participation = SupervisorParticipation.objects.get()
    assert participation.visit == visit
    assert participation.supervisor == invited


def test_refuses_staff_without_the_supervision_function(bureau_staff, bureau_reviewer, world):
    with pytest.raises(ValidationError) as refusal:
        _visit(bureau_staff, bureau_reviewer, world)

    assert "staff" in refusal.value.message_dict
    assert not SupervisionVisit.objects.exists()


def test_refuses_an_invited_supervisor_out_of_term(bureau_staff, second_supervisor, world):
    invited = _appoint(bureau_staff, term_start=D(2023, 1, 1), term_end=D(2027, 12, 31))

    with pytest.raises(ValidationError):
        _visit(bureau_staff, second_supervisor, world, invited_supervisors=[invited])

    assert not SupervisionVisit.objects.exists()


def test_accompanying_visit_needs_a_drawn_joint_inspection(bureau_staff, second_supervisor, world):
    undrawn = _joint_inspection(world, drawn=False)

    with pytest.raises(ValidationError) as refusal:
        _visit(
            bureau_staff,
            second_supervisor,
            world,
            kind=SupervisionVisit.Kind.ACCOMPANYING,
            joint_inspection=undrawn,
        )

    assert "未被伴随式监督抽取抽中" in str(refusal.value)
    assert not SupervisionVisit.objects.exists()


def test_accompanying_visit_of_a_drawn_joint_inspection_is_recorded_once(
    bureau_staff, second_supervisor, world
):
    drawn = _joint_inspection(world, drawn=True)
    accompanying = {"kind": SupervisionVisit.Kind.ACCOMPANYING, "joint_inspection": drawn}

    visit = _visit(bureau_staff, second_supervisor, world, **accompanying)

    assert visit.joint_inspection == drawn
    with pytest.raises(ValidationError):
        _visit(bureau_staff, second_supervisor, world, **accompanying)
    assert SupervisionVisit.objects.count() == 1


def test_accompanying_visit_without_joint_inspection_is_refused(
    bureau_staff, second_supervisor, world
):
    with pytest.raises(ValidationError):
        _visit(bureau_staff, second_supervisor, world, kind=SupervisionVisit.Kind.ACCOMPANYING)


def test_departments_cannot_record_visits(
    department_officer, bureau_staff, second_supervisor, world
):
    with pytest.raises(PermissionDenied):
        supervision.supervision_visit_record(
            acting_user=department_officer,
            kind=SupervisionVisit.Kind.SPECIAL,
            visited_on=D(2022, 5, 10),
            subject="自查",
            departments=[world.market],
            staff=[bureau_staff, second_supervisor],
        )
    assert not SupervisionVisit.objects.exists()


# Opinions and decisions ---------------------------------------------------------------------


def test_opinion_correction_deadline_is_thirty_calendar_days(
    bureau_staff, second_supervisor, world
):
    visit = _visit(bureau_staff, second_supervisor, world)

    opinion = _opinion(bureau_staff, visit, world)

    # 2022-05-12 + 30 days is Saturday 11 June: the period ends on the next working day
    # (民法典 art. 203).
    assert opinion.correction_due_on == D(2022, 6, 13)
    assert opinion.status == SupervisionOpinion.Status.ISSUED


def test_opinion_only_to_a_department_of_the_visit(bureau_staff, second_supervisor, world):
    visit = _visit(bureau_staff, second_supervisor, world)

    with pytest.raises(ValidationError):
        supervision.supervision_opinion_issue(
            acting_user=bureau_staff,
            visit_id=visit.pk,
            department=world.ecology,
            number="荣司监意〔2022〕9号",
            problems="问题",
        )
    assert not SupervisionOpinion.objects.exists()


def test_overdue_opinion_is_flagged_and_escalated_to_a_decision(
    bureau_staff, second_supervisor, department_officer, world
):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    with pytest.raises(InvalidTransition):
        supervision.supervision_decision_issue(
            acting_user=bureau_staff,
            opinion_id=opinion.pk,
            number="荣司监决〔2022〕1号",
            kind=SupervisionDecision.Kind.CORRECT,
            content="责令改正",
        )

    sweep = supervision.supervision_deadlines_sweep(on=opinion.correction_due_on)
    assert sweep.opinions_overdue == 0
    sweep = supervision.supervision_deadlines_sweep(
        on=opinion.correction_due_on + datetime.timedelta(days=1)
    )
    assert sweep.opinions_overdue == 1
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.OVERDUE

    decision = supervision.supervision_decision_issue(
        acting_user=bureau_staff,
        opinion_id=opinion.pk,
        number="荣司监决〔2022〕1号",
        kind=SupervisionDecision.Kind.CORRECT,
        content="责令改正送达程序",
        issued_on=D(2022, 6, 20),
    )
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.ESCALATED
    assert decision.report_due_on >= D(2022, 7, 20)

    supervision.supervision_decision_report(
        acting_user=department_officer,
        decision_id=decision.pk,
        execution_report="已重新送达",
        on=D(2022, 7, 1),
    )
    closed = supervision.supervision_decision_close(
        acting_user=bureau_staff, decision_id=decision.pk, on=D(2022, 7, 5)
    )
    assert closed.status == SupervisionDecision.Status.CLOSED


def test_overdue_decision_is_flagged(bureau_staff, second_supervisor, world):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    supervision.supervision_deadlines_sweep(on=D(2022, 7, 1))
    decision = supervision.supervision_decision_issue(
        acting_user=bureau_staff,
        opinion_id=opinion.pk,
        number="荣司监决〔2022〕1号",
        kind=SupervisionDecision.Kind.PERFORM,
        content="责令限期履行",
        issued_on=D(2022, 7, 1),
    )

    sweep = supervision.supervision_deadlines_sweep(on=D(2022, 9, 1))

    assert sweep.decisions_overdue == 1
    decision = SupervisionDecision.objects.get(pk=decision.pk)
    assert decision.status == SupervisionDecision.Status.OVERDUE


def test_department_reports_correction_of_its_own_opinion_only(
    bureau_staff, second_supervisor, department_officer, other_department_officer, world
):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)

    with pytest.raises((OutOfScope, CapabilityDenied)):
        supervision.supervision_opinion_report(
            acting_user=other_department_officer,
            opinion_id=opinion.pk,
            correction_report="已整改",
        )
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.ISSUED

    supervision.supervision_opinion_report(
        acting_user=department_officer,
        opinion_id=opinion.pk,
        correction_report="已重新送达并完善案卷",
        on=D(2022, 6, 1),
    )
    accepted = supervision.supervision_opinion_accept(
        acting_user=bureau_staff, opinion_id=opinion.pk, on=D(2022, 6, 5)
    )
    assert accepted.status == SupervisionOpinion.Status.CLOSED
    assert not accepted.reported_late


def test_department_may_not_accept_its_own_correction(
    bureau_staff, second_supervisor, department_officer, world
):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    supervision.supervision_opinion_report(
        acting_user=department_officer, opinion_id=opinion.pk, correction_report="已整改"
    )

    with pytest.raises(PermissionDenied):
        supervision.supervision_opinion_accept(
            acting_user=department_officer, opinion_id=opinion.pk
        )
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.REPORTED


def test_late_correction_is_accepted_and_shown_late(
    bureau_staff, second_supervisor, department_officer, world
):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    supervision.supervision_deadlines_sweep(on=D(2022, 6, 20))

    reported = supervision.supervision_opinion_report(
        acting_user=department_officer,
        opinion_id=opinion.pk,
        correction_report="已整改",
        on=D(2022, 6, 21),
    )

    assert reported.status == SupervisionOpinion.Status.REPORTED
    assert reported.reported_late


# Scoping ------------------------------------------------------------------------------------


def test_department_sees_its_own_findings_and_other_county_nothing(
    bureau_staff,
    second_supervisor,
    department_officer,
    other_department_officer,
    other_county_bureau,
    world,
):
    visit = _visit(bureau_staff, second_supervisor, world)
    opinion = _opinion(bureau_staff, visit, world)
    _appoint(bureau_staff)

    assert list(SupervisionVisit.objects.visible_to(department_officer)) == [visit]
    assert list(SupervisionOpinion.objects.visible_to(department_officer)) == [opinion]
    assert not SupervisionVisit.objects.visible_to(other_department_officer).exists()
    assert not SupervisionOpinion.objects.visible_to(other_department_officer).exists()
    for model in (SupervisionVisit, SupervisionOpinion, InvitedSupervisor):
        assert not model.objects.visible_to(other_county_bureau).exists()
    # Supervisors' phone numbers are personal data: not the departments' business.
    assert not InvitedSupervisor.objects.visible_to(department_officer).exists()


# Figures ------------------------------------------------------------------------------------


def test_figures_count_the_year(bureau_staff, second_supervisor, world):
    _appoint(bureau_staff, name="甲")
    _appoint(bureau_staff, name="乙", term_start=D(2018, 1, 1), term_end=D(2021, 12, 31))
    supervision.contact_point_designate(
        acting_user=bureau_staff,
        enterprise=world.enterprise_yatou,
        designated_on=D(2022, 4, 1),
        contact_person="张经理",
    )
    drawn = _joint_inspection(world, drawn=True)
    _visit(bureau_staff, second_supervisor, world, departments=[world.market, world.ecology])
    _visit(
        bureau_staff,
        second_supervisor,
        world,
        kind=SupervisionVisit.Kind.ACCOMPANYING,
        joint_inspection=drawn,
    )
    _visit(bureau_staff, second_supervisor, world, visited_on=D(2021, 12, 1))

    def value(key: str) -> object:
        return figure_evaluate(key, world.county, 2022).value

    assert value("enforcement.invited_supervisors") == 1
    assert value("enforcement.contact_points") == 1
    assert value("enforcement.departments_supervised") == 2
    assert value("enforcement.accompanying_supervisions") == 1
    other_county = figure_evaluate("enforcement.departments_supervised", world.other_county, 2022)
    assert other_county.value == 0


def test_opinions_corrected_on_time_figure(
    bureau_staff, second_supervisor, department_officer, world
):
    visit = _visit(bureau_staff, second_supervisor, world)
    on_time = _opinion(bureau_staff, visit, world, number="荣司监意〔2022〕1号")
    _opinion(bureau_staff, visit, world, number="荣司监意〔2022〕2号")
    supervision.supervision_opinion_report(
        acting_user=department_officer,
        opinion_id=on_time.pk,
        correction_report="已整改",
        on=D(2022, 6, 1),
    )

    assert figure_evaluate("enforcement.supervision_opinions", world.county, 2022).value == 2
    on_time_value = figure_evaluate("enforcement.supervision_opinions_on_time", world.county, 2022)
    assert on_time_value.value == 1


# Pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("bureau_staff", 200),
        ("department_officer", 403),
        ("bureau_reviewer", 403),
        ("supervisor", 403),
        ("sysadmin", 403),
    ],
)
def test_supervisor_list_opens_for_the_bureau_only(request, world, persona, status):
    client = login_client(request.getfixturevalue(persona))

    assert client.get("/enforcement/supervisors/").status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("bureau_staff", 200),
        ("department_officer", 200),
        ("bureau_reviewer", 403),
        ("town_staff", 403),
        ("lawyer", 403),
    ],
)
def test_opinion_list_opens_for_bureau_and_departments(request, world, persona, status):
    client = login_client(request.getfixturevalue(persona))

    assert client.get("/enforcement/supervision/opinions/").status_code == status


def test_supervisor_phone_is_masked_on_the_list(bureau_staff, world):
    _appoint(bureau_staff)

    page = login_client(bureau_staff).get("/enforcement/supervisors/").content.decode()

    assert "138****0001" in page
    assert "13800000001" not in page


def test_visit_create_page_offers_only_drawn_joint_inspections(bureau_staff, world):
    drawn = _joint_inspection(world, drawn=True)
    undrawn = _joint_inspection(world, drawn=False)

    page = login_client(bureau_staff).get("/enforcement/supervision/visits/new/").content.decode()

    assert f'value="{drawn.pk}"' in page
    assert f'value="{undrawn.pk}"' not in page


def test_visit_create_page_refuses_one_supervisor(bureau_staff, world):
    response = login_client(bureau_staff).post(
        "/enforcement/supervision/visits/new/",
        {
            "kind": SupervisionVisit.Kind.SPECIAL,
            "visited_on": "2022-05-10",
            "subject": "专项监督",
            "departments": [world.market.pk],
            "staff": [bureau_staff.pk],
        },
    )

    assert response.status_code == 400
    assert "第二十二条" in response.content.decode()
    assert not SupervisionVisit.objects.exists()


def test_department_reports_on_the_response_page(
    bureau_staff, second_supervisor, department_officer, other_department_officer, world
):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    url = f"/enforcement/supervision/opinions/{opinion.pk}/report/"
    data = {"report-correction_report": "已整改"}

    assert login_client(other_department_officer).post(url, data).status_code == 404
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.ISSUED

    page = login_client(department_officer).get(f"/enforcement/supervision/opinions/{opinion.pk}/")
    assert "报送整改情况" in page.content.decode()
    evidence = SimpleUploadedFile("整改证明.pdf", b"%PDF-1.4 corrected", "application/pdf")
    response = login_client(department_officer).post(url, {**data, "report-evidence": evidence})
    assert response.status_code == 302
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.REPORTED
    assert attachments_of(opinion).get().original_name == "整改证明.pdf"


def test_bureau_escalates_on_the_opinion_page(bureau_staff, second_supervisor, world):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    supervision.supervision_deadlines_sweep(on=D(2022, 7, 1))
    client = login_client(bureau_staff)

    page = client.get(f"/enforcement/supervision/opinions/{opinion.pk}/").content.decode()
    assert "deadline-overdue" in page
    response = client.post(
        f"/enforcement/supervision/opinions/{opinion.pk}/decide/",
        {
            "decide-number": "荣司监决〔2022〕1号",
            "decide-kind": SupervisionDecision.Kind.CORRECT,
            "decide-issued_on": "2022-07-02",
            "decide-content": "责令改正",
        },
    )

    assert response.status_code == 302
    assert SupervisionDecision.objects.get().opinion == opinion


def test_contact_point_designated_once(bureau_staff, world):
    def designate() -> ContactPoint:
        return supervision.contact_point_designate(
            acting_user=bureau_staff,
            enterprise=world.enterprise_yatou,
            designated_on=D(2022, 4, 1),
            contact_person="张经理",
        )

    designate()
    with pytest.raises(ValidationError):
        designate()
    assert ContactPoint.objects.count() == 1


def test_supervisor_import_checks_each_row(tmp_path, settings, bureau_staff, world):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "类别", "工作单位", "联系电话", "选聘年度", "聘期开始", "聘期结束"])
    sheet.append(["王监督", "律师", "某律所", "13800000001", 2022, "2022-03-01", "2027-02-28"])
    sheet.append(["李监督", "记者", "", "12345", 2022, "2022-03-01", "2027-02-28"])
    path = tmp_path / "supervisors.xlsx"
    book.save(path)
    client = login_client(bureau_staff)

    with path.open("rb") as upload:
        checked = client.post("/enforcement/supervisors/import/", {"file": upload})
    preview = client.get("/enforcement/supervisors/import/")
    token = preview.context["staged"].token
    done = client.post("/enforcement/supervisors/import/", {"action": "commit", "token": token})

    assert checked.status_code == 302
    # the second row names an unknown category and a bad phone: it is left out, the first written
    assert preview.context["preview"].valid_count == 1
    assert preview.context["preview"].invalid_count == 1
    assert done.status_code == 302
    assert InvitedSupervisor.objects.get().name == "王监督"


def test_todos_ask_the_department_to_correct_and_the_bureau_to_escalate(
    bureau_staff, second_supervisor, department_officer, other_department_officer, world
):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)

    def titles(user) -> list[str]:
        return [item.title for item in todos_for(user) if item.module == "行政执法"]

    assert titles(department_officer) == [f"监督意见书待整改：{opinion.number}"]
    assert titles(other_department_officer) == []
    assert not any("逾期未整改" in title for title in titles(bureau_staff))

    supervision.supervision_deadlines_sweep(on=D(2022, 7, 1))

    assert any("逾期未整改，应制发监督决定书" in title for title in titles(bureau_staff))


def test_daily_command_flags_overdue_opinions(bureau_staff, second_supervisor, world):
    opinion = _opinion(bureau_staff, _visit(bureau_staff, second_supervisor, world), world)
    out = io.StringIO()

    call_command("supervision_deadlines", "--on", "2022-07-01", stdout=out)

    assert "逾期未整改的监督意见书：1份" in out.getvalue()
    opinion = SupervisionOpinion.objects.get(pk=opinion.pk)
    assert opinion.status == SupervisionOpinion.Status.OVERDUE
