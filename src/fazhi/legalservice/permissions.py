"""Who sets up the legal-service network (the bureau) and who keeps its ledgers (each town).

The bureau's legal-service function (MANAGE_LEGAL_SERVICE_NETWORK) sets up stations and rooms
and appoints the village advisers; a town's judicial office (RECORD_LEGAL_SERVICES) records the
services, liaisons, committees and mediations of its own town, the bureau's function those of
the whole city. Rows outside the user's scope answer 404.
"""

from typing import Any

from fazhi.core.models import Region
from fazhi.core.permissions import (
    access_by_id,
    deny,
    organizations_acting_with,
    require_capability,
)
from fazhi.core.roles import Capability
from fazhi.legalservice.models import (
    LegalAidApplication,
    LegalLiaison,
    Mediation,
    ServiceStation,
)


def _prefixes(user: Any, capability: Capability) -> list[str]:
    return [
        organization.region.prefix for organization in organizations_acting_with(user, capability)
    ]


def _covers(prefixes: list[str], region: Region) -> bool:
    return any(region.code.startswith(prefix) for prefix in prefixes)


def can_manage_network_in(user: Any, region: Region) -> bool:
    return _covers(_prefixes(user, Capability.MANAGE_LEGAL_SERVICE_NETWORK), region)


def can_record_legal_services_in(user: Any, region: Region) -> bool:
    return _covers(_prefixes(user, Capability.RECORD_LEGAL_SERVICES), region)


def require_network_manager_for(user: Any, regions: list[Region]) -> None:
    """PermissionDenied (audited) unless the user sets up the network in every one of `regions`."""
    prefixes = _prefixes(user, Capability.MANAGE_LEGAL_SERVICE_NETWORK)
    outside = next((region for region in regions if not _covers(prefixes, region)), None)
    if not prefixes or outside is not None:
        where = f"“{outside.name}”" if outside is not None else ""
        raise deny(user, outside, f"您不能在{where}设立公共法律服务站点或聘任村居法律顾问")


def require_recorder_for(user: Any, regions: list[Region]) -> None:
    """PermissionDenied (audited) unless the user keeps the legal-service ledgers of `regions`."""
    prefixes = _prefixes(user, Capability.RECORD_LEGAL_SERVICES)
    outside = next((region for region in regions if not _covers(prefixes, region)), None)
    if not prefixes or outside is not None:
        where = f"“{outside.name}”的" if outside is not None else ""
        raise deny(user, outside, f"您不能登记{where}公共法律服务台账")


def access_station_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ServiceStation:
    """The station `pk` within the user's scope, else Http404 (audited)."""
    queryset = ServiceStation.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_mediation_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Mediation:
    """The mediation `pk` within the user's scope, else Http404 (audited)."""
    queryset = Mediation.objects.visible_to(user).select_related("committee__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


# Legal aid (法律援助): a town's judicial office (RECORD_LEGAL_SERVICES) receives applications
# on the applicant's behalf (山东省公共法律服务条例 art. 18, 协助办理法律援助手续); the legal aid
# centre, part of the bureau's legal-service function (MANAGE_LEGAL_SERVICE_NETWORK), decides,
# assigns and closes them.


def require_legal_aid_desk(user: Any) -> None:
    """PermissionDenied (audited) unless the user works on legal aid.

    The centre, a town's office, or a lawyer following the cases assigned to them (their scope
    holds only those).
    """
    if getattr(user, "is_authenticated", False) and user.has_any_capability(
        Capability.MANAGE_LEGAL_SERVICE_NETWORK, Capability.HANDLE_LEGAL_AID_CASES
    ):
        return
    require_capability(user, Capability.RECORD_LEGAL_SERVICES)


def can_decide_legal_aid_in(user: Any, region: Region) -> bool:
    return _covers(_prefixes(user, Capability.MANAGE_LEGAL_SERVICE_NETWORK), region)


def require_legal_aid_centre_for(user: Any, regions: list[Region]) -> None:
    """PermissionDenied (audited) unless the user decides legal aid for every one of `regions`."""
    prefixes = _prefixes(user, Capability.MANAGE_LEGAL_SERVICE_NETWORK)
    outside = next((region for region in regions if not _covers(prefixes, region)), None)
    if not prefixes or outside is not None:
        where = f"“{outside.name}”的" if outside is not None else ""
        raise deny(user, outside, f"您不能审查、指派或结案{where}法律援助申请")


def access_legal_aid_application_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> LegalAidApplication:
    """The legal aid application `pk` within the user's scope, else Http404 (audited)."""
    queryset = LegalAidApplication.objects.visible_to(user).select_related(
        "region", "assignee_user", "terminated_by"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_liaison_by_id(user: Any, pk: Any, *, for_update: bool = False) -> LegalLiaison:
    """The legal liaison `pk` within the user's scope, else Http404 (audited)."""
    queryset = LegalLiaison.objects.visible_to(user).select_related("village__parent")
    return access_by_id(queryset, user, pk, for_update=for_update)
