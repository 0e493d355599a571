"""Reads of the reports app: narrative items for the report and for review."""

from typing import Any

from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.reports.models import NarrativeItem


def narrative_item_list(*, user: Any) -> QuerySet[NarrativeItem]:
    return NarrativeItem.objects.visible_to(user).select_related("region", "organization")


def narrative_item_list_awaiting_review(*, user: Any) -> QuerySet[NarrativeItem]:
    return narrative_item_list(user=user).filter(status=NarrativeItem.Status.SUBMITTED)


def narrative_item_list_for_report(*, region: Region, year: int) -> QuerySet[NarrativeItem]:
    """Accepted items of the report of `region` for `year`, in report order."""
    return NarrativeItem.objects.filter(
        region=region, year=year, status=NarrativeItem.Status.ACCEPTED
    ).select_related("organization")
