"""The annual report as data: a frozen context built from the figures and accepted passages.

The builder decides what the report says; the renderers (reports/renderers.py) decide how it
looks in HTML, JSON and Word. It reads other apps only through `core.figures` (DESIGN).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fazhi.core.figures import (
    Chapter,
    FigureValue,
    Number,
    ReportPart,
    chapters,
    figures_evaluate,
    year_end,
)
from fazhi.core.models import Region
from fazhi.reports import phrasing
from fazhi.reports.models import NarrativeItem
from fazhi.reports.selectors import narrative_item_list_for_report

OTHER_FIGURES_TITLE = "其他统计数据"


@dataclass(frozen=True)
class FigureLine:
    key: str
    label: str
    unit: str
    chapter: str
    is_rate: bool
    value: Number | None
    previous: Number | None
    change: Decimal | None
    sentence: phrasing.FigureSentence
    has_records: bool
    # When the rollup refresh computed the value (core.services.rollups); None when computed now.
    refreshed_at: datetime.datetime | None = None

    @property
    def value_text(self) -> str:
        return phrasing.NO_VALUE if self.value is None else phrasing.format_number(self.value)

    @property
    def previous_text(self) -> str:
        return "—" if self.previous is None else phrasing.format_number(self.previous)

    @property
    def comparison(self) -> str:
        return phrasing.change_phrase(
            value=self.value,
            previous=self.previous,
            change=self.change,
            unit=self.unit,
            is_rate=self.is_rate,
        )


@dataclass(frozen=True)
class Passage:
    """An accepted narrative item as the report prints it."""

    pk: int
    title: str
    organization: str
    lead: str
    paragraphs: tuple[str, ...]

    @property
    def document_paragraphs(self) -> tuple[str, ...]:
        """The paragraphs with the lead-in ("一是…。") run into the first one, as printed."""
        if not self.lead:
            return self.paragraphs
        first, *rest = self.paragraphs or ("",)
        return (f"{self.lead}{first}", *rest)


@dataclass(frozen=True)
class Section:
    """A numbered subsection of a part: a registered chapter, or one standalone passage."""

    number: int
    heading: str
    chapter: str
    figures: tuple[FigureLine, ...]
    passages: tuple[Passage, ...]

    @property
    def figure_paragraph(self) -> str:
        return phrasing.join_sentences([str(line.sentence) for line in self.figures])

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """Everything under the heading, in order, as plain paragraphs (for Word)."""
        lines = [self.figure_paragraph] if self.figures else []
        for passage in self.passages:
            lines.extend(passage.document_paragraphs)
        return tuple(lines)


@dataclass(frozen=True)
class PartSection:
    part: int
    heading: str
    sections: tuple[Section, ...]

    @property
    def is_empty(self) -> bool:
        return not self.sections

    @property
    def empty_notice(self) -> str:
        return phrasing.EMPTY_PART_NOTICE if self.is_empty else ""


@dataclass(frozen=True)
class AnnualReport:
    region_code: str
    region_short_code: str
    region_name: str
    year: int
    title: str
    opening: str
    data_as_of: datetime.date
    generated_at: datetime.datetime
    parts: tuple[PartSection, ...]

    @property
    def figures(self) -> tuple[FigureLine, ...]:
        """Every figure in report order (part, chapter, figure order, key)."""
        return tuple(
            line for part in self.parts for section in part.sections for line in section.figures
        )

    @property
    def rollups_refreshed_at(self) -> datetime.datetime | None:
        """The oldest rollup time among the figures read from the rollup table, if any."""
        times = [line.refreshed_at for line in self.figures if line.refreshed_at is not None]
        return min(times) if times else None

    @property
    def data_as_of_line(self) -> str:
        return phrasing.data_as_of_line(
            self.data_as_of, self.generated_at, rollups_refreshed_at=self.rollups_refreshed_at
        )


def _paragraphs(body: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in body.splitlines() if line.strip())


def _passage(item: NarrativeItem, *, point: int | None) -> Passage:
    return Passage(
        pk=item.pk,
        title=item.title,
        organization=item.organization.name,
        lead=phrasing.point_sentence(point, item.title) if point is not None else "",
        paragraphs=_paragraphs(item.body),
    )


def _figure_line(value: FigureValue, scope: str) -> FigureLine:
    figure = value.figure
    return FigureLine(
        key=figure.key,
        label=figure.label,
        unit=figure.unit,
        chapter=figure.chapter,
        is_rate=figure.is_rate,
        value=value.value,
        previous=value.previous,
        change=value.change,
        sentence=phrasing.figure_sentence(
            scope=scope,
            label=figure.label,
            unit=figure.unit,
            value=value.value,
            previous=value.previous,
            change=value.change,
            is_rate=figure.is_rate,
            lead=figure.lead,
        ),
        has_records=value.has_records,
        refreshed_at=value.refreshed_at,
    )


def _part_sections(
    part: int,
    part_chapters: list[Chapter],
    lines_by_chapter: dict[str, list[FigureLine]],
    items_by_chapter: dict[str, list[NarrativeItem]],
    standalone: list[NarrativeItem],
    orphan_lines: list[FigureLine],
) -> tuple[Section, ...]:
    sections: list[Section] = []
    for chapter in part_chapters:
        lines = lines_by_chapter.get(chapter.key, [])
        items = items_by_chapter.get(chapter.key, [])
        if not lines and not items:
            continue
        sections.append(
            Section(
                number=len(sections) + 1,
                heading=phrasing.section_heading(len(sections) + 1, chapter.title),
                chapter=chapter.key,
                figures=tuple(lines),
                passages=tuple(
                    _passage(item, point=index) for index, item in enumerate(items, start=1)
                ),
            )
        )
    if orphan_lines:
        sections.append(
            Section(
                number=len(sections) + 1,
                heading=phrasing.section_heading(len(sections) + 1, OTHER_FIGURES_TITLE),
                chapter="",
                figures=tuple(orphan_lines),
                passages=(),
            )
        )
    for item in standalone:
        sections.append(
            Section(
                number=len(sections) + 1,
                heading=phrasing.section_heading(len(sections) + 1, item.title),
                chapter="",
                figures=(),
                passages=(_passage(item, point=None),),
            )
        )
    return tuple(sections)


def annual_report_build(
    *, region: Region, year: int, generated_at: datetime.datetime | None = None
) -> AnnualReport:
    """The annual report of `region` for `year`: five parts, their chapters, figures and passages.

    Part 1 holds the registered chapters with their figures; accepted passages go under their
    part and chapter (a passage without a chapter, or of a chapter outside its part, becomes a
    section of its own). An empty part stays in the report with an explicit notice.
    Queries: two per registered figure plus one for the passages, whatever the data size.
    """
    generated_at = timezone.localtime(generated_at or timezone.now())
    scope = phrasing.scope_word(region.name)
    registered = chapters()
    chapter_parts = {chapter.key: chapter.part for chapter in registered}

    lines_by_chapter: dict[str, list[FigureLine]] = defaultdict(list)
    orphan_lines: list[FigureLine] = []
    chapter_rank = {chapter.key: rank for rank, chapter in enumerate(registered)}
    evaluated = sorted(
        figures_evaluate(region, year),
        key=lambda value: (
            chapter_rank.get(value.figure.chapter, len(chapter_rank)),
            value.figure.order,
            value.figure.key,
        ),
    )
    for value in evaluated:
        line = _figure_line(value, scope)
        if value.figure.chapter in chapter_parts:
            lines_by_chapter[value.figure.chapter].append(line)
        else:
            orphan_lines.append(line)

    items_by_part_chapter: dict[int, dict[str, list[NarrativeItem]]] = defaultdict(
        lambda: defaultdict(list)
    )
    standalone_by_part: dict[int, list[NarrativeItem]] = defaultdict(list)
    for item in narrative_item_list_for_report(region=region, year=year):
        if item.chapter and chapter_parts.get(item.chapter) == item.part:
            items_by_part_chapter[item.part][item.chapter].append(item)
        else:
            standalone_by_part[item.part].append(item)

    parts = tuple(
        PartSection(
            part=part.value,
            heading=phrasing.part_heading(part.value, year),
            sections=_part_sections(
                part.value,
                [chapter for chapter in registered if chapter.part == part.value],
                lines_by_chapter,
                items_by_part_chapter[part.value],
                standalone_by_part[part.value],
                orphan_lines if part == ReportPart.MEASURES else [],
            ),
        )
        for part in ReportPart
    )
    return AnnualReport(
        region_code=region.code,
        region_short_code=region.short_code,
        region_name=region.name,
        year=year,
        title=phrasing.report_title(region.name, year),
        opening=phrasing.opening(region.name, year),
        data_as_of=min(year_end(year), generated_at.date()),
        generated_at=generated_at,
        parts=parts,
    )
