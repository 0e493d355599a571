"""Checking commitments after the decision (事中事后核查) and dealing with untrue ones.

A department samples the commitments signed in a period with core's verifiable draw
(ADR 0006): the population (every signed commitment of an approved application) is frozen and
hashed and the seed rule stated before the draw. Each item may carry its own risk-based rate
(its stratum); the others share the default rate (parameter proofs.spot_check_rate). Every
sampled commitment is verified through its data source, or by the department itself.

An untrue commitment (山东省优化营商环境条例 art. 29; 国办发〔2020〕42号): handling stops if the
application is still open; otherwise the department orders correction within a deadline and,
if not corrected, revokes the decision (or revokes at once). Each finding is a credit record
that bars the applicant from commitment until credit repair.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.draws import Entry
from fazhi.core.models import AuditLog, Organization
from fazhi.core.parameters import parameter_value
from fazhi.core.roles import Capability
from fazhi.core.services.draws import draw_announce, draw_run
from fazhi.core.workflow import record_transition, transition_run
from fazhi.proofs.models import (
    ApplicationProof,
    FalseCommitment,
    Route,
    ServiceApplication,
    SpotCheck,
    Verification,
    VerificationMethod,
)
from fazhi.proofs.parameters import SPOT_CHECK_RATE
from fazhi.proofs.permissions import (
    access_application_proof_by_id,
    access_false_commitment_by_id,
    access_spot_check_by_id,
    require_handles_for,
)
from fazhi.proofs.services.applications import moment_of
from fazhi.proofs.services.verifications import lookup_create, verification_attempt

HUNDRED = Decimal(100)


def commitments_signed(
    organization: Organization, start: datetime.date, end: datetime.date
) -> list[ApplicationProof]:
    """The signed commitments of the department's approved applications signed in [start, end]."""
    return list(
        ApplicationProof.objects.filter(
            application__organization=organization,
            application__status__in=[
                ServiceApplication.Status.APPROVED,
                ServiceApplication.Status.REVOKED,
            ],
            route=Route.COMMITMENT,
            signed_at__date__gte=start,
            signed_at__date__lte=end,
        )
        .select_related("item", "version")
        .order_by("pk")
    )


def _population(proofs: list[ApplicationProof]) -> tuple[list[Entry], dict[str, Decimal]]:
    """Entries keyed by commitment id; items with their own rate form their own stratum."""
    entries: list[Entry] = []
    strata: dict[str, Decimal] = {}
    for proof in proofs:
        rate = proof.version.spot_check_rate
        stratum = proof.item.code if rate is not None else ""
        if rate is not None:
            strata[stratum] = rate / HUNDRED
        entries.append(Entry(key=str(proof.pk), stratum=stratum))
    return entries, strata


@transaction.atomic
def spot_check_announce(
    *,
    acting_user: Any,
    organization: Organization,
    period_start: datetime.date,
    period_end: datetime.date,
    seed_rule: str,
    on: datetime.date | None = None,
) -> SpotCheck:
    """Freeze the period's commitments and announce the draw with its seed rule.

    Raises ValidationError for a reversed or overlapping period, or one without commitments.
    """
    require_handles_for(acting_user, organization)
    if period_end < period_start:
        raise ValidationError({"period_end": "截止日不能早于起始日"})
    overlapping = SpotCheck.objects.filter(
        organization=organization, period_start__lte=period_end, period_end__gte=period_start
    ).first()
    if overlapping is not None:
        raise ValidationError({"period_start": f"与已有的抽查“{overlapping}”期间重叠"})
    proofs = commitments_signed(organization, period_start, period_end)
    if not proofs:
        raise ValidationError({"period_start": "该期间没有已作出决定的告知承诺可供抽查"})
    entries, strata = _population(proofs)
    default_rate = parameter_value(SPOT_CHECK_RATE, on=day_or_today(on)).value / HUNDRED
    draw = draw_announce(
        acting_user=acting_user,
        purpose=f"{organization.name}告知承诺事后抽查（{period_start}至{period_end}）",
        region=organization.region,
        organization=organization,
        population=entries,
        seed_rule=seed_rule,
        sample_rate=default_rate,
        strata=strata,
        capability=Capability.HANDLE_SERVICE_APPLICATIONS,
    )
    spot_check = SpotCheck.objects.create(
        region=organization.region,
        organization=organization,
        period_start=period_start,
        period_end=period_end,
        draw=draw,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=spot_check,
        changes={"population": len(entries), "draw": draw.pk},
        message="公告告知承诺事后抽查",
    )
    return spot_check


