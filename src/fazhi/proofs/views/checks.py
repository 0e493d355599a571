"""Pages after the decision: spot checks (事后抽查), untrue commitments, credit repair, dashboard.

A department announces a spot check of the commitments signed in a period (the population and
the seed rule are frozen first), draws with the public seed value, and records its own checks
where no data source answers; a contradicted commitment is found untrue (不实承诺) with its
measure and credit record, which bars the applicant from commitment until credit repair. The
bureau's dashboard shows the catalog, the materials saved and how verification performs.
Rules live in services.spot_checks; refusals show on the form they came from (status 400).
"""

import datetime
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

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.proofs import dashboard as panels
from fazhi.proofs import selectors
from fazhi.proofs.forms.checks import (
    CloseForm,
    CorrectionForm,
    CreditRepairForm,
    FalseCommitmentForm,
    InternalCheckForm,
    SpotCheckAnnounceForm,
    SpotCheckDrawForm,
)
from fazhi.proofs.models import (
    ApplicationProof,
    FalseCommitment,
    HandlingMode,
    SpotCheck,
    Verification,
    VerificationMethod,
)
from fazhi.proofs.permissions import (
    access_application_proof_by_id,
    access_false_commitment_by_id,
    access_spot_check_by_id,
    access_verification_by_id,
    can_review_catalog,
    organizations_handling_for,
    require_applications_desk,
    require_handles_for,
)
from fazhi.proofs.services import spot_checks, verifications
from fazhi.proofs.services.applications import commitment_block_reason
from fazhi.proofs.sources.base import data_source_label
from fazhi.proofs.tables.checks import FalseCommitmentTable, SpotCheckTable

FIRST_DASHBOARD_YEAR = 2020


def _handles(user: Any, organization: Any) -> bool:
    return acts_for(user, organization, Capability.HANDLE_SERVICE_APPLICATIONS)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    pretitle: str,
    cancel_url: str,
    submit_label: str,
    template: str = "proofs/checks/form_page.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "title": title,
        "pretitle": pretitle,
        "form": form,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        **(extra or {}),
    }
    return render(request, template, context, status=400 if form.is_bound else 200)


# Spot checks (事后抽查) ----------------------------------------------------------------------


