"""Taking an application (办件) from opening to decision without proof documents.

The clerk opens the application for a service matter; every proof the catalog in force lists
for that matter becomes a line saying what replaces it. Cancelled proofs need nothing; for a
proof under notification-commitment the applicant chooses the commitment or the paper proof
(国办发〔2020〕42号: the applicant may choose); a proof replaced by data verification is looked
up (services.verifications); a retained proof is submitted on paper. An applicant with an
unrepaired untrue commitment may not commit (until 信用修复). Once every line is satisfied the
department decides at once (山东省优化营商环境条例 art. 29); verification of commitments follows
after the decision (services.spot_checks).
"""

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.crypto import blind_index
from fazhi.core.deadlines import day_or_today
from fazhi.core.models import AuditLog, Organization
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.core.workflow import record_transition, transition_run
from fazhi.proofs.letters import TEMPLATES, Letter, letter_render
from fazhi.proofs.models import (
    ApplicantKind,
    ApplicationProof,
    HandlingMode,
    ProofItemVersion,
    Route,
    ServiceApplication,
    Verification,
)
from fazhi.proofs.permissions import (
    access_application_by_id,
    access_application_proof_by_id,
    require_handles_for,
)
from fazhi.proofs.selectors import false_commitment_unrepaired, matter_requirements

SIGNATURES = ("现场签字", "电子签名")

_ROUTE_OF_MODE = {
    HandlingMode.CANCELLED: Route.NOT_NEEDED,
    HandlingMode.COMMITMENT: Route.COMMITMENT,
    HandlingMode.DATA_CHECK: Route.VERIFICATION,
    HandlingMode.RETAINED: Route.PAPER,
}


def moment_of(on: datetime.date | None) -> datetime.datetime:
    """Now, or a working-hours moment of a past day for records entered afterwards.

    A datetime is taken as it is (the demo history spreads its lookups over office hours).
    """
    if on is None:
        return timezone.now()
    if isinstance(on, datetime.datetime):
        return on
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))


def commitment_block_reason(applicant_digest: str) -> str | None:
    """Why this applicant may not use notification-commitment (Chinese), or None."""
    finding = false_commitment_unrepaired(applicant_digest)
    if finding is None:
        return None
    return (
        f"申请人于{finding.found_on:%Y年%m月%d日}被{finding.application.organization.name}认定"
        f"存在不实承诺（信用记录{finding.credit_record}），信用修复前不适用告知承诺制，"
        "请提交证明材料"
    )


def _validated_applicant_id(kind: str, applicant_id: str) -> str:
    text = (applicant_id or "").strip().upper()
    if kind not in ApplicantKind.values:
        raise ValidationError({"applicant_kind": "申请人类型应为自然人或法人或其他组织"})
    validate = validate_id_number if kind == ApplicantKind.PERSON else validate_uscc
    try:
        validate(text)
    except ValidationError as error:
        raise ValidationError({"applicant_id": error.messages}) from None
    return text


def _route_for(version: ProofItemVersion, blocked: bool) -> str:
    route = _ROUTE_OF_MODE[HandlingMode(version.handling_mode)]
    if route == Route.COMMITMENT and blocked:
        return Route.PAPER
    if route == Route.VERIFICATION and version.verification_method == "assisted":
        return Route.ASSISTED
    return route


@transaction.atomic
def application_open(
    *,
    acting_user: Any,
    organization: Organization,
    matter: str,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    applicant_phone: str = "",
    channel: str = ServiceApplication.Channel.HALL,
    on: datetime.date | None = None,
) -> ServiceApplication:
    """Open an application and list the proofs its matter requires with what replaces each.

    Raises PermissionDenied unless the user handles applications for `organization`,
    ValidationError naming the field for a blank name, a wrong ID number or credit code, or a
    matter the catalog in force does not name.
    """
    require_handles_for(acting_user, organization)
    day = day_or_today(on)
    identifier = _validated_applicant_id(applicant_kind, applicant_id)
    if not applicant_name.strip():
        raise ValidationError({"applicant_name": "请填写申请人姓名或名称"})
    requirements = matter_requirements(region=organization.region, matter=matter, on=day)
    if not requirements:
        raise ValidationError(
            {"matter": f"{day:%Y-%m-%d}施行的证明事项清单中没有“{matter}”需要的证明事项"}
        )
    digest = blind_index(identifier)
    blocked = commitment_block_reason(digest) is not None
    application = ServiceApplication(
        number=f"tmp-{uuid.uuid4().hex[:24]}",
        region=organization.region,
        organization=organization,
        matter=matter.strip(),
        channel=channel,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        applicant_id=identifier,
        applicant_digest=digest,
        applicant_phone=applicant_phone.strip(),
        opened_on=day,
        clerk=acting_user,
        created_by=acting_user,
    )
    application.full_clean(exclude=["status", "applicant_digest"])
    application.save()
    application.number = f"BJ{day:%Y%m%d}{application.pk:07d}"
    application.save(update_fields=["number"])
    lines = []
    for version in requirements:
        route = _route_for(version, blocked)
        state = (
            ApplicationProof.State.SATISFIED
            if route == Route.NOT_NEEDED
            else ApplicationProof.State.WAITING
        )
        lines.append(
            ApplicationProof(
                application=application,
                item=version.item,
                version=version,
                route=route,
                state=state,
                created_by=acting_user,
            )
        )
    ApplicationProof.objects.bulk_create(lines)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=application,
        changes={"matter": application.matter, "proofs": len(lines)},
        message="受理办件",
    )
    record_transition(
        application,
        "",
        application.status,
        action="受理",
        actor=acting_user,
        opinion=f"所需证明{len(lines)}项",
        on=on,
    )
    return application


