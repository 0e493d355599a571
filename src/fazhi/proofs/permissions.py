"""Who proposes catalog changes and who reviews and publishes the catalog.

Departments holding PROPOSE_PROOF_ITEMS propose additions, adjustments and removals for their own
items; the bureau (REVIEW_PROOF_CATALOG) reviews them and publishes releases (威海市证明事项告知
承诺制工作规程 art. 4–5). The catalog itself is public; proposals stay with their department and
the bureau. Other rows answer 404 (access_*_by_id).
"""

from typing import Any

from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id, acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.proofs.models import (
    ApplicationProof,
    CatalogChange,
    CatalogRelease,
    FalseCommitment,
    ProofItem,
    ServiceApplication,
    SpotCheck,
    Verification,
)


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def can_review_catalog(user: Any) -> bool:
    return _holds(user, Capability.REVIEW_PROOF_CATALOG)


def can_propose(user: Any) -> bool:
    return _holds(user, Capability.PROPOSE_PROOF_ITEMS)


def can_propose_for(user: Any, organization: Organization) -> bool:
    return acts_for(user, organization, Capability.PROPOSE_PROOF_ITEMS)


def organizations_proposing_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.PROPOSE_PROOF_ITEMS)


def may_see_catalog_desk(user: Any) -> bool:
    return can_propose(user) or can_review_catalog(user)


def require_catalog_desk(user: Any) -> None:
    """PermissionDenied (audited) unless the user proposes items or reviews the catalog."""
    if not may_see_catalog_desk(user):
        raise deny(user, None, "您没有查看证明事项清单管理页面的权限")


def require_catalog_review(user: Any, target: Any = None) -> None:
    if not can_review_catalog(user):
        raise deny(user, target, "只有司法局可以审核和发布证明事项清单")


def access_item_by_id(user: Any, pk: Any) -> ProofItem:
    require_catalog_desk(user)
    return access_by_id(ProofItem.objects.visible_to(user).select_related("region"), user, pk)


def access_change_by_id(user: Any, pk: Any, *, for_update: bool = False) -> CatalogChange:
    require_catalog_desk(user)
    queryset = CatalogChange.objects.visible_to(user).select_related(
        "region", "organization", "item", "release"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_release_by_id(user: Any, pk: Any, *, for_update: bool = False) -> CatalogRelease:
    require_catalog_desk(user)
    queryset = CatalogRelease.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


# Service applications (办件): the handling department's clerks (HANDLE_SERVICE_APPLICATIONS) open
# and decide them, run the spot checks and record untrue commitments; the bureau reads them.
# An assisted verification is answered by the requested department's clerks.


def can_handle_applications(user: Any) -> bool:
    return _holds(user, Capability.HANDLE_SERVICE_APPLICATIONS)


def organizations_handling_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.HANDLE_SERVICE_APPLICATIONS)


def may_see_applications(user: Any) -> bool:
    return can_handle_applications(user) or can_review_catalog(user)


def require_applications_desk(user: Any) -> None:
    if not may_see_applications(user):
        raise deny(user, None, "您没有查看办件的权限")


def require_handles_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user handles applications for `organization`."""
    if not acts_for(user, organization, Capability.HANDLE_SERVICE_APPLICATIONS):
        raise deny(user, target, f"您不是“{organization.name}”的办件经办人员")


def access_application_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ServiceApplication:
    require_applications_desk(user)
    queryset = ServiceApplication.objects.visible_to(user).select_related(
        "region", "organization", "clerk"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_application_proof_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> ApplicationProof:
    require_applications_desk(user)
    queryset = ApplicationProof.objects.visible_to(user).select_related(
        "application__organization", "application__region", "item", "version__organization"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_verification_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Verification:
    require_applications_desk(user)
    queryset = Verification.objects.visible_to(user).select_related(
        "proof__application__organization", "proof__version", "requested_organization"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_assisted_request_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Verification:
    """An assisted verification addressed to one of the user's departments (协助核查请求)."""
    queryset = Verification.objects.filter(
        method="assisted", requested_organization__in=organizations_handling_for(user)
    ).select_related("proof__application__organization", "proof__version", "requested_organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_spot_check_by_id(user: Any, pk: Any, *, for_update: bool = False) -> SpotCheck:
    require_applications_desk(user)
    queryset = SpotCheck.objects.visible_to(user).select_related("region", "organization", "draw")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_false_commitment_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> FalseCommitment:
    require_applications_desk(user)
    queryset = FalseCommitment.objects.visible_to(user).select_related(
        "application__organization", "proof__version"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)
