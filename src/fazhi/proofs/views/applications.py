"""Staff pages of service applications (办件) and of assisted verification requests (协助核查).

The clerk opens an application, deals with each required proof (commitment letter, data
verification with its retries, assisted verification by another department, the paper proof)
and decides; the requested department answers assisted requests from its inbox. The rules live
in services.applications and services.verifications; refusals show on the form they came from
(status 400), denials answer 403 and rows out of scope 404.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.crypto import mask_phone
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.models import Organization
from fazhi.core.permissions import deny
from fazhi.core.spreadsheets import attachment_disposition
from fazhi.proofs import selectors
from fazhi.proofs.forms.applications import (
    ApplicationOpenForm,
    AssistedAnswerForm,
    AssistedRequestForm,
    DecideForm,
    PaperForm,
    RouteForm,
    SignForm,
    TerminateForm,
)
from fazhi.proofs.letters import LETTER_FORMATS, Letter
from fazhi.proofs.models import (
    ApplicationProof,
    HandlingMode,
    Route,
    ServiceApplication,
    Verification,
    VerificationMethod,
)
from fazhi.proofs.permissions import (
    access_application_by_id,
    access_application_proof_by_id,
    access_assisted_request_by_id,
    can_handle_applications,
    organizations_handling_for,
    require_applications_desk,
)
from fazhi.proofs.services import applications, verifications
from fazhi.proofs.tables.applications import (
    ApplicationFilterSet,
    ApplicationTable,
    AssistedFilterSet,
    AssistedRequestTable,
)

_OPEN_STATUSES = (Verification.Status.PENDING, Verification.Status.UNANSWERED)


def _detail_url(application_id: int) -> str:
    return reverse("proofs:application-detail", args=[application_id])


def _handles(user: Any, organization: Organization) -> bool:
    return any(o.pk == organization.pk for o in organizations_handling_for(user))


# -- the list and opening ------------------------------------------------------------------


@require_GET
@denials_as_403
def application_list(request: HttpRequest) -> HttpResponse:
    require_applications_desk(request.user)
    return render_list(
        request,
        queryset=selectors.application_list(user=request.user),
        table_class=ApplicationTable,
        filterset_class=ApplicationFilterSet,
        title="办件受理",
        export_name="办件台账",
        template="proofs/applications/application_list.html",
        extra_context={"may_open": bool(organizations_handling_for(request.user))},
    )


def _matters_for(organizations: list[Organization], on: datetime.date) -> list[str]:
    regions = {o.region_id: o.region for o in organizations}
    names: set[str] = set()
    for region in regions.values():
        names.update(selectors.service_matters_in_force(region=region, on=on))
    return sorted(names)


@require_http_methods(["GET", "POST"])
@denials_as_403
def application_open(request: HttpRequest) -> HttpResponse:
    organizations = organizations_handling_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有办件经办部门可以受理办件")
    form = ApplicationOpenForm(
        request.POST or None,
        organizations=organizations,
        matters=_matters_for(organizations, timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = applications.application_open(
                acting_user=request.user,
                organization=data["organization"],
                matter=data["matter"],
                channel=data["channel"],
                applicant_kind=data["applicant_kind"],
                applicant_name=data["applicant_name"],
                applicant_id=data["applicant_id"],
                applicant_phone=data["applicant_phone"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已受理办件{application.number}")
            return redirect(_detail_url(application.pk))
    context = {
        "title": "受理办件",
        "form": form,
        "cancel_url": reverse("proofs:application-list"),
        "submit_label": "受理",
    }
    return render(
        request,
        "proofs/applications/form_page.html",
        context,
        status=400 if form.is_bound else 200,
    )


# -- the application's page ----------------------------------------------------------------


@dataclass
class ProofLine:
    """One required proof as the page shows it, with the actions that fit its state now."""

    proof: ApplicationProof
    verification: Verification | None = None
    progress: str = ""
    letter: Letter | None = None
    letter_signed: bool = False
    sign_form: forms.Form | None = None
    paper_form: forms.Form | None = None
    assist_form: forms.Form | None = None
    may_verify: bool = False
    route_choices: list[tuple[str, str]] = field(default_factory=list)
    error_form: forms.Form | None = None

    @property
    def errors(self) -> list[str]:
        """Refusals of the buttons on this line; the line's own forms show theirs inline."""
        form = self.error_form
        if form is None or any(
            form is f for f in (self.sign_form, self.paper_form, self.assist_form)
        ):
            return []
        return [str(e) for errors in form.errors.values() for e in errors]


