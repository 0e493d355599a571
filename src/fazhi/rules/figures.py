"""Figures of normative documents (rongcheng-2022-figures.md rows 7–10, domain notes §5.5)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, QuerySet

from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    percent,
    register_chapter,
    register_figure,
)
from fazhi.core.models import Region
from fazhi.legality.models import PASSING_OPINIONS, LegalityReview, Opinion, SubjectKind
from fazhi.legality.selectors import review_list_concluded
from fazhi.rules.models import NormativeDocument
from fazhi.rules.selectors import document_list_issued, evaluation_list

CHAPTER = "rules"
_PERCENT = Decimal("0.1")


def government_documents(region: Region, year: int) -> FigureResult:
    issued = document_list_issued(
        region=region, year=year, level=NormativeDocument.Level.GOVERNMENT
    )
    return FigureResult(issued.count(), issued)


def department_documents(region: Region, year: int) -> FigureResult:
    issued = document_list_issued(
        region=region, year=year, level=NormativeDocument.Level.DEPARTMENT
    )
    return FigureResult(issued.count(), issued)


def _passed_review() -> Q:
    """A document whose latest concluded review passed (the generic relation, by subquery)."""
    passed = LegalityReview.objects.filter(
        kind=SubjectKind.DOCUMENT,
        status=LegalityReview.Status.CONCLUDED,
        opinion__in=PASSING_OPINIONS,
    ).values("object_id")
    return Q(pk__in=passed)


def reviewed_filed_share(region: Region, year: int) -> FigureResult:
    """Share of the year's issued documents that passed legality review and were filed."""
    issued = document_list_issued(region=region, year=year)
    done = Q(_passed_review(), filed_on__isnull=False)
    counts = issued.aggregate(total=Count("pk"), complete=Count("pk", filter=done))
    # The records behind a share below 100% are the documents still missing review or filing.
    return FigureResult(percent(counts["complete"], counts["total"]), issued.exclude(done))


def post_evaluations(region: Region, year: int) -> FigureResult:
    evaluations = evaluation_list(
        region=region, year=year, level=NormativeDocument.Level.GOVERNMENT
    )
    return FigureResult(evaluations.count(), evaluations)


def _reviews(region: Region, year: int) -> QuerySet[LegalityReview]:
    return review_list_concluded(region_prefix=region.prefix, kind=SubjectKind.DOCUMENT, year=year)


def legality_reviews(region: Region, year: int) -> FigureResult:
    reviews = _reviews(region, year)
    return FigureResult(reviews.count(), reviews)


def revision_opinions(region: Region, year: int) -> FigureResult:
    """Reviews that asked for changes or found the draft unlawful (提出修改意见件数)."""
    reviews = _reviews(region, year).exclude(opinion=Opinion.LAWFUL)
    return FigureResult(reviews.count(), reviews)


def average_review_days(region: Region, year: int) -> FigureResult:
    reviews = _reviews(region, year)
    average = reviews.aggregate(days=Avg("working_days_used"))["days"]
    if average is None:
        return FigureResult(None, reviews)
    return FigureResult(Decimal(average).quantize(_PERCENT, rounding=ROUND_HALF_UP), reviews)


def filing_on_time_rate(region: Region, year: int) -> FigureResult:
    """Of the documents reported for filing in the year, the share reported within the limit."""
    filed = NormativeDocument.objects.filter(
        region__code__startswith=region.prefix, filed_on__year=year
    )
    late = Q(filed_on__gt=F("filing_due_on"))
    counts = filed.aggregate(total=Count("pk"), late=Count("pk", filter=late))
    return FigureResult(
        percent(counts["total"] - counts["late"], counts["total"]), filed.filter(late)
    )


def register_rules_figures() -> None:
    register_chapter(CHAPTER, "行政规范性文件", part=ReportPart.MEASURES, order=20)
    # (key, label, unit, compute, is_rate, headline, lead): labels that are acts take no "共有".
    rows = (
        ("government_documents", "制定政府规范性文件", "件", government_documents, False, True, ""),
        ("department_documents", "制定部门规范性文件", "件", department_documents, False, True, ""),
        (
            "reviewed_filed_share",
            "规范性文件合法性审核、备案审查率",
            "%",
            reviewed_filed_share,
            True,
            False,
            "",
        ),
        ("post_evaluations", "开展政府规范性文件后评估", "件", post_evaluations, False, False, ""),
        ("legality_reviews", "合法性审核规范性文件", "件", legality_reviews, False, False, ""),
        (
            "revision_opinions",
            "提出修改意见或认定不合法",
            "件",
            revision_opinions,
            False,
            False,
            "",
        ),
        ("average_review_days", "平均审核用时", "个工作日", average_review_days, False, False, ""),
        ("filing_on_time_rate", "规范性文件报备及时率", "%", filing_on_time_rate, True, False, ""),
    )
    for order, (key, label, unit, compute, is_rate, headline, lead) in enumerate(rows, start=1):
        register_figure(
            Figure(
                key=f"rules.{key}",
                label=label,
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                is_rate=is_rate,
                headline=headline,
                lead=lead,
            )
        )
