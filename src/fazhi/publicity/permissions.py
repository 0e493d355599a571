"""Who keeps the publicity ledger (each unit its own) and who runs campaigns (the bureau).

A unit holding RECORD_PUBLICITY issues its own responsibility list and records its own
activities and episodes; the bureau's general function (MANAGE_PUBLICITY) opens the region's
campaigns and follows every unit's ledger. Rows outside the user's scope answer 404.
"""

from typing import Any

from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id, acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.publicity.models import PublicityActivity, ResponsibilityList


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def can_record_publicity(user: Any) -> bool:
    return _holds(user, Capability.RECORD_PUBLICITY)


def can_manage_publicity(user: Any) -> bool:
    return _holds(user, Capability.MANAGE_PUBLICITY)


def may_see_publicity(user: Any) -> bool:
    return can_record_publicity(user) or can_manage_publicity(user)


def organizations_recording_publicity_for(user: Any) -> list[Organization]:
    """The units whose publicity ledger the user keeps."""
    return organizations_acting_with(user, Capability.RECORD_PUBLICITY)


def organizations_managing_campaigns_for(user: Any) -> list[Organization]:
    """The bureaus whose region's campaigns the user opens (the general function's)."""
    return organizations_acting_with(user, Capability.MANAGE_PUBLICITY)


def may_record_publicity_for(user: Any, organization: Organization) -> bool:
    return acts_for(user, organization, Capability.RECORD_PUBLICITY)


def require_publicity_desk(user: Any) -> None:
    """PermissionDenied (audited) unless the user keeps or follows a publicity ledger."""
    if not may_see_publicity(user):
        raise deny(user, None, "您没有查看普法工作台账的权限")


def require_publicity_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user keeps `organization`'s publicity ledger."""
    if not may_record_publicity_for(user, organization):
        raise deny(user, target, f"您不是“{organization.name}”的普法工作台账管理人员")


def require_campaign_manager(user: Any, organization: Organization) -> None:
    """PermissionDenied (audited) unless the user runs campaigns for `organization`."""
    if not acts_for(user, organization, Capability.MANAGE_PUBLICITY):
        raise deny(user, None, "只有司法局普法部门可以组织集中宣传活动")


def access_activity_by_id(user: Any, pk: Any, *, for_update: bool = False) -> PublicityActivity:
    require_publicity_desk(user)
    queryset = PublicityActivity.objects.visible_to(user).select_related(
        "organization", "region", "task", "campaign"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_responsibility_list_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> ResponsibilityList:
    require_publicity_desk(user)
    queryset = ResponsibilityList.objects.visible_to(user).select_related("organization")
    return access_by_id(queryset, user, pk, for_update=for_update)
