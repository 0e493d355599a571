"""The bureau's dashboard of certificate-free services (无证明办事看板): pure reads.

Four panels for a region and a year: the catalog by handling mode at each month end, the proofs
applicants did not have to bring ("materials saved") per month, how fast each data source
answers, and the assisted verifications past their reply deadline by requested department.
Each panel is one query; the percentiles are computed in Python so SQLite and PostgreSQL agree.
"""

import datetime
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Min, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from fazhi.core.models import Region
from fazhi.proofs.models import (
    HandlingMode,
    Verification,
)
from fazhi.proofs.selectors import assisted_overdue, items_in_force, proofs_saved
from fazhi.proofs.sources.base import data_source_label

MONTHS_OF_CATALOG = 24


def as_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The last day the dashboard of `year` looks at: today in the current year, else 31 Dec."""
    day = today or timezone.localdate()
    return min(day, datetime.date(year, 12, 31))


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def catalog_days(year: int, today: datetime.date | None = None) -> list[datetime.date]:
    """The month ends of the 24 months up to `as_of(year)`; the last one is that day itself."""
    last = as_of(year, today)
    days = []
    for back in range(MONTHS_OF_CATALOG - 1, -1, -1):
        index = last.year * 12 + last.month - 1 - back
        days.append(_month_end(index // 12, index % 12 + 1))
    days[-1] = last
    return days


@dataclass(frozen=True)
class CatalogSeries:
    days: list[datetime.date]
    # handling mode → the number of items in force on each of `days`.
    counts: dict[str, list[int]]

    def labels(self) -> dict[str, str]:
        return {mode: HandlingMode(mode).label for mode in self.counts}


def catalog_by_mode(region: Region, year: int, today: datetime.date | None = None) -> CatalogSeries:
    """Items in force by handling mode at each month end (one query: a union of the days)."""
    days = catalog_days(year, today)
    per_day = [
        items_in_force(region, day)
        .order_by()
        .values("handling_mode")
        .annotate(day=Value(index, output_field=IntegerField()), n=Count("pk"))
        for index, day in enumerate(days)
    ]
    counts = {mode: [0] * len(days) for mode in HandlingMode.values}
    for row in per_day[0].union(*per_day[1:], all=True):
        if row["handling_mode"] in counts:
            counts[row["handling_mode"]][row["day"]] = row["n"]
    return CatalogSeries(days=days, counts=counts)


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    count: int


def materials_saved_by_month(region: Region, year: int) -> list[MonthCount]:
    """Proofs not brought (cancelled, committed, verified) in applications decided each month.

    Counted as the report figure proofs.materials_saved counts them (a failed check saves nothing).
    """
    rows = (
        proofs_saved(region_prefix=region.prefix, year=year)
        .annotate(month=TruncMonth("application__decided_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    by_month = {_first_of_month(row["month"]): row["n"] for row in rows}
    months = [datetime.date(year, month, 1) for month in range(1, 13)]
    return [MonthCount(month=m, count=by_month.get(m, 0)) for m in months]


def _first_of_month(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return datetime.date(value.year, value.month, 1)


@dataclass(frozen=True)
class SourceLatency:
    source: str
    label: str
    count: int
    median_ms: float
    p90_ms: float
    retry_share: float  # 0..1: lookups that needed more than one attempt


def percentile(values: list[int], share: float) -> float:
    """The nearest-rank percentile (0 < share ≤ 1) of non-empty `values`."""
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return float(ordered[rank - 1])


def latency_by_source(region: Region, year: int) -> list[SourceLatency]:
    """Per data source: answered lookups of the year, median and p90 latency, share retried."""
    rows = (
        Verification.objects.filter(
            proof__application__region__code__startswith=region.prefix,
            requested_at__year=year,
            status__in=(Verification.Status.CONFIRMED, Verification.Status.CONTRADICTED),
            latency_ms__isnull=False,
        )
        .exclude(source="")
        .order_by()
        .values_list("source", "latency_ms", "attempts")
    )
    latencies: dict[str, list[int]] = defaultdict(list)
    retried: Counter[str] = Counter()
    for source, latency, attempts in rows:
        if latency is None:
            continue
        latencies[source].append(latency)
        if attempts > 1:
            retried[source] += 1
    return [
        SourceLatency(
            source=source,
            label=data_source_label(source),
            count=len(values),
            median_ms=float(statistics.median(values)),
            p90_ms=percentile(values, 0.9),
            retry_share=retried[source] / len(values),
        )
        for source, values in sorted(latencies.items())
    ]


@dataclass(frozen=True)
class DepartmentOverdue:
    organization: str
    count: int
    oldest_due_on: datetime.date


def overdue_assisted_by_department(
    *, user: Any, region: Region, year: int, today: datetime.date | None = None
) -> list[DepartmentOverdue]:
    """Assisted requests unanswered past their deadline (as of `as_of(year)`), by department."""
    rows = (
        assisted_overdue(user=user, today=as_of(year, today))
        .filter(proof__application__region__code__startswith=region.prefix)
        .order_by()
        .values("requested_organization__name")
        .annotate(n=Count("pk"), oldest=Min("due_on"))
    )
    found = [
        DepartmentOverdue(
            organization=row["requested_organization__name"] or "—",
            count=row["n"],
            oldest_due_on=row["oldest"],
        )
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row.count, row.oldest_due_on, row.organization))
