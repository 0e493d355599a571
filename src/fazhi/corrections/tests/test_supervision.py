import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.services.parameters import rule_parameter_set
from fazhi.corrections.location import LocationReading, LocationSourceUnavailable
from fazhi.corrections.models import CheckResult, LocationCheck, SupervisionAlert
from fazhi.corrections.parameters import CHECKS_PER_WEEK
from fazhi.corrections.selectors import office_check_board
from fazhi.corrections.services.supervision import (
    alert_close,
    location_check_perform,
    location_checks_perform_due,
    location_checks_schedule,
    spot_check_run,
)
from fazhi.corrections.tests.conftest import SHANGHAI, under_correction

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2022, 3, 7)


class FixedSource:
    """Answers `result` for every subject, or is down when `down`."""

    name = "测试定位源"

    def __init__(self, result=CheckResult.IN_AREA, *, down=False):
        self.result = result
        self.down = down

    def locate(self, subject, at):
        if self.down:
            raise LocationSourceUnavailable
        return LocationReading(self.result, "荣成市崖头街道")


@pytest.fixture
def yatou_subjects(world, corrections_body):
    return [under_correction(corrections_body, world.yatou_village, serial=n) for n in (1, 2)]


def test_each_subject_is_checked_three_times_a_week_monday_wednesday_friday(
    world, town_staff, yatou_subjects
):
    planned = location_checks_schedule(
        acting_user=town_staff, office=world.office_yatou, week_start=MONDAY
    )
    again = location_checks_schedule(
        acting_user=town_staff, office=world.office_yatou, week_start=MONDAY
    )

    assert (planned, again) == (6, 0)
    days = set(LocationCheck.objects.values_list("planned_on", flat=True))
    assert days == {
        MONDAY,
        MONDAY + datetime.timedelta(days=2),
        MONDAY + datetime.timedelta(days=4),
    }


def test_a_new_weekly_number_applies_from_its_date(world, bureau_staff, town_staff, yatou_subjects):
    rule_parameter_set(
        acting_user=bureau_staff,
        key=CHECKS_PER_WEEK,
        value=4,
        valid_from=MONDAY + datetime.timedelta(days=7),
        reason="加强核查",
    )

    first = location_checks_schedule(acting_user=None, office=world.office_yatou, week_start=MONDAY)
    second = location_checks_schedule(
        acting_user=None, office=world.office_yatou, week_start=MONDAY + datetime.timedelta(days=7)
    )

    assert (first, second) == (6, 8)


def test_another_office_cannot_schedule_or_run_checks(world, other_town_staff, yatou_subjects):
    with pytest.raises(PermissionDenied):
        location_checks_schedule(
            acting_user=other_town_staff, office=world.office_yatou, week_start=MONDAY
        )
    assert not LocationCheck.objects.exists()


def test_an_out_of_area_check_raises_an_alert_that_stays_open_until_closed_with_an_outcome(
    world, town_staff, yatou_subjects
):
    location_checks_schedule(acting_user=town_staff, office=world.office_yatou, week_start=MONDAY)
    done = location_checks_perform_due(
        acting_user=town_staff,
        office=world.office_yatou,
        on=MONDAY,
        source=FixedSource(CheckResult.OUT_OF_AREA),
    )
    assert done == 2
    alert = SupervisionAlert.objects.filter(status="open").order_by("pk").first()
    assert alert.kind == "out_of_area"
    assert SupervisionAlert.objects.filter(status="open").count() == 2

    with pytest.raises(ValidationError) as refused:
        alert_close(acting_user=town_staff, alert_id=alert.pk, outcome="", note="已电话联系")
    assert list(refused.value.message_dict) == ["outcome"]
    assert SupervisionAlert.objects.get(pk=alert.pk).status == "open"

    closed = alert_close(
        acting_user=town_staff, alert_id=alert.pk, outcome="approved_leave", note="经批准赴威海就医"
    )
    assert (closed.status, closed.outcome, closed.closed_by) == (
        "closed",
        "approved_leave",
        town_staff,
    )


def test_a_single_check_performed_by_hand_records_its_result(world, town_staff, yatou_subjects):
    location_checks_schedule(acting_user=town_staff, office=world.office_yatou, week_start=MONDAY)
    check = LocationCheck.objects.order_by("pk").first()

    performed = location_check_perform(
        acting_user=town_staff, check_id=check.pk, source=FixedSource(CheckResult.UNREACHABLE)
    )

    assert performed.result == "unreachable"
    assert SupervisionAlert.objects.get().kind == "unreachable"
    with pytest.raises(ValidationError):
        location_check_perform(acting_user=town_staff, check_id=check.pk, source=FixedSource())