def proof_to_handle(acting_user: Any, proof_id: int) -> ApplicationProof:
    """A proof line of an open application, locked, that the user handles; else the error."""
    proof = access_application_proof_by_id(acting_user, proof_id, for_update=True)
    require_handles_for(acting_user, proof.application.organization, proof)
    if proof.application.status != ServiceApplication.Status.OPEN:
        raise ValidationError({"application": "办件已办结，不能再修改证明材料"})
    return proof


def _save_proof(acting_user: Any, proof: ApplicationProof, message: str, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(proof, name, value)
    proof.save(update_fields=[*changes, "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=proof,
        changes={k: str(v) for k, v in changes.items() if k != "letter_text"},
        message=message,
    )


@transaction.atomic
def proof_route_choose(*, acting_user: Any, proof_id: int, route: str) -> ApplicationProof:
    """Change what replaces a waiting proof: the applicant's choice, or the clerk's fallback.

    A commitment item may switch between commitment and the paper proof (not to commitment
    while the applicant is barred); a verification or assisted verification may fall back to
    the paper proof or to assisted verification; any pending lookup is withdrawn.
    """
    proof = proof_to_handle(acting_user, proof_id)
    if proof.state == ApplicationProof.State.SATISFIED:
        raise ValidationError({"route": "该证明已满足要求，不能更改替代方式"})
    allowed = _routes_allowed(proof)
    if route not in allowed:
        names = "、".join(Route(r).label for r in allowed) or "无"
        raise ValidationError({"route": f"该证明只能选择：{names}"})
    if route == Route.COMMITMENT:
        reason = commitment_block_reason(proof.application.applicant_digest)
        if reason:
            raise ValidationError({"route": reason})
    open_statuses = [Verification.Status.PENDING, Verification.Status.UNANSWERED]
    for verification in proof.verifications.filter(status__in=open_statuses):
        transition_run(
            verification, "withdraw", action="改用其他方式", actor=acting_user, opinion=route
        )
    _save_proof(
        acting_user,
        proof,
        f"替代方式改为{Route(route).label}",
        route=route,
        state=ApplicationProof.State.WAITING,
    )
    return proof


def _routes_allowed(proof: ApplicationProof) -> list[str]:
    mode = proof.version.handling_mode
    if mode == HandlingMode.COMMITMENT:
        return [Route.COMMITMENT, Route.PAPER]
    if mode == HandlingMode.DATA_CHECK:
        return [Route.VERIFICATION, Route.ASSISTED, Route.PAPER]
    return []


def letter_shown(proof: ApplicationProof) -> Letter | None:
    """The letter as signed, or (unsigned commitment line) as it would be signed; else None."""
    if proof.signed_at is not None and proof.letter_text:
        return Letter(proof.template_version, proof.letter_text)
    template = proof.template_version or proof.version.template_version
    if proof.route != Route.COMMITMENT or template not in TEMPLATES:
        return None
    return letter_of(proof)


def letter_export(*, acting_user: Any, proof_id: int) -> Letter:
    """The letter for download; the export is audited (it names the applicant, PIPL art. 51).

    Raises Http404 outside the user's scope or when the line has no letter.
    """
    proof = access_application_proof_by_id(acting_user, proof_id)
    letter = letter_shown(proof)
    if letter is None:
        raise Http404("该证明没有告知承诺书")
    audit_record(
        event=AuditLog.Event.EXPORT,
        user=acting_user,
        target=proof,
        changes={"letter_digest": letter.digest},
        message="下载告知承诺书",
    )
    return letter


def letter_of(proof: ApplicationProof, *, signature: str = "", signed_on: str = "") -> Letter:
    """The commitment letter for this proof from the template version in force at opening."""
    application = proof.application
    return letter_render(
        proof.template_version or proof.version.template_version,
        organization=application.organization.name,
        applicant_name=application.applicant_name,
        applicant_id=application.masked_applicant_id,
        matter=application.matter,
        proof_name=proof.version.name,
        legal_basis=proof.version.legal_basis,
        signature=signature,
        signed_on=signed_on,
    )


@transaction.atomic
def commitment_sign(
    *,
    acting_user: Any,
    proof_id: int,
    signature: str,
    on: datetime.date | None = None,
) -> ApplicationProof:
    """Record the applicant's signature on the rendered letter; the proof is then satisfied.

    The signed text and its SHA-256 are kept so the letter can be shown as it was signed.
    """
    proof = proof_to_handle(acting_user, proof_id)
    if proof.route != Route.COMMITMENT:
        raise ValidationError({"route": "该证明未选择告知承诺方式，不能签署承诺书"})
    if proof.signed_at is not None:
        raise ValidationError({"signature": "承诺书已签署"})
    if signature not in SIGNATURES:
        raise ValidationError({"signature": f"签署方式应为{'或'.join(SIGNATURES)}"})
    reason = commitment_block_reason(proof.application.applicant_digest)
    if reason:
        raise ValidationError({"route": reason})
    moment = moment_of(on)
    letter = letter_of(
        proof, signature=signature, signed_on=f"{timezone.localdate(moment):%Y年%m月%d日}"
    )
    _save_proof(
        acting_user,
        proof,
        "申请人签署告知承诺书",
        template_version=letter.template_version,
        letter_text=letter.text,
        letter_digest=letter.digest,
        signed_at=moment,
        signature=signature,
        state=ApplicationProof.State.SATISFIED,
    )
    return proof


@transaction.atomic
def paper_proof_receive(*, acting_user: Any, proof_id: int, note: str = "") -> ApplicationProof:
    """The applicant handed in the paper proof."""
    proof = proof_to_handle(acting_user, proof_id)
    if proof.route != Route.PAPER:
        raise ValidationError({"route": "该证明未选择提交纸质证明"})
    _save_proof(
        acting_user,
        proof,
        "收取纸质证明",
        paper_note=note.strip()[:200],
        state=ApplicationProof.State.SATISFIED,
    )
    return proof


def decision_blockers(application: ServiceApplication) -> list[str]:
    """What stops approval, one Chinese line per proof not yet satisfied."""
    lines = []
    for proof in application.proofs.select_related("version").order_by("item__code"):
        if proof.state == ApplicationProof.State.FAILED:
            lines.append(f"“{proof.version.name}”核查不符")
        elif proof.state == ApplicationProof.State.WAITING:
            lines.append(f"“{proof.version.name}”尚待{Route(proof.route).label}")
    return lines


@transaction.atomic
def application_decide(
    *,
    acting_user: Any,
    application_id: int,
    approve: bool,
    note: str = "",
    on: datetime.date | None = None,
) -> ServiceApplication:
    """Approve (every proof satisfied) or refuse (with the reason) the application."""
    application = access_application_by_id(acting_user, application_id, for_update=True)
    require_handles_for(acting_user, application.organization, application)
    day = day_or_today(on)
    if approve:
        blockers = decision_blockers(application)
        if blockers:
            raise ValidationError({"approve": "不能作出准予决定：" + "；".join(blockers)})
    elif not note.strip():
        raise ValidationError({"note": "不予办理的，请写明理由"})
    if day < application.opened_on:
        raise ValidationError({"on": "决定日期不能早于受理日期"})
    application.decided_on = day
    application.decision_note = note.strip()
    application.save(update_fields=["decided_on", "decision_note", "updated_at"])
    transition_run(
        application,
        "approve" if approve else "refuse",
        action="准予办理" if approve else "不予办理",
        actor=acting_user,
        opinion=note,
        on=on,
    )
    return application


@transaction.atomic
def application_terminate(
    *, acting_user: Any, application_id: int, reason: str, on: datetime.date | None = None
) -> ServiceApplication:
    """Stop handling (the applicant withdrew, or a commitment was found untrue before deciding)."""
    application = access_application_by_id(acting_user, application_id, for_update=True)
    require_handles_for(acting_user, application.organization, application)
    if not reason.strip():
        raise ValidationError({"reason": "请写明终止办理的理由"})
    application.decided_on = day_or_today(on)
    application.decision_note = reason.strip()
    application.save(update_fields=["decided_on", "decision_note", "updated_at"])
    pending = Verification.objects.filter(
        proof__application=application, status=Verification.Status.PENDING
    )
    for verification in pending:
        transition_run(
            verification, "withdraw", action="办件终止，撤回核查", actor=acting_user, on=on
        )
    transition_run(
        application, "terminate", action="终止办理", actor=acting_user, opinion=reason, on=on
    )
    return application
