"""Reads of changes of the place of execution (变更执行地) and of visits (会客)."""

import datetime
from typing import Any

from django.db.models import QuerySet

from fazhi.corrections.models import PlaceTransfer, VisitRequest

Status = PlaceTransfer.Status


def transfer_list(*, user: Any) -> QuerySet[PlaceTransfer]:
    return PlaceTransfer.objects.visible_to(user).select_related(
        "subject__region", "subject__office", "from_region", "to_region", "to_office"
    )


def transfer_list_awaiting_handover(*, user: Any) -> QuerySet[PlaceTransfer]:
    """Approved transfers whose notice or files have not gone to the new place yet."""
    return transfer_list(user=user).filter(status=Status.APPROVED).order_by("handover_due_on", "pk")


def transfer_list_reports_late(*, user: Any, on: datetime.date) -> QuerySet[PlaceTransfer]:
    """Handed-over transfers whose report at the new place is past due and not recorded."""
    return (
        transfer_list(user=user)
        .filter(status=Status.HANDED_OVER, report_due_on__lt=on)
        .order_by("report_due_on", "pk")
    )


def transfer_list_handed_over(*, region_prefix: str, year: int) -> QuerySet[PlaceTransfer]:
    """Transfers whose files were handed over in the year, counted where the subject went."""
    return PlaceTransfer.objects.filter(
        to_region__code__startswith=region_prefix,
        handed_over_on__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
    )


def visit_list_decided(*, region_prefix: str, year: int) -> QuerySet[VisitRequest]:
    """Visit applications decided in the year."""
    return VisitRequest.objects.filter(
        subject__region__code__startswith=region_prefix,
        decided_on__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
    )
