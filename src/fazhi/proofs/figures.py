"""Figures of the proof-item catalog: items by handling mode in force at the end of the year.

Computed from the catalog's version history (rongcheng-2022 report: 告知承诺 items 299 → 356), so
the previous year's value is the catalog in force on its 31 December.
"""

from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    register_chapter,
    register_figure,
    year_end,
)
from fazhi.core.models import Region
from fazhi.proofs.models import HandlingMode
from fazhi.proofs.selectors import items_in_force

CHAPTER = "proofs"


def _in_force_at_year_end(handling_mode: str):  # type: ignore[no-untyped-def]
    def compute(region: Region, year: int) -> FigureResult:
        versions = items_in_force(region, year_end(year), handling_mode=handling_mode)
        return FigureResult(versions.count(), versions)

    return compute


def register_proofs_figures() -> None:
    register_chapter(CHAPTER, "证明事项告知承诺", part=ReportPart.MEASURES, order=10)
    # (key, label, handling mode, headline); what exists at year end takes the default lead 共有.
    rows = (
        ("commitment_items", "实行告知承诺制的证明事项", HandlingMode.COMMITMENT, True),
        ("items_cancelled", "取消的证明事项", HandlingMode.CANCELLED, False),
        ("items_data_check", "以数据核查代替的证明事项", HandlingMode.DATA_CHECK, False),
        ("items_retained", "保留的证明事项", HandlingMode.RETAINED, False),
    )
    for order, (key, label, handling_mode, headline) in enumerate(rows, start=1):
        register_figure(
            Figure(
                key=f"proofs.{key}",
                label=label,
                unit="项",
                chapter=CHAPTER,
                compute=_in_force_at_year_end(handling_mode),
                order=order,
                headline=headline,
            )
        )
