"""Rongcheng's 2022 certificate reviews, then suspensions and expiries, through the services.

The annual review (年审) wants the year's training hours and an exam passed since the last review
(`certificate_review`), so it comes after the training and exam parts: on 15 December 2022 the
bureau reviews the certificates of the officers who passed the 2022 online exam and reached the
hours. The others stay unreviewed and show as overdue. Certificates valid only to the end of
2022 are not reviewed and expire. In every fourth department one officer's card is held back
(暂扣) a fortnight before today, so the card and the to-do center show a suspension.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user
from fazhi.core.models import Region
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.enforcement.models import Certificate, Paper
from fazhi.enforcement.services import certificates

Log = Callable[[str], None]
D = datetime.date
REVIEWED_ON = D(2022, 12, 15)
END_OF_2022 = D(2022, 12, 31)
SUSPENDED_EVERY = 4


def _review(county: Region, bureau: object) -> tuple[int, int]:
    """Review the passed officers' cards; returns (reviewed, refused for the conditions)."""
    passed = Paper.objects.filter(
        passed=True, submitted_at__year=2022, candidate__organization__region=county
    ).values("candidate")
    due = Certificate.objects.filter(
        status=Certificate.Status.ISSUED,
        officer__in=passed,
        valid_until__gt=END_OF_2022,
        last_reviewed_on__isnull=True,
    ).order_by("pk")
    reviewed = refused = 0
    for certificate_id in due.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                certificates.certificate_review(
                    acting_user=bureau, certificate_id=certificate_id, on=REVIEWED_ON
                )
        except ValidationError:
            refused += 1
        else:
            reviewed += 1
    return reviewed, refused


def _suspend(county: Region, bureau: object, today: D) -> int:
    departments = organization_list_enforcement_departments(
        within=county, on=D(2022, 1, 1)
    ).order_by("code")
    suspended = 0
    for department in list(departments)[::SUSPENDED_EVERY]:
        held = (
            Certificate.objects.filter(
                officer__organization=department, status=Certificate.Status.ISSUED
            )
            .order_by("pk")
            .values_list("pk", flat=True)[3:4]
        )
        for certificate_id in held:
            certificates.certificate_suspend(
                acting_user=bureau,
                certificate_id=certificate_id,
                reason="涉嫌违法执法，调查期间暂扣执法证",
                on=today - datetime.timedelta(days=15),
            )
            suspended += 1
    return suspended


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过执法证年审")
        return
    if Certificate.objects.filter(
        officer__organization__region=county, last_reviewed_on__isnull=False
    ).exists():
        log("执法证年审记录已存在，跳过")
        return
    bureau = demo_bureau_user()
    today = timezone.localdate()
    with transaction.atomic():
        reviewed, refused = _review(county, bureau)
        suspended = _suspend(county, bureau, today)
        expired = certificates.certificates_expire(on=today)
    log(
        f"{REVIEWED_ON:%Y年%m月%d日}执法证年审通过{reviewed}张（不符合年审条件{refused}张）；"
        f"暂扣{suspended}张；已过有效期{expired}张"
    )
