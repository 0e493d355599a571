"""Approvals (外出, 迁居), electronic location devices, rewards, sanctions and proposals.

社区矫正法 arts. 27–29, 33, 46–49; the leave tiers and limits are rule parameters (实施办法 2020
as commonly cited, [R]).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import add_months
from fazhi.core.models import AuditLog, User
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.corrections.models import (
    ApprovalRequest,
    CorrectionSubject,
    LevelChange,
    LocationDevice,
    RewardSanction,
)
from fazhi.corrections.parameters import (
    ARREST_DECISION_HOURS,
    COURT_DECISION_DAYS,
    DEVICE_MAX_MONTHS,
    LEAVE_MAX_DAYS,
    LEAVE_OFFICE_MAX_DAYS,
)
from fazhi.corrections.permissions import (
    access_approval_by_id,
    access_device_by_id,
    access_subject_by_id,
    is_corrections_body_for,
    require_corrections_body_for,
    require_supervisor_for,
)
from fazhi.corrections.services.files import file_document_mark
from fazhi.corrections.services.intake import level_tighten

Tier = ApprovalRequest.Tier


def leave_tier(*, days: int, on: datetime.date) -> str:
    """Who approves a leave of `days` days: the judicial office up to the limit, else the county.

    Raises ValidationError naming `ends_on` beyond the per-approval maximum (LEAVE_MAX_DAYS).
    """
    maximum = parameter_value(LEAVE_MAX_DAYS, on=on).amount
    if days > maximum:
        raise ValidationError(
            {"ends_on": f"每次批准外出不超过{maximum}日，本次申请{days}日，应报上一级社区矫正机构"}
        )
    office_limit = parameter_value(LEAVE_OFFICE_MAX_DAYS, on=on).amount
    return Tier.OFFICE if days <= office_limit else Tier.COUNTY


def _active_subject(acting_user: User, subject_id: int, what: str) -> CorrectionSubject:
    subject = access_subject_by_id(acting_user, subject_id, for_update=True)
    require_supervisor_for(acting_user, subject, what)
    if not subject.is_active:
        raise ValidationError({"subject": f"只有在矫对象可以办理{what}"})
    return subject


@transaction.atomic
def leave_apply(
    *,
    acting_user: User,
    subject_id: int,
    applied_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    destination: str,
    reason: str,
) -> ApprovalRequest:
    """Register a subject's application to leave the city or county (外出, art. 27).

    The approval tier follows from the length (both days counted) and the parameters in force on
    the application day.
    """
    subject = _active_subject(acting_user, subject_id, "外出审批")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于起始日期"})
    request = ApprovalRequest(
        subject=subject,
        kind=ApprovalRequest.Kind.LEAVE,
        applied_on=applied_on,
        starts_on=starts_on,
        ends_on=ends_on,
        destination=destination.strip(),
        reason=reason.strip(),
        tier=leave_tier(days=(ends_on - starts_on).days + 1, on=applied_on),
        created_by=acting_user,
    )
    request.full_clean()
    request.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=request)
    return request


@transaction.atomic
def residence_change_apply(
    *,
    acting_user: User,
    subject_id: int,
    applied_on: datetime.date,
    starts_on: datetime.date,
    destination: str,
    reason: str,
) -> ApprovalRequest:
    """Register an application to change residence (迁居, art. 27), decided by the county body."""
    subject = _active_subject(acting_user, subject_id, "迁居审批")
    request = ApprovalRequest(
        subject=subject,
        kind=ApprovalRequest.Kind.RESIDENCE_CHANGE,
        applied_on=applied_on,
        starts_on=starts_on,
        destination=destination.strip(),
        reason=reason.strip(),
        tier=Tier.COUNTY,
        created_by=acting_user,
    )
    request.full_clean()
    request.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=request)
    return request


@transaction.atomic
def approval_decide(
    *,
    acting_user: User,
    approval_id: int,
    approve: bool,
    decided_on: datetime.date,
    opinion: str = "",
) -> ApprovalRequest:
    """Approve or refuse an application at its tier; a refusal states its reasons.

    The judicial office decides the office tier; the county body decides both tiers.
    """
    request = access_approval_by_id(acting_user, approval_id, for_update=True)
    subject = request.subject
    if request.tier == Tier.COUNTY:
        require_corrections_body_for(acting_user, subject.region, "该审批事项")
    else:
        require_supervisor_for(acting_user, subject, "外出审批")
    if request.status != ApprovalRequest.Status.APPLIED:
        raise ValidationError({"status": "该申请已审批"})
    if decided_on < request.applied_on:
        raise ValidationError({"decided_on": "审批日期不能早于申请日期"})
    if not approve and not opinion.strip():
        raise ValidationError({"opinion": "不予批准的，应写明理由"})
    request.status = ApprovalRequest.Status.APPROVED if approve else ApprovalRequest.Status.REFUSED
    request.decided_on = decided_on
    request.opinion = opinion.strip()
    request.decided_by = acting_user
    request.save(update_fields=["status", "decided_on", "opinion", "decided_by", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=request,
        changes={"status": ["applied", request.status]},
        message=f"{request.get_kind_display()}审批：{request.get_status_display()}",
    )
    return request


def _device_end(starts_on: datetime.date) -> datetime.date:
    months = parameter_value(DEVICE_MAX_MONTHS, on=starts_on).amount
    return add_months(starts_on, months) - datetime.timedelta(days=1)


@transaction.atomic
def device_order(
    *,
    acting_user: User,
    subject_id: int,
    ground: str,
    device_number: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> LocationDevice:
    """Put an electronic location device on a subject, on a statutory ground, ≤ 3 months (art. 29).

    Approved by the county body. `ends_on` defaults to the longest period allowed; a later one is
    refused, as is a ground outside the five of art. 29 or a second device period at once.
    """
    subject = _active_subject(acting_user, subject_id, "电子定位")
    require_corrections_body_for(acting_user, subject.region, "使用电子定位装置")
    if ground not in LocationDevice.Ground.values:
        raise ValidationError({"ground": "只有社区矫正法第二十九条规定的情形可以使用电子定位装置"})
    latest = _device_end(starts_on)
    ends_on = ends_on or latest
    if ends_on > latest:
        raise ValidationError({"ends_on": f"每次使用期限不得超过三个月（至{latest:%Y-%m-%d}）"})
    if subject.location_devices.filter(removed_on__isnull=True, ends_on__gte=starts_on).exists():
        raise ValidationError({"starts_on": "该对象正在使用电子定位装置，期满后可评估延长"})
    device = LocationDevice(
        subject=subject,
        ground=ground,
        device_number=device_number.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user,
    )
    device.full_clean()
    device.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=device)
    return device


@transaction.atomic
def device_extend(
    *, acting_user: User, device_id: int, assessment: str, ends_on: datetime.date | None = None
) -> LocationDevice:
    """Extend a device period after an assessment, by at most 3 months again (art. 29)."""
    previous = access_device_by_id(acting_user, device_id, for_update=True)
    require_corrections_body_for(acting_user, previous.subject.region, "延长电子定位期限")
    if not assessment.strip():
        raise ValidationError({"assessment": "延长使用电子定位装置应当经评估，请填写评估意见"})
    if previous.removed_on is not None or hasattr(previous, "extension"):
        raise ValidationError({"extends": "该期限已解除或已延长，不能再延长"})
    starts_on = previous.ends_on + datetime.timedelta(days=1)
    latest = _device_end(starts_on)
    ends_on = ends_on or latest
    if ends_on > latest:
        raise ValidationError({"ends_on": f"每次延长不得超过三个月（至{latest:%Y-%m-%d}）"})
    device = LocationDevice(
        subject=previous.subject,
        ground=previous.ground,
        device_number=previous.device_number,
        starts_on=starts_on,
        ends_on=ends_on,
        extends=previous,
        assessment=assessment.strip(),
        created_by=acting_user,
    )
    device.full_clean()
    device.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=device, message="延长")
    return device


@transaction.atomic
def device_remove(*, acting_user: User, device_id: int, on: datetime.date) -> LocationDevice:
    """Remove a device no longer needed (art. 29: 对于不需要继续使用的，应当及时解除)."""
    device = access_device_by_id(acting_user, device_id, for_update=True)
    require_corrections_body_for(acting_user, device.subject.region, "解除电子定位装置")
    if device.removed_on is not None:
        raise ValidationError({"removed_on": "该装置已解除"})
    if on < device.starts_on:
        raise ValidationError({"removed_on": "解除日期不能早于使用起始日期"})
    device.removed_on = on
    device.save(update_fields=["removed_on", "updated_at"])
    audit_record(event=AuditLog.Event.UPDATE, user=acting_user, target=device, message="解除")
    return device


_PROPOSALS_TO_COURT = {
    RewardSanction.Kind.SENTENCE_REDUCTION_PROPOSAL,
    RewardSanction.Kind.PROBATION_REVOCATION_PROPOSAL,
    RewardSanction.Kind.PAROLE_REVOCATION_PROPOSAL,
    RewardSanction.Kind.CUSTODY_PROPOSAL,
}


def _court_due_at(kind: str, decided_on: datetime.date) -> datetime.datetime | None:
    if kind in _PROPOSALS_TO_COURT:
        due = due_date_by_parameter(COURT_DECISION_DAYS, decided_on).due_on
        return datetime.datetime.combine(
            due, datetime.time(23, 59), tzinfo=timezone.get_current_timezone()
        )
    return None


@transaction.atomic
def reward_sanction_record(
    *,
    acting_user: User,
    subject_id: int,
    kind: str,
    decided_on: datetime.date,
    facts: str,
    receiving_authority: str = "",
    submitted_at: datetime.datetime | None = None,
) -> RewardSanction:
    """Record a praise, admonition or warning, or a proposal to the police or court (art. 28).

    The county body decides. A warning, or a second admonition, puts the subject under strict
    management (分类管理, §12.3 [S]). A proposal to the court is decided within 30 days
    (arts. 33, 46, 49); an arrest request within 48 hours of `submitted_at` (art. 47).
    """
    subject = _active_subject(acting_user, subject_id, "考核奖惩")
    require_corrections_body_for(acting_user, subject.region, "考核奖惩")
    if not facts.strip():
        raise ValidationError({"facts": "请写明事实与理由"})
    record = RewardSanction(
        subject=subject,
        kind=kind,
        decided_on=decided_on,
        facts=facts.strip(),
        receiving_authority=receiving_authority.strip(),
        created_by=acting_user,
    )
    if record.is_proposal and not record.receiving_authority:
        raise ValidationError({"receiving_authority": "提请事项应写明受理的公安机关或人民法院"})
    if kind == RewardSanction.Kind.ARREST_REQUEST:
        hours = parameter_value(ARREST_DECISION_HOURS, on=decided_on).amount
        record.authority_due_at = (submitted_at or timezone.now()) + datetime.timedelta(hours=hours)
    else:
        record.authority_due_at = _court_due_at(kind, decided_on)
    record.full_clean()
    record.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=record)
    _tighten_after(record, acting_user)
    file_document_mark(
        subject=subject, code="rewards_sanctions", on=decided_on, acting_user=acting_user
    )
    return record


def _tighten_after(record: RewardSanction, acting_user: User) -> None:
    subject = record.subject
    if record.kind == RewardSanction.Kind.WARNING:
        level_tighten(
            subject=subject,
            acting_user=acting_user,
            rule=LevelChange.Rule.WARNED,
            on=record.decided_on,
        )
    elif record.kind == RewardSanction.Kind.ADMONITION:
        admonitions = subject.rewards_sanctions.filter(kind=RewardSanction.Kind.ADMONITION).count()
        if admonitions >= 2:
            level_tighten(
                subject=subject,
                acting_user=acting_user,
                rule=LevelChange.Rule.ADMONISHED_TWICE,
                on=record.decided_on,
            )


@transaction.atomic
def proposal_decided(
    *, acting_user: User, record_id: int, outcome: str, decided_at: datetime.datetime
) -> RewardSanction:
    """Record the police's or court's decision on a proposal (and whether it came in time)."""
    record = (
        RewardSanction.objects.visible_to(acting_user)
        .select_for_update(of=("self",))
        .select_related("subject__region")
        .filter(pk=record_id)
        .first()
    )
    if record is None or not is_corrections_body_for(acting_user, record.subject.region):
        raise ValidationError({"record": "提请事项不存在或不在您的办理范围内"})
    if not record.is_proposal:
        raise ValidationError({"kind": "只有提请事项有受理机关的决定"})
    if outcome not in (RewardSanction.Outcome.GRANTED, RewardSanction.Outcome.REJECTED):
        raise ValidationError({"authority_outcome": "请选择受理机关的决定"})
    record.authority_outcome = outcome
    record.authority_decided_at = decided_at
    record.save(update_fields=["authority_outcome", "authority_decided_at", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=record,
        message=f"受理机关决定：{record.get_authority_outcome_display()}",
    )
    return record
