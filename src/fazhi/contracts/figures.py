"""The contracts chapter of the annual report (合同管理), computed from records."""

from django.db.models import Count, Q

from fazhi.contracts.models import ContractCategory
from fazhi.contracts.selectors import (
    contract_list_filed,
    contract_list_government_reviewed,
    dispute_list_filed,
)
from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    percent,
    register_chapter,
    register_figure,
)
from fazhi.core.models import Region

CHAPTER = "contracts"


def government_reviewed(region: Region, year: int) -> FigureResult:
    """Government contracts whose legality review the bureau concluded in the year."""
    records = contract_list_government_reviewed(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def department_filed(region: Region, year: int) -> FigureResult:
    records = contract_list_filed(
        region_prefix=region.prefix, year=year, category=ContractCategory.DEPARTMENT
    )
    return FigureResult(records.count(), records)


def filing_on_time_rate(region: Region, year: int) -> FigureResult:
    """Share of the contracts (both categories) filed in the year that were filed on time, in %."""
    records = contract_list_filed(region_prefix=region.prefix, year=year)
    counts = records.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(filed_on_time=True)))
    return FigureResult(percent(counts["on_time"], counts["total"]), records)


def disputes(region: Region, year: int) -> FigureResult:
    records = dispute_list_filed(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def register_contracts_figures() -> None:
    register_chapter(CHAPTER, "合同管理", part=ReportPart.MEASURES, order=30)
    for figure in (
        Figure(
            # Scans contracts (170,000 at province scale); rolled up (ADR 0013).
            rolled_up=True,
            key="contracts.government_reviewed",
            label="合法性审核政府合同",
            lead="",
            unit="件",
            chapter=CHAPTER,
            compute=government_reviewed,
            order=1,
        ),
        Figure(
            rolled_up=True,
            key="contracts.department_filed",
            label="备案部门合同",
            lead="",
            unit="件",
            chapter=CHAPTER,
            compute=department_filed,
            order=2,
        ),
        Figure(
            rolled_up=True,
            key="contracts.filing_on_time_rate",
            label="合同按期备案率",
            unit="%",
            chapter=CHAPTER,
            compute=filing_on_time_rate,
            order=3,
            is_rate=True,
        ),
        Figure(
            rolled_up=True,
            key="contracts.disputes",
            label="发生合同纠纷",
            lead="",
            unit="件",
            chapter=CHAPTER,
            compute=disputes,
            order=4,
        ),
    ):
        register_figure(figure)