def _line_ids(proof_id: int) -> str:
    """Element ids of one line's forms, so the page's many forms do not share ids."""
    return f"id_proof{proof_id}_%s"


def _progress(verification: Verification | None) -> str:
    """The state of the latest verification in words (核查中，第N次尝试失败：…，将于HH:MM重试)."""
    if verification is None:
        return ""
    status = verification.status
    if verification.method == VerificationMethod.ASSISTED:
        target = verification.requested_organization
        due = f"{verification.due_on:%Y-%m-%d}" if verification.due_on else "—"
        if status == Verification.Status.PENDING:
            late = (
                "，已逾期"
                if verification.due_on and verification.due_on < timezone.localdate()
                else ""
            )
            return f"已向{target}发出协助核查请求，答复期限{due}{late}"
        return f"{target}答复：{verification.get_status_display()}　{verification.answer}"
    if status == Verification.Status.PENDING:
        if verification.attempts and verification.last_error:
            text = f"核查中，第{verification.attempts}次尝试失败：{verification.last_error}"
            if verification.next_attempt_at:
                at = timezone.localtime(verification.next_attempt_at)
                text += f"，将于{at:%H:%M}重试"
            return text
        return "核查中"
    if status == Verification.Status.UNANSWERED:
        return (
            f"核查未果（已尝试{verification.attempts}次：{verification.last_error}），"
            "请改用行政协助核查或提交纸质证明"
        )
    return f"{verification.get_status_display()}　{verification.answer}".strip()


def _other_organizations(application: ServiceApplication) -> list[Organization]:
    return list(
        Organization.objects.filter(region=application.region)
        .exclude(pk=application.organization_id)
        .exclude(kind=Organization.Kind.LAW_FIRM)
        .order_by("code")
    )


def _proof_lines(
    application: ServiceApplication,
    verifications_list: list[Verification],
    *,
    may_handle: bool,
    blocked: bool,
    bound: tuple[int, str, forms.Form] | None,
) -> list[ProofLine]:
    latest: dict[int, Verification] = {}
    for asked in verifications_list:
        if asked.purpose == Verification.Purpose.BEFORE_DECISION:
            latest[asked.proof_id] = asked  # oldest first: the last one wins
    others: list[Organization] | None = None
    lines = []
    for proof in selectors.application_proofs(application):
        verification = latest.get(proof.pk)
        line = ProofLine(proof=proof, verification=verification, progress=_progress(verification))
        line.letter = applications.letter_shown(proof)
        line.letter_signed = proof.signed_at is not None
        if may_handle and proof.state != ApplicationProof.State.SATISFIED:
            pending = verification is not None and verification.status in _OPEN_STATUSES
            mode = proof.version.handling_mode
            if proof.route == Route.COMMITMENT:
                line.sign_form = SignForm(auto_id=_line_ids(proof.pk))
                line.route_choices = [(Route.PAPER, "改为提交纸质证明")]
            elif proof.route == Route.PAPER:
                line.paper_form = PaperForm(auto_id=_line_ids(proof.pk))
                if mode == HandlingMode.COMMITMENT and not blocked:
                    line.route_choices = [(Route.COMMITMENT, "改为告知承诺")]
                elif mode == HandlingMode.DATA_CHECK:
                    line.route_choices = [
                        (Route.VERIFICATION, "改为数据核查"),
                        (Route.ASSISTED, "改为行政协助核查"),
                    ]
            elif proof.route == Route.VERIFICATION:
                line.may_verify = not (
                    verification is not None and verification.status == Verification.Status.PENDING
                )
                if pending or proof.state == ApplicationProof.State.FAILED:
                    line.route_choices = [
                        (Route.ASSISTED, "改用行政协助核查"),
                        (Route.PAPER, "改为提交纸质证明"),
                    ]
            elif proof.route == Route.ASSISTED:
                if not (
                    verification is not None
                    and verification.method == VerificationMethod.ASSISTED
                    and verification.status == Verification.Status.PENDING
                ):
                    if others is None:
                        others = _other_organizations(application)
                    line.assist_form = AssistedRequestForm(
                        organizations=others, auto_id=_line_ids(proof.pk)
                    )
                line.route_choices = [(Route.PAPER, "改为提交纸质证明")]
        if bound is not None and bound[0] == proof.pk:
            _, slot, form = bound
            if slot in ("sign_form", "paper_form", "assist_form"):
                setattr(line, slot, form)
            line.error_form = form
        lines.append(line)
    return lines