def spot_check_draw(
    *,
    acting_user: Any,
    spot_check_id: int,
    seed_value: str,
    on: datetime.date | None = None,
) -> SpotCheck:
    """Draw the sample and start a verification of each sampled commitment.

    Lookups are asked after the draw is committed, so a slow source never undoes the draw.
    """
    at = moment_of(on)
    with transaction.atomic():
        spot_check = access_spot_check_by_id(acting_user, spot_check_id, for_update=True)
        require_handles_for(acting_user, spot_check.organization, spot_check)
        draw = draw_run(
            acting_user=acting_user,
            draw_id=spot_check.draw_id,
            seed_value=seed_value,
            capability=Capability.HANDLE_SERVICE_APPLICATIONS,
        )
        proofs = ApplicationProof.objects.filter(
            pk__in=[int(key) for key in draw.selected_keys]
        ).select_related("application", "version", "item")
        lookups = [_sample_verification(proof, spot_check, acting_user, at) for proof in proofs]
        transition_run(
            spot_check,
            "start",
            action="抽取并启动核查",
            actor=acting_user,
            opinion=f"抽中{len(draw.selected_keys)}件告知承诺",
            on=on,
        )
    for verification in lookups:
        if verification.source:
            verification_attempt(verification_id=verification.pk, at=at)
    return spot_check


def _sample_verification(
    proof: ApplicationProof, spot_check: SpotCheck, acting_user: Any, at: datetime.datetime
) -> Verification:
    if proof.version.data_source:
        verification = lookup_create(
            proof, acting_user=acting_user, purpose=Verification.Purpose.SPOT_CHECK, at=at
        )
    else:
        # No data source: the department checks itself (书面核查、实地核查) and records it.
        verification = Verification.objects.create(
            proof=proof,
            method=VerificationMethod.INTERNAL,
            purpose=Verification.Purpose.SPOT_CHECK,
            requested_by=acting_user,
            requested_at=at,
            created_by=acting_user,
        )
    verification.spot_check = spot_check
    verification.save(update_fields=["spot_check", "updated_at"])
    return verification


@transaction.atomic
def spot_check_close(
    *, acting_user: Any, spot_check_id: int, on: datetime.date | None = None
) -> SpotCheck:
    """Close the spot check once no sampled verification is pending and findings are recorded."""
    spot_check = access_spot_check_by_id(acting_user, spot_check_id, for_update=True)
    require_handles_for(acting_user, spot_check.organization, spot_check)
    verifications = spot_check.verifications.select_related("proof")
    pending = sum(1 for v in verifications if v.status == Verification.Status.PENDING)
    if pending:
        raise ValidationError({"spot_check": f"还有{pending}件核查未完成"})
    unrecorded = [
        v.proof.pk
        for v in verifications
        if v.status == Verification.Status.CONTRADICTED
        and not FalseCommitment.objects.filter(proof=v.proof).exists()
    ]
    if unrecorded:
        raise ValidationError({"spot_check": f"有{len(unrecorded)}件核查不符，请先认定不实承诺"})
    spot_check.closed_on = day_or_today(on)
    spot_check.save(update_fields=["closed_on", "updated_at"])
    transition_run(spot_check, "close", action="完成抽查", actor=acting_user, on=on)
    return spot_check


