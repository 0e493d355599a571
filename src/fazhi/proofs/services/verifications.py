"""Verifying proofs (核查): data-source lookups with retries, and assisted verification.

A lookup is saved before the source is called, and the call runs outside any transaction: a
source that times out or is down leaves the verification PENDING with its next attempt
scheduled (backoff 30 s, 1 min, 2 min … at most 1 h), retried by `verifications_retry_due`
(Celery beat, or `fazhi verifications_retry`), so the application is never lost. After the
last attempt (parameter proofs.source_max_attempts) it is UNANSWERED and the clerk falls back to
assisted verification or the paper proof (services.applications.proof_route_choose).

Assisted verification (行政协助核查, 《山东省实施证明事项告知承诺制行政协助核查办法(试行)》):
a request to another department with a reply deadline in working days (parameter
proofs.assisted_reply_days); it shows in that department's to-dos, and once overdue it is
escalated (督办) and shown to the bureau.
"""

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.models import AuditLog, Organization
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.proofs.models import ApplicationProof, Route, Verification, VerificationMethod
from fazhi.proofs.parameters import ASSISTED_REPLY_DAYS, SOURCE_MAX_ATTEMPTS
from fazhi.proofs.permissions import (
    access_assisted_request_by_id,
    access_verification_by_id,
    require_handles_for,
)
from fazhi.proofs.services.applications import moment_of, proof_to_handle
from fazhi.proofs.sources.base import SourceError, SourceQuery, data_source_get

logger = logging.getLogger(__name__)

# Who holds records an assisted verification can ask about: departments and town governments.
ASSISTING_KINDS = (Organization.Kind.DEPARTMENT, Organization.Kind.TOWN_GOVERNMENT)
BACKOFF_FIRST = datetime.timedelta(seconds=30)
BACKOFF_LONGEST = datetime.timedelta(hours=1)


