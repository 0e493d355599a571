"""Figures of the officer register: who may enforce, and where.

`enforcement.town_officers`: officers working in the towns and streets at the end of the year —
active officers posted to a town (派驻) with a certificate valid on 31 December (2022 report:
"我市镇街共配备执法人员92名").
"""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from fazhi.core.figures import Figure, FigureResult, register_figure
from fazhi.core.models import Region
from fazhi.enforcement.models import Certificate, Officer


def _valid_on(day: datetime.date) -> Exists:
    return Exists(
        Certificate.objects.filter(
            officer=OuterRef("pk"),
            status__in=[Certificate.Status.ISSUED, Certificate.Status.EXPIRED],
            issued_on__lte=day,
            valid_until__gte=day,
        )
    )


def _officers_of(region: Region) -> QuerySet[Officer]:
    return Officer.objects.filter(organization__region__code__startswith=region.prefix, active=True)


def town_officers(region: Region, year: int) -> FigureResult:
    end = datetime.date(year, 12, 31)
    records = (
        _officers_of(region)
        .filter(posted_region__isnull=False)
        .filter(_valid_on(end))
        .order_by("organization__code", "name")
    )
    return FigureResult(records.count(), records)


def certified_officers(region: Region, year: int) -> FigureResult:
    end = datetime.date(year, 12, 31)
    records = _officers_of(region).filter(_valid_on(end)).order_by("organization__code", "name")
    return FigureResult(records.count(), records)


def register(chapter: str) -> None:
    for order, (key, label, compute) in enumerate(
        (
            ("town_officers", "镇街配备执法人员", town_officers),
            ("certified_officers", "持有效执法证人员", certified_officers),
        ),
        start=1,
    ):
        register_figure(
            Figure(
                # Scans officers and certificates (50,000 at province scale); rolled up (ADR 0013).
                rolled_up=True,
                key=f"enforcement.{key}",
                label=label,
                unit="名",
                chapter=chapter,
                compute=compute,
                order=order,
            )
        )
