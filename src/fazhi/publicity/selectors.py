"""Reads of the publicity ledger: the user's scoped lists and the region's yearly counts."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from fazhi.core.figures import percent
from fazhi.publicity.models import (
    Campaign,
    CaseEpisode,
    PublicityActivity,
    ResponsibilityList,
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


@dataclass(frozen=True)
class ActivityTotals:
    activities: int
    participants: int


def activity_totals(*, activities: QuerySet[PublicityActivity]) -> ActivityTotals:
    """How many activities `activities` holds and how many took part in them, in one query."""
    totals = activities.order_by().aggregate(count=Count("pk"), participants=Sum("participants"))
    return ActivityTotals(totals["count"], totals["participants"] or 0)


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


# A task's activities held in the year of its list.
_HELD = Count("activities", filter=Q(activities__held_on__year=F("responsibility_list__year")))


def task_progress(*, region_prefix: str, year: int) -> list[tuple[int, int]]:
    """(planned, held) for each of the region's list tasks of the year, held counted that year.

    One query, so a figure built on it costs one query a year.
    """
    counted = task_list_of_year(region_prefix=region_prefix, year=year).annotate(held=_HELD)
    return list(counted.values_list("planned_count", "held"))


def list_completion_percent(progress: Iterable[tuple[int, int]]) -> Decimal | None:
    """Share of the planned activities held, in %, from each task's (planned, held).

    Each task counts up to its plan: holding more of one task does not make up for another.
    None when nothing is planned. The one rule behind the report's 普法责任清单完成率 and the
    completion shown on the list pages.
    """
    planned = done = 0
    for planned_count, held in progress:
        planned += planned_count
        done += min(held, planned_count)
    return percent(done, planned)


def responsibility_list_list(*, user: Any) -> QuerySet[ResponsibilityList]:
    """The lists the user may see, each with its number of tasks and planned activities."""
    return (
        ResponsibilityList.objects.visible_to(user)
        .select_related("organization")
        .annotate(task_count=Count("tasks"), planned_total=Sum("tasks__planned_count"))
    )


def task_progress_by_list(
    *, lists: QuerySet[ResponsibilityList] | Sequence[int]
) -> dict[int, list[tuple[int, int]]]:
    """(planned, held) of each task of `lists` (rows or primary keys), by list, in one query."""
    tasks = ResponsibilityTask.objects.filter(responsibility_list__in=lists).annotate(held=_HELD)
    progress: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for list_id, planned_count, held in tasks.values_list(
        "responsibility_list_id", "planned_count", "held"
    ):
        progress[list_id].append((planned_count, held))
    return dict(progress)


def task_progress_of_list(
    *, responsibility_list: ResponsibilityList
) -> list[tuple[ResponsibilityTask, int]]:
    """The list's tasks in order, each with its activities held in the list's year."""
    tasks = responsibility_list.tasks.annotate(held=_HELD).order_by("number")
    return [(task, task.held) for task in tasks]


def task_list_of_units(*, organization_ids: Sequence[int]) -> QuerySet[ResponsibilityTask]:
    """The tasks of these units' lists, newest year first, with their list and unit."""
    return (
        ResponsibilityTask.objects.filter(responsibility_list__organization_id__in=organization_ids)
        .select_related("responsibility_list__organization")
        .order_by("-responsibility_list__year", "responsibility_list__organization_id", "number")
    )


def campaign_list(*, user: Any) -> QuerySet[Campaign]:
    """The campaigns the user may see (a department sees its region's), newest first."""
    return Campaign.objects.visible_to(user).order_by("-starts_on", "-pk")


def campaign_list_with_counts(*, user: Any) -> QuerySet[Campaign]:
    """The campaigns the user may see, each with the units and activities under it.

    The counts cover only the activities the user may see: a department counts its own.
    """
    seen = Q(activities__in=PublicityActivity.objects.visible_to(user).values("pk"))
    return (
        Campaign.objects.visible_to(user)
        .select_related("organization")
        .annotate(
            activity_count=Count("activities", filter=seen),
            unit_count=Count("activities__organization", filter=seen, distinct=True),
        )
    )


def episode_list(*, user: Any) -> QuerySet[CaseEpisode]:
    """The case-explained-by-law episodes the user may see, newest first."""
    return CaseEpisode.objects.visible_to(user).select_related("organization")
