"""Figures of case-file review (案卷评查) and rectification.

2022 report: "组织开展季度案卷评查…评查案卷70余本、督促整改问题200余个".

- `enforcement.case_files_reviewed`: drawn files with a final score (at least one submitted
  sheet) in batches starting in the year;
- `enforcement.problems_found`: problems found in those batches, each once per file and item;
- `enforcement.problems_rectified`: problems whose rectification the bureau accepted in the year;
- `enforcement.case_files_excellent` / `_passed` / `_failed`: the grade distribution.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from fazhi.core.figures import Figure, FigureResult, register_figure
from fazhi.core.models import Region
from fazhi.enforcement.models import BatchFile, Grade, Problem


def _files_reviewed(region: Region, year: int) -> QuerySet[BatchFile]:
    return (
        BatchFile.objects.filter(
            batch__region__code__startswith=region.prefix,
            batch__starts_on__year=year,
            final_score__isnull=False,
        )
        .select_related("case_file__organization")
        .order_by("batch__starts_on", "case_file__case_number")
    )


def case_files_reviewed(region: Region, year: int) -> FigureResult:
    records = _files_reviewed(region, year)
    return FigureResult(records.count(), records)


def problems_found(region: Region, year: int) -> FigureResult:
    records = Problem.objects.filter(
        batch_file__batch__region__code__startswith=region.prefix,
        batch_file__batch__starts_on__year=year,
    ).order_by("batch_file__batch__starts_on", "pk")
    return FigureResult(records.count(), records)


def problems_rectified(region: Region, year: int) -> FigureResult:
    records = Problem.objects.filter(
        batch_file__batch__region__code__startswith=region.prefix, rectified_on__year=year
    ).order_by("rectified_on", "pk")
    return FigureResult(records.count(), records)


def _graded(grade: str) -> Callable[[Region, int], FigureResult]:
    def compute(region: Region, year: int) -> FigureResult:
        records = _files_reviewed(region, year).filter(grade=grade)
        return FigureResult(records.count(), records)

    return compute


def register(chapter: str) -> None:
    for order, (key, label, unit, compute) in enumerate(
        (
            ("case_files_reviewed", "评查行政执法案卷", "本", case_files_reviewed),
            ("problems_found", "案卷评查发现问题", "个", problems_found),
            ("problems_rectified", "督促整改案卷评查问题", "个", problems_rectified),
            ("case_files_excellent", "评查为优秀的案卷", "本", _graded(Grade.EXCELLENT)),
            ("case_files_passed", "评查为合格的案卷", "本", _graded(Grade.PASSED)),
            ("case_files_failed", "评查为不合格的案卷", "本", _graded(Grade.FAILED)),
        ),
        start=60,
    ):
        register_figure(
            Figure(
                key=f"enforcement.{key}",
                label=label,
                unit=unit,
                chapter=chapter,
                compute=compute,
                order=order,
                lead="",
            )
        )
