"""Reads that only the rules pages and API need: the choices of the create and propose forms."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.core.models import Organization
from fazhi.rules.issuers import GOVERNMENT_KINDS
from fazhi.rules.models import NormativeDocument, PlanItem
from fazhi.rules.permissions import organizations_drafting_for


def issuers_for(organizations: Sequence[Organization]) -> QuerySet[Organization]:
    """Who may issue what `organizations` draft: each unit itself and its government.

    Its government is the people's government of the unit's own region, or its parent when that
    is a government (山东省人民政府令第353号 art. 5; rules.issuers.issuer_validate).
    """
    if not organizations:
        return Organization.objects.none()
    condition = Q(pk__in=[organization.pk for organization in organizations])
    for organization in organizations:
        condition |= Q(kind__in=GOVERNMENT_KINDS, region_id=organization.region_id)
        if organization.parent_id is not None:
            condition |= Q(kind__in=GOVERNMENT_KINDS, pk=organization.parent_id)
    return Organization.objects.filter(condition).order_by("kind", "code")


def issuer_choices_for(user: Any) -> QuerySet[Organization]:
    return issuers_for(organizations_drafting_for(user))


def plan_items_to_draft(user: Any) -> QuerySet[PlanItem]:
    """Items taken into a plan that the user's units may now start drafting."""
    organizations = organizations_drafting_for(user)
    return (
        PlanItem.objects.visible_to(user)
        .filter(status=PlanItem.Status.PLANNED, organization__in=organizations)
        .select_related("plan")
        .order_by("-plan__year", "planned_quarter", "pk")
    )


def document_counts_by_issuer_and_year(
    queryset: QuerySet[NormativeDocument],
) -> list[dict[str, Any]]:
    """How many documents of `queryset` each issuer signed each year (unsigned ones left out)."""
    rows: Any = (
        queryset.filter(signed_on__isnull=False)
        .order_by()
        .values("issuer__name", "signed_on__year")
        .annotate(count=Count("pk"))
        .order_by("-signed_on__year", "issuer__name")
    )
    return list(rows)
