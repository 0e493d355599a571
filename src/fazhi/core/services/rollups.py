"""The rollup refresh (统计汇总): store the rolled-up figures per region and year (ADR 0013).

A figure registered `rolled_up=True` scans a table of millions of rows at province scale (the
legal-service ledger, publicity activities, location checks …). The refresh computes it with its
own `compute` — the very function the live report uses, so a stored value is exactly what the
report would have shown at that moment — for the province, every city and every county, and
stores it with the time. The annual report and the home page then read one row instead of
scanning, and say when the values were computed. Run nightly (Celery beat), by
`fazhi figures_refresh`, and at the end of `fazhi demo`.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.core.figures import Figure, figures
from fazhi.core.models import FigureRollup, Region
from fazhi.core.selectors import rollup_regions

Progress = Callable[[Region, int, float], None]


@dataclass(frozen=True)
class RollupRefresh:
    regions: int
    rows: int
    seconds: float


def report_years(years: Iterable[int]) -> list[int]:
    """The years a report of each of `years` reads: the year and the one before (the change)."""
    return sorted({year for report_year in years for year in (report_year, report_year - 1)})


def rolled_up_figures() -> list[Figure]:
    return [figure for figure in figures() if figure.rolled_up]


def figure_rollups_refresh(
    *,
    years: Sequence[int],
    regions: Iterable[Region] | None = None,
    progress: Progress | None = None,
) -> RollupRefresh:
    """Recompute and store every rolled-up figure of the reports of `years` for `regions`.

    `regions` defaults to every region rollups are kept for (province, cities, counties). Each
    region is stored in one transaction: a report never reads half a region's refresh.
    """
    started = time.perf_counter()
    computed_years = report_years(years)
    chosen = list(regions) if regions is not None else list(rollup_regions())
    rows = 0
    for region in chosen:
        region_started = time.perf_counter()
        rows += _region_refresh(region, computed_years)
        if progress is not None:
            progress(region, rows, time.perf_counter() - region_started)
    return RollupRefresh(len(chosen), rows, time.perf_counter() - started)


def _region_refresh(region: Region, years: list[int]) -> int:
    computed = []
    for year in years:
        for figure in rolled_up_figures():
            figure_started = time.perf_counter()
            result = figure.compute(region, year)
            computed.append(
                FigureRollup(
                    key=figure.key,
                    region=region,
                    year=year,
                    value="" if result.value is None else str(result.value),
                    has_records=result.records is not None,
                    refreshed_at=timezone.now(),
                    seconds=time.perf_counter() - figure_started,
                )
            )
    with transaction.atomic():
        FigureRollup.objects.filter(region=region, year__in=years).delete()
        FigureRollup.objects.bulk_create(computed)
    return len(computed)