def backoff_after(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt after `attempts` failed ones: doubling, capped."""
    return min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_LONGEST)


def _verification_new(
    proof: ApplicationProof,
    *,
    acting_user: Any,
    method: str,
    purpose: str,
    at: datetime.datetime,
    **fields: Any,
) -> Verification:
    verification = Verification.objects.create(
        proof=proof,
        method=method,
        purpose=purpose,
        requested_by=acting_user,
        requested_at=at,
        created_by=acting_user,
        **fields,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=verification,
        changes={"method": method, "purpose": purpose},
        message=f"发起{verification.get_method_display()}",
    )
    return verification


def lookup_create(
    proof: ApplicationProof,
    *,
    acting_user: Any,
    purpose: str,
    at: datetime.datetime,
) -> Verification:
    """A pending data-source lookup for `proof` (caller holds the transaction and the checks)."""
    version = proof.version
    if not version.data_source or data_source_get(version.data_source) is None:
        raise ValidationError(
            {"data_source": f"“{version.name}”未配置可用的核查数据源，请改用协助核查或纸质证明"}
        )
    method = version.verification_method
    if method not in (VerificationMethod.INTERNAL, VerificationMethod.ONLINE):
        method = VerificationMethod.ONLINE
    return _verification_new(
        proof,
        acting_user=acting_user,
        method=method,
        purpose=purpose,
        at=at,
        source=version.data_source,
        next_attempt_at=at,
    )


def verification_start(
    *, acting_user: Any, proof_id: int, on: datetime.date | None = None
) -> Verification:
    """Ask the proof's data source; whatever the source does, the request is kept.

    Raises ValidationError when the proof is not to be verified or has no usable source.
    """
    at = moment_of(on)
    with transaction.atomic():
        proof = proof_to_handle(acting_user, proof_id)
        if proof.route != Route.VERIFICATION:
            raise ValidationError({"route": "该证明未选择数据核查方式"})
        if proof.verifications.filter(status=Verification.Status.PENDING).exists():
            raise ValidationError({"route": "该证明已在核查中，请等待结果"})
        verification = lookup_create(
            proof,
            acting_user=acting_user,
            purpose=Verification.Purpose.BEFORE_DECISION,
            at=at,
        )
    return verification_attempt(verification_id=verification.pk, at=at)


def _ask_source(verification: Verification, at: datetime.datetime) -> tuple[Any, str]:
    """The source's answer, or None and the reason (Chinese) it gave none. Never raises."""
    source = data_source_get(verification.source)
    if source is None:
        return None, f"数据源“{verification.source}”未接入"
    application = verification.proof.application
    query = SourceQuery(
        applicant_id=application.applicant_id,
        applicant_name=application.applicant_name,
        item_code=verification.proof.item.code,
        proof_name=verification.proof.version.name,
        at=at,
        attempt=verification.attempts + 1,
    )
    try:
        return source.lookup(query), ""
    except SourceError as error:
        return None, str(error)[:200]
    except Exception:  # a broken adapter must not lose the verification either
        logger.exception("data source %s failed", verification.source)
        return None, f"数据源“{source.label}”接口异常"


def verification_attempt(
    *, verification_id: int, at: datetime.datetime | None = None
) -> Verification:
    """One attempt at a pending lookup; records the answer, or schedules the next attempt.

    Runs as the system (the retry job) as well as inside the clerk's request; the audit rows
    name the user who asked for the verification.
    """
    moment = at or timezone.now()
    verification = Verification.objects.select_related(
        "proof__application", "proof__version", "proof__item"
    ).get(pk=verification_id)
    if verification.status != Verification.Status.PENDING or not verification.source:
        return verification
    answer, error = _ask_source(verification, moment)
    with transaction.atomic():
        verification = (
            Verification.objects.select_for_update(of=("self",))
            .select_related("proof__application", "proof__version", "requested_by")
            .get(pk=verification_id)
        )
        if verification.status != Verification.Status.PENDING:
            return verification  # answered meanwhile (a concurrent retry, or withdrawn)
        verification.attempts += 1
        if answer is not None:
            _record_lookup_answer(verification, answer, moment)
        else:
            _record_lookup_failure(verification, error, moment)
    return verification


def _record_lookup_answer(verification: Verification, answer: Any, at: datetime.datetime) -> None:
    verification.latency_ms = answer.latency_ms
    verification.answered_at = at + datetime.timedelta(milliseconds=answer.latency_ms)
    verification.answer = answer.detail
    verification.next_attempt_at = None
    verification.last_error = ""
    verification.save(
        update_fields=[
            "attempts",
            "latency_ms",
            "answered_at",
            "answer",
            "next_attempt_at",
            "last_error",
            "updated_at",
        ]
    )
    transition_run(
        verification,
        "confirm" if answer.confirmed else "contradict",
        action="数据核查属实" if answer.confirmed else "数据核查不符",
        actor=verification.requested_by,
        opinion=answer.detail,
        on=timezone.localdate(at),
    )
    _settle_proof(verification, answer.confirmed)


def _record_lookup_failure(verification: Verification, error: str, at: datetime.datetime) -> None:
    verification.last_error = error
    limit = parameter_value(SOURCE_MAX_ATTEMPTS, on=at.date()).amount
    if verification.attempts >= limit:
        verification.next_attempt_at = None
        verification.save(update_fields=["attempts", "last_error", "next_attempt_at", "updated_at"])
        transition_run(
            verification,
            "give_up",
            action="数据核查未果",
            actor=verification.requested_by,
            opinion=f"已尝试{verification.attempts}次：{error}；请改用协助核查或纸质证明",
        )
        return
    verification.next_attempt_at = at + backoff_after(verification.attempts)
    verification.save(update_fields=["attempts", "last_error", "next_attempt_at", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=verification.requested_by,
        target=verification,
        changes={
            "attempts": verification.attempts,
            "next_attempt_at": str(verification.next_attempt_at),
        },
        message=f"数据源未答复，稍后重试：{error}",
    )


def _settle_proof(verification: Verification, confirmed: bool) -> None:
    """A verification before the decision decides its proof line; a spot check does not."""
    if verification.purpose != Verification.Purpose.BEFORE_DECISION:
        return
    proof = verification.proof
    proof.state = ApplicationProof.State.SATISFIED if confirmed else ApplicationProof.State.FAILED
    proof.save(update_fields=["state", "updated_at"])


def verifications_retry_due(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Retry every pending lookup whose next attempt is due; returns how many were tried."""
    moment = now or timezone.now()
    due = list(
        Verification.objects.filter(
            status=Verification.Status.PENDING,
            next_attempt_at__isnull=False,
            next_attempt_at__lte=moment,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        verification_attempt(verification_id=pk, at=moment)
    return len(due)


def assisted_create(
    proof: ApplicationProof,
    *,
    acting_user: Any,
    organization: Organization,
    question: str,
    purpose: str,
    at: datetime.datetime,
) -> Verification:
    """A pending assisted request with its reply deadline (caller holds the transaction)."""
    if organization.pk == proof.application.organization_id:
        raise ValidationError({"organization": "协助核查应向其他部门发出；本部门请用内部核查"})
    region = proof.application.region
    if organization.kind not in ASSISTING_KINDS or not organization.region.code.startswith(
        region.prefix
    ):
        raise ValidationError({"organization": f"协助核查只能向{region.name}的政府部门或镇街发出"})
    if not question.strip():
        raise ValidationError({"question": "请写明需要协助核查的内容"})
    deadline = due_date_by_parameter(ASSISTED_REPLY_DAYS, at.date())
    return _verification_new(
        proof,
        acting_user=acting_user,
        method=VerificationMethod.ASSISTED,
        purpose=purpose,
        at=at,
        requested_organization=organization,
        question=question.strip(),
        due_on=deadline.due_on,
        due_provisional=deadline.provisional,
    )


@transaction.atomic
def assisted_request(
    *,
    acting_user: Any,
    proof_id: int,
    organization: Organization,
    question: str,
    on: datetime.date | None = None,
) -> Verification:
    """Send an assisted verification request to `organization` for an open application's proof."""
    proof = proof_to_handle(acting_user, proof_id)
    if proof.route != Route.ASSISTED:
        raise ValidationError({"route": "请先将该证明的替代方式改为行政协助核查"})
    if proof.verifications.filter(status=Verification.Status.PENDING).exists():
        raise ValidationError({"route": "该证明已有待答复的核查请求"})
    return assisted_create(
        proof,
        acting_user=acting_user,
        organization=organization,
        question=question,
        purpose=Verification.Purpose.BEFORE_DECISION,
        at=moment_of(on),
    )


@transaction.atomic
def assisted_answer(
    *,
    acting_user: Any,
    verification_id: int,
    confirmed: bool,
    answer: str,
    on: datetime.date | None = None,
) -> Verification:
    """The requested department answers: confirmed or not, with what its records show."""
    verification = access_assisted_request_by_id(acting_user, verification_id, for_update=True)
    assert verification.requested_organization is not None
    require_handles_for(acting_user, verification.requested_organization, verification)
    if not answer.strip():
        raise ValidationError({"answer": "请写明核查所依据的记录和结论"})
    verification.answer = answer.strip()
    verification.answered_at = moment_of(on)
    verification.answered_by = acting_user
    verification.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    transition_run(
        verification,
        "confirm" if confirmed else "contradict",
        action="协助核查属实" if confirmed else "协助核查不符",
        actor=acting_user,
        opinion=answer,
        on=on,
    )
    _settle_proof(verification, confirmed)
    return verification


@transaction.atomic
def assisted_applicant_reveal(*, acting_user: Any, verification_id: int) -> str:
    """The applicant's full ID number for the requested department to search its records.

    Only while the request is pending; each reveal is audited (PIPL art. 51, 等保 access audit).
    """
    verification = access_assisted_request_by_id(acting_user, verification_id)
    if verification.status != Verification.Status.PENDING:
        raise deny(acting_user, verification, "协助核查已答复，不再显示申请人完整证件号码")
    audit_record(
        event=AuditLog.Event.REVEAL,
        user=acting_user,
        target=verification,
        changes={"field": "applicant_id"},
        message="协助核查时查看申请人完整证件号码",
    )
    return verification.proof.application.applicant_id


@transaction.atomic
def internal_check_record(
    *,
    acting_user: Any,
    verification_id: int,
    confirmed: bool,
    answer: str,
    on: datetime.date | None = None,
) -> Verification:
    """The handling department records a check of its own (书面核查, 实地核查) without a source."""
    verification = access_verification_by_id(acting_user, verification_id, for_update=True)
    require_handles_for(acting_user, verification.proof.application.organization, verification)
    if verification.source or verification.method == VerificationMethod.ASSISTED:
        raise deny(acting_user, verification, "该核查由数据源或协查单位答复，不能由经办人登记")
    if not answer.strip():
        raise ValidationError({"answer": "请写明核查所依据的记录和结论"})
    verification.answer = answer.strip()
    verification.answered_at = moment_of(on)
    verification.answered_by = acting_user
    verification.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    transition_run(
        verification,
        "confirm" if confirmed else "contradict",
        action="核查属实" if confirmed else "核查不符",
        actor=acting_user,
        opinion=answer,
        on=on,
    )
    _settle_proof(verification, confirmed)
    return verification


def assisted_escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Mark assisted requests past their reply deadline as escalated (督办); returns how many."""
    day = day_or_today(today)
    overdue = Verification.objects.filter(
        method=VerificationMethod.ASSISTED,
        status=Verification.Status.PENDING,
        due_on__lt=day,
        escalated_on__isnull=True,
    ).select_related("requested_organization", "requested_by")
    count = 0
    with transaction.atomic():
        for verification in overdue.select_for_update(of=("self",)):
            verification.escalated_on = day
            verification.save(update_fields=["escalated_on", "updated_at"])
            audit_record(
                event=AuditLog.Event.UPDATE,
                user=None,
                username="system",
                target=verification,
                changes={"escalated_on": str(day)},
                message=(
                    f"协助核查逾期未答复（期限{verification.due_on:%Y-%m-%d}），"
                    f"督办{verification.requested_organization}"
                ),
            )
            count += 1
    return count
