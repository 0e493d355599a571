"""Reads of education and public-interest hours: monthly totals and shortfalls.

A month is judged only when the subject was under correction the whole month and the month is
over; its required hours are those in force on the month's first day, for the management level
in force on its last day (MONTHLY_HOURS_STRICT under strict management, else MONTHLY_HOURS),
each kind counted on its own.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from fazhi.core.deadlines import add_months
from fazhi.core.models import RuleParameterValue
from fazhi.core.parameters import parameter_default_value, parameter_get
from fazhi.corrections.models import (
    CorrectionSubject,
    EducationSession,
    LevelChange,
    ManagementLevel,
)
from fazhi.corrections.parameters import MONTHLY_HOURS, MONTHLY_HOURS_STRICT

Kind = EducationSession.Kind
_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=6, decimal_places=1))


def month_last_day(month: datetime.date) -> datetime.date:
    return add_months(month.replace(day=1), 1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class MonthHours:
    """A subject's hours of one month against the hours required that month."""

    subject: CorrectionSubject
    month: datetime.date
    education: Decimal
    public_service: Decimal
    required: Decimal
    judged: bool

    @property
    def education_short(self) -> bool:
        return self.judged and self.education < self.required

    @property
    def public_service_short(self) -> bool:
        return self.judged and self.public_service < self.required

    @property
    def is_short(self) -> bool:
        return self.education_short or self.public_service_short

    @property
    def shortfall_label(self) -> str:
        kinds = [
            str(label)
            for label, short in (
                (Kind.EDUCATION.label, self.education_short),
                (Kind.PUBLIC_SERVICE.label, self.public_service_short),
            )
            if short
        ]
        return "、".join(kinds) + f"不足{self.required.normalize():f}小时" if kinds else ""


class RequiredHours:
    """The required hours of any month and level, from one query of the dated values."""

    def __init__(self) -> None:
        keys = (MONTHLY_HOURS, MONTHLY_HOURS_STRICT)
        self._rows: dict[str, list[tuple[datetime.date, Decimal]]] = {key: [] for key in keys}
        for key, valid_from, value in (
            RuleParameterValue.objects.filter(key__in=keys)
            .order_by("valid_from", "pk")
            .values_list("key", "valid_from", "value")
        ):
            self._rows[key].append((valid_from, value))

    def of(self, month: datetime.date, level: str) -> Decimal:
        key = MONTHLY_HOURS_STRICT if level == ManagementLevel.STRICT else MONTHLY_HOURS
        value = parameter_default_value(parameter_get(key)).value
        for valid_from, dated in self._rows[key]:
            if valid_from <= month:
                value = dated
        return value


def _whole_month(subject: CorrectionSubject, first: datetime.date, last: datetime.date) -> bool:
    registered = subject.registered_on
    return (
        registered is not None
        and registered <= first
        and (subject.ended_on is None or subject.ended_on >= last)
    )


def hours_month_totals(
    *, user: Any, month: datetime.date, today: datetime.date
) -> list[MonthHours]:
    """Every subject the user sees under correction the whole `month`, with the month's hours.

    Two queries (subjects with their sums and level; the dated required hours).
    """
    first, last = month.replace(day=1), month_last_day(month)
    in_month = Q(education_sessions__held_on__range=(first, last))
    level_then = (
        LevelChange.objects.filter(subject=OuterRef("pk"), effective_on__lte=last)
        .order_by("-effective_on", "-pk")
        .values("level")[:1]
    )
    subjects: QuerySet[CorrectionSubject] = (
        CorrectionSubject.objects.visible_to(user)
        .filter(registered_on__lte=first)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=last))
        .select_related("office")
        .annotate(
            education=Coalesce(
                Sum(
                    "education_sessions__hours",
                    filter=in_month & Q(education_sessions__kind=Kind.EDUCATION),
                ),
                _ZERO,
            ),
            public_service=Coalesce(
                Sum(
                    "education_sessions__hours",
                    filter=in_month & Q(education_sessions__kind=Kind.PUBLIC_SERVICE),
                ),
                _ZERO,
            ),
            level_then=Subquery(level_then),
        )
        .order_by("office__code", "pk")
    )
    required = RequiredHours()
    return [
        MonthHours(
            subject=subject,
            month=first,
            education=subject.education,  # type: ignore[attr-defined]
            public_service=subject.public_service,  # type: ignore[attr-defined]
            required=required.of(first, subject.level_then or ""),  # type: ignore[attr-defined]
            judged=last < today,
        )
        for subject in subjects
    ]


def hours_shortfalls(*, user: Any, month: datetime.date, today: datetime.date) -> list[MonthHours]:
    """The subjects whose hours of `month` (over, and under correction throughout) fall short."""
    return [row for row in hours_month_totals(user=user, month=month, today=today) if row.is_short]


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def subject_month_hours(
    subject: CorrectionSubject, *, today: datetime.date, months: int = 6
) -> list[MonthHours]:
    """The subject's last `months` months of correction (to today or the end), newest first.

    Two queries (the month sums, the level history) and the dated required hours.
    """
    if subject.registered_on is None:
        return []
    # Months after the end of the term are not months of correction, released or not.
    end = min(today, subject.ended_on or subject.term_end).replace(day=1)
    start = max(subject.registered_on.replace(day=1), add_months(end, -(months - 1)))
    sums: dict[tuple[datetime.date, str], Decimal] = {
        (
            row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"],
            row["kind"],
        ): row["total"]
        for row in subject.education_sessions.filter(held_on__range=(start, month_last_day(end)))
        .annotate(month=TruncMonth("held_on"))
        .values("month", "kind")
        .annotate(total=Sum("hours"))
    }
    levels = list(
        subject.level_changes.order_by("effective_on", "pk").values_list("effective_on", "level")
    )
    required = RequiredHours()
    rows = []
    month = end
    while month >= start:
        last = month_last_day(month)
        level = ""
        for effective_on, changed_to in levels:
            if effective_on <= last:
                level = changed_to
        rows.append(
            MonthHours(
                subject=subject,
                month=month,
                education=sums.get((month, Kind.EDUCATION), Decimal(0)),
                public_service=sums.get((month, Kind.PUBLIC_SERVICE), Decimal(0)),
                required=required.of(month, level),
                judged=last < today and _whole_month(subject, month, last),
            )
        )
        month = add_months(month, -1)
    return rows


def education_hours_list(*, region_prefix: str, year: int, kind: str) -> QuerySet[EducationSession]:
    """Sessions of `kind` held in the year in the region (for the hours figures)."""
    return EducationSession.objects.filter(
        subject__region__code__startswith=region_prefix, held_on__year=year, kind=kind
    )
