"""Report figures of major administrative decisions (chapter "重大行政决策")."""

from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    percent,
    register_chapter,
    register_figure,
)
from fazhi.core.models import Region
from fazhi.decisions.selectors import (
    catalog_item_list_published,
    decision_complete_count,
    decision_list_decided,
)
from fazhi.legality.models import SubjectKind
from fazhi.legality.selectors import review_list_concluded

CHAPTER = "decisions"


def catalog_items(region: Region, year: int) -> FigureResult:
    """Items of the year's published catalog: in-year additions counted, removed items not."""
    items = catalog_item_list_published(region_prefix=region.prefix, year=year)
    return FigureResult(items.count(), items)


def decided(region: Region, year: int) -> FigureResult:
    decisions = decision_list_decided(region_prefix=region.prefix, year=year)
    return FigureResult(decisions.count(), decisions)


def procedure_completion_rate(region: Region, year: int) -> FigureResult:
    """Share of the decisions decided in the year whose mandatory steps were all recorded.

    A decision counts as complete when every step its attributes make mandatory has evidence
    and the legality review passed (selectors.decision_complete_count, the rule of
    decision_missing_steps). None without decisions; three queries whatever their number.
    """
    decisions = decision_list_decided(region_prefix=region.prefix, year=year)
    rows = list(decisions)
    if not rows:
        return FigureResult(None, decisions)
    return FigureResult(percent(decision_complete_count(rows), len(rows)), decisions)


def legality_reviews(region: Region, year: int) -> FigureResult:
    reviews = review_list_concluded(
        region_prefix=region.prefix, kind=SubjectKind.DECISION, year=year
    )
    return FigureResult(reviews.count(), reviews)


def register_decisions_figures() -> None:
    register_chapter(CHAPTER, "重大行政决策", part=ReportPart.MEASURES, order=32)
    for figure in (
        Figure(
            # Scans decisions through their procedure steps; rolled up (ADR 0013).
            rolled_up=True,
            key="decisions.catalog_items",
            label="重大行政决策目录事项",
            unit="项",
            chapter=CHAPTER,
            compute=catalog_items,
            order=1,
            headline=True,
        ),
        Figure(
            rolled_up=True,
            key="decisions.decided",
            label="经集体讨论决定的重大行政决策",
            unit="项",
            chapter=CHAPTER,
            compute=decided,
            order=2,
        ),
        Figure(
            rolled_up=True,
            key="decisions.procedure_completion_rate",
            label="重大行政决策法定程序履行率",
            unit="%",
            chapter=CHAPTER,
            compute=procedure_completion_rate,
            order=3,
            is_rate=True,
        ),
        Figure(
            rolled_up=True,
            key="decisions.legality_reviews",
            label="开展重大行政决策合法性审查",
            lead="",
            unit="件",
            chapter=CHAPTER,
            compute=legality_reviews,
            order=4,
        ),
    ):
        register_figure(figure)
