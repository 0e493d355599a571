"""Who keeps the officer register (departments) and who issues certificates (the bureau).

Departments holding MANAGE_OFFICERS register their own officers and apply for their
certificates; the bureau's supervision function (ISSUE_CERTIFICATES) issues, reviews, suspends,
reinstates and revokes them. Rows outside the user's scope answer 404.
"""

from typing import Any

from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id, acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.enforcement.models import Certificate, Officer


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def can_manage_officers(user: Any) -> bool:
    return _holds(user, Capability.MANAGE_OFFICERS)


def can_issue_certificates(user: Any) -> bool:
    return _holds(user, Capability.ISSUE_CERTIFICATES)


def may_see_officers(user: Any) -> bool:
    return can_manage_officers(user) or can_issue_certificates(user)


def organizations_managing_officers_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.MANAGE_OFFICERS)


def may_keep_officer(user: Any, officer: Officer) -> bool:
    return acts_for(user, officer.organization, Capability.MANAGE_OFFICERS)


def require_officers_desk(user: Any) -> None:
    if not may_see_officers(user):
        raise deny(user, None, "您没有查看行政执法人员名册的权限")


def require_officers_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user keeps `organization`'s officer register."""
    if not acts_for(user, organization, Capability.MANAGE_OFFICERS):
        raise deny(user, target, f"您不是“{organization.name}”的执法人员名册管理人员")


def require_issuing(user: Any, target: Any = None) -> None:
    if not can_issue_certificates(user):
        raise deny(user, target, "只有司法局执法监督部门可以办理执法证的核发、年审、暂扣和注销")


def access_officer_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Officer:
    require_officers_desk(user)
    queryset = Officer.objects.visible_to(user).select_related("organization", "posted_region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_certificate_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Certificate:
    require_officers_desk(user)
    queryset = Certificate.objects.visible_to(user).select_related("officer__organization")
    return access_by_id(queryset, user, pk, for_update=for_update)