@transaction.atomic
def false_commitment_record(
    *,
    acting_user: Any,
    proof_id: int,
    finding: str,
    measure: str,
    correction_due_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> FalseCommitment:
    """Find a signed commitment untrue, take the measure and leave the credit record.

    Open application → terminate; decided → order correction by `correction_due_on`, or
    revoke. Raises ValidationError naming the field when the measure does not fit.
    """
    proof = access_application_proof_by_id(acting_user, proof_id, for_update=True)
    application = proof.application
    require_handles_for(acting_user, application.organization, proof)
    day = day_or_today(on)
    if not proof.is_signed_commitment:
        raise ValidationError({"proof": "只有已签署的告知承诺才能认定为不实承诺"})
    if FalseCommitment.objects.filter(proof=proof).exists():
        raise ValidationError({"proof": "该承诺已认定为不实承诺"})
    if not finding.strip():
        raise ValidationError({"finding": "请写明认定不实的事实和依据"})
    _check_measure(application, measure, correction_due_on, day)
    record = FalseCommitment.objects.create(
        proof=proof,
        application=application,
        applicant_digest=application.applicant_digest,
        found_on=day,
        finding=finding.strip(),
        measure=measure,
        correction_due_on=correction_due_on if measure == FalseCommitment.Measure.CORRECT else None,
        status=(
            FalseCommitment.Status.CORRECTING
            if measure == FalseCommitment.Measure.CORRECT
            else FalseCommitment.Status.SETTLED
        ),
        credit_record="pending",
        created_by=acting_user,
    )
    record.credit_record = f"XY{day:%Y}{record.pk:06d}"
    record.save(update_fields=["credit_record"])
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=record,
        changes={"measure": measure, "credit_record": record.credit_record},
        message="认定不实承诺并记入信用记录",
    )
    record_transition(
        record,
        "",
        record.status,
        action=f"认定不实承诺：{record.get_measure_display()}",
        actor=acting_user,
        opinion=record.finding,
        on=on,
    )
    if measure == FalseCommitment.Measure.TERMINATE:
        transition_run(
            application, "terminate", action="不实承诺，终止办理", actor=acting_user, on=on
        )
    elif (
        measure == FalseCommitment.Measure.REVOKE
        and application.status != ServiceApplication.Status.REVOKED
    ):
        transition_run(
            application, "revoke", action="不实承诺，撤销办理决定", actor=acting_user, on=on
        )
    return record


def _check_measure(
    application: ServiceApplication,
    measure: str,
    correction_due_on: datetime.date | None,
    day: datetime.date,
) -> None:
    open_now = application.status == ServiceApplication.Status.OPEN
    if measure not in FalseCommitment.Measure.values:
        raise ValidationError({"measure": "处置措施应为终止办理、责令限期整改或撤销办理决定"})
    if measure == FalseCommitment.Measure.TERMINATE and not open_now:
        raise ValidationError({"measure": "办件已作出决定，应责令限期整改或撤销办理决定"})
    revoked = application.status == ServiceApplication.Status.REVOKED
    decided = application.status == ServiceApplication.Status.APPROVED or revoked
    if measure != FalseCommitment.Measure.TERMINATE and not decided:
        raise ValidationError({"measure": "办件尚未作出准予决定，应终止办理"})
    if measure == FalseCommitment.Measure.CORRECT and revoked:
        raise ValidationError({"measure": "办理决定已撤销，无需再责令整改，请选择撤销办理决定"})
    if measure == FalseCommitment.Measure.CORRECT and (
        correction_due_on is None or correction_due_on <= day
    ):
        raise ValidationError({"correction_due_on": "责令限期整改的，请填写晚于认定日期的整改期限"})


@transaction.atomic
def correction_conclude(
    *,
    acting_user: Any,
    false_commitment_id: int,
    corrected: bool,
    note: str,
    on: datetime.date | None = None,
) -> FalseCommitment:
    """End the correction period: corrected, or not — then the decision is revoked (art. 29)."""
    record = access_false_commitment_by_id(acting_user, false_commitment_id, for_update=True)
    application = record.application
    require_handles_for(acting_user, application.organization, record)
    if not note.strip():
        raise ValidationError({"note": "请写明整改情况"})
    transition_run(
        record,
        "settle",
        action="整改到位" if corrected else "逾期未整改",
        actor=acting_user,
        opinion=note,
        on=on,
    )
    if not corrected:
        application = ServiceApplication.objects.select_for_update().get(pk=application.pk)
        transition_run(
            application,
            "revoke",
            action="未按期整改，撤销办理决定",
            actor=acting_user,
            opinion=note,
            on=on,
        )
    return record


@transaction.atomic
def credit_repair(
    *,
    acting_user: Any,
    false_commitment_id: int,
    reason: str,
    on: datetime.date | None = None,
) -> FalseCommitment:
    """Repair the applicant's credit: commitment is open to them again (信用修复)."""
    record = access_false_commitment_by_id(acting_user, false_commitment_id, for_update=True)
    require_handles_for(acting_user, record.application.organization, record)
    if not reason.strip():
        raise ValidationError({"reason": "请写明信用修复的依据"})
    record.credit_repaired_on = day_or_today(on)
    record.repair_reason = reason.strip()
    record.save(update_fields=["credit_repaired_on", "repair_reason", "updated_at"])
    transition_run(record, "repair", action="信用修复", actor=acting_user, opinion=reason, on=on)
    return record
