import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.deadlines import add_working_days, calendar_cache_clear, is_working_day
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog, CalendarDay, CalendarYear
from fazhi.core.services.calendar import ScheduleDay, calendar_year_import, schedule_parse

pytestmark = pytest.mark.django_db

day = datetime.date

HOLIDAYS_2027 = """
2027-01-01 至 2027-01-03 元旦
2027-02-06 至 2027-02-12 春节
"""
WORKDAYS_2027 = "2027-02-13 春节"


@pytest.fixture(autouse=True)
def _fresh_schedule():
    calendar_cache_clear()
    yield
    calendar_cache_clear()


def _import_2027(acting_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return calendar_year_import(
            acting_user=acting_user,
            year=2027,
            holidays=schedule_parse(HOLIDAYS_2027, field="holidays", year=2027),
            workdays=schedule_parse(WORKDAYS_2027, field="workdays", year=2027),
            notice="国办发明电〔2026〕7号",
        )


# Parsing.


def test_a_schedule_expands_ranges_into_days():
    days = schedule_parse(HOLIDAYS_2027, field="holidays", year=2027)

    assert [entry.date for entry in days[:3]] == [day(2027, 1, 1), day(2027, 1, 2), day(2027, 1, 3)]
    assert {entry.name for entry in days} == {"元旦", "春节"}
    assert len(days) == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2027-01-01 元旦\n元旦 2027-01-02",
            "第2行：格式应为“2027-01-01 至 2027-01-03 元旦”或“2027-02-07 春节”",
        ),
        ("2027-01-01 元旦\n\n2027-02-30 春节", "第3行：日期“2027-02-30”无效"),
        ("2026-12-31 元旦", "第1行：日期不在2027年内"),
        ("2027-01-03 至 2027-01-01 元旦", "第1行：结束日期早于开始日期"),
    ],
)
def test_a_bad_line_is_named_in_the_error(text, message):
    with pytest.raises(ValidationError) as refused:
        schedule_parse(text, field="holidays", year=2027)

    assert refused.value.message_dict == {"holidays": [message]}


# Importing.


def test_a_make_up_workday_on_a_weekday_is_refused(world, sysadmin):
    with pytest.raises(ValidationError) as refused:
        calendar_year_import(
            acting_user=sysadmin,
            year=2027,
            holidays=[],
            workdays=[ScheduleDay(day(2027, 2, 15), "春节")],  # a Monday
        )

    assert refused.value.message_dict == {
        "workdays": ["2027-02-15 是工作日，调休上班日应为周六或周日"]
    }
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_day_cannot_be_both_holiday_and_workday(world, sysadmin):
    saturday = ScheduleDay(day(2027, 2, 13), "春节")

    with pytest.raises(ValidationError) as refused:
        calendar_year_import(
            acting_user=sysadmin, year=2027, holidays=[saturday], workdays=[saturday]
        )

    assert refused.value.message_dict == {"workdays": ["2027-02-13 不能既是节假日又是调休上班日"]}


def test_importing_2027_makes_2027_deadlines_final(
    world, sysadmin, django_capture_on_commit_callbacks
):
    before = add_working_days(day(2026, 12, 28), 5)

    _import_2027(sysadmin, django_capture_on_commit_callbacks)
    after = add_working_days(day(2026, 12, 28), 5)

    assert (before.due_on, before.provisional) == (day(2027, 1, 4), True)
    # 2027-01-01 is now a holiday, so the fifth working day moves to Tuesday.
    assert (after.due_on, after.provisional) == (day(2027, 1, 5), False)
    assert is_working_day(day(2027, 2, 13))  # the make-up Saturday
    assert not is_working_day(day(2027, 2, 8))  # a Monday inside Spring Festival


def test_an_import_is_audited_and_a_reimport_replaces_the_days(
    world, sysadmin, django_capture_on_commit_callbacks
):
    _import_2027(sysadmin, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_import(
            acting_user=sysadmin,
            year=2027,
            holidays=[ScheduleDay(day(2027, 1, 1), "元旦")],
            workdays=[],
        )

    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [
        day(2027, 1, 1)
    ]
    assert CalendarYear.objects.get(year=2027).source == CalendarYear.Source.IMPORTED
    assert list(
        AuditLog.objects.filter(object_type="core.CalendarYear")
        .order_by("pk")
        .values_list("event", flat=True)
    ) == [AuditLog.Event.CREATE, AuditLog.Event.UPDATE]


@pytest.mark.parametrize("persona_name", ["department_officer", "security_admin", "bureau_staff"])
def test_only_the_system_admin_imports_a_schedule(
    request, world, persona_name, django_capture_on_commit_callbacks
):
    acting_user = request.getfixturevalue(persona_name)

    with pytest.raises(PermissionDenied):
        _import_2027(acting_user, django_capture_on_commit_callbacks)

    assert not CalendarYear.objects.filter(year=2027).exists()
    assert add_working_days(day(2026, 12, 28), 5).provisional
