"""Figures of enforcement supervision (行政执法监督).

2022 report: "公开选聘特邀行政执法监督员20名,确定行政执法监督企业联系点5个……2022年共实地监督
检查部门12个、伴随监督6次".
"""

import datetime

from django.db.models import F, Q

from fazhi.core.figures import Figure, FigureResult, register_figure
from fazhi.core.models import Organization, Region
from fazhi.enforcement.models import ContactPoint, SupervisionOpinion, SupervisionVisit
from fazhi.enforcement.selectors import invited_supervisors_in_office


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def invited_supervisors(region: Region, year: int) -> FigureResult:
    """Invited supervisors whose appointment ran for at least a day of the year."""
    start, end = _year(year)
    records = invited_supervisors_in_office(region=region, start=start, end=end).order_by(
        "batch_year", "name", "pk"
    )
    return FigureResult(records.count(), records)


def contact_points(region: Region, year: int) -> FigureResult:
    """Enterprise contact points designated by the year's end and not withdrawn before it began."""
    start, end = _year(year)
    records = (
        ContactPoint.objects.filter(region__code__startswith=region.prefix, designated_on__lte=end)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=start))
        .select_related("enterprise")
        .order_by("designated_on", "pk")
    )
    return FigureResult(records.count(), records)


def departments_supervised(region: Region, year: int) -> FigureResult:
    """Distinct departments supervised on site (any kind of visit) during the year."""
    start, end = _year(year)
    visited = SupervisionVisit.objects.filter(
        region__code__startswith=region.prefix, visited_on__range=(start, end)
    ).values("departments")
    records = Organization.objects.filter(pk__in=visited).order_by("code")
    return FigureResult(records.count(), records)


def accompanying_supervisions(region: Region, year: int) -> FigureResult:
    """Accompanying supervisions (伴随式监督) of drawn joint inspections during the year."""
    start, end = _year(year)
    records = SupervisionVisit.objects.filter(
        region__code__startswith=region.prefix,
        visited_on__range=(start, end),
        kind=SupervisionVisit.Kind.ACCOMPANYING,
    ).order_by("visited_on", "pk")
    return FigureResult(records.count(), records)


def opinions_issued(region: Region, year: int) -> FigureResult:
    start, end = _year(year)
    records = SupervisionOpinion.objects.filter(
        visit__region__code__startswith=region.prefix, issued_on__range=(start, end)
    ).order_by("issued_on", "pk")
    return FigureResult(records.count(), records)


def opinions_corrected_on_time(region: Region, year: int) -> FigureResult:
    """Opinions of the year whose correction was reported by the deadline and not sent back."""
    start, end = _year(year)
    records = (
        SupervisionOpinion.objects.filter(
            visit__region__code__startswith=region.prefix,
            issued_on__range=(start, end),
            status__in=[SupervisionOpinion.Status.REPORTED, SupervisionOpinion.Status.CLOSED],
        )
        .filter(reported_on__lte=F("correction_due_on"))
        .order_by("issued_on", "pk")
    )
    return FigureResult(records.count(), records)


def register(chapter: str) -> None:
    for order, (key, label, unit, lead, compute) in enumerate(
        (
            ("invited_supervisors", "特邀行政执法监督员", "名", "共有", invited_supervisors),
            ("contact_points", "行政执法监督企业联系点", "个", "确定", contact_points),
            ("departments_supervised", "实地监督检查部门", "个", "", departments_supervised),
            ("accompanying_supervisions", "伴随监督", "次", "", accompanying_supervisions),
            ("supervision_opinions", "制发行政执法监督意见书", "份", "", opinions_issued),
            (
                "supervision_opinions_on_time",
                "按期整改的监督意见书",
                "份",
                "",
                opinions_corrected_on_time,
            ),
        ),
        start=40,
    ):
        register_figure(
            Figure(
                key=f"enforcement.{key}",
                label=label,
                unit=unit,
                chapter=chapter,
                compute=compute,
                order=order,
                lead=lead,
            )
        )
