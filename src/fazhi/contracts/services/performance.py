"""Performance of a signed contract.

Milestones, changes, disputes, termination, completion, archiving and accountability
(履行、变更、解除、争议处理、归档、责任追究; domain notes §7.3).

山东省优化营商环境条例 art. 41: the government honours its contracts and changes them only by
legal procedure; so a change or a termination is recorded with its reason, never silently.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.contracts.models import (
    Contract,
    ContractAccountability,
    ContractChange,
    ContractDispute,
    ContractMilestone,
)
from fazhi.contracts.permissions import (
    access_contract_by_id,
    access_dispute_by_id,
    access_milestone_by_id,
    can_handle_contract,
    can_record_accountability,
)
from fazhi.contracts.services.lifecycle import contract_for_handling
from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog
from fazhi.core.permissions import deny
from fazhi.core.workflow import record_transition, transition_run

# States in which performance records (milestones, changes, disputes) may be added.
PERFORMANCE_STATES = frozenset(
    {
        Contract.Status.SIGNED,
        Contract.Status.FILED,
        Contract.Status.PERFORMING,
        Contract.Status.DISPUTED,
    }
)


def _not_in_future(field: str, day: datetime.date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


def _require_performing(contract: Contract, what: str) -> None:
    if contract.status not in PERFORMANCE_STATES:
        raise InvalidTransition(f"合同当前状态为“{contract.get_status_display()}”，不能{what}")


def _note(
    contract: Contract, action: str, acting_user: Any, opinion: str, on: datetime.date
) -> None:
    """A step that does not change the state still appears in the 办理记录."""
    record_transition(
        contract, "", contract.status, action=action, actor=acting_user, opinion=opinion, on=on
    )


@transaction.atomic
def contract_start_performance(
    *, acting_user: Any, contract_id: int, on: datetime.date | None = None
) -> Contract:
    contract = contract_for_handling(acting_user, contract_id)
    transition_run(
        contract, "start_performance", action="开始履行", actor=acting_user, on=day_or_today(on)
    )
    return contract


@transaction.atomic
def milestone_add(
    *,
    acting_user: Any,
    contract_id: int,
    kind: str,
    title: str,
    due_on: datetime.date,
    amount: Decimal | None = None,
    note: str = "",
) -> ContractMilestone:
    """Plan a performance or payment node of a signed contract; it feeds the to-do list."""
    contract = contract_for_handling(acting_user, contract_id)
    _require_performing(contract, "添加履行节点")
    milestone = ContractMilestone(
        contract=contract,
        kind=kind,
        title=title.strip(),
        due_on=due_on,
        amount=amount,
        note=note.strip(),
        created_by=acting_user,
    )
    milestone.full_clean()
    milestone.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=milestone,
        changes={"due_on": [None, str(due_on)], "kind": [None, kind]},
    )
    return milestone


@transaction.atomic
def milestone_complete(
    *, acting_user: Any, milestone_id: int, done_on: datetime.date, note: str = ""
) -> ContractMilestone:
    """Record that a node was performed (or paid); late nodes stay visible as done late."""
    milestone = access_milestone_by_id(acting_user, milestone_id, for_update=True)
    contract = milestone.contract
    if not can_handle_contract(acting_user, contract):
        raise deny(acting_user, milestone, "只有合同承办单位可以登记履行情况")
    if milestone.done_on is not None:
        raise InvalidTransition("该节点已登记完成")
    _not_in_future("done_on", done_on, "完成日期")
    milestone.done_on = done_on
    if note.strip():
        milestone.note = f"{milestone.note}\n{note.strip()}".strip()
    milestone.save(update_fields=["done_on", "note", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=milestone,
        changes={"done_on": [None, str(done_on)]},
    )
    _note(
        contract,
        f"完成{milestone.get_kind_display()}：{milestone.title}",
        acting_user,
        note,
        done_on,
    )
    return milestone


@transaction.atomic
def contract_change_record(
    *,
    acting_user: Any,
    contract_id: int,
    changed_on: datetime.date,
    content: str,
    reason: str,
    amount_after: Decimal | None = None,
    expiry_after: datetime.date | None = None,
) -> ContractChange:
    """Record a change agreed with the counterparty (变更): what, why, new amount or expiry."""
    contract = contract_for_handling(acting_user, contract_id)
    _require_performing(contract, "登记变更")
    if not content.strip():
        raise ValidationError({"content": "请填写变更内容"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写变更理由"})
    _not_in_future("changed_on", changed_on, "变更日期")
    change = ContractChange(
        contract=contract,
        changed_on=changed_on,
        content=content.strip(),
        reason=reason.strip(),
        amount_before=contract.amount if amount_after is not None else None,
        amount_after=amount_after,
        expiry_before=contract.expiry_on if expiry_after is not None else None,
        expiry_after=expiry_after,
        created_by=acting_user,
    )
    change.full_clean()
    change.save()
    updated = []
    if amount_after is not None:
        contract.amount = amount_after
        updated.append("amount")
    if expiry_after is not None:
        contract.expiry_on = expiry_after
        updated.append("expiry_on")
    if updated:
        contract.full_clean(exclude=["status"])
        contract.save(update_fields=[*updated, "updated_at"])
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=change)
    _note(
        contract, "合同变更", acting_user, f"{change.content}（理由：{change.reason}）", changed_on
    )
    return change


@transaction.atomic
def contract_terminate(
    *, acting_user: Any, contract_id: int, terminated_on: datetime.date, reason: str
) -> Contract:
    """Terminate (解除) a contract before full performance; the reason is required."""
    contract = contract_for_handling(acting_user, contract_id)
    text = reason.strip()
    if not text:
        raise ValidationError({"termination_reason": "请填写解除理由"})
    _not_in_future("terminated_on", terminated_on, "解除日期")
    if contract.signed_on and terminated_on < contract.signed_on:
        raise ValidationError({"terminated_on": "解除日期不能早于签订日期"})
    transition_run(
        contract, "terminate", action="解除合同", actor=acting_user, opinion=text, on=terminated_on
    )
    contract.terminated_on = terminated_on
    contract.termination_reason = text
    contract.save(update_fields=["terminated_on", "termination_reason", "updated_at"])
    return contract


@transaction.atomic
def contract_complete(
    *, acting_user: Any, contract_id: int, completed_on: datetime.date
) -> Contract:
    """Both sides have performed. Open milestones must be recorded first."""
    contract = contract_for_handling(acting_user, contract_id)
    open_nodes = contract.milestones.filter(done_on__isnull=True).count()
    if open_nodes:
        raise InvalidTransition(f"还有{open_nodes}个履行节点未登记完成，不能确认履行完毕")
    _not_in_future("completed_on", completed_on, "履行完毕日期")
    transition_run(contract, "complete", action="履行完毕", actor=acting_user, on=completed_on)
    contract.completed_on = completed_on
    contract.save(update_fields=["completed_on", "updated_at"])
    return contract


@transaction.atomic
def contract_archive(
    *, acting_user: Any, contract_id: int, archived_on: datetime.date, archive_number: str
) -> Contract:
    """Archive (归档) a completed or terminated contract under its archive number (档号)."""
    contract = contract_for_handling(acting_user, contract_id)
    number = archive_number.strip()
    if not number:
        raise ValidationError({"archive_number": "请填写档号"})
    _not_in_future("archived_on", archived_on, "归档日期")
    transition_run(
        contract,
        "archive",
        action="归档",
        actor=acting_user,
        opinion=f"档号：{number}",
        on=archived_on,
    )
    contract.archived_on = archived_on
    contract.archive_number = number
    contract.full_clean(exclude=["status"])
    contract.save(update_fields=["archived_on", "archive_number", "updated_at"])
    return contract


@transaction.atomic
def dispute_open(
    *,
    acting_user: Any,
    contract_id: int,
    kind: str,
    filed_on: datetime.date,
    description: str,
    case_number: str = "",
) -> ContractDispute:
    """Record a dispute (协商/仲裁/诉讼); the contract is in dispute until every one concludes."""
    contract = contract_for_handling(acting_user, contract_id)
    if not description.strip():
        raise ValidationError({"description": "请填写争议事项"})
    _not_in_future("filed_on", filed_on, "发生(立案)日期")
    if kind != ContractDispute.Kind.NEGOTIATION and not case_number.strip():
        raise ValidationError({"case_number": "仲裁或诉讼须填写案号"})
    transition_run(
        contract,
        "enter_dispute",
        action=f"发生争议（{ContractDispute.Kind(kind).label}）"
        if kind in ContractDispute.Kind.values
        else "发生争议",
        actor=acting_user,
        opinion=description,
        on=filed_on,
    )
    dispute = ContractDispute(
        contract=contract,
        kind=kind,
        case_number=case_number.strip(),
        filed_on=filed_on,
        description=description.strip(),
        created_by=acting_user,
    )
    dispute.full_clean()
    dispute.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=dispute)
    return dispute


@transaction.atomic
def dispute_conclude(
    *,
    acting_user: Any,
    dispute_id: int,
    result: str,
    outcome: str,
    concluded_on: datetime.date,
) -> ContractDispute:
    """Record how a dispute ended (won, lost, settled …).

    When no other dispute of the contract stays open, performance resumes; termination is a
    separate step.
    """
    dispute = access_dispute_by_id(acting_user, dispute_id, for_update=True)
    contract = access_contract_by_id(acting_user, dispute.contract_id, for_update=True)
    if not can_handle_contract(acting_user, contract):
        raise deny(acting_user, dispute, "只有合同承办单位可以登记争议处理结果")
    if not dispute.is_open:
        raise InvalidTransition("该争议已结案")
    if result == ContractDispute.Result.PENDING or result not in ContractDispute.Result.values:
        raise ValidationError({"result": "请选择争议处理结果"})
    if not outcome.strip():
        raise ValidationError({"outcome": "请填写处理结果"})
    _not_in_future("concluded_on", concluded_on, "结案日期")
    if concluded_on < dispute.filed_on:
        raise ValidationError({"concluded_on": "结案日期不能早于发生(立案)日期"})
    dispute.result = result
    dispute.outcome = outcome.strip()
    dispute.concluded_on = concluded_on
    dispute.save(update_fields=["result", "outcome", "concluded_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=dispute,
        changes={"result": [ContractDispute.Result.PENDING, result]},
    )
    label = f"争议结案：{ContractDispute.Result(result).label}"
    still_open = contract.disputes.filter(result=ContractDispute.Result.PENDING).exists()
    if contract.status == Contract.Status.DISPUTED and not still_open:
        transition_run(
            contract,
            "resume_performance",
            action=label,
            actor=acting_user,
            opinion=dispute.outcome,
            on=concluded_on,
        )
    else:
        _note(contract, label, acting_user, dispute.outcome, concluded_on)
    return dispute


@transaction.atomic
def accountability_record(
    *,
    acting_user: Any,
    contract_id: int,
    person_name: str,
    reason: str,
    measure: str,
    decided_on: datetime.date,
    person_position: str = "",
) -> ContractAccountability:
    """Record accountability (责任追究) for a violation in the contract's handling or review."""
    contract = access_contract_by_id(acting_user, contract_id, for_update=True)
    if not can_record_accountability(acting_user, contract):
        raise deny(acting_user, contract, "只有承办单位或司法局可以登记责任追究")
    record = ContractAccountability(
        contract=contract,
        person_name=person_name.strip(),
        person_position=person_position.strip(),
        reason=reason.strip(),
        measure=measure.strip(),
        decided_on=decided_on,
        created_by=acting_user,
    )
    record.full_clean()
    _not_in_future("decided_on", decided_on, "决定日期")
    record.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=record)
    _note(contract, f"责任追究：{record.person_name}", acting_user, record.measure, decided_on)
    return record