@require_GET
@denials_as_403
def spot_check_list(request: HttpRequest) -> HttpResponse:
    require_applications_desk(request.user)
    return render_list(
        request,
        queryset=selectors.spot_check_list(user=request.user),
        table_class=SpotCheckTable,
        title="告知承诺事后抽查",
        export_name="告知承诺事后抽查",
        template="proofs/checks/spot_check_list.html",
        extra_context={"may_announce": bool(organizations_handling_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def spot_check_announce(request: HttpRequest) -> HttpResponse:
    organizations = organizations_handling_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有办件部门可以组织告知承诺事后抽查")
    form = SpotCheckAnnounceForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            spot_check = spot_checks.spot_check_announce(
                acting_user=request.user,
                organization=data["organization"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                seed_rule=data["seed_rule"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已公告“{spot_check}”，请按规则取得种子值后抽取")
            return redirect("proofs:spot-check-detail", pk=spot_check.pk)
    return _form_page(
        request,
        form,
        title="公告告知承诺事后抽查",
        pretitle="事后抽查",
        cancel_url=reverse("proofs:spot-check-list"),
        submit_label="公告抽查",
    )


def _sample_rows(
    request: HttpRequest,
    spot_check: SpotCheck,
    may_handle: bool,
    bound: tuple[int, forms.Form] | None,
) -> list[dict[str, Any]]:
    """Each sampled commitment with its verification and what the clerk may do next."""
    rows = []
    for verification in selectors.spot_check_verifications(spot_check):
        proof = verification.proof
        record = getattr(proof, "false_commitment", None)
        form = None
        needs_recording = (
            may_handle
            and verification.status == Verification.Status.PENDING
            and not verification.source
            and verification.method != VerificationMethod.ASSISTED
        )
        if needs_recording:
            if bound is not None and bound[0] == verification.pk:
                form = bound[1]
            else:
                form = InternalCheckForm(prefix=f"v{verification.pk}")
        rows.append(
            {
                "verification": verification,
                "proof": proof,
                "source_label": data_source_label(verification.source)
                if verification.source
                else "",
                "false_commitment": record,
                "form": form,
                "may_find_untrue": may_handle
                and verification.status == Verification.Status.CONTRADICTED
                and record is None,
            }
        )
    return rows


def _spot_check_page(
    request: HttpRequest,
    spot_check: SpotCheck,
    *,
    draw_form: forms.Form | None = None,
    close_form: forms.Form | None = None,
    internal_form: tuple[int, forms.Form] | None = None,
) -> HttpResponse:
    draw = spot_check.draw
    may_handle = _handles(request.user, spot_check.organization)
    announced = spot_check.status == SpotCheck.Status.ANNOUNCED
    checking = spot_check.status == SpotCheck.Status.CHECKING
    if announced and may_handle and draw_form is None:
        draw_form = SpotCheckDrawForm()
    if checking and may_handle and close_form is None:
        close_form = CloseForm()
    draw_link = format_html(
        '<a href="{}" class="fz-draw-link">{}</a>',
        reverse("core:draw-detail", args=[draw.pk]),
        f"{draw.purpose}（{draw.get_status_display()}）",
    )
    fields: list[tuple[str, Any]] = [
        ("抽查单位", spot_check.organization.name),
        (
            "承诺签署期间",
            f"{spot_check.period_start:%Y-%m-%d}至{spot_check.period_end:%Y-%m-%d}",
        ),
        ("状态", spot_check.get_status_display()),
        ("随机抽取", draw_link),
        ("抽取对象数量", f"{draw.population_size}件告知承诺"),
        (
            "抽取对象SM3摘要",
            format_html('<span class="font-monospace">{}</span>', draw.population_digest),
        ),
        ("随机种子确定规则", draw.seed_rule),
        ("公告时间", timezone.localtime(draw.announced_at)),
    ]
    if draw.drawn_at is not None:
        fields += [
            ("随机种子值", draw.seed_value),
            ("抽取时间", timezone.localtime(draw.drawn_at)),
            ("抽中数量", f"{len(draw.selected_keys)}件"),
        ]
    fields.append(("完成日期", spot_check.closed_on))
    bound_forms = [f for f in (draw_form, close_form) if f is not None and f.is_bound]
    response = render_detail(
        request,
        obj=spot_check,
        title=str(spot_check),
        pretitle="告知承诺事后抽查",
        status=spot_check.get_status_display(),
        fields=fields,
        back_url=reverse("proofs:spot-check-list"),
        can_upload=False,
        show_attachments=False,
        template="proofs/checks/spot_check_detail.html",
        extra_context={
            "draw": draw,
            "draw_form": draw_form if announced and may_handle else None,
            "close_form": close_form if checking and may_handle else None,
            "rows": _sample_rows(request, spot_check, may_handle, internal_form),
        },
    )
    if bound_forms or internal_form is not None:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def spot_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _spot_check_page(request, access_spot_check_by_id(request.user, pk))


@require_POST
@denials_as_403
def spot_check_draw(request: HttpRequest, pk: int) -> HttpResponse:
    spot_check = access_spot_check_by_id(request.user, pk)
    require_handles_for(request.user, spot_check.organization, spot_check)
    form = SpotCheckDrawForm(request.POST)
    if form.is_valid():
        try:
            spot_checks.spot_check_draw(
                acting_user=request.user,
                spot_check_id=spot_check.pk,
                seed_value=form.cleaned_data["seed_value"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已抽取，抽中的告知承诺已启动核查")
            return redirect("proofs:spot-check-detail", pk=spot_check.pk)
    return _spot_check_page(request, access_spot_check_by_id(request.user, pk), draw_form=form)


@require_POST
@denials_as_403
def spot_check_close(request: HttpRequest, pk: int) -> HttpResponse:
    spot_check = access_spot_check_by_id(request.user, pk)
    require_handles_for(request.user, spot_check.organization, spot_check)
    form = CloseForm(request.POST)
    try:
        spot_checks.spot_check_close(acting_user=request.user, spot_check_id=spot_check.pk)
    except (InvalidTransition, ValidationError) as error:
        add_service_errors(form, error)
    else:
        messages.success(request, f"“{spot_check}”已完成")
        return redirect("proofs:spot-check-detail", pk=spot_check.pk)
    return _spot_check_page(request, access_spot_check_by_id(request.user, pk), close_form=form)


@require_POST
@denials_as_403
def internal_check_record(request: HttpRequest, pk: int) -> HttpResponse:
    verification = access_verification_by_id(request.user, pk)
    require_handles_for(request.user, verification.proof.application.organization, verification)
    form = InternalCheckForm(request.POST, prefix=f"v{verification.pk}")
    if form.is_valid():
        try:
            return _internal_check(request, verification, form)
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
    if verification.spot_check_id is not None:
        spot_check = access_spot_check_by_id(request.user, verification.spot_check_id)
        return _spot_check_page(request, spot_check, internal_form=(verification.pk, form))
    return _form_page(
        request,
        form,
        title=f"登记核查结果：{verification.proof.version.name}",
        pretitle="核查",
        cancel_url=reverse("proofs:application-detail", args=[verification.proof.application_id]),
        submit_label="登记",
    )


def _internal_check(
    request: HttpRequest, verification: Verification, form: forms.Form
) -> HttpResponse:
    confirmed = form.cleaned_data["confirmed"]
    verifications.internal_check_record(
        acting_user=request.user,
        verification_id=verification.pk,
        confirmed=confirmed,
        answer=form.cleaned_data["answer"],
    )
    if confirmed:
        messages.success(request, "已登记：核查属实")
    else:
        messages.warning(request, "已登记：核查不符，请认定不实承诺")
    if verification.spot_check_id is not None:
        return redirect("proofs:spot-check-detail", pk=verification.spot_check_id)
    return redirect("proofs:application-detail", pk=verification.proof.application_id)


# Untrue commitments (不实承诺) and credit repair ------------------------------------------


@require_GET
@denials_as_403
def false_commitment_list(request: HttpRequest) -> HttpResponse:
    require_applications_desk(request.user)
    return render_list(
        request,
        queryset=selectors.false_commitment_list_with_bar(user=request.user),
        table_class=FalseCommitmentTable,
        title="不实承诺与信用修复",
        export_name="不实承诺",
    )


def _contradicting(proof: ApplicationProof) -> Verification | None:
    return (
        proof.verifications.filter(status=Verification.Status.CONTRADICTED)
        .order_by("-answered_at", "-pk")
        .first()
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def false_commitment_record(request: HttpRequest, proof_pk: int) -> HttpResponse:
    proof = access_application_proof_by_id(request.user, proof_pk)
    require_handles_for(request.user, proof.application.organization, proof)
    contradiction = _contradicting(proof)
    initial = {
        "finding": f"经核查：{contradiction.answer}"
        if contradiction and contradiction.answer
        else ""
    }
    form = FalseCommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = spot_checks.false_commitment_record(
                acting_user=request.user,
                proof_id=proof.pk,
                finding=data["finding"],
                measure=data["measure"],
                correction_due_on=data["correction_due_on"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已认定不实承诺，记入信用记录{record.credit_record}")
            return redirect("proofs:false-commitment-detail", pk=record.pk)
    application = proof.application
    back = (
        reverse("proofs:spot-check-detail", args=[contradiction.spot_check_id])
        if contradiction is not None and contradiction.spot_check_id is not None
        else reverse("proofs:application-detail", args=[application.pk])
    )
    return _form_page(
        request,
        form,
        title=f"认定不实承诺：{proof.version.name}",
        pretitle="不实承诺",
        cancel_url=back,
        submit_label="认定并记入信用记录",
        template="proofs/checks/false_commitment_form.html",
        extra={"proof": proof, "application": application, "contradiction": contradiction},
    )


def _false_commitment_page(
    request: HttpRequest,
    record: FalseCommitment,
    *,
    correction_form: forms.Form | None = None,
    repair_form: forms.Form | None = None,
) -> HttpResponse:
    application = record.application
    may_handle = _handles(request.user, application.organization)
    correcting = record.status == FalseCommitment.Status.CORRECTING
    settled = record.status == FalseCommitment.Status.SETTLED
    if correcting and may_handle and correction_form is None:
        correction_form = CorrectionForm()
    if settled and may_handle and repair_form is None:
        repair_form = CreditRepairForm()
    bar = commitment_block_reason(record.applicant_digest)
    fields: list[tuple[str, Any]] = [
        ("信用记录编号", record.credit_record),
        ("申请人", application.applicant_name),
        (
            "办件",
            format_html(
                '<a href="{}">{}</a>（{}）',
                reverse("proofs:application-detail", args=[application.pk]),
                application.number,
                application.get_status_display(),
            ),
        ),
        ("受理单位", application.organization.name),
        ("不实承诺的证明", record.proof.version.name),
        ("认定日期", record.found_on),
        ("认定情况", record.finding),
        ("处置措施", record.get_measure_display()),
        ("整改期限", record.correction_due_on),
        ("状态", record.get_status_display()),
        ("信用修复日期", record.credit_repaired_on),
        ("信用修复说明", record.repair_reason),
        ("申请人是否仍不适用告知承诺", bar or "否，可以适用告知承诺制"),
    ]
    response = render_detail(
        request,
        obj=record,
        title=f"不实承诺 {record.credit_record}",
        pretitle="不实承诺与信用修复",
        status=record.get_status_display(),
        fields=fields,
        back_url=reverse("proofs:false-commitment-list"),
        can_upload=False,
        show_attachments=False,
        template="proofs/checks/false_commitment_detail.html",
        extra_context={
            "correction_form": correction_form if correcting and may_handle else None,
            "repair_form": repair_form if settled and may_handle else None,
        },
    )
    if any(f is not None and f.is_bound for f in (correction_form, repair_form)):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def false_commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _false_commitment_page(request, access_false_commitment_by_id(request.user, pk))


@require_POST
@denials_as_403
def correction_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_false_commitment_by_id(request.user, pk)
    require_handles_for(request.user, record.application.organization, record)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            spot_checks.correction_conclude(
                acting_user=request.user,
                false_commitment_id=record.pk,
                corrected=form.cleaned_data["corrected"],
                note=form.cleaned_data["note"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["corrected"]:
                messages.success(request, "已登记整改到位")
            else:
                messages.warning(request, "逾期未整改，已撤销办理决定")
            return redirect("proofs:false-commitment-detail", pk=record.pk)
    record = access_false_commitment_by_id(request.user, pk)
    return _false_commitment_page(request, record, correction_form=form)


@require_POST
@denials_as_403
def credit_repair(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_false_commitment_by_id(request.user, pk)
    require_handles_for(request.user, record.application.organization, record)
    form = CreditRepairForm(request.POST)
    if form.is_valid():
        try:
            spot_checks.credit_repair(
                acting_user=request.user,
                false_commitment_id=record.pk,
                reason=form.cleaned_data["reason"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已信用修复，申请人可以重新适用告知承诺制")
            return redirect("proofs:false-commitment-detail", pk=record.pk)
    record = access_false_commitment_by_id(request.user, pk)
    return _false_commitment_page(request, record, repair_form=form)


# The bureau's dashboard (无证明办事看板) -----------------------------------------------------


def _year(request: HttpRequest, today: datetime.date) -> int:
    value = request.GET.get("year", "").strip()
    if value.isdigit() and FIRST_DASHBOARD_YEAR <= int(value) <= today.year:
        return int(value)
    return today.year


@require_GET
@denials_as_403
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can_review_catalog(request.user):
        raise deny(request.user, None, "只有司法局可以查看无证明办事看板")
    bureaus = organizations_acting_with(request.user, Capability.REVIEW_PROOF_CATALOG)
    region = bureaus[0].region
    today = timezone.localdate()
    year = _year(request, today)
    catalog = panels.catalog_by_mode(region, year, today)
    saved = panels.materials_saved_by_month(region, year)
    latency = panels.latency_by_source(region, year)
    overdue = panels.overdue_assisted_by_department(
        user=request.user, region=region, year=year, today=today
    )
    charts = {
        "catalog": {
            "days": [f"{day:%Y-%m}" for day in catalog.days],
            "series": [
                {"name": HandlingMode(mode).label, "data": counts}
                for mode, counts in catalog.counts.items()
            ],
        },
        "saved": {
            "months": [f"{row.month.month}月" for row in saved],
            "counts": [row.count for row in saved],
        },
        "latency": {
            "sources": [row.label for row in latency],
            "median": [row.median_ms for row in latency],
            "p90": [row.p90_ms for row in latency],
        },
    }
    context = {
        "title": "无证明办事看板",
        "region": region,
        "year": year,
        "years": list(range(today.year, FIRST_DASHBOARD_YEAR - 1, -1)),
        "as_of": panels.as_of(year, today),
        "catalog_now": {
            HandlingMode(mode).label: counts[-1] for mode, counts in catalog.counts.items()
        },
        "saved_total": sum(row.count for row in saved),
        "latency": latency,
        "overdue": overdue,
        "charts": charts,
    }
    return render(request, "proofs/checks/dashboard.html", context)
