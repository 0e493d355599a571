"""Who may see, write and review report passages, and whose annual report one may open.

A passage (NarrativeItem) belongs to the organization that wrote it. Its authors (members of that
organization holding WRITE_NARRATIVE) edit and submit it while it is a draft or returned; the
bureau's reviewers (REVIEW_NARRATIVE) accept or return it. Rows outside the user's scope answer
404 through `access_narrative_item_by_id`.
"""

from typing import Any

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import OutOfScope, access_by_id
from fazhi.core.roles import ROLE_CAPABILITIES, Capability
from fazhi.reports.models import NarrativeItem

EDITABLE_STATES = frozenset({NarrativeItem.Status.DRAFT, NarrativeItem.Status.RETURNED})
# Annual reports are written for a county-level city or for a town/street, never for a province.
REPORT_LEVELS = frozenset({Region.Level.COUNTY, Region.Level.TOWN})


def access_narrative_item_by_id(user: Any, pk: Any, *, for_update: bool = False) -> NarrativeItem:
    """The passage `pk` if the user may see it; Http404 (audited) otherwise."""
    queryset = NarrativeItem.objects.visible_to(user).select_related("region", "organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def writing_organizations(user: Any) -> list[Organization]:
    """The organizations in which the user holds a role that may write report passages."""
    if not getattr(user, "is_authenticated", False):
        return []
    organizations: dict[int, Organization] = {}
    for membership in user.memberships_cached():
        if Capability.WRITE_NARRATIVE in ROLE_CAPABILITIES[membership.role]:
            organizations.setdefault(membership.organization_id, membership.organization)
    return list(organizations.values())


def can_write_for_organization(user: Any, organization: Organization) -> bool:
    return any(candidate.pk == organization.pk for candidate in writing_organizations(user))


def can_create_narrative_item(user: Any) -> bool:
    return bool(writing_organizations(user))


def can_submit_narrative_item(user: Any, item: NarrativeItem) -> bool:
    """Authors of the passage's organization may send it for review (the FSM decides when)."""
    return can_write_for_organization(user, item.organization)


def can_edit_narrative_item(user: Any, item: NarrativeItem) -> bool:
    """Authors may change a passage while it is a draft or has been returned to them."""
    if item.status not in EDITABLE_STATES:
        return False
    return can_write_for_organization(user, item.organization)


def can_review_narrative_item(user: Any, item: NarrativeItem) -> bool:
    """The bureau's reviewers accept or return passages they can see (the FSM decides when)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_capability(Capability.REVIEW_NARRATIVE))


def can_view_report(user: Any, region: Region) -> bool:
    """A user opens the reports of the regions around or inside their organizations' regions.

    The town staff of 崖头 see the city's report and 崖头's own; nobody sees a neighbouring
    county's report, nor a province- or city-wide one (the platform serves one county).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if not user.has_capability(Capability.VIEW_REPORT):
        return False
    if region.level not in REPORT_LEVELS:
        return False
    for membership in user.memberships_cached():
        home = membership.organization.region
        if home.code.startswith(region.prefix) or region.code.startswith(home.prefix):
            return True
    return False


def access_report_region(user: Any, region: Region) -> Region:
    """The region if the user may open its report; Http404 (audited) otherwise."""
    if can_view_report(user, region):
        return region
    denial = audit_record(
        event=AuditLog.Event.DENIED,
        user=user,
        target=region,
        success=False,
        message=f"无权查看年度报告: {region.code}",
    )
    raise OutOfScope(denial)
