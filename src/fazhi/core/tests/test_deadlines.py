import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.deadlines import (
    DayUnit,
    DeadlineState,
    add_calendar_days,
    add_working_days,
    calendar_cache_clear,
    deadline_state,
    due_date,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

day = datetime.date


@pytest.fixture(autouse=True)
def _fresh_schedule():
    calendar_cache_clear()
    yield
    calendar_cache_clear()


# Working days.


def test_five_working_days_across_the_2022_national_day_holiday():
    # 2022-10-01…07 off; Saturday 10-08 and Sunday 10-09 were make-up working days.
    deadline = add_working_days(day(2022, 9, 28), 5)

    assert deadline.due_on == day(2022, 10, 10)
    assert not deadline.provisional
    assert deadline.label == "2022-10-10"


@pytest.mark.parametrize(
    ("date", "working"),
    [
        (day(2022, 9, 30), True),  # Friday
        (day(2022, 10, 3), False),  # Monday, National Day
        (day(2022, 10, 8), True),  # Saturday, make-up working day
        (day(2022, 10, 15), False),  # ordinary Saturday
        (day(2024, 2, 4), True),  # Sunday, make-up working day before Spring Festival
    ],
)
def test_working_days_follow_the_published_schedule(date, working):
    assert is_working_day(date) is working


def test_a_span_into_a_year_without_a_schedule_is_provisional_and_counts_monday_to_friday():
    # chinese-calendar knows 2026, not 2027: 2027-01-01 (a Friday) counts as a working day.
    deadline = add_working_days(day(2026, 12, 28), 5)

    assert deadline.due_on == day(2027, 1, 4)
    assert deadline.provisional
    assert deadline.label == "2027-01-04（暂定：该年度节假日安排尚未录入）"


def test_zero_working_days_is_the_start_day():
    assert add_working_days(day(2022, 10, 3), 0).due_on == day(2022, 10, 3)


def test_working_days_between_counts_from_the_day_after_the_start():
    assert working_days_between(day(2022, 9, 28), day(2022, 10, 10)) == 5
    assert working_days_between(day(2022, 9, 30), day(2022, 10, 7)) == 0
    assert working_days_between(day(2022, 10, 10), day(2022, 10, 10)) == 0


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=day(2010, 1, 1), max_value=day(2026, 6, 30)),
    amount=st.integers(min_value=1, max_value=60),
)
def test_working_day_arithmetic_is_consistent(start, amount):
    due_on = add_working_days(start, amount).due_on

    assert is_working_day(due_on)
    assert working_days_between(start, due_on) == amount
    assert working_days_between(start, due_on - datetime.timedelta(days=1)) == amount - 1


# Calendar days.


def test_calendar_days_ending_in_a_holiday_roll_over_to_the_next_working_day():
    # 民法典 art. 203: 2022-10-03 is inside the National Day holiday; 10-08 was a working day.
    deadline = add_calendar_days(day(2022, 9, 28), 5)

    assert deadline.due_on == day(2022, 10, 8)
    assert not deadline.provisional


def test_calendar_days_ending_on_a_weekend_roll_over_to_monday():
    # 2022-06-19 was a Sunday: a weekly rest day is a 法定休假日 too.
    assert add_calendar_days(day(2022, 6, 1), 18).due_on == day(2022, 6, 20)


def test_calendar_days_ending_on_a_make_up_working_day_do_not_roll():
    assert add_calendar_days(day(2022, 9, 28), 10).due_on == day(2022, 10, 8)


def test_calendar_days_ending_on_a_working_day_stay():
    assert add_calendar_days(day(2022, 9, 1), 29).due_on == day(2022, 9, 30)


def test_calendar_days_may_be_counted_without_rolling():
    assert add_calendar_days(day(2022, 9, 28), 5, roll_past_holiday=False).due_on == day(
        2022, 10, 3
    )


def test_calendar_days_into_a_year_without_a_schedule_are_provisional():
    assert add_calendar_days(day(2026, 12, 20), 30).provisional


def test_due_date_dispatches_on_the_unit():
    assert due_date(day(2022, 9, 28), 5, DayUnit.WORKING).due_on == day(2022, 10, 10)
    assert due_date(day(2022, 9, 28), 5, DayUnit.CALENDAR).due_on == day(2022, 10, 8)


@pytest.mark.parametrize(("amount", "unit"), [(-1, DayUnit.WORKING), (5, "fortnight")])
def test_due_date_refuses_nonsense(amount, unit):
    with pytest.raises(ValueError):  # noqa: PT011
        due_date(day(2022, 9, 28), amount, unit)


# State.


@pytest.mark.parametrize(
    ("today", "done_on", "state"),
    [
        (day(2022, 10, 1), None, DeadlineState.ON_TIME),
        (day(2022, 10, 7), None, DeadlineState.DUE_SOON),
        (day(2022, 10, 10), None, DeadlineState.DUE_SOON),
        (day(2022, 10, 11), None, DeadlineState.OVERDUE),
        (day(2022, 10, 20), day(2022, 10, 10), DeadlineState.DONE),
        (day(2022, 10, 20), day(2022, 10, 11), DeadlineState.DONE_LATE),
    ],
)
def test_deadline_state(today, done_on, state):
    assert deadline_state(day(2022, 10, 10), today=today, done_on=done_on) == state
