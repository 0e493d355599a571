"""The public-holiday schedule: seeded from chinese-calendar, extended by the system administrator.

The State Council (国务院办公厅) publishes the next year's 节假日安排 each winter; until the
administrator enters it, deadlines in that year are computed Monday–Friday and marked provisional.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import calendar_cache_clear
from fazhi.core.models import AuditLog, CalendarDay, CalendarYear, User
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability

_LINE = re.compile(
    r"^(?P<start>\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|~|-{2}|到)\s*(?P<end>\d{4}-\d{1,2}-\d{1,2}))?\s*(?P<name>\S*)$"
)


@dataclass(frozen=True)
class ScheduleDay:
    date: datetime.date
    name: str


def _parse_date(text: str, field: str, line_number: int) -> datetime.date:
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError as error:
        raise ValidationError({field: f"第{line_number}行：日期“{text}”无效"}) from error


def schedule_parse(text: str, *, field: str, year: int) -> list[ScheduleDay]:
    """Parse lines like "2027-01-01 至 2027-01-03 元旦" or "2027-02-07 春节" into days of `year`."""
    days: list[ScheduleDay] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise ValidationError(
                {field: f"第{number}行：格式应为“2027-01-01 至 2027-01-03 元旦”或“2027-02-07 春节”"}
            )
        start = _parse_date(match["start"], field, number)
        end = _parse_date(match["end"], field, number) if match["end"] else start
        if end < start:
            raise ValidationError({field: f"第{number}行：结束日期早于开始日期"})
        if start.year != year or end.year != year:
            raise ValidationError({field: f"第{number}行：日期不在{year}年内"})
        day = start
        while day <= end:
            days.append(ScheduleDay(day, match["name"]))
            day += datetime.timedelta(days=1)
    return days


@transaction.atomic
def calendar_year_import(
    *,
    acting_user: User | None,
    year: int,
    holidays: list[ScheduleDay],
    workdays: list[ScheduleDay],
    notice: str = "",
    source: str = CalendarYear.Source.IMPORTED,
) -> CalendarYear:
    """Enter (or replace) a year's holiday schedule. acting_user None: the package seed.

    Raises ValidationError when a make-up working day is not a weekend day or a day is both.
    """
    if acting_user is not None:
        require_capability(acting_user, Capability.MANAGE_CALENDAR)
    holiday_dates = {day.date for day in holidays}
    for day in workdays:
        if day.date in holiday_dates:
            raise ValidationError({"workdays": f"{day.date} 不能既是节假日又是调休上班日"})
        if day.date.weekday() < 5:
            raise ValidationError({"workdays": f"{day.date} 是工作日，调休上班日应为周六或周日"})
    calendar_year, created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source, "notice": notice, "created_by": acting_user}
    )
    calendar_year.days.all().delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                calendar_year=calendar_year,
                date=day.date,
                kind=CalendarDay.Kind.HOLIDAY,
                name=day.name,
            )
            for day in holidays
        ]
        + [
            CalendarDay(
                calendar_year=calendar_year,
                date=day.date,
                kind=CalendarDay.Kind.WORKDAY,
                name=day.name,
            )
            for day in workdays
        ]
    )
    if acting_user is not None:
        audit_record(
            event=AuditLog.Event.CREATE if created else AuditLog.Event.UPDATE,
            user=acting_user,
            target=calendar_year,
            message=f"导入{year}年节假日安排：节假日{len(holidays)}天，调休上班{len(workdays)}天",
        )
    transaction.on_commit(calendar_cache_clear)
    return calendar_year


def calendar_seed_from_package() -> int:
    """Load the years chinese-calendar knows and the platform does not hold yet; return how many."""
    import chinese_calendar

    known = set(CalendarYear.objects.values_list("year", flat=True))
    years = sorted({day.year for day in chinese_calendar.holidays} - known)
    for year in years:
        calendar_year_import(
            acting_user=None,
            year=year,
            holidays=[
                ScheduleDay(day, name)
                for day, name in chinese_calendar.holidays.items()
                if day.year == year
            ],
            workdays=[
                ScheduleDay(day, name)
                for day, name in chinese_calendar.workdays.items()
                if day.year == year
            ],
            notice=f"chinese-calendar {chinese_calendar.__version__}",
            source=CalendarYear.Source.PACKAGE,
        )
    return len(years)
