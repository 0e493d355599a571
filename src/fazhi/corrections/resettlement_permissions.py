"""Who keeps the resettlement register and who arranges remote visits and hearings.

A town's judicial office (RECORD_RESETTLEMENT) enters the notices of its own residents, hands
them over and supports them; the bureau's corrections function (RECORD_RESETTLEMENT in the
county) does so for the whole city. Remote visits and hearings are arranged by the county body
(ARRANGE_REMOTE_VISITS). Rows outside the user's scope answer 404 (the gates), a refused action
on a visible row 403 (audited).
"""

from typing import Any

from fazhi.core.models import Region
from fazhi.core.permissions import access_by_id, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.corrections.models import (
    ReleasedPerson,
    RemoteHearing,
    RemoteVisit,
    SupportPathway,
)


def _prefixes(user: Any, capability: Capability) -> list[str]:
    return [
        organization.region.prefix for organization in organizations_acting_with(user, capability)
    ]


def _covers(prefixes: list[str], region: Region) -> bool:
    return any(region.code.startswith(prefix) for prefix in prefixes)


def can_record_resettlement_in(user: Any, region: Region) -> bool:
    return _covers(_prefixes(user, Capability.RECORD_RESETTLEMENT), region)


def can_arrange_remote_visits_in(user: Any, region: Region) -> bool:
    return _covers(_prefixes(user, Capability.ARRANGE_REMOTE_VISITS), region)


def require_resettlement_keeper_for(user: Any, regions: list[Region]) -> None:
    """PermissionDenied (audited) unless the user keeps the register of every one of `regions`."""
    prefixes = _prefixes(user, Capability.RECORD_RESETTLEMENT)
    outside = next((region for region in regions if not _covers(prefixes, region)), None)
    if not prefixes or outside is not None:
        where = f"“{outside.name}”的" if outside is not None else ""
        raise deny(user, outside, f"您不能登记或办理{where}刑满释放人员安置帮教")


def require_remote_visit_arranger_for(user: Any, regions: list[Region]) -> None:
    """PermissionDenied (audited) unless the user arranges remote visits for all `regions`."""
    prefixes = _prefixes(user, Capability.ARRANGE_REMOTE_VISITS)
    outside = next((region for region in regions if not _covers(prefixes, region)), None)
    if not prefixes or outside is not None:
        where = f"“{outside.name}”的" if outside is not None else ""
        raise deny(user, outside, f"您不能办理{where}远程视频会见或远程庭审提审")


def access_released_person_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ReleasedPerson:
    """The released person `pk` within the user's scope, else Http404 (audited)."""
    queryset = ReleasedPerson.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_support_pathway_by_id(user: Any, pk: Any, *, for_update: bool = False) -> SupportPathway:
    """The support pathway `pk` within the user's scope, else Http404 (audited)."""
    queryset = SupportPathway.objects.visible_to(user).select_related("person__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_remote_visit_by_id(user: Any, pk: Any, *, for_update: bool = False) -> RemoteVisit:
    """The remote visit application `pk` within the user's scope, else Http404 (audited)."""
    queryset = RemoteVisit.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_remote_hearing_by_id(user: Any, pk: Any, *, for_update: bool = False) -> RemoteHearing:
    """The remote hearing `pk` within the user's scope, else Http404 (audited)."""
    queryset = RemoteHearing.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)
