"""Legal time limits in calendar days or working days, one helper for every module.

Counting follows 民法典 art. 201 (the starting day is not counted) and art. 203 (a period whose
last day is a statutory rest day, 法定休假日, i.e. a public holiday or a weekend that is not a
make-up working day, ends on the next working day). Working days exclude
weekends and public holidays and include make-up working days (调休), from the holiday schedule
the platform holds (CalendarYear/CalendarDay). For a year with no schedule yet, working days fall
back to Monday–Friday and the result is marked provisional until the schedule is entered.
"""

import calendar
import datetime
import enum
import time
from dataclasses import dataclass

from django.utils import timezone

from fazhi.core.models import CalendarDay, CalendarYear, DayUnit

_CACHE_SECONDS = 60.0


class DeadlineState(enum.StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"


DEADLINE_STATE_LABELS = {
    DeadlineState.ON_TIME: "正常",
    DeadlineState.DUE_SOON: "即将到期",
    DeadlineState.OVERDUE: "已逾期",
    DeadlineState.DONE: "按期办结",
    DeadlineState.DONE_LATE: "逾期办结",
}


@dataclass(frozen=True)
class Deadline:
    due_on: datetime.date
    provisional: bool

    @property
    def label(self) -> str:
        suffix = "（暂定：该年度节假日安排尚未录入）" if self.provisional else ""
        return f"{self.due_on:%Y-%m-%d}{suffix}"


@dataclass(frozen=True)
class _Schedule:
    known_years: frozenset[int]
    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]


_schedule_cache: tuple[float, _Schedule] | None = None


def calendar_cache_clear() -> None:
    """Forget the cached schedule (after an import, and in tests)."""
    global _schedule_cache
    _schedule_cache = None


def _schedule() -> _Schedule:
    global _schedule_cache
    now = time.monotonic()
    if _schedule_cache is not None and now - _schedule_cache[0] < _CACHE_SECONDS:
        return _schedule_cache[1]
    holidays: set[datetime.date] = set()
    workdays: set[datetime.date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).add(day)
    schedule = _Schedule(
        frozenset(CalendarYear.objects.values_list("year", flat=True)),
        frozenset(holidays),
        frozenset(workdays),
    )
    _schedule_cache = (now, schedule)
    return schedule


def is_working_day(day: datetime.date) -> bool:
    schedule = _schedule()
    if day in schedule.workdays:
        return True
    if day in schedule.holidays:
        return False
    return day.weekday() < 5


def schedule_known(year: int) -> bool:
    return year in _schedule().known_years


def add_working_days(start: datetime.date, amount: int) -> Deadline:
    """The day on which `amount` working days after `start` end."""
    day = start
    remaining = amount
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    years = range(start.year, day.year + 1)
    return Deadline(day, provisional=not all(schedule_known(year) for year in years))


def add_calendar_days(
    start: datetime.date, amount: int, *, roll_past_holiday: bool = True
) -> Deadline:
    """The day on which `amount` natural days after `start` end (民法典 art. 201, 203)."""
    day = start + datetime.timedelta(days=amount)
    provisional = False
    if roll_past_holiday:
        provisional = not schedule_known(day.year)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        provisional = provisional or not schedule_known(day.year)
    return Deadline(day, provisional=provisional)


def due_date(start: datetime.date, amount: int, unit: str) -> Deadline:
    """The due date of a time limit of `amount` days in `unit` (DayUnit) counted from `start`."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    if unit == DayUnit.WORKING:
        return add_working_days(start, amount)
    if unit == DayUnit.CALENDAR:
        return add_calendar_days(start, amount)
    raise ValueError(f"unknown day unit {unit!r}")


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days used from `start` (not counted) to `end` (counted)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def deadline_state(
    due_on: datetime.date,
    *,
    today: datetime.date,
    done_on: datetime.date | None = None,
    warn_days: int = 3,
) -> DeadlineState:
    if done_on is not None:
        return DeadlineState.DONE if done_on <= due_on else DeadlineState.DONE_LATE
    if today > due_on:
        return DeadlineState.OVERDUE
    if (due_on - today).days <= warn_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


def day_or_today(on: datetime.date | None) -> datetime.date:
    """The day a step took effect: `on` when a historic step is entered, else today (local)."""
    return on or timezone.localdate()


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month → 28/29 Feb).

    Validity periods (有效期) and reminders in months or years run from date to date.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


def add_years(start: datetime.date, years: int) -> datetime.date:
    return add_months(start, 12 * years)
