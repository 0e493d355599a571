"""Staff pages of people's mediation (人民调解): committees, mediations, intake and conclusion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.legalservice import selectors, services
from fazhi.legalservice.forms import MediationConcludeForm, MediationIntakeForm
from fazhi.legalservice.models import Mediation
from fazhi.legalservice.permissions import access_mediation_by_id, can_record_legal_services_in
from fazhi.legalservice.tables import (
    MediationCommitteeFilterSet,
    MediationCommitteeTable,
    MediationFilterSet,
    MediationTable,
    confirmation_days_left,
    town_of,
)
from fazhi.legalservice.views.common import SECTION, form_page

# Warn this many days ahead of the last day to apply for judicial confirmation.
CONFIRMATION_WARNING_DAYS = 5


@require_GET
@denials_as_403
def committee_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    return render_list(
        request,
        queryset=selectors.committee_list(user=request.user),
        table_class=MediationCommitteeTable,
        filterset_class=MediationCommitteeFilterSet,
        title="人民调解委员会",
        export_name="人民调解委员会",
    )


@require_GET
@denials_as_403
def mediation_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    return render_list(
        request,
        queryset=selectors.mediation_list_for_pages(user=request.user),
        table_class=MediationTable,
        filterset_class=MediationFilterSet,
        title="人民调解案件",
        export_name="人民调解案件",
        template="legalservice/mediation_list.html",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def mediation_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    today = timezone.localdate()
    default_station = selectors.station_default_for(user=request.user, on=today)
    form = MediationIntakeForm(
        request.POST if request.method == "POST" else None,
        committees=selectors.committee_list_for_intake(user=request.user),
        mediators=selectors.mediator_list_for_intake(user=request.user),
        stations=selectors.station_list_for_entry(user=request.user, on=today),
        initial={
            "received_on": today,
            "intake": Mediation.Intake.APPLICATION,
            "station": default_station.pk if default_station is not None else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            mediation = services.mediation_record(
                acting_user=request.user, row=services.MediationRow(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已受理人民调解：{mediation.parties}")
            return redirect("legalservice:mediation-detail", pk=mediation.pk)
    return form_page(
        request,
        form,
        title="受理人民调解",
        cancel_url=reverse("legalservice:mediation-list"),
        submit_label="受理",
    )


def _confirmation_due(mediation: Mediation) -> object:
    days_left = confirmation_days_left(mediation, timezone.localdate())
    if days_left is None or mediation.confirmation_due_on is None:
        return None
    due = f"{mediation.confirmation_due_on:%Y-%m-%d}"
    if days_left < 0:
        return format_html(
            '{} <span class="text-red fw-bold confirmation-state">已过期{}天</span>',
            due,
            -days_left,
        )
    style = "text-red fw-bold" if days_left <= CONFIRMATION_WARNING_DAYS else "text-green"
    return format_html(
        '{} <span class="{} confirmation-state">剩余{}天</span>', due, style, days_left
    )


def _mediation_page(
    request: HttpRequest, mediation: Mediation, conclude_form: MediationConcludeForm | None
) -> HttpResponse:
    may_conclude = not mediation.outcome and can_record_legal_services_in(
        request.user, mediation.committee.region
    )
    if may_conclude and conclude_form is None:
        conclude_form = MediationConcludeForm(initial={"concluded_on": timezone.localdate()})
    response = render_detail(
        request,
        obj=mediation,
        title=mediation.parties,
        pretitle="人民调解案件",
        status=mediation.get_outcome_display() if mediation.outcome else "调解中",
        fields=[
            ("人民调解委员会", mediation.committee.name),
            ("镇街", town_of(mediation.committee.region) or None),
            ("主持调解员", mediation.mediator.name if mediation.mediator else None),
            ("纠纷来源", mediation.get_intake_display()),
            ("纠纷类型", mediation.get_dispute_type_display()),
            ("当事人", mediation.parties),
            ("纠纷简要情况", mediation.summary),
            ("受理日期", mediation.received_on),
            ("调解结果", mediation.get_outcome_display() if mediation.outcome else "调解中"),
            ("办结日期", mediation.concluded_on),
            ("司法确认申请期限", _confirmation_due(mediation)),
        ],
        back_url=reverse("legalservice:mediation-list"),
        can_upload=False,
        show_attachments=False,
        template="legalservice/mediation_detail.html",
        extra_context={
            "conclude_form": conclude_form if may_conclude else None,
            "section": SECTION,
        },
    )
    if conclude_form is not None and conclude_form.is_bound:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
@denials_as_403
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    mediation = access_mediation_by_id(request.user, pk)
    if request.method == "GET":
        return _mediation_page(request, mediation, None)
    form = MediationConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.mediation_conclude(
                acting_user=request.user,
                mediation_id=mediation.pk,
                outcome=form.cleaned_data["outcome"],
                concluded_on=form.cleaned_data["concluded_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "调解已办结")
            return redirect("legalservice:mediation-detail", pk=mediation.pk)
    return _mediation_page(request, mediation, form)
