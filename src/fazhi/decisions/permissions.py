"""Who may see and do what with decision catalogs, proposals and major decisions.

- The lead unit (承办单位: a member of the decision's organization holding HANDLE_DECISIONS)
  moves its decision through the procedure (art. 11: the lead unit drafts and runs it).
- Departments and towns (HANDLE_DECISIONS) propose matters for their county's catalog.
- The bureau's legality functions (REVIEW_LEGALITY) compile, adopt and publish the catalog and
  adjust it (山东省重大行政决策程序规定 art. 4), and import historic decisions.
- A catalog is seen by the units of its county that handle decisions and by its bureau; a
  decision or a proposal only through `visible_to` (its unit, the town, the county bureau).
"""

from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.models import Organization, Region
from fazhi.core.permissions import access_by_id, acts_for, organizations_acting_with
from fazhi.core.roles import ROLE_CAPABILITIES, Capability
from fazhi.core.scoping import scope_condition
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, MajorDecision

COUNTY_PREFIX_LENGTH = 6
CATALOG_CAPABILITIES = frozenset({Capability.HANDLE_DECISIONS, Capability.REVIEW_LEGALITY})


def _county_prefix(organization: Organization) -> str:
    return organization.region.code[:COUNTY_PREFIX_LENGTH]


def catalog_condition(user: Any) -> Q:
    """Catalogs of the counties in which the user handles decisions or reviews legality."""
    condition = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return condition
    for membership in user.memberships_cached():
        if ROLE_CAPABILITIES[membership.role] & CATALOG_CAPABILITIES:
            condition |= Q(region__code__startswith=_county_prefix(membership.organization))
    return condition


def catalogs_visible_to(user: Any) -> QuerySet[DecisionCatalog]:
    return DecisionCatalog.objects.filter(catalog_condition(user)).select_related("region")


def access_catalog_by_id(user: Any, pk: Any, *, for_update: bool = False) -> DecisionCatalog:
    return access_by_id(catalogs_visible_to(user), user, pk, for_update=for_update)


def proposals_visible_to(user: Any) -> QuerySet[DecisionProposal]:
    """Proposals in the user's scope, and the catalog items the user's units are to lead."""
    leading = [o.pk for o in organizations_acting_with(user, Capability.HANDLE_DECISIONS)]
    condition = scope_condition(DecisionProposal, user)
    if leading:
        condition |= Q(lead_organization__in=leading)
    return DecisionProposal.objects.filter(condition)


def access_proposal_by_id(user: Any, pk: Any, *, for_update: bool = False) -> DecisionProposal:
    queryset = proposals_visible_to(user).select_related(
        "catalog__region", "organization", "lead_organization"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_decision_by_id(user: Any, pk: Any, *, for_update: bool = False) -> MajorDecision:
    queryset = MajorDecision.objects.visible_to(user).select_related(
        "region", "organization", "catalog_item__catalog"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def can_review_legality(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_capability(Capability.REVIEW_LEGALITY)
    )


def can_compile_catalog(user: Any, region: Region) -> bool:
    """The bureau of the county compiles its catalog: REVIEW_LEGALITY within that county."""
    return any(
        region.code.startswith(organization.region.prefix)
        for organization in organizations_acting_with(user, Capability.REVIEW_LEGALITY)
    )


def proposing_organizations(user: Any, catalog: DecisionCatalog) -> list[Organization]:
    """The user's units that may propose matters for `catalog` (units of the catalog's county)."""
    prefix = catalog.region.prefix
    return [
        organization
        for organization in organizations_acting_with(user, Capability.HANDLE_DECISIONS)
        if organization.region.code.startswith(prefix)
    ]


def can_propose(user: Any, catalog: DecisionCatalog) -> bool:
    return bool(proposing_organizations(user, catalog))


def can_handle_decision(user: Any, decision: MajorDecision) -> bool:
    """Only the lead unit records the steps of its decision."""
    return acts_for(user, decision.organization, Capability.HANDLE_DECISIONS)


def can_start_decision(user: Any, item: DecisionProposal) -> bool:
    return acts_for(user, item.lead_organization, Capability.HANDLE_DECISIONS)


def can_import_decisions(user: Any) -> bool:
    return can_review_legality(user)
