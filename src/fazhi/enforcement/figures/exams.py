"""Figures of the online exam: who sat it, who passed, the average score.

2022 report: "对全市新申领及四年年审的563名人员进行线上公共法律知识培训考试…考试通过率98%".
An officer counts once a year however many sittings they had; they passed when any sitting of
the year passed. The year is the year the paper was handed in (or taken in at its limit).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, QuerySet

from fazhi.core.figures import Figure, FigureResult, register_figure
from fazhi.core.models import Region
from fazhi.enforcement import selectors
from fazhi.enforcement.models import Officer, Paper


def _papers(region: Region, year: int) -> QuerySet[Paper]:
    return selectors.exam_papers_in(region=region, year=year)


def _officers(papers: QuerySet[Paper]) -> QuerySet[Officer]:
    return Officer.objects.filter(pk__in=papers.values("candidate")).order_by(
        "organization__code", "name"
    )


def officers_examined(region: Region, year: int) -> FigureResult:
    records = _officers(_papers(region, year))
    return FigureResult(records.count(), records)


def exam_pass_rate(region: Region, year: int) -> FigureResult:
    """Officers who passed a sitting of the year, of those examined, in whole percent."""
    papers = _papers(region, year)
    examined = _officers(papers).count()
    failed = _officers(papers).exclude(pk__in=papers.filter(passed=True).values("candidate"))
    if examined == 0:
        return FigureResult(None, failed)
    passed = examined - failed.count()
    rate = (Decimal(passed) * 100 / Decimal(examined)).quantize(Decimal(1), ROUND_HALF_UP)
    return FigureResult(rate, failed)


def exam_average_score(region: Region, year: int) -> FigureResult:
    """The average score of the papers handed in during the year, to one decimal."""
    papers = _papers(region, year)
    average = papers.aggregate(average=Avg("score"))["average"]
    if average is None:
        return FigureResult(None, papers)
    value = Decimal(str(average)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return FigureResult(value, papers.select_related("candidate").order_by("-score", "pk"))


def register(chapter: str) -> None:
    register_figure(
        Figure(
            # Scans papers and answers (1.2 million at province scale); rolled up (ADR 0013).
            rolled_up=True,
            key="enforcement.officers_examined",
            label="参加线上法律知识考试的执法人员",
            unit="名",
            chapter=chapter,
            compute=officers_examined,
            order=30,
            lead="",
        )
    )
    register_figure(
        Figure(
            rolled_up=True,
            key="enforcement.exam_pass_rate",
            label="线上法律知识考试通过率",
            unit="%",
            chapter=chapter,
            compute=exam_pass_rate,
            order=31,
            is_rate=True,
            lead="",
        )
    )
    register_figure(
        Figure(
            rolled_up=True,
            key="enforcement.exam_average_score",
            label="线上法律知识考试平均分",
            unit="分",
            chapter=chapter,
            compute=exam_average_score,
            order=32,
            lead="",
        )
    )
