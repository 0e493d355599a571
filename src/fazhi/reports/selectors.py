"""Reads of the reports app: narrative items for the report and for review, and report regions."""

from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.models import Region
from fazhi.core.models.regions import PREFIX_LENGTH
from fazhi.core.roles import Capability
from fazhi.reports.models import NarrativeItem
from fazhi.reports.permissions import REPORT_LEVELS, writing_organizations


def narrative_item_list(*, user: Any) -> QuerySet[NarrativeItem]:
    return NarrativeItem.objects.visible_to(user).select_related("region", "organization")


def narrative_item_list_awaiting_review(*, user: Any) -> QuerySet[NarrativeItem]:
    return narrative_item_list(user=user).filter(status=NarrativeItem.Status.SUBMITTED)


def narrative_item_list_returned(*, user: Any) -> QuerySet[NarrativeItem]:
    """Passages the bureau returned to the organizations in which the user writes passages."""
    organizations = [organization.pk for organization in writing_organizations(user)]
    return narrative_item_list(user=user).filter(
        status=NarrativeItem.Status.RETURNED, organization__in=organizations
    )


def narrative_item_list_for_report(*, region: Region, year: int) -> QuerySet[NarrativeItem]:
    """Accepted items of the report of `region` for `year`, in report order."""
    return (
        NarrativeItem.objects.filter(region=region, year=year, status=NarrativeItem.Status.ACCEPTED)
        .select_related("organization")
        .order_by("part", "order", "pk")
    )


def report_region_list(*, user: Any) -> QuerySet[Region]:
    """The regions whose annual report the user may open (permissions.can_view_report), by code.

    One query: the regions inside the user's organizations' regions, and those around them.
    """
    if not getattr(user, "is_authenticated", False) or not user.has_capability(
        Capability.VIEW_REPORT
    ):
        return Region.objects.none()
    condition = Q(pk__in=[])
    for membership in user.memberships_cached():
        home = membership.organization.region
        around = {
            home.code[:length].ljust(12, "0")
            for length in PREFIX_LENGTH.values()
            if length < len(home.prefix)
        }
        condition |= Q(code__startswith=home.prefix) | Q(code__in=sorted(around))
    return Region.objects.filter(condition, level__in=sorted(REPORT_LEVELS)).order_by("code")


def narrative_region_list(*, user: Any) -> QuerySet[Region]:
    """The report regions the user may write passages for: those around their organizations."""
    codes: set[str] = set()
    for organization in writing_organizations(user):
        home = organization.region
        codes |= {
            home.code[:length].ljust(12, "0")
            for length in PREFIX_LENGTH.values()
            if length <= len(home.prefix)
        }
    return Region.objects.filter(code__in=sorted(codes), level__in=sorted(REPORT_LEVELS)).order_by(
        "code"
    )
