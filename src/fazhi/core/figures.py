"""The figure and chapter registries every app plugs into (DESIGN "Figures").

An app registers figures in its AppConfig.ready(): a key, a label, a unit, the chapter it
belongs to, and a function of (region, year) returning the value and the records behind it.
The registry adds the previous year's value and the change. The annual report and dashboards
read figures only through `figure_evaluate` / `figures_evaluate`.

A figure registered `rolled_up=True` counts a table of millions of rows at province scale: the
rollup refresh (core.services.rollups) stores its value per region of county level and above,
and `figures_evaluate` reads the stored value with its time instead of computing it (ADR 0013).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models

from fazhi.core.models import Region
from fazhi.core.selectors import (
    StoredFigure,
    organization_list_enforcement_departments,
    region_list_existing,
    rollups_stored,
)

Number = int | Decimal


# The five parts every annual rule-of-law government report has (督察工作规定; domain notes §15.1).
class ReportPart(models.IntegerChoices):
    MEASURES = 1, "主要举措和成效"
    SHORTCOMINGS = 2, "存在的不足和原因"
    LEADERS = 3, "党政主要负责人履行推进法治建设第一责任人职责情况"
    NEXT_YEAR = 4, "下一年度主要安排"
    OTHER = 5, "其他需要报告的情况"


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    part: int
    order: int


@dataclass(frozen=True)
class FigureResult:
    value: Number | None
    records: models.QuerySet[Any] | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    chapter: str
    compute: Callable[[Region, int], FigureResult]
    order: int = 0
    # True when the figure is a percentage: the change is then reported in points, not percent.
    is_rate: bool = False
    # Shown as a card on the workspace home page, not only in the report.
    headline: bool = False
    # The word between the scope and the label in the report's sentence: "全市共有镇(街道)22个"
    # for things that exist; "" when the label is an act, "全市制定政府规范性文件6件".
    lead: str = "共有"
    # Its value for a county or above comes from the rollup table (FigureRollup), refreshed by
    # a job, when the table has it: the figure scans millions of rows at province scale.
    rolled_up: bool = False


@dataclass(frozen=True)
class FigureValue:
    figure: Figure
    region: Region
    year: int
    value: Number | None
    previous: Number | None
    records: models.QuerySet[Any] | None = field(compare=False, default=None)
    # Whether the value can be traced to its records (the figure page lists them).
    has_records: bool = False
    # When the rollup refresh computed the value; None when it was computed just now.
    refreshed_at: datetime.datetime | None = None

    @property
    def change(self) -> Decimal | None:
        """Relative change against the previous year, in percent (points for rates), 1 decimal."""
        if self.value is None or self.previous is None:
            return None
        if self.figure.is_rate:
            delta = Decimal(self.value) - Decimal(self.previous)
        elif self.previous == 0:
            return None
        else:
            delta = (Decimal(self.value) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        return delta.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


_FIGURES: dict[str, Figure] = {}
_CHAPTERS: dict[str, Chapter] = {}


def register_chapter(key: str, title: str, *, part: int, order: int) -> None:
    _CHAPTERS[key] = Chapter(key, title, part, order)


def register_figure(figure: Figure) -> None:
    if figure.key in _FIGURES and _FIGURES[figure.key] != figure:
        raise ValueError(f"figure {figure.key} registered twice")
    _FIGURES[figure.key] = figure


def chapters() -> list[Chapter]:
    return sorted(_CHAPTERS.values(), key=lambda chapter: (chapter.part, chapter.order))


def figures() -> list[Figure]:
    return sorted(_FIGURES.values(), key=lambda figure: (figure.chapter, figure.order, figure.key))


def figure_get(key: str) -> Figure:
    return _FIGURES[key]


def figure_evaluate(key: str, region: Region, year: int) -> FigureValue:
    """The figure's value for the region and year, computed now, with the previous year's value."""
    figure = _FIGURES[key]
    current = figure.compute(region, year)
    previous = figure.compute(region, year - 1)
    return FigureValue(
        figure,
        region,
        year,
        current.value,
        previous.value,
        current.records,
        has_records=current.records is not None,
    )


def figures_evaluate(
    region: Region, year: int, *, headline_only: bool = False
) -> list[FigureValue]:
    """Every figure (or the headline ones) for the region and year, rolled-up ones from the table.

    A rolled-up figure is read from its stored rollup of both years when there is one (one
    query for all of them); otherwise, and for every other figure, it is computed now.
    """
    chosen = [figure for figure in figures() if figure.headline or not headline_only]
    stored = rollups_stored(
        region=region,
        years=(year, year - 1),
        keys=[figure.key for figure in chosen if figure.rolled_up],
    )
    return [
        _from_rollups(figure, region, year, stored) or figure_evaluate(figure.key, region, year)
        for figure in chosen
    ]


def _from_rollups(
    figure: Figure, region: Region, year: int, stored: dict[tuple[str, int], StoredFigure]
) -> FigureValue | None:
    current, previous = stored.get((figure.key, year)), stored.get((figure.key, year - 1))
    if current is None or previous is None:
        return None
    return FigureValue(
        figure,
        region,
        year,
        current.value,
        previous.value,
        has_records=current.has_records,
        refreshed_at=min(current.refreshed_at, previous.refreshed_at),
    )


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent to one decimal (rounding half up); None when `whole` is 0.

    Every rate of the report is rounded here, so 96.7% reads the same on every page.
    """
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _count(queryset: models.QuerySet[Any]) -> FigureResult:
    return FigureResult(queryset.count(), queryset)


def register_core_figures() -> None:
    """Core's own figures: the divisions and enforcement departments a report starts from."""
    register_chapter("core.basics", "基本情况", part=ReportPart.MEASURES, order=0)
    register_figure(
        Figure(
            key="core.towns",
            label="镇(街道)",
            unit="个",
            chapter="core.basics",
            headline=True,
            order=1,
            compute=lambda region, year: _count(
                region_list_existing(within=region, level=Region.Level.TOWN, on=year_end(year))
            ),
        )
    )
    register_figure(
        Figure(
            key="core.villages",
            label="村(社区)",
            unit="个",
            chapter="core.basics",
            headline=True,
            order=2,
            compute=lambda region, year: _count(
                region_list_existing(within=region, level=Region.Level.VILLAGE, on=year_end(year))
            ),
        )
    )
    register_figure(
        Figure(
            key="core.enforcement_departments",
            label="行政执法部门",
            unit="个",
            chapter="core.basics",
            headline=True,
            order=3,
            compute=lambda region, year: _count(
                organization_list_enforcement_departments(within=region, on=year_end(year))
            ),
        )
    )
