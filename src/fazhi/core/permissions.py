"""Access gates and predicates for core's own entities (STYLE §6).

`access_<entity>_by_id` returns the row or raises Http404 when it is outside the user's scope
(so ids do not leak); `require_capability` raises PermissionDenied (403). Both write the denial
to the audit log (S10).

A gate usually runs inside a service's transaction, which the denial then rolls back together
with the audit row. So the exceptions carry their row, and the interface that answers the
request calls `denial_ensure_recorded`, which writes the row again if it was lost.
"""

from typing import Any, NoReturn, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from fazhi.core.audit import audit_denial_restore, audit_record
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import (
    Attachment,
    AuditLog,
    Enterprise,
    ExportJob,
    Organization,
    Person,
    RandomDraw,
    Region,
    User,
)
from fazhi.core.roles import ROLE_CAPABILITIES, Capability
from fazhi.core.scoping import scope_condition, scoped_models

ModelT = TypeVar("ModelT", bound=models.Model)


class CapabilityDenied(PermissionDenied):
    """PermissionDenied from a gate, carrying the audit row that recorded the denial."""

    def __init__(self, denial: AuditLog) -> None:
        super().__init__()
        self.denial = denial


class OutOfScope(Http404):
    """Http404 from a gate (not found, or outside the user's scope), carrying its audit row."""

    def __init__(self, denial: AuditLog) -> None:
        super().__init__("记录不存在或不在您的数据范围内")
        self.denial = denial


def denial_ensure_recorded(error: BaseException) -> None:
    """Write the denial carried by a gate's exception again if a rollback took it (S10)."""
    if isinstance(error, CapabilityDenied | OutOfScope):
        audit_denial_restore(error.denial)


def require_capability(user: Any, capability: Capability) -> None:
    """Raise PermissionDenied (denial audited) unless one of the user's roles holds `capability`."""
    if getattr(user, "is_authenticated", False) and user.has_capability(capability):
        return
    denial = audit_record(
        event=AuditLog.Event.DENIED,
        user=user,
        success=False,
        message=f"缺少权限: {capability.value}",
    )
    raise CapabilityDenied(denial)


def organizations_acting_with(user: Any, capability: Capability) -> list[Organization]:
    """The organizations in which the user holds a role granting `capability`, in membership order.

    A department's legal officer acts for their department, not for the whole region: the
    records they draft, submit or answer belong to one of these organizations.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    found: dict[int, Organization] = {}
    for membership in user.memberships_cached():
        if capability in ROLE_CAPABILITIES[membership.role]:
            found.setdefault(membership.organization_id, membership.organization)
    return list(found.values())


def acts_for(user: Any, organization: Organization, capability: Capability) -> bool:
    """Whether the user holds `capability` in `organization` itself."""
    return any(o.pk == organization.pk for o in organizations_acting_with(user, capability))


def deny(user: Any, target: models.Model | None, message: str) -> CapabilityDenied:
    """Audit a refused action on a record the user can see; return the 403 error to raise.

    The error carries its audit row, so the interface can restore it after the service's
    transaction rolls back (denial_ensure_recorded).
    """
    denial = audit_record(
        event=AuditLog.Event.DENIED, user=user, target=target, success=False, message=message
    )
    error = CapabilityDenied(denial)
    error.message = message
    return error


def access_by_id(
    queryset: models.QuerySet[ModelT], user: Any, pk: Any, *, for_update: bool = False
) -> ModelT:
    """The row `pk` of a queryset already scoped to `user`, or Http404 with the denial audited."""
    if for_update:
        # Lock the row itself only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins that select_related makes for optional foreign keys.
        queryset = queryset.select_for_update(of=("self",))
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        return _denied_not_found(user, f"{queryset.model._meta.label} #{pk}")


def _denied_not_found(user: Any, what: str) -> NoReturn:
    denial = audit_record(
        event=AuditLog.Event.DENIED,
        user=user,
        success=False,
        message=f"不存在或不在数据范围内: {what}"[:500],
    )
    raise OutOfScope(denial) from None


def access_enterprise_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Enterprise:
    return access_by_id(Enterprise.objects.visible_to(user), user, pk, for_update=for_update)


def access_organization_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Organization:
    return access_by_id(Organization.objects.visible_to(user), user, pk, for_update=for_update)


def access_region_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Region:
    return access_by_id(Region.objects.visible_to(user), user, pk, for_update=for_update)


def access_person_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Person:
    return access_by_id(Person.objects.visible_to(user), user, pk, for_update=for_update)


def access_user_by_id(user: Any, pk: Any, *, for_update: bool = False) -> User:
    return access_by_id(User.objects.visible_to(user), user, pk, for_update=for_update)


def access_random_draw_by_id(user: Any, pk: Any, *, for_update: bool = False) -> RandomDraw:
    """The draw `pk` if it lies in the user's scope (its region/organization), else Http404."""
    queryset = RandomDraw.objects.visible_to(user).select_related("region", "organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_export_job_by_id(user: Any, pk: Any) -> ExportJob:
    """The export job `pk` if `user` asked for it: an export is only ever its requester's."""
    owned = ExportJob.objects.filter(requested_by_id=getattr(user, "pk", None))
    return access_by_id(owned.select_related("requested_by"), user, pk)


def can_reveal_person(user: Any, person: Person) -> bool:
    return user.has_capability(Capability.REVEAL_PERSONAL_DATA)


def can_edit_enterprise(user: Any, enterprise: Enterprise) -> bool:
    return user.has_capability(Capability.MANAGE_CODE_LISTS)


def can_manage_users(user: Any) -> bool:
    return user.has_capability(Capability.MANAGE_USERS)


def can_grant_roles(user: Any) -> bool:
    return user.has_capability(Capability.GRANT_ROLES)


def can_unlock_accounts(user: Any) -> bool:
    return user.has_capability(Capability.UNLOCK_ACCOUNTS)


def can_reset_totp_device(user: Any, account: User) -> bool:
    """The security administrator resets others' authenticators, never their own (三员分立)."""
    return user.has_capability(Capability.UNLOCK_ACCOUNTS) and user.pk != account.pk


def access_attachment_by_id(user: Any, pk: Any) -> tuple[Attachment, models.Model]:
    """The attachment and the record it belongs to, if the user may see that record.

    Raises Http404 (denial audited) for an unknown attachment, a record outside the user's scope,
    or a record of a model without a declared scope.
    """
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    model = attachment.content_type.model_class() if attachment is not None else None
    if attachment is None or model is None or model not in scoped_models():
        return _denied_not_found(user, f"附件 #{pk}")
    target = access_by_id(
        model._default_manager.filter(scope_condition(model, user)), user, attachment.object_id
    )
    return attachment, target
