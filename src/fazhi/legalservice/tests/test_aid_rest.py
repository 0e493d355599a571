"""Legal aid beyond the application: lawyers' accounts, notices, advance aid, termination,
quality checks and subsidies (法律援助法 arts. 25, 28, 36, 44, 48, 52, 59)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.conftest import _persona
from fazhi.core.deadlines import DayUnit
from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import RuleParameterValue
from fazhi.core.roles import Role
from fazhi.core.todos import todos_for
from fazhi.core.workflow import transitions_of
from fazhi.legalservice.aid_followup import legal_aid_quality_check_add, legal_aid_terminate
from fazhi.legalservice.aid_selectors import (
    legal_aid_application_list,
    legal_aid_list_closed_unchecked,
    legal_aid_list_open_overdue,
)
from fazhi.legalservice.aid_services import (
    AdvanceRow,
    ApplicationRow,
    AssignmentRow,
    DecisionRow,
    LegalAidRow,
    NoticeRow,
    legal_aid_advance,
    legal_aid_applications_record,
    legal_aid_apply,
    legal_aid_assign,
    legal_aid_close,
    legal_aid_decide,
    legal_aid_notify,
)
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck
from fazhi.legalservice.parameters import (
    LEGAL_AID_ADVANCE_WINDOW_DAYS,
    LEGAL_AID_NOTICE_ASSIGNMENT_DAYS,
    LEGAL_AID_SUBSIDY_CIVIL,
)

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
WEDNESDAY = datetime.date(2022, 6, 1)
ID_NUMBER = "11010519491231002X"


def _row(region, **overrides):
    values = {
        "region": region,
        "applicant_name": "王秀英",
        "id_number": ID_NUMBER,
        "channel": Aid.Channel.COUNTER,
        "matter": Aid.Matter.LABOUR_PAY,
        "received_on": WEDNESDAY,
    }
    values.update(overrides)
    return ApplicationRow(**values)


def _notice_row(region, received_on, **overrides):
    return _row(
        region,
        applicant_name="张某",
        channel=Aid.Channel.NOTIFIED,
        matter=Aid.Matter.CRIMINAL_MANDATORY,
        received_on=received_on,
        **overrides,
    )


NOTICE = NoticeRow(
    notifying_body=Aid.NotifyingBody.POLICE,
    notifying_authority="荣成市公安局",
    notice_number="荣公通援〔2022〕12号",
    notice_ground=Aid.NoticeGround.MINOR,
)


def _grant(day, **overrides):
    values = {
        "decision": Aid.Decision.GRANTED,
        "decided_on": day,
        "eligibility": Aid.Eligibility.COMMITMENT,
    }
    values.update(overrides)
    return DecisionRow(**values)


def _assignment(day, user=None, **overrides):
    values = {
        "assignee_name": "李律师",
        "assignee_kind": Aid.AssigneeKind.LAWYER,
        "assignee_org": "山东某律师事务所",
        "assigned_on": day,
        "assignee_user": user,
    }
    values.update(overrides)
    return AssignmentRow(**values)


def _set(key, value, valid_from, day_unit=""):
    RuleParameterValue.objects.create(
        key=key,
        value=value,
        day_unit=day_unit,
        valid_from=valid_from,
        legal_basis="测试",
        reason="年中调整",
    )


def _assigned(world, town_staff, bureau_staff, region=None, user=None, day=WEDNESDAY, **row):
    application = legal_aid_apply(
        acting_user=town_staff, row=_row(region or world.yatou_village, received_on=day, **row)
    )
    legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=_grant(day))
    return legal_aid_assign(
        acting_user=bureau_staff, application_id=application.pk, row=_assignment(day, user)
    )


def _figure(key, world, year=2022):
    return figure_evaluate(f"legalservice.{key}", world.county, year).value


# Lawyers' accounts and what they see ------------------------------------------------------------


def test_a_lawyer_sees_only_the_cases_assigned_to_their_account(
    world, town_staff, other_town_staff, bureau_staff, lawyer
):
    other_lawyer = _persona("lawyer-2", world.law_firm, Role.LAWYER)
    mine = _assigned(world, town_staff, bureau_staff, user=lawyer)
    theirs = _assigned(
        world, other_town_staff, bureau_staff, region=world.ningjin_village, user=other_lawyer
    )
    by_name_only = _assigned(world, town_staff, bureau_staff)

    assert list(legal_aid_application_list(user=lawyer)) == [mine]
    assert list(legal_aid_application_list(user=other_lawyer)) == [theirs]
    assert set(legal_aid_application_list(user=town_staff)) == {mine, by_name_only}
    assert set(legal_aid_application_list(user=other_town_staff)) == {theirs}
    assert mine.assignee_name == "李律师"
    assert mine.assignee_user == lawyer


def test_only_a_lawyers_account_can_be_the_assignee(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))
    legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=_grant(WEDNESDAY))

    with pytest.raises(ValidationError) as refused:
        legal_aid_assign(
            acting_user=bureau_staff,
            application_id=application.pk,
            row=_assignment(WEDNESDAY, town_staff),
        )

    assert "assignee_user" in refused.value.message_dict
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.GRANTED


def test_a_lawyers_account_goes_with_the_lawyer_kind(world, town_staff, bureau_staff, lawyer):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))
    legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=_grant(WEDNESDAY))

    with pytest.raises(ValidationError) as refused:
        legal_aid_assign(
            acting_user=bureau_staff,
            application_id=application.pk,
            row=_assignment(WEDNESDAY, lawyer, assignee_kind=Aid.AssigneeKind.VOLUNTEER),
        )

    assert "assignee_kind" in refused.value.message_dict


def test_a_lawyer_may_not_take_the_centres_steps(world, town_staff, bureau_staff, lawyer):
    case = _assigned(world, town_staff, bureau_staff, user=lawyer)

    with pytest.raises(PermissionDenied):
        legal_aid_close(
            acting_user=lawyer,
            application_id=case.pk,
            closed_on=WEDNESDAY,
            closing_summary="结案",
        )


# Notices of criminal cases (arts. 25, 28, 36) ---------------------------------------------------


def test_a_notice_is_a_criminal_case_due_for_a_lawyer_three_calendar_days_later(
    world, bureau_staff
):
    thursday = datetime.date(2022, 6, 16)

    case = legal_aid_notify(
        acting_user=bureau_staff,
        application=_notice_row(world.yatou_village, thursday),
        notice=NOTICE,
    )

    assert case.status == Aid.Status.GRANTED
    assert case.kind == Aid.Kind.CRIMINAL
    assert case.exemption == Aid.Exemption.MANDATORY_DEFENCE
    assert case.monthly_income is None
    assert case.hardship_threshold is None
    # Sunday 19 June rolls to Monday; three working days would end on Tuesday 21 June.
    assert case.assignment_due_on == datetime.date(2022, 6, 20)
    assert [t.action for t in transitions_of(case)] == ["收到办案机关通知辩护"]
    assert _figure("legal_aid_criminal", world) == 1
    assert _figure("legal_aid_notified", world) == 1
    assert _figure("legal_aid_cases", world) == 1


def test_a_changed_notice_limit_applies_to_notices_received_from_its_first_day(world, bureau_staff):
    _set(LEGAL_AID_NOTICE_ASSIGNMENT_DAYS, 3, datetime.date(2022, 7, 1), DayUnit.WORKING)

    before = legal_aid_notify(
        acting_user=bureau_staff,
        application=_notice_row(world.yatou_village, datetime.date(2022, 6, 30)),
        notice=NOTICE,
    )
    after = legal_aid_notify(
        acting_user=bureau_staff,
        application=_notice_row(world.yatou_village, datetime.date(2022, 7, 1)),
        notice=NOTICE,
    )

    # 30 June + 3 calendar days = Sunday 3 July → Monday 4 July.
    assert before.assignment_due_on == datetime.date(2022, 7, 4)
    # Friday 1 July + 3 working days = Wednesday 6 July.
    assert after.assignment_due_on == datetime.date(2022, 7, 6)


def test_a_notice_needs_its_number_and_ground_and_only_the_centre_registers_it(
    world, town_staff, bureau_staff
):
    bad = NoticeRow(
        notifying_body="army",
        notifying_authority=" ",
        notice_number="",
        notice_ground="",
    )
    with pytest.raises(ValidationError) as refused:
        legal_aid_notify(
            acting_user=bureau_staff,
            application=_notice_row(world.yatou_village, WEDNESDAY),
            notice=bad,
        )
    with pytest.raises(PermissionDenied):
        legal_aid_notify(
            acting_user=town_staff,
            application=_notice_row(world.yatou_village, WEDNESDAY),
            notice=NOTICE,
        )
    with pytest.raises(ValidationError) as as_application:
        legal_aid_apply(acting_user=town_staff, row=_notice_row(world.yatou_village, WEDNESDAY))

    assert set(refused.value.message_dict) == {
        "notifying_body",
        "notifying_authority",
        "notice_number",
        "notice_ground",
    }
    assert "channel" in as_application.value.message_dict
    assert not Aid.objects.exists()


def test_a_notice_shows_among_the_centres_to_dos_and_late_when_past_its_day(world, bureau_staff):
    today = timezone.localdate()
    legal_aid_notify(
        acting_user=bureau_staff,
        application=_notice_row(world.yatou_village, today - datetime.timedelta(days=10)),
        notice=NOTICE,
    )

    titles = [item.title for item in todos_for(bureau_staff)]

    assert any(
        title.startswith("通知辩护待指派（已逾期）：张某")
        and "荣成市公安局荣公通援〔2022〕12号" in title
        for title in titles
    )
    assert legal_aid_list_open_overdue(user=bureau_staff, today=today).count() == 1


def test_a_notice_assigned_after_three_days_is_overdue(world, bureau_staff):
    case = legal_aid_notify(
        acting_user=bureau_staff,
        application=_notice_row(world.yatou_village, datetime.date(2022, 6, 13)),
        notice=NOTICE,
    )

    legal_aid_assign(
        acting_user=bureau_staff,
        application_id=case.pk,
        row=_assignment(datetime.date(2022, 6, 17)),
    )

    assert _figure("legal_aid_overdue", world) == 1
    assert _figure("legal_aid_days_to_decision", world) == Decimal("0.0")


# Advance aid (art. 44) ---------------------------------------------------------------------------


def _advance(day, ends_on, user=None, **overrides):
    values = {
        "advance_reason": Aid.AdvanceReason.LIMITATION,
        "advanced_on": day,
        "assignment": _assignment(day, user),
        "limitation_ends_on": ends_on,
    }
    values.update(overrides)
    return AdvanceRow(**values)


def test_advance_aid_is_completed_by_the_grant_and_is_never_flagged_late(
    world, town_staff, bureau_staff, lawyer
):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))
    day = WEDNESDAY + datetime.timedelta(days=1)

    advanced = legal_aid_advance(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=_advance(day, WEDNESDAY + datetime.timedelta(days=5), lawyer),
    )
    granted = legal_aid_decide(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=_grant(WEDNESDAY + datetime.timedelta(days=6)),
    )

    assert advanced.status == Aid.Status.ADVANCED
    assert granted.status == Aid.Status.ASSIGNED
    assert granted.assigned_on == day < granted.decided_on
    assert granted.assignment_due_on is None
    assert _figure("legal_aid_overdue", world) == 0
    assert _figure("legal_aid_cases", world) == 1
    assert list(legal_aid_application_list(user=lawyer)) == [granted]
    assert [t.action for t in transitions_of(granted)] == [
        "收到法律援助申请",
        "决定先行提供法律援助",
        "决定给予法律援助",
    ]


def test_advance_aid_still_waits_for_its_decision_within_seven_days(
    world, town_staff, bureau_staff
):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))
    legal_aid_advance(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=_advance(WEDNESDAY, WEDNESDAY + datetime.timedelta(days=3)),
    )

    assert not legal_aid_list_open_overdue(user=bureau_staff, today=datetime.date(2022, 6, 8))
    assert legal_aid_list_open_overdue(user=bureau_staff, today=datetime.date(2022, 6, 9))


def test_advance_aid_needs_a_limitation_less_than_seven_days_away(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))

    with pytest.raises(ValidationError) as refused:
        legal_aid_advance(
            acting_user=bureau_staff,
            application_id=application.pk,
            row=_advance(WEDNESDAY, WEDNESDAY + datetime.timedelta(days=7)),
        )

    assert "距时效或者期限届满还有7日" in refused.value.message_dict["limitation_ends_on"][0]
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.RECEIVED


def test_a_window_in_working_days_counts_working_days(world, town_staff, bureau_staff):
    # From 1 June the bureau counts the window in working days: Friday 10 June to Friday
    # 17 June is 7 calendar days but 5 working days.
    _set(LEGAL_AID_ADVANCE_WINDOW_DAYS, 7, datetime.date(2022, 6, 1), DayUnit.WORKING)
    friday = datetime.date(2022, 6, 10)
    application = legal_aid_apply(
        acting_user=town_staff, row=_row(world.yatou_village, received_on=friday)
    )

    advanced = legal_aid_advance(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=_advance(friday, friday + datetime.timedelta(days=7)),
    )

    assert advanced.status == Aid.Status.ADVANCED


def test_urgent_preservation_needs_its_reason(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))

    with pytest.raises(ValidationError) as refused:
        legal_aid_advance(
            acting_user=bureau_staff,
            application_id=application.pk,
            row=_advance(
                WEDNESDAY, None, advance_reason=Aid.AdvanceReason.PRESERVATION, advance_note=""
            ),
        )

    assert "advance_note" in refused.value.message_dict


def test_a_refusal_after_advance_aid_is_a_refusal_not_a_case(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))
    legal_aid_advance(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=_advance(WEDNESDAY, WEDNESDAY + datetime.timedelta(days=2)),
    )

    refused = legal_aid_decide(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=DecisionRow(
            decision=Aid.Decision.REFUSED, decided_on=WEDNESDAY, refusal_reasons="收入高于标准"
        ),
    )

    assert refused.status == Aid.Status.REFUSED
    assert _figure("legal_aid_cases", world) == 0


# Termination (art. 48) ---------------------------------------------------------------------------


def test_termination_ends_the_case_apart_from_the_closings(world, town_staff, bureau_staff):
    case = _assigned(world, town_staff, bureau_staff)
    day = datetime.date(2022, 7, 1)

    ended = legal_aid_terminate(
        acting_user=bureau_staff,
        application_id=case.pk,
        ground=Aid.TerminationGround.OWN_COUNSEL,
        terminated_on=day,
        notice_on=day + datetime.timedelta(days=1),
    )

    assert ended.status == Aid.Status.TERMINATED
    assert ended.terminated_by == bureau_staff
    assert ended.closed_on is None
    assert ended.subsidy_amount is None
    assert _figure("legal_aid_terminated", world) == 1
    assert _figure("legal_aid_cases", world) == 1
    assert transitions_of(ended).order_by("-pk")[0].action == (
        "终止法律援助：受援人自行委托律师或者其他代理人"
    )


def test_termination_names_its_ground_and_tells_the_recipient_after_it(
    world, town_staff, bureau_staff
):
    case = _assigned(world, town_staff, bureau_staff)

    with pytest.raises(ValidationError) as refused:
        legal_aid_terminate(
            acting_user=bureau_staff,
            application_id=case.pk,
            ground="bored",
            terminated_on=WEDNESDAY,
            notice_on=WEDNESDAY - datetime.timedelta(days=1),
        )

    assert set(refused.value.message_dict) == {"termination_ground", "termination_notice_on"}
    assert Aid.objects.get(pk=case.pk).status == Aid.Status.ASSIGNED


def test_a_closed_case_cannot_be_terminated(world, town_staff, bureau_staff):
    case = _assigned(world, town_staff, bureau_staff)
    legal_aid_close(
        acting_user=bureau_staff, application_id=case.pk, closed_on=WEDNESDAY, closing_summary="结"
    )

    with pytest.raises(InvalidTransition):
        legal_aid_terminate(
            acting_user=bureau_staff,
            application_id=case.pk,
            ground=Aid.TerminationGround.CASE_ENDED,
            terminated_on=WEDNESDAY,
            notice_on=WEDNESDAY,
        )


# Quality checks (arts. 57, 59) -------------------------------------------------------------------


def test_quality_checks_and_the_cases_closed_without_one(world, town_staff, bureau_staff, lawyer):
    checked = _assigned(world, town_staff, bureau_staff, user=lawyer)
    unchecked = _assigned(world, town_staff, bureau_staff)
    open_case = _assigned(world, town_staff, bureau_staff)
    for case in (checked, unchecked):
        legal_aid_close(
            acting_user=bureau_staff,
            application_id=case.pk,
            closed_on=datetime.date(2022, 8, 1),
            closing_summary="结案",
        )
    for kind, result in (
        (LegalAidQualityCheck.Kind.HEARING, LegalAidQualityCheck.Result.GOOD),
        (LegalAidQualityCheck.Kind.FOLLOW_UP, LegalAidQualityCheck.Result.EXCELLENT),
    ):
        legal_aid_quality_check_add(
            acting_user=bureau_staff,
            application_id=checked.pk,
            kind=kind,
            checked_on=datetime.date(2022, 8, 2),
            checker="法律援助中心 刘某",
            result=result,
            score=Decimal("92.5"),
        )

    assert list(legal_aid_list_closed_unchecked(user=bureau_staff)) == [unchecked]
    assert checked.quality_checks.count() == 2
    assert open_case not in legal_aid_list_closed_unchecked(user=bureau_staff)
    assert set(LegalAidQualityCheck.objects.visible_to(lawyer)) == set(checked.quality_checks.all())


def test_a_quality_check_names_its_bad_fields(world, town_staff, bureau_staff):
    case = _assigned(world, town_staff, bureau_staff)

    with pytest.raises(ValidationError) as refused:
        legal_aid_quality_check_add(
            acting_user=bureau_staff,
            application_id=case.pk,
            kind="gossip",
            checked_on=WEDNESDAY - datetime.timedelta(days=1),
            checker="",
            result=LegalAidQualityCheck.Result.PASS,
            score=Decimal("120"),
        )

    assert set(refused.value.message_dict) == {"kind", "checked_on", "checker", "score"}
    assert not LegalAidQualityCheck.objects.exists()


def test_an_application_not_yet_assigned_takes_no_quality_check(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_row(world.yatou_village))

    with pytest.raises(InvalidTransition):
        legal_aid_quality_check_add(
            acting_user=bureau_staff,
            application_id=application.pk,
            kind=LegalAidQualityCheck.Kind.FILE,
            checked_on=WEDNESDAY,
            checker="刘某",
            result=LegalAidQualityCheck.Result.PASS,
        )


# Subsidies (art. 52) -----------------------------------------------------------------------------


def test_the_subsidy_is_the_standard_for_the_kind_in_force_on_the_closing_day(
    world, town_staff, bureau_staff
):
    _set(LEGAL_AID_SUBSIDY_CIVIL, Decimal("1400"), datetime.date(2022, 7, 1))
    june = _assigned(world, town_staff, bureau_staff)
    july = _assigned(world, town_staff, bureau_staff)
    criminal = _assigned(world, town_staff, bureau_staff, matter=Aid.Matter.CRIMINAL_DEFENCE)

    for case, day in (
        (june, datetime.date(2022, 6, 30)),
        (july, datetime.date(2022, 7, 1)),
        (criminal, datetime.date(2022, 7, 1)),
    ):
        legal_aid_close(
            acting_user=bureau_staff, application_id=case.pk, closed_on=day, closing_summary="结"
        )

    subsidies = dict(Aid.objects.values_list("pk", "subsidy_amount"))
    assert subsidies[june.pk] == Decimal("1200.00")
    assert subsidies[july.pk] == Decimal("1400.00")
    assert subsidies[criminal.pk] == Decimal("1500.00")


def test_the_batch_enters_notices_and_advance_aid_and_computes_subsidies(world, bureau_staff):
    day = datetime.date(2022, 3, 1)
    rows = [
        LegalAidRow(
            application=_notice_row(world.yatou_village, day),
            notice=NOTICE,
            assignment=_assignment(day + datetime.timedelta(days=1)),
            closed_on=day + datetime.timedelta(days=40),
            closing_summary="结案",
        ),
        LegalAidRow(
            application=_row(world.yatou_village, received_on=day),
            advance=_advance(day, day + datetime.timedelta(days=2)),
            decision=_grant(day + datetime.timedelta(days=3)),
            closed_on=day + datetime.timedelta(days=60),
            closing_summary="结案",
        ),
    ]

    notice, advanced = legal_aid_applications_record(acting_user=bureau_staff, rows=rows)

    assert notice.status == advanced.status == Aid.Status.CLOSED
    assert (notice.subsidy_amount, advanced.subsidy_amount) == (
        Decimal("1500.00"),
        Decimal("1200.00"),
    )
    assert [t.action for t in transitions_of(advanced)] == [
        "收到法律援助申请",
        "决定先行提供法律援助",
        "决定给予法律援助",
        "结案",
    ]
    assert _figure("legal_aid_criminal", world) == 1
    assert _figure("legal_aid_civil", world) == 1
    assert _figure("legal_aid_overdue", world) == 0
