"""To-dos of contract handling units: contracts to sign, filings due, milestones due or overdue."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.contracts.parameters import MILESTONE_WARNING_DAYS
from fazhi.contracts.selectors import (
    contract_list_awaiting_signing,
    contract_list_filing_due,
    milestone_list_due,
)
from fazhi.core.parameters import parameter_value
from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider

MODULE = "合同管理"


def _handles_contracts(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_capability(Capability.HANDLE_CONTRACTS)
    )


def contracts_to_sign(user: Any) -> Iterable[TodoItem]:
    """Government contracts whose review passed wait on their unit to be signed."""
    if not _handles_contracts(user):
        return
    for contract in contract_list_awaiting_signing(user=user):
        yield TodoItem(
            f"合法性审核已出具意见，待签订：{contract.title}",
            reverse("contracts:contract-detail", args=[contract.pk]),
            MODULE,
        )


def filings_due(user: Any) -> Iterable[TodoItem]:
    if not _handles_contracts(user):
        return
    for contract in contract_list_filing_due(user=user):
        yield TodoItem(
            f"合同报送备案：{contract.title}",
            reverse("contracts:contract-detail", args=[contract.pk]),
            MODULE,
            contract.filing_due_on,
            contract.filing_due_provisional,
        )


def milestones_due(user: Any) -> Iterable[TodoItem]:
    """Milestones overdue or due within the warning window (履约预警)."""
    if not _handles_contracts(user):
        return
    today = timezone.localdate()
    window = parameter_value(MILESTONE_WARNING_DAYS, on=today).amount
    for milestone in milestone_list_due(user=user, today=today, within_days=window):
        late = "（已逾期）" if milestone.due_on < today else ""
        yield TodoItem(
            f"{milestone.get_kind_display()}{late}：{milestone.contract.title}—{milestone.title}",
            reverse("contracts:contract-detail", args=[milestone.contract_id]),
            MODULE,
            milestone.due_on,
        )


def register_contracts_todos() -> None:
    register_todo_provider("contracts.to_sign", contracts_to_sign)
    register_todo_provider("contracts.filings_due", filings_due)
    register_todo_provider("contracts.milestones_due", milestones_due)
