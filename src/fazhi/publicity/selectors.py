"""Reads of the publicity ledger: the user's scoped lists and the region's yearly counts."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.publicity.models import (
    CaseEpisode,
    PublicityActivity,
    ResponsibilityTask,
)


def activity_list(
    *,
    user: Any,
    organization_id: int | None = None,
    venue: str = "",
    campaign_id: int | None = None,
    held_from: datetime.date | None = None,
    held_to: datetime.date | None = None,
) -> QuerySet[PublicityActivity]:
    """The activities the user may see, newest first, narrowed by the filters given."""
    activities = PublicityActivity.objects.visible_to(user).select_related(
        "organization", "region", "campaign", "task"
    )
    if organization_id is not None:
        activities = activities.filter(organization_id=organization_id)
    if venue:
        activities = activities.filter(venue=venue)
    if campaign_id is not None:
        activities = activities.filter(campaign_id=campaign_id)
    if held_from is not None:
        activities = activities.filter(held_on__gte=held_from)
    if held_to is not None:
        activities = activities.filter(held_on__lte=held_to)
    return activities


def activity_list_held(*, region_prefix: str, year: int) -> QuerySet[PublicityActivity]:
    """Every activity held in the region's subtree during the year."""
    return PublicityActivity.objects.filter(
        region__code__startswith=region_prefix, held_on__year=year
    )


def activity_list_in_campaigns(*, region_prefix: str, year: int) -> QuerySet[PublicityActivity]:
    """The year's activities held under a campaign the region (or a region above it) opened."""
    return activity_list_held(region_prefix=region_prefix, year=year).filter(campaign__isnull=False)


def episode_list_published(*, region_prefix: str, year: int) -> QuerySet[CaseEpisode]:
    return CaseEpisode.objects.filter(
        region__code__startswith=region_prefix, published_on__year=year
    )


def task_list_of_year(*, region_prefix: str, year: int) -> QuerySet[ResponsibilityTask]:
    """The tasks of the region's responsibility lists for the year."""
    return ResponsibilityTask.objects.filter(
        responsibility_list__region__code__startswith=region_prefix,
        responsibility_list__year=year,
    ).order_by("responsibility_list_id", "number")


def task_progress(*, region_prefix: str, year: int) -> list[tuple[int, int]]:
    """(planned, held) for each of the region's list tasks of the year, held counted that year.

    One query, so a figure built on it costs one query a year.
    """
    tasks = task_list_of_year(region_prefix=region_prefix, year=year)
    counted = tasks.values("pk", "planned_count").annotate(
        held=Count("activities", filter=Q(activities__held_on__year=year))
    )
    return [(row["planned_count"], row["held"]) for row in counted]
