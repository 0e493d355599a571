"""Who may do what in community corrections, and the access gates of its records.

The county's corrections body (社区矫正机构: the bureau's corrections function, MANAGE_CORRECTIONS)
acts for its whole county; a town's judicial office (司法所, SUPERVISE_CORRECTIONS held in a
judicial-office organization) supervises the subjects living in its town, under the body's
entrustment (社区矫正法 art. 9). Town-government staff hold the town role too, but are not a
judicial office: they supervise no one. Rows outside the user's scope answer 404.
"""

from typing import Any

from fazhi.core.models import Organization, Region
from fazhi.core.permissions import access_by_id, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.corrections.models import (
    ApprovalRequest,
    CorrectionFile,
    CorrectionSubject,
    LocationCheck,
    LocationDevice,
    PlaceTransfer,
    SupervisionAlert,
    VisitRequest,
)


def _body_prefixes(user: Any) -> list[str]:
    return [o.region.prefix for o in organizations_acting_with(user, Capability.MANAGE_CORRECTIONS)]


def _office_prefixes(user: Any) -> list[str]:
    return [
        organization.region.prefix
        for organization in organizations_acting_with(user, Capability.SUPERVISE_CORRECTIONS)
        if organization.kind == Organization.Kind.JUDICIAL_OFFICE
    ]


def _covers(prefixes: list[str], region: Region) -> bool:
    return any(region.code.startswith(prefix) for prefix in prefixes)


def is_corrections_body_for(user: Any, region: Region) -> bool:
    """Whether the user acts as the county corrections body where `region` lies."""
    return _covers(_body_prefixes(user), region)


def can_supervise_in(user: Any, region: Region) -> bool:
    """Whether the user supervises subjects living in `region` (its judicial office or the body)."""
    return _covers(_office_prefixes(user) + _body_prefixes(user), region)


def is_corrections_desk(user: Any) -> bool:
    """Whether the user works in community corrections at all (the pages' gate)."""
    return bool(_body_prefixes(user) or _office_prefixes(user))


def require_corrections_desk(user: Any) -> None:
    if not is_corrections_desk(user):
        raise deny(user, None, "您不是社区矫正机构或司法所的工作人员")


def require_corrections_body_for(user: Any, region: Region, what: str) -> None:
    """PermissionDenied (audited) unless the user is the county corrections body for `region`."""
    if not is_corrections_body_for(user, region):
        raise deny(user, None, f"{what}由县级社区矫正机构办理")


def require_supervisor_for(user: Any, subject: CorrectionSubject, what: str) -> None:
    """PermissionDenied (audited) unless the user supervises `subject` (office or county body)."""
    if not can_supervise_in(user, subject.region):
        raise deny(user, subject, f"您不能为该社区矫正对象办理{what}")


def access_subject_by_id(user: Any, pk: Any, *, for_update: bool = False) -> CorrectionSubject:
    """The subject `pk` within the user's scope, else Http404 (audited)."""
    queryset = CorrectionSubject.objects.visible_to(user).select_related("region", "office")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_alert_by_id(user: Any, pk: Any, *, for_update: bool = False) -> SupervisionAlert:
    queryset = SupervisionAlert.objects.visible_to(user).select_related("subject__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_check_by_id(user: Any, pk: Any, *, for_update: bool = False) -> LocationCheck:
    queryset = LocationCheck.objects.visible_to(user).select_related("subject__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_approval_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ApprovalRequest:
    queryset = ApprovalRequest.objects.visible_to(user).select_related("subject__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_device_by_id(user: Any, pk: Any, *, for_update: bool = False) -> LocationDevice:
    queryset = LocationDevice.objects.visible_to(user).select_related("subject__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_file_by_id(user: Any, pk: Any, *, for_update: bool = False) -> CorrectionFile:
    queryset = CorrectionFile.objects.visible_to(user).select_related("subject__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_visit_by_id(user: Any, pk: Any, *, for_update: bool = False) -> VisitRequest:
    queryset = VisitRequest.objects.visible_to(user).select_related("subject__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_transfer_by_id(user: Any, pk: Any, *, for_update: bool = False) -> PlaceTransfer:
    queryset = PlaceTransfer.objects.visible_to(user).select_related(
        "subject__region", "subject__office", "to_region", "to_office", "from_region"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)
