"""A contract from drafting to filing: create, review, collective discussion, sign, file.

Every step is taken by the handling unit (承办单位) through `can_handle_contract`; dates default
to today, and the demo and historic imports pass the day the step happened (`on=`, `signed_on=`,
`filed_on=`). Legal rules:

- a government contract is signed only after a legality review with the opinion 合法 or 修改后合法
  (the bureau's review, fazhi.legality; 荣政办发〔2018〕28号 scope);
- a major contract (重大合同) is signed only after collective discussion (集体讨论决定);
- filing (备案) is due within `contracts.filing_days` after signing; a later filing is recorded
  and flagged late, never refused.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from fazhi.contracts.models import Contract, ContractCategory, CounterpartyKind
from fazhi.contracts.parameters import FILING_DAYS
from fazhi.contracts.permissions import (
    access_contract_by_id,
    can_handle_contract,
    contract_handling_organizations,
)
from fazhi.core.audit import audit_record, changed_fields, field_snapshot
from fazhi.core.deadlines import day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Enterprise, Organization
from fazhi.core.parameters import due_date_by_parameter
from fazhi.core.permissions import deny
from fazhi.core.workflow import record_transition, transition_run
from fazhi.legality.selectors import review_missing_reason
from fazhi.legality.services import review_submit

EDITABLE_FIELDS = (
    "title",
    "number",
    "contract_type",
    "amount",
    "handling_officer",
    "counterparty_kind",
    "counterparty_name",
    "counterparty_uscc",
    "is_major",
    "uses_model_text",
    "effective_on",
    "expiry_on",
    "note",
)
EDITABLE_STATES = frozenset({Contract.Status.DRAFTING, Contract.Status.LEGALITY_REVIEW})
GOVERNMENT_PARTY_KINDS = frozenset(
    {Organization.Kind.GOVERNMENT, Organization.Kind.TOWN_GOVERNMENT}
)


def contract_for_handling(acting_user: Any, contract_id: int) -> Contract:
    """The contract locked for a step of its handling unit; 404 outside scope, 403 otherwise."""
    contract = access_contract_by_id(acting_user, contract_id, for_update=True)
    if not can_handle_contract(acting_user, contract):
        raise deny(acting_user, contract, "只有合同承办单位可以办理该合同")
    return contract


def _handling_unit(acting_user: Any, organization: Organization | None) -> Organization:
    units = contract_handling_organizations(acting_user)
    if not units:
        raise deny(acting_user, None, "您没有办理合同的权限")
    if organization is None:
        return units[0]
    if all(unit.pk != organization.pk for unit in units):
        raise deny(acting_user, None, f"您不能以{organization.name}的名义办理合同")
    return organization


def _signing_party(category: str, unit: Organization, party: Organization | None) -> Organization:
    """Our signing party.

    The unit itself for a department contract; for a government contract the government (the
    unit's parent government by default) or the unit on its behalf.
    """
    if category == ContractCategory.DEPARTMENT:
        if party is not None and party.pk != unit.pk:
            raise ValidationError({"party": "部门合同的签约主体应为承办单位本身"})
        return unit
    if party is None:
        parent = unit.parent
        if parent is not None and parent.kind in GOVERNMENT_PARTY_KINDS:
            return parent
        return unit
    if party.pk != unit.pk and party.kind not in GOVERNMENT_PARTY_KINDS:
        raise ValidationError(
            {"party": "政府合同的签约主体应为人民政府，或以政府名义签约的承办单位本身"}
        )
    return party


def _counterparty(contract: Contract) -> None:
    """Normalise the counterparty and link it to the enterprise register by credit code."""
    contract.counterparty_name = contract.counterparty_name.strip()
    contract.counterparty_uscc = contract.counterparty_uscc.strip().upper()
    if contract.counterparty_kind == CounterpartyKind.ORGANIZATION:
        if not contract.counterparty_uscc:
            raise ValidationError(
                {"counterparty_uscc": "相对方为法人或其他组织的，须填写统一社会信用代码"}
            )
        contract.counterparty_enterprise = Enterprise.objects.filter(
            uscc=contract.counterparty_uscc
        ).first()
    else:
        if contract.counterparty_uscc:
            raise ValidationError({"counterparty_uscc": "相对方为自然人的，不填写统一社会信用代码"})
        contract.counterparty_enterprise = None


def _validate_dates(contract: Contract) -> None:
    if contract.signed_on and contract.effective_on and contract.effective_on < contract.signed_on:
        raise ValidationError({"effective_on": "生效日期不能早于签订日期"})


@transaction.atomic
def contract_create(
    *,
    acting_user: Any,
    category: str,
    title: str,
    contract_type: str,
    counterparty_name: str,
    counterparty_kind: str = CounterpartyKind.ORGANIZATION,
    counterparty_uscc: str = "",
    organization: Organization | None = None,
    party: Organization | None = None,
    handling_officer: str = "",
    number: str = "",
    amount: Decimal | None = None,
    is_major: bool = False,
    uses_model_text: bool = False,
    effective_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
    note: str = "",
) -> Contract:
    """Register a contract being drafted by the user's unit (`organization`, default: the first).

    Raises PermissionDenied if the user does not handle contracts for the unit, ValidationError
    naming the field (unknown category or type, missing or bad credit code, dates). Audited.
    """
    unit = _handling_unit(acting_user, organization)
    if category not in ContractCategory.values:
        raise ValidationError({"category": "请选择合同类别：政府合同或部门合同"})
    contract = Contract(
        category=category,
        region=unit.region,
        organization=unit,
        party=_signing_party(category, unit, party),
        handling_officer=handling_officer.strip(),
        number=number.strip(),
        title=title.strip(),
        contract_type=contract_type,
        amount=amount,
        counterparty_kind=counterparty_kind,
        counterparty_name=counterparty_name,
        counterparty_uscc=counterparty_uscc,
        is_major=is_major,
        uses_model_text=uses_model_text,
        effective_on=effective_on,
        expiry_on=expiry_on,
        note=note.strip(),
        created_by=acting_user,
    )
    _counterparty(contract)
    contract.full_clean(exclude=["status"])  # protected FSM field: only transitions set it
    contract.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=contract,
        changes=changed_fields(
            dict.fromkeys(EDITABLE_FIELDS), field_snapshot(contract, EDITABLE_FIELDS)
        )
        | {"category": [None, category], "organization": [None, unit.name]},
    )
    return contract


@transaction.atomic
def contract_update(*, acting_user: Any, contract_id: int, **values: Any) -> Contract:
    """Change a contract before signing; the changes are audited.

    Raises InvalidTransition once signed, ValidationError for unknown or bad fields.
    """
    contract = contract_for_handling(acting_user, contract_id)
    if contract.status not in EDITABLE_STATES:
        raise InvalidTransition(
            f"合同{contract.get_status_display()}，不能修改；签订后的变更请登记合同变更"
        )
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该字段不可修改"))
    before = field_snapshot(contract, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(contract, name, value.strip() if isinstance(value, str) else value)
    _counterparty(contract)
    contract.full_clean(exclude=["status"])
    changes = changed_fields(before, field_snapshot(contract, EDITABLE_FIELDS))
    if not changes:
        return contract
    update_fields = {*changes, "counterparty_enterprise", "updated_at"}
    contract.save(update_fields=sorted(update_fields))
    audit_record(event=AuditLog.Event.UPDATE, user=acting_user, target=contract, changes=changes)
    return contract


@transaction.atomic
def contract_submit_for_review(
    *,
    acting_user: Any,
    contract_id: int,
    materials_provided: list[str],
    note: str = "",
    on: datetime.date | None = None,
) -> Contract:
    """Send a government contract's draft to the bureau for legality review.

    Again after a failing opinion. The materials checklist is the one registered in apps.py.

    Raises InvalidTransition for a department contract, after signing, or while a review is
    open; ValidationError for unknown material keys.
    """
    contract = contract_for_handling(acting_user, contract_id)
    if not contract.is_government:
        raise InvalidTransition("部门合同无需送司法局合法性审核，签订后报送备案即可")
    day = day_or_today(on)
    resubmission = contract.status == Contract.Status.LEGALITY_REVIEW
    transition_run(
        contract,
        "submit_for_review",
        action="重新送合法性审核" if resubmission else "送合法性审核",
        actor=acting_user,
        opinion=note,
        on=day,
    )
    review_submit(
        acting_user=acting_user,
        subject=contract,
        region=contract.region,
        organization=contract.organization,
        title=contract.title,
        materials_provided=materials_provided,
        note=note,
        on=day,
    )
    return contract


@transaction.atomic
def contract_collective_discussion_record(
    *,
    acting_user: Any,
    contract_id: int,
    meeting: str,
    discussed_on: datetime.date,
    outcome: str = "",
) -> Contract:
    """Record the collective discussion (集体讨论) of a contract before signing: meeting and date.

    Raises InvalidTransition after signing, ValidationError without the meeting.
    """
    contract = contract_for_handling(acting_user, contract_id)
    if contract.status not in EDITABLE_STATES:
        raise InvalidTransition("合同已签订，集体讨论应在签订前进行")
    if not meeting.strip():
        raise ValidationError(
            {"collective_meeting": "请填写集体讨论的会议名称，如“市政府第18次常务会议”"}
        )
    contract.collective_meeting = meeting.strip()
    contract.collective_discussed_on = discussed_on
    contract.collective_outcome = outcome.strip()
    contract.save(
        update_fields=[
            "collective_meeting",
            "collective_discussed_on",
            "collective_outcome",
            "updated_at",
        ]
    )
    record_transition(
        contract,
        "",
        contract.status,
        action=f"集体讨论：{contract.collective_meeting}",
        actor=acting_user,
        opinion=contract.collective_outcome,
        on=discussed_on,
    )
    return contract


def signing_missing_reason(contract: Contract) -> str | None:
    """Why the contract may not be signed yet, in Chinese; None when it may."""
    reasons = []
    if contract.is_government:
        missing = review_missing_reason(contract)
        if missing is not None:
            reasons.append(f"政府合同须经合法性审核后方可签订：{missing}")
    if contract.is_major and not (contract.collective_meeting and contract.collective_discussed_on):
        reasons.append("重大合同须经集体讨论决定后方可签订：尚未登记集体讨论的会议和日期")
    return "；".join(reasons) or None


@transaction.atomic
def contract_sign(
    *,
    acting_user: Any,
    contract_id: int,
    signed_on: datetime.date,
    effective_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
    number: str = "",
) -> Contract:
    """Record the signing; the filing deadline (`contracts.filing_days` from signing) starts.

    Raises InvalidTransition naming what is missing: the legality review of a government
    contract, the collective discussion of a major one.
    """
    contract = contract_for_handling(acting_user, contract_id)
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "签订日期不能晚于今天"})
    if not can_proceed(contract.sign):
        raise InvalidTransition(f"当前状态为“{contract.get_status_display()}”，不能签订")
    if contract.status in EDITABLE_STATES and (reason := signing_missing_reason(contract)):
        raise InvalidTransition(reason)
    if contract.collective_discussed_on and signed_on < contract.collective_discussed_on:
        raise ValidationError({"signed_on": "签订日期不能早于集体讨论日期"})
    contract.signed_on = signed_on
    if effective_on is not None:
        contract.effective_on = effective_on
    if expiry_on is not None:
        contract.expiry_on = expiry_on
    if number.strip():
        contract.number = number.strip()
    _validate_dates(contract)
    deadline = due_date_by_parameter(FILING_DAYS, signed_on)
    contract.filing_due_on, contract.filing_due_provisional = deadline.due_on, deadline.provisional
    contract.full_clean(exclude=["status"])
    # Run the FSM first: in a state that does not allow signing nothing may be written.
    transition_run(contract, "sign", action="签订", actor=acting_user, on=signed_on)
    contract.save(
        update_fields=[
            "signed_on",
            "effective_on",
            "expiry_on",
            "number",
            "filing_due_on",
            "filing_due_provisional",
            "updated_at",
        ]
    )
    return contract


@transaction.atomic
def contract_file(*, acting_user: Any, contract_id: int, filed_on: datetime.date) -> Contract:
    """Record the filing (备案) of a signed contract; a late filing is recorded and flagged."""
    contract = contract_for_handling(acting_user, contract_id)
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": "备案日期不能晚于今天"})
    if contract.signed_on is not None and filed_on < contract.signed_on:
        raise ValidationError({"filed_on": "备案日期不能早于签订日期"})
    if contract.signed_on is not None and contract.filing_due_on is None:
        deadline = due_date_by_parameter(FILING_DAYS, contract.signed_on)
        contract.filing_due_on = deadline.due_on
        contract.filing_due_provisional = deadline.provisional
    on_time = contract.filing_due_on is None or filed_on <= contract.filing_due_on
    transition_run(
        contract,
        "file",
        action="备案" if on_time else "备案（逾期）",
        actor=acting_user,
        opinion="" if on_time else f"备案期限为{contract.filing_due_on:%Y-%m-%d}",
        on=filed_on,
    )
    contract.filed_on = filed_on
    contract.filed_on_time = on_time
    contract.save(
        update_fields=[
            "filed_on",
            "filed_on_time",
            "filing_due_on",
            "filing_due_provisional",
            "updated_at",
        ]
    )
    return contract


@transaction.atomic
def contract_filing_register(
    *,
    acting_user: Any,
    title: str,
    contract_type: str,
    counterparty_name: str,
    signed_on: datetime.date,
    filed_on: datetime.date,
    counterparty_kind: str = CounterpartyKind.ORGANIZATION,
    counterparty_uscc: str = "",
    organization: Organization | None = None,
    amount: Decimal | None = None,
    number: str = "",
    handling_officer: str = "",
    is_major: bool = False,
    collective_meeting: str = "",
    collective_discussed_on: datetime.date | None = None,
    effective_on: datetime.date | None = None,
    expiry_on: datetime.date | None = None,
) -> Contract:
    """Quick filing of a signed department contract (部门合同备案登记): create, sign, file.

    A major contract needs its collective discussion (meeting and date). The on-time flag is
    computed against the filing parameter in force on the signing day.
    """
    if filed_on < signed_on:
        raise ValidationError({"filed_on": "备案日期不能早于签订日期"})
    contract = contract_create(
        acting_user=acting_user,
        category=ContractCategory.DEPARTMENT,
        title=title,
        contract_type=contract_type,
        counterparty_name=counterparty_name,
        counterparty_kind=counterparty_kind,
        counterparty_uscc=counterparty_uscc,
        organization=organization,
        amount=amount,
        number=number,
        handling_officer=handling_officer,
        is_major=is_major,
    )
    if collective_meeting.strip() and collective_discussed_on is not None:
        contract_collective_discussion_record(
            acting_user=acting_user,
            contract_id=contract.pk,
            meeting=collective_meeting,
            discussed_on=collective_discussed_on,
        )
    contract_sign(
        acting_user=acting_user,
        contract_id=contract.pk,
        signed_on=signed_on,
        effective_on=effective_on,
        expiry_on=expiry_on,
    )
    return contract_file(acting_user=acting_user, contract_id=contract.pk, filed_on=filed_on)
