import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import RuleParameterValue, Transition
from fazhi.core.todos import todos_for
from fazhi.core.workflow import transitions_of
from fazhi.legalservice.aid_selectors import legal_aid_application_list
from fazhi.legalservice.aid_services import (
    ApplicationRow,
    AssignmentRow,
    DecisionRow,
    LegalAidRow,
    hardship_threshold,
    legal_aid_applications_record,
    legal_aid_apply,
    legal_aid_assign,
    legal_aid_close,
    legal_aid_complete_materials,
    legal_aid_decide,
    legal_aid_object,
    legal_aid_objection_decide,
    legal_aid_request_materials,
)
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.parameters import LEGAL_AID_HARDSHIP_MULTIPLE, MINIMUM_LIVING_STANDARD

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
WEDNESDAY = datetime.date(2022, 6, 1)
ID_NUMBER = "11010519491231002X"


def _application(region, **overrides):
    values = {
        "region": region,
        "applicant_name": "王秀英",
        "id_number": ID_NUMBER,
        "channel": Aid.Channel.COUNTER,
        "matter": Aid.Matter.LABOUR_PAY,
        "received_on": WEDNESDAY,
        "phone": "13800138000",
    }
    values.update(overrides)
    return ApplicationRow(**values)


def _grant(day=WEDNESDAY, **overrides):
    values = {
        "decision": Aid.Decision.GRANTED,
        "decided_on": day,
        "eligibility": Aid.Eligibility.INCOME,
        "monthly_income": Decimal("1000"),
    }
    values.update(overrides)
    return DecisionRow(**values)


def _assignment(day):
    return AssignmentRow(
        assignee_name="李律师",
        assignee_kind=Aid.AssigneeKind.LAWYER,
        assignee_org="山东某律师事务所",
        assigned_on=day,
    )


def _set(key, value, valid_from):
    RuleParameterValue.objects.create(
        key=key, value=value, valid_from=valid_from, legal_basis="测试", reason="年中调整"
    )


def test_application_keeps_the_id_number_encrypted_and_masked_and_logs_its_receipt(
    world, town_staff
):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    assert application.status == Aid.Status.RECEIVED
    assert application.kind == Aid.Kind.CIVIL
    assert application.masked_id_number != ID_NUMBER
    assert Aid.objects.filter(id_number_digest=application.id_number_digest).count() == 1
    assert [t.action for t in transitions_of(application)] == ["收到法律援助申请"]


