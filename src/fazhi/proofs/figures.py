"""Figures of certificate-free services (证明事项告知承诺), computed from records.

The catalog figures count the versions in force on 31 December (rongcheng-2022 report: 告知承诺
items 299 → 356), so the previous year's value is its own year end. The application figures
count what happened in the year: applications decided, proofs not submitted thanks to
cancellation, commitment or verification ("materials saved"), verifications by method with
their median time, commitments sampled after the decision and untrue ones found.
"""

import statistics
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.timezone import localdate

from fazhi.core.deadlines import working_days_between
from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    register_chapter,
    register_figure,
    year_end,
)
from fazhi.core.models import Region
from fazhi.proofs.models import HandlingMode, VerificationMethod
from fazhi.proofs.selectors import (
    applications_decided,
    commitments_spot_checked,
    false_commitments_found,
    items_in_force,
    proofs_saved,
    verifications_answered,
)

CHAPTER = "proofs"
Compute = Callable[[Region, int], FigureResult]
LOOKUPS = (VerificationMethod.INTERNAL, VerificationMethod.ONLINE)


def _in_force_at_year_end(handling_mode: str) -> Compute:
    def compute(region: Region, year: int) -> FigureResult:
        versions = items_in_force(region, year_end(year), handling_mode=handling_mode)
        return FigureResult(versions.count(), versions)

    return compute


def _verifications(*methods: str) -> Compute:
    def compute(region: Region, year: int) -> FigureResult:
        records = verifications_answered(region_prefix=region.prefix, year=year, methods=methods)
        return FigureResult(records.count(), records)

    return compute


def _median(values: list[float]) -> Decimal | None:
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def lookup_median_seconds(region: Region, year: int) -> FigureResult:
    """Median seconds from asking a data source to its answer, retries included."""
    records = verifications_answered(region_prefix=region.prefix, year=year, methods=LOOKUPS)
    durations = [
        (answered - requested).total_seconds()
        for requested, answered in records.values_list("requested_at", "answered_at")
        if answered is not None
    ]
    return FigureResult(_median(durations), records)


def assisted_median_working_days(region: Region, year: int) -> FigureResult:
    """Median working days an assisted verification took to be answered."""
    records = verifications_answered(
        region_prefix=region.prefix, year=year, methods=(VerificationMethod.ASSISTED,)
    )
    days = [
        float(working_days_between(localdate(requested), localdate(answered)))
        for requested, answered in records.values_list("requested_at", "answered_at")
        if answered is not None
    ]
    return FigureResult(_median(days), records)


def applications(region: Region, year: int) -> FigureResult:
    records = applications_decided(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def materials_saved(region: Region, year: int) -> FigureResult:
    records = proofs_saved(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def spot_checked(region: Region, year: int) -> FigureResult:
    records = commitments_spot_checked(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def false_commitments(region: Region, year: int) -> FigureResult:
    records = false_commitments_found(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


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
    # What was done in the year: acts, so no lead word ("全市办结办件1,234件").
    acts: tuple[tuple[str, str, str, Compute], ...] = (
        ("applications", "办结证明事项相关办件", "件", applications),
        ("materials_saved", "免于提交证明材料", "份", materials_saved),
        ("verifications_internal", "开展内部核查", "次", _verifications("internal")),
        ("verifications_online", "开展线上核查", "次", _verifications("online")),
        ("verifications_assisted", "开展行政协助核查", "次", _verifications("assisted")),
        ("lookup_median_seconds", "数据核查用时中位数", "秒", lookup_median_seconds),
        (
            "assisted_median_days",
            "协助核查答复用时中位数",
            "个工作日",
            assisted_median_working_days,
        ),
        ("spot_checked", "事后抽查告知承诺", "件", spot_checked),
        ("false_commitments", "查实不实承诺", "件", false_commitments),
    )
    for order, (key, label, unit, compute) in enumerate(acts, start=10):
        register_figure(
            Figure(
                key=f"proofs.{key}",
                label=label,
                lead="",
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                # Over the applications and their proofs and checks: hundreds of thousands of
                # rows in a province (ADR 0013).
                rolled_up=True,
            )
        )