def _application_page(
    request: HttpRequest,
    application: ServiceApplication,
    *,
    bound: tuple[int, str, forms.Form] | None = None,
    decide_form: DecideForm | None = None,
    refuse_form: DecideForm | None = None,
    terminate_form: TerminateForm | None = None,
) -> HttpResponse:
    user = request.user
    is_open = application.status == ServiceApplication.Status.OPEN
    may_handle = is_open and _handles(user, application.organization)
    block_reason = applications.commitment_block_reason(application.applicant_digest)
    history = list(selectors.verifications_of(application))
    lines = _proof_lines(
        application, history, may_handle=may_handle, blocked=block_reason is not None, bound=bound
    )
    blockers = applications.decision_blockers(application) if may_handle else []
    if may_handle:
        decide_form = decide_form or DecideForm()
        refuse_form = refuse_form or DecideForm(auto_id="id_refuse_%s")
        terminate_form = terminate_form or TerminateForm(auto_id="id_terminate_%s")
    fields: list[tuple[str, Any]] = [
        ("办件编号", application.number),
        ("政务服务事项", application.matter),
        ("受理单位", application.organization.name),
        ("受理渠道", application.get_channel_display()),
        ("申请人类型", application.get_applicant_kind_display()),
        ("申请人", application.applicant_name),
        ("证件号码", application.masked_applicant_id),
        (
            "联系电话",
            mask_phone(application.applicant_phone) if application.applicant_phone else None,
        ),
        ("状态", application.get_status_display()),
        ("受理日期", application.opened_on),
        ("受理人", str(application.clerk)),
        ("决定日期", application.decided_on),
        ("决定说明", application.decision_note),
    ]
    response = render_detail(
        request,
        obj=application,
        title=f"{application.number} {application.matter}",
        pretitle="办件",
        status=application.get_status_display(),
        fields=fields,
        back_url=reverse("proofs:application-list"),
        can_upload=False,
        show_attachments=False,
        template="proofs/applications/application_detail.html",
        extra_context={
            "lines": lines,
            "history": history,
            "block_reason": block_reason,
            "may_handle": may_handle,
            "blockers": blockers,
            "decide_form": decide_form if may_handle else None,
            "refuse_form": refuse_form if may_handle else None,
            "terminate_form": terminate_form if may_handle else None,
        },
    )
    if bound is not None or any(
        form is not None and form.is_bound for form in (decide_form, refuse_form, terminate_form)
    ):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, access_application_by_id(request.user, pk))


@require_POST
@denials_as_403
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_by_id(request.user, pk)
    form = DecideForm(request.POST, auto_id="id_refuse_%s")
    approve = request.POST.get("decision") == DecideForm.APPROVE
    if form.is_valid():
        try:
            decided = applications.application_decide(
                acting_user=request.user,
                application_id=application.pk,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"办件{decided.number}已{decided.get_status_display()}")
            return redirect(_detail_url(application.pk))
    application = access_application_by_id(request.user, pk)
    if approve:
        return _application_page(request, application, decide_form=form)
    return _application_page(request, application, refuse_form=form)