def test_decision_is_due_seven_calendar_days_after_receipt_not_working_days(world, town_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    # 法律援助法 art. 43 counts 日: 7 calendar days from Wednesday 1 June is Wednesday 8 June
    # (7 working days would end on Friday 10 June).
    assert application.decision_due_on == datetime.date(2022, 6, 8)


def test_assignment_is_due_three_days_after_the_grant_rolled_past_the_weekend(
    world, town_staff, bureau_staff
):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    granted = legal_aid_decide(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=_grant(datetime.date(2022, 6, 8)),
    )

    # 8 June + 3 days is Saturday 11 June; a period ending on a rest day ends the next working
    # day (民法典 art. 203).
    assert granted.assignment_due_on == datetime.date(2022, 6, 13)
    assert granted.days_to_decision == 7
    assert granted.status == Aid.Status.GRANTED


def test_hardship_uses_the_parameters_in_force_on_the_application_day(
    world, town_staff, bureau_staff
):
    # From 1 July the minimum living standard rises from the default to 1,000 yuan a month.
    _set(MINIMUM_LIVING_STANDARD, Decimal("1000"), datetime.date(2022, 7, 1))
    before = legal_aid_apply(
        acting_user=town_staff,
        row=_application(world.yatou_village, received_on=datetime.date(2022, 6, 30)),
    )
    after = legal_aid_apply(
        acting_user=town_staff,
        row=_application(world.yatou_village, received_on=datetime.date(2022, 7, 1)),
    )
    income = Decimal("1900")  # below 2 × 1000, not below 2 × 900
    assert hardship_threshold(datetime.date(2022, 6, 30)) == Decimal("1800.00")

    with pytest.raises(ValidationError) as error:
        legal_aid_decide(
            acting_user=bureau_staff,
            application_id=before.pk,
            row=_grant(datetime.date(2022, 7, 2), monthly_income=income),
        )
    assert "1800.00" in error.value.message_dict["monthly_income"][0]

    # Decided the same day, the application received on 1 July is judged by the new standard.
    granted = legal_aid_decide(
        acting_user=bureau_staff,
        application_id=after.pk,
        row=_grant(datetime.date(2022, 7, 2), monthly_income=income),
    )
    assert granted.hardship_threshold == Decimal("2000.00")


def test_a_changed_multiple_applies_from_its_first_day(world, town_staff, bureau_staff):
    _set(LEGAL_AID_HARDSHIP_MULTIPLE, Decimal("2.5"), datetime.date(2022, 7, 1))

    assert hardship_threshold(datetime.date(2022, 6, 30)) == Decimal("1800.00")
    assert hardship_threshold(datetime.date(2022, 7, 1)) == Decimal("2250.00")


def test_exemption_and_commitment_need_no_income(world, town_staff, bureau_staff):
    exempt = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    committed = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    legal_aid_decide(
        acting_user=bureau_staff,
        application_id=exempt.pk,
        row=_grant(
            eligibility=Aid.Eligibility.EXEMPT,
            exemption=Aid.Exemption.MIGRANT_WORKER,
            monthly_income=None,
        ),
    )
    legal_aid_decide(
        acting_user=bureau_staff,
        application_id=committed.pk,
        row=_grant(eligibility=Aid.Eligibility.COMMITMENT, monthly_income=None),
    )

    assert Aid.objects.filter(decision=Aid.Decision.GRANTED).count() == 2


def test_exemption_without_its_case_is_refused_naming_the_field(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    with pytest.raises(ValidationError) as error:
        legal_aid_decide(
            acting_user=bureau_staff,
            application_id=application.pk,
            row=_grant(eligibility=Aid.Eligibility.EXEMPT, monthly_income=None),
        )
    assert "exemption" in error.value.message_dict


def test_refusal_needs_written_reasons(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    refusal = DecisionRow(decision=Aid.Decision.REFUSED, decided_on=WEDNESDAY)

    with pytest.raises(ValidationError) as error:
        legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=refusal)
    assert "理由" in error.value.message_dict["refusal_reasons"][0]

    refused = legal_aid_decide(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=DecisionRow(
            decision=Aid.Decision.REFUSED, decided_on=WEDNESDAY, refusal_reasons="收入高于标准"
        ),
    )
    assert refused.status == Aid.Status.REFUSED
    with pytest.raises(InvalidTransition):
        legal_aid_assign(
            acting_user=bureau_staff, application_id=refused.pk, row=_assignment(WEDNESDAY)
        )


def test_missing_materials_are_notified_once_and_restart_the_decision_clock(world, town_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    legal_aid_request_materials(
        acting_user=town_staff,
        application_id=application.pk,
        missing="劳动合同、工资欠条",
        on=WEDNESDAY,
    )

    with pytest.raises(ValidationError) as error:
        legal_aid_request_materials(
            acting_user=town_staff, application_id=application.pk, missing="身份证", on=WEDNESDAY
        )
    assert "一次性" in error.value.message_dict["materials_missing"][0]

    completed = legal_aid_complete_materials(
        acting_user=town_staff, application_id=application.pk, on=datetime.date(2022, 6, 6)
    )
    assert completed.status == Aid.Status.RECEIVED
    assert completed.decision_due_on == datetime.date(2022, 6, 13)


def test_green_channel_flags_whether_received_decided_and_assigned_the_same_day(
    world, town_staff, bureau_staff
):
    same_day = legal_aid_apply(
        acting_user=town_staff,
        row=_application(world.yatou_village, green_channel=Aid.GreenChannel.MIGRANT_WAGES),
    )
    next_day = legal_aid_apply(
        acting_user=town_staff,
        row=_application(world.yatou_village, green_channel=Aid.GreenChannel.MIGRANT_WAGES),
    )
    ordinary = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    for application, assigned_on in (
        (same_day, WEDNESDAY),
        (next_day, WEDNESDAY + datetime.timedelta(days=1)),
        (ordinary, WEDNESDAY),
    ):
        legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=_grant())
        legal_aid_assign(
            acting_user=bureau_staff, application_id=application.pk, row=_assignment(assigned_on)
        )

    flags = dict(Aid.objects.values_list("pk", "same_day_met"))
    assert flags == {same_day.pk: True, next_day.pk: False, ordinary.pk: None}


def test_forwarded_application_carries_the_facilitys_24_hour_clock(world, town_staff):
    received_at = datetime.datetime(2022, 5, 30, 20, 0, tzinfo=timezone.get_current_timezone())

    late = legal_aid_apply(
        acting_user=town_staff,
        row=_application(
            world.yatou_village,
            channel=Aid.Channel.FORWARDED,
            facility="荣成市看守所",
            facility_received_at=received_at,
            matter=Aid.Matter.CRIMINAL_DEFENCE,
        ),
    )
    on_time = legal_aid_apply(
        acting_user=town_staff,
        row=_application(
            world.yatou_village,
            channel=Aid.Channel.FORWARDED,
            facility="荣成市看守所",
            facility_received_at=received_at,
            matter=Aid.Matter.CRIMINAL_DEFENCE,
            received_on=datetime.date(2022, 5, 31),
        ),
    )

    assert late.forward_due_at == received_at + datetime.timedelta(hours=24)
    assert late.kind == Aid.Kind.CRIMINAL
    assert (late.forwarded_late, on_time.forwarded_late) == (True, False)


def test_forwarded_application_without_the_facility_time_names_the_field(world, town_staff):
    with pytest.raises(ValidationError) as error:
        legal_aid_apply(
            acting_user=town_staff,
            row=_application(
                world.yatou_village, channel=Aid.Channel.FORWARDED, facility="荣成市看守所"
            ),
        )
    assert "facility_received_at" in error.value.message_dict


def test_close_needs_the_closing_report(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=_grant())
    legal_aid_assign(
        acting_user=bureau_staff, application_id=application.pk, row=_assignment(WEDNESDAY)
    )

    with pytest.raises(ValidationError):
        legal_aid_close(
            acting_user=bureau_staff,
            application_id=application.pk,
            closed_on=datetime.date(2022, 8, 1),
            closing_summary="",
        )
    closed = legal_aid_close(
        acting_user=bureau_staff,
        application_id=application.pk,
        closed_on=datetime.date(2022, 8, 1),
        closing_summary="调解结案，追回工资2万元",
    )

    assert closed.status == Aid.Status.CLOSED
    assert [t.to_state for t in transitions_of(closed)] == [
        "received",
        "granted",
        "assigned",
        "closed",
    ]


def test_a_town_receives_applications_but_only_the_centre_decides(
    world, town_staff, other_town_staff
):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    with pytest.raises(PermissionDenied):
        legal_aid_decide(acting_user=town_staff, application_id=application.pk, row=_grant())
    with pytest.raises(PermissionDenied):
        legal_aid_apply(acting_user=other_town_staff, row=_application(world.yatou_village))
    assert Aid.objects.get().status == Aid.Status.RECEIVED


def test_a_town_sees_its_own_applications(world, town_staff, other_town_staff, bureau_staff):
    legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    assert legal_aid_application_list(user=town_staff).count() == 1
    assert legal_aid_application_list(user=other_town_staff).count() == 0
    assert legal_aid_application_list(user=bureau_staff).count() == 1


def test_batch_writes_nothing_when_a_row_is_bad_and_logs_every_step(world, bureau_staff):
    good = LegalAidRow(
        application=_application(world.yatou_village),
        decision=_grant(),
        assignment=_assignment(WEDNESDAY),
    )
    bad = LegalAidRow(
        application=_application(world.ningjin_village),
        decision=DecisionRow(decision=Aid.Decision.REFUSED, decided_on=WEDNESDAY),
    )

    with pytest.raises(ValidationError) as error:
        legal_aid_applications_record(acting_user=bureau_staff, rows=[good, bad])
    assert error.value.message_dict["rows"] == [
        "第2行“不予援助理由”不予法律援助的，应当书面说明理由（法律援助法第四十三条）"
    ]
    assert not Aid.objects.exists()

    created = legal_aid_applications_record(acting_user=bureau_staff, rows=[good])
    assert Transition.objects.filter(object_id=created[0].pk).count() == 3
    assert created[0].same_day_met is None


def test_the_centre_sees_applications_awaiting_it_among_its_to_dos(world, town_staff, bureau_staff):
    legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))

    titles = [item.title for item in todos_for(bureau_staff) if item.module == "法律援助"]
    assert titles == [
        "法律援助申请待审查决定（已逾期）：王秀英（请求确认劳动关系或者支付劳动报酬）"
    ]
    assert not [item for item in todos_for(town_staff) if item.module == "法律援助"]


