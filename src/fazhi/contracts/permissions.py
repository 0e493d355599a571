"""Who may see and handle contracts.

A contract belongs to its handling unit (承办单位, `organization`): members of that unit holding
HANDLE_CONTRACTS draft it, send it for review, sign, file and perform it. The bureau's legality
functions see every contract of their region (scope) and record accountability; they act on a
contract's workflow only for their own unit's contracts. Rows outside the user's scope answer 404
through the `access_*_by_id` gates.
"""

from typing import Any

from fazhi.contracts.models import (
    Contract,
    ContractDispute,
    ContractMilestone,
)
from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id, acts_for, organizations_acting_with
from fazhi.core.roles import Capability


def access_contract_by_id(user: Any, pk: Any, *, for_update: bool = False) -> Contract:
    queryset = Contract.objects.visible_to(user).select_related(
        "region", "organization", "party", "counterparty_enterprise"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_milestone_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ContractMilestone:
    queryset = ContractMilestone.objects.visible_to(user).select_related("contract__organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_dispute_by_id(user: Any, pk: Any, *, for_update: bool = False) -> ContractDispute:
    queryset = ContractDispute.objects.visible_to(user).select_related("contract__organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def contract_handling_organizations(user: Any) -> list[Organization]:
    """The units for which the user handles contracts (HANDLE_CONTRACTS in that unit)."""
    return organizations_acting_with(user, Capability.HANDLE_CONTRACTS)


def can_create_contract(user: Any) -> bool:
    return bool(contract_handling_organizations(user))


def can_handle_contract(user: Any, contract: Contract) -> bool:
    """Members of the handling unit with HANDLE_CONTRACTS move the contract through its steps."""
    return acts_for(user, contract.organization, Capability.HANDLE_CONTRACTS)


def can_record_accountability(user: Any, contract: Contract) -> bool:
    """The handling unit, or the bureau's legality functions (they supervise contracts)."""
    if can_handle_contract(user, contract):
        return True
    return bool(
        getattr(user, "is_authenticated", False) and user.has_capability(Capability.REVIEW_LEGALITY)
    )
