"""Role administration as the security administrator does it from the user page.

The security administrator sees no business rows (三员分立), so the organizations a role can be
granted in are not reachable through `visible_to`; they are read here behind GRANT_ROLES.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from fazhi.core.models import Membership, Organization, User
from fazhi.core.permissions import access_user_by_id, require_capability
from fazhi.core.roles import Capability
from fazhi.core.services.accounts import membership_grant


def organization_list_grantable(*, acting_user: Any) -> QuerySet[Organization]:
    """Organizations in which a role may be granted: every one not abolished.

    Raises PermissionDenied without GRANT_ROLES.
    """
    require_capability(acting_user, Capability.GRANT_ROLES)
    return Organization.objects.filter(abolished_on__isnull=True).select_related("region")


@transaction.atomic
def membership_grant_by_ids(
    *, acting_user: User, user_id: int, organization_id: int, role: str
) -> Membership:
    """Grant `role` in an organization to the account `user_id` (security administrator).

    Refuses a grant to oneself, which would let the security administrator widen their own
    powers (三员分立). Raises ValidationError naming the field, PermissionDenied without
    GRANT_ROLES, Http404 for an unknown account.
    """
    organization = (
        organization_list_grantable(acting_user=acting_user).filter(pk=organization_id).first()
    )
    user = access_user_by_id(acting_user, user_id, for_update=True)
    if user.pk == acting_user.pk:
        raise ValidationError({"role": "不能给自己授予角色"})
    if organization is None:
        raise ValidationError({"organization": "单位不存在或已撤销"})
    return membership_grant(
        acting_user=acting_user, user=user, organization=organization, role=role
    )