def _refused(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    return legal_aid_decide(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=DecisionRow(
            decision=Aid.Decision.REFUSED, decided_on=WEDNESDAY, refusal_reasons="收入高于标准"
        ),
    )


def test_objection_to_a_refusal_is_decided_within_five_calendar_days_and_only_once(
    world, town_staff, bureau_staff
):
    refused = _refused(world, town_staff, bureau_staff)

    objected = legal_aid_object(
        acting_user=bureau_staff, application_id=refused.pk, received_on=datetime.date(2022, 6, 2)
    )

    # art. 49: 5 days from Thursday 2 June end on Tuesday 7 June (5 working days: 9 June)
    assert objected.objection_due_on == datetime.date(2022, 6, 7)
    with pytest.raises(ValidationError) as error:
        legal_aid_object(
            acting_user=bureau_staff,
            application_id=refused.pk,
            received_on=datetime.date(2022, 6, 3),
        )
    assert "objection_received_on" in error.value.message_dict
    upheld = legal_aid_objection_decide(
        acting_user=bureau_staff,
        application_id=refused.pk,
        outcome=Aid.ObjectionOutcome.UPHELD,
        decided_on=datetime.date(2022, 6, 6),
    )
    assert upheld.status == Aid.Status.REFUSED


def test_an_order_to_correct_sends_the_application_back_for_a_new_decision(
    world, town_staff, bureau_staff
):
    refused = _refused(world, town_staff, bureau_staff)
    legal_aid_object(
        acting_user=bureau_staff, application_id=refused.pk, received_on=datetime.date(2022, 6, 2)
    )

    reopened = legal_aid_objection_decide(
        acting_user=bureau_staff,
        application_id=refused.pk,
        outcome=Aid.ObjectionOutcome.CORRECTED,
        decided_on=datetime.date(2022, 6, 6),
    )

    assert reopened.status == Aid.Status.RECEIVED
    assert (reopened.decision, reopened.refusal_reasons) == ("", "")
    assert reopened.decision_due_on == datetime.date(2022, 6, 13)
    granted = legal_aid_decide(
        acting_user=bureau_staff,
        application_id=refused.pk,
        row=_grant(datetime.date(2022, 6, 8)),
    )
    assert granted.status == Aid.Status.GRANTED


def test_a_granted_application_takes_no_objection(world, town_staff, bureau_staff):
    application = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    legal_aid_decide(acting_user=bureau_staff, application_id=application.pk, row=_grant())

    with pytest.raises(InvalidTransition):
        legal_aid_object(
            acting_user=bureau_staff, application_id=application.pk, received_on=WEDNESDAY
        )


def test_every_write_path_sets_the_county_and_a_county_is_scoped_by_it(
    world, town_staff, bureau_staff, other_county_bureau
):
    one = legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    legal_aid_applications_record(
        acting_user=bureau_staff,
        rows=[LegalAidRow(application=_application(world.ningjin_village), decision=_grant())],
    )
    Aid.objects.create(
        region=world.yatou_village,
        applicant_name="直接登记",
        id_number=ID_NUMBER,
        channel=Aid.Channel.COUNTER,
        kind=Aid.Kind.CIVIL,
        matter=Aid.Matter.LABOUR_PAY,
        received_on=WEDNESDAY,
        decision_due_on=WEDNESDAY,
    )

    assert one.county == world.county
    assert set(Aid.objects.values_list("county", flat=True)) == {world.county.pk}
    assert legal_aid_application_list(user=bureau_staff).count() == 3
    assert legal_aid_application_list(user=other_county_bureau).count() == 0
    scope_sql = str(legal_aid_application_list(user=bureau_staff).query)
    assert f'"county_id" = {world.county.pk}' in scope_sql
    assert "LIKE" not in scope_sql
    # A town is still placed by the applicant's region: only its own applications.
    assert legal_aid_application_list(user=town_staff).count() == 2


def test_the_migration_fills_the_county_from_the_region_in_one_statement(world, town_staff):
    legal_aid_apply(acting_user=town_staff, row=_application(world.yatou_village))
    Aid.objects.update(county=world.other_county)
    migration = importlib.import_module("fazhi.legalservice.migrations.0007_aid_county")

    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_COUNTY)

    assert set(Aid.objects.values_list("county", flat=True)) == {world.county.pk}