@require_POST
@denials_as_403
def application_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application_by_id(request.user, pk)
    form = TerminateForm(request.POST, auto_id="id_terminate_%s")
    if form.is_valid():
        try:
            applications.application_terminate(
                acting_user=request.user,
                application_id=application.pk,
                reason=form.cleaned_data["reason"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"办件{application.number}已终止办理")
            return redirect(_detail_url(application.pk))
    application = access_application_by_id(request.user, pk)
    return _application_page(request, application, terminate_form=form)


# -- actions on one proof line -------------------------------------------------------------


def _proof_refused(
    request: HttpRequest, proof: ApplicationProof, slot: str, form: forms.Form
) -> HttpResponse:
    application = access_application_by_id(request.user, proof.application_id)
    return _application_page(request, application, bound=(proof.pk, slot, form))


@require_POST
@denials_as_403
def proof_route(request: HttpRequest, pk: int) -> HttpResponse:
    proof = access_application_proof_by_id(request.user, pk)
    form = RouteForm(request.POST)
    if form.is_valid():
        try:
            changed = applications.proof_route_choose(
                acting_user=request.user, proof_id=proof.pk, route=form.cleaned_data["route"]
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{proof.version.name}”已改为{Route(changed.route).label}")
            return redirect(_detail_url(proof.application_id))
    return _proof_refused(request, proof, "route", form)


@require_POST
@denials_as_403
def commitment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    proof = access_application_proof_by_id(request.user, pk)
    form = SignForm(request.POST, auto_id=_line_ids(proof.pk))
    if form.is_valid():
        try:
            applications.commitment_sign(
                acting_user=request.user,
                proof_id=proof.pk,
                signature=form.cleaned_data["signature"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"申请人已签署“{proof.version.name}”告知承诺书")
            return redirect(_detail_url(proof.application_id))
    return _proof_refused(request, proof, "sign_form", form)


@require_GET
@denials_as_403
def commitment_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The letter as Word (fmt "docx") or PDF (fmt "pdf"); each download is audited."""
    render_file, content_type = LETTER_FORMATS[fmt]
    letter = applications.letter_export(acting_user=request.user, proof_id=pk)
    proof = access_application_proof_by_id(request.user, pk)
    filename = f"告知承诺书-{proof.application.number}-{proof.version.name}.{fmt}"
    response = HttpResponse(render_file(letter), content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@denials_as_403
def verification_start(request: HttpRequest, pk: int) -> HttpResponse:
    proof = access_application_proof_by_id(request.user, pk)
    form = forms.Form(request.POST)
    try:
        verification = verifications.verification_start(acting_user=request.user, proof_id=proof.pk)
    except (InvalidTransition, ValidationError) as error:
        add_service_errors(form, error)
        return _proof_refused(request, proof, "verify", form)
    name = proof.version.name
    if verification.status == Verification.Status.CONFIRMED:
        messages.success(request, f"“{name}”数据核查属实")
    elif verification.status == Verification.Status.CONTRADICTED:
        messages.warning(request, f"“{name}”数据核查不符：{verification.answer}")
    elif verification.status == Verification.Status.UNANSWERED:
        messages.warning(request, f"“{name}”数据核查未果，请改用行政协助核查或提交纸质证明")
    else:
        messages.success(request, f"已发起“{name}”数据核查；{_progress(verification)}")
    return redirect(_detail_url(proof.application_id))


@require_POST
@denials_as_403
def assisted_request(request: HttpRequest, pk: int) -> HttpResponse:
    proof = access_application_proof_by_id(request.user, pk)
    application = access_application_by_id(request.user, proof.application_id)
    form = AssistedRequestForm(
        request.POST,
        organizations=_other_organizations(application),
        auto_id=_line_ids(proof.pk),
    )
    if form.is_valid():
        try:
            verification = verifications.assisted_request(
                acting_user=request.user,
                proof_id=proof.pk,
                organization=form.cleaned_data["organization"],
                question=form.cleaned_data["question"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"已向{verification.requested_organization}发出协助核查请求，"
                f"答复期限{verification.due_on:%Y-%m-%d}",
            )
            return redirect(_detail_url(proof.application_id))
    return _proof_refused(request, proof, "assist_form", form)


@require_POST
@denials_as_403
def paper_receive(request: HttpRequest, pk: int) -> HttpResponse:
    proof = access_application_proof_by_id(request.user, pk)
    form = PaperForm(request.POST, auto_id=_line_ids(proof.pk))
    if form.is_valid():
        try:
            applications.paper_proof_receive(
                acting_user=request.user, proof_id=proof.pk, note=form.cleaned_data["note"]
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已收取“{proof.version.name}”纸质证明")
            return redirect(_detail_url(proof.application_id))
    return _proof_refused(request, proof, "paper_form", form)


# -- the requested department's inbox ------------------------------------------------------


def _require_inbox(user: Any) -> None:
    if not can_handle_applications(user) or not organizations_handling_for(user):
        raise deny(user, None, "只有办件经办部门可以处理协助核查请求")


@require_GET
@denials_as_403
def assisted_list(request: HttpRequest) -> HttpResponse:
    _require_inbox(request.user)
    return render_list(
        request,
        queryset=selectors.assisted_requests_for(user=request.user),
        table_class=AssistedRequestTable,
        filterset_class=AssistedFilterSet,
        title="协助核查请求",
        export_name="协助核查请求",
    )


def _assisted_page(
    request: HttpRequest, verification: Verification, form: AssistedAnswerForm | None = None
) -> HttpResponse:
    pending = verification.status == Verification.Status.PENDING
    if pending and form is None:
        form = AssistedAnswerForm()
    application = verification.proof.application
    overdue = bool(pending and verification.due_on and verification.due_on < timezone.localdate())
    identifier: Any = application.masked_applicant_id
    if pending and request.GET.get("reveal") == "1":
        identifier = verifications.assisted_applicant_reveal(
            acting_user=request.user, verification_id=verification.pk
        )
    elif pending:
        reveal_url = f"{reverse('proofs:assisted-detail', args=[verification.pk])}?reveal=1"
        identifier = format_html(
            '{} <a href="{}" class="ms-2">显示完整号码（将记入审计日志）</a>',
            identifier,
            reveal_url,
        )
    fields: list[tuple[str, Any]] = [
        ("请求单位", application.organization.name),
        ("政务服务事项", application.matter),
        ("证明名称", verification.proof.version.name),
        ("申请人", application.applicant_name),
        ("证件号码", identifier),
        ("核查内容", verification.question),
        ("发起时间", verification.requested_at),
        ("答复期限", verification.due_on),
        ("逾期", "已逾期" if overdue else None),
        ("督办日期", verification.escalated_on),
        ("状态", verification.get_status_display()),
        ("答复时间", verification.answered_at),
        ("核查结果说明", verification.answer),
    ]
    response = render_detail(
        request,
        obj=verification,
        title=f"协助核查：{verification.proof.version.name}",
        pretitle="协助核查请求",
        status=verification.get_status_display(),
        fields=fields,
        back_url=reverse("proofs:assisted-list"),
        can_upload=False,
        show_attachments=False,
        template="proofs/applications/assisted_detail.html",
        extra_context={"answer_form": form if pending else None},
    )
    if form is not None and form.is_bound:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
@denials_as_403
def assisted_detail(request: HttpRequest, pk: int) -> HttpResponse:
    verification = access_assisted_request_by_id(request.user, pk)
    if request.method != "POST":
        return _assisted_page(request, verification)
    form = AssistedAnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = verifications.assisted_answer(
                acting_user=request.user,
                verification_id=verification.pk,
                confirmed=form.confirmed,
                answer=form.cleaned_data["answer"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已答复协助核查：{answered.get_status_display()}")
            return redirect("proofs:assisted-detail", pk=verification.pk)
    return _assisted_page(request, access_assisted_request_by_id(request.user, pk), form)