def test_an_unreachable_source_leaves_the_office_behind_schedule(
    world, bureau_staff, town_staff, yatou_subjects
):
    location_checks_schedule(acting_user=town_staff, office=world.office_yatou, week_start=MONDAY)
    wednesday = MONDAY + datetime.timedelta(days=2)
    location_checks_perform_due(
        acting_user=None, office=world.office_yatou, on=MONDAY, source=FixedSource()
    )
    location_checks_perform_due(
        acting_user=None, office=world.office_yatou, on=wednesday, source=FixedSource(down=True)
    )

    [row] = office_check_board(
        user=bureau_staff, week_start=MONDAY, today=MONDAY + datetime.timedelta(days=3)
    )

    assert row.office == world.office_yatou
    assert (row.subjects, row.required, row.planned, row.done, row.done_on_day, row.overdue) == (
        2,
        6,
        6,
        2,
        2,
        2,
    )
    assert row.is_behind


def test_the_board_costs_five_queries_whatever_the_number_of_offices(
    world, bureau_staff, corrections_body, yatou_subjects, django_assert_num_queries
):
    under_correction(corrections_body, world.ningjin_village, serial=3)
    for office in (world.office_yatou, world.office_ningjin):
        location_checks_schedule(acting_user=None, office=office, week_start=MONDAY)
    bureau_staff.memberships_cached()

    with django_assert_num_queries(5):
        rows = office_check_board(user=bureau_staff, week_start=MONDAY, today=MONDAY)

    assert [row.office for row in rows] == [world.office_ningjin, world.office_yatou]
    assert not any(row.is_behind for row in rows)


def test_a_city_spot_check_covers_many_subjects_and_counts_person_times(
    world, corrections_body, yatou_subjects
):
    under_correction(corrections_body, world.ningjin_village, serial=3)
    at = datetime.datetime(2022, 3, 9, 15, tzinfo=SHANGHAI)

    spot = spot_check_run(
        acting_user=corrections_body, region=world.county, at=at, source=FixedSource()
    )
    sample = spot_check_run(
        acting_user=corrections_body,
        region=world.county,
        at=at,
        sample_size=2,
        seed=7,
        source=FixedSource(CheckResult.UNREACHABLE),
    )

    assert spot.subjects_covered == 3
    assert spot.organization == world.bureau
    assert sample.subjects_covered == 2
    assert LocationCheck.objects.filter(kind="spot").count() == 5
    assert SupervisionAlert.objects.filter(kind="unreachable").count() == 2


def test_a_spot_check_needs_the_county_body(world, town_staff, yatou_subjects):
    with pytest.raises(PermissionDenied):
        spot_check_run(
            acting_user=town_staff,
            region=world.yatou,
            at=datetime.datetime(2022, 3, 9, 15, tzinfo=SHANGHAI),
            source=FixedSource(),
        )


def test_a_spot_check_while_the_source_is_down_records_nothing(
    world, corrections_body, yatou_subjects
):
    with pytest.raises(ValidationError) as refused:
        spot_check_run(
            acting_user=corrections_body,
            region=world.county,
            at=datetime.datetime(2022, 3, 9, 15, tzinfo=SHANGHAI),
            source=FixedSource(down=True),
        )

    assert list(refused.value.message_dict) == ["source"]
    assert not LocationCheck.objects.exists()


def test_reports_contacts_and_field_visits_are_recorded_by_the_office(
    world, town_staff, other_town_staff, yatou_subjects
):
    from fazhi.corrections.services.supervision import supervision_record_add

    record = supervision_record_add(
        acting_user=town_staff,
        subject_id=yatou_subjects[0].pk,
        kind="field_visit",
        occurred_on=MONDAY,
        summary="到居住地走访，了解近期表现",
    )
    with pytest.raises(Http404):
        supervision_record_add(
            acting_user=other_town_staff,
            subject_id=yatou_subjects[0].pk,
            kind="contact",
            occurred_on=MONDAY,
            summary="电话联系",
        )

    assert record.get_kind_display() == "实地查访"
    assert yatou_subjects[0].supervision_records.count() == 1


def test_the_daily_job_plans_and_runs_the_day_s_checks(world, yatou_subjects):
    import time_machine

    from fazhi.corrections.tasks import corrections_daily_supervision

    with time_machine.travel(datetime.datetime(2022, 3, 9, 18, tzinfo=SHANGHAI), tick=False):
        performed = corrections_daily_supervision()

    # Monday's and Wednesday's checks of the two subjects; Friday's stay planned
    assert performed == 4
    assert LocationCheck.objects.filter(performed_at__isnull=True).count() == 2


def test_the_cron_command_runs_the_same_sweep(world, yatou_subjects):
    import io

    import time_machine
    from django.core.management import call_command

    out = io.StringIO()
    with time_machine.travel(datetime.datetime(2022, 3, 9, 18, tzinfo=SHANGHAI), tick=False):
        call_command("corrections_daily", stdout=out)

    assert "今日已执行信息化核查：4次" in out.getvalue()
    assert LocationCheck.objects.filter(performed_at__isnull=True).count() == 2
