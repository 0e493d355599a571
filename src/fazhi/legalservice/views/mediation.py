"""Staff pages of people's mediation (人民调解): committees, mediations and their agreements.

Intake and conclusion, the agreement's parties and content, its document, the follow-ups.
"""

from dataclasses import dataclass

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
from fazhi.core.spreadsheets import attachment_disposition
from fazhi.legalservice import mediation_services, selectors, services
from fazhi.legalservice.agreements import DOCX_CONTENT_TYPE
from fazhi.legalservice.forms import (
    MediationAgreementForm,
    MediationConcludeForm,
    MediationFollowUpForm,
    MediationIntakeForm,
    MediationPartyForm,
)
from fazhi.legalservice.models import Mediation, MediationAgreement
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


@dataclass
class _DetailForms:
    """The forms of a mediation's page; a bound one carries the errors of a refused POST."""

    conclude: MediationConcludeForm | None = None
    party: MediationPartyForm | None = None
    agreement: MediationAgreementForm | None = None
    follow_up: MediationFollowUpForm | None = None

    @property
    def refused(self) -> bool:
        forms = (self.conclude, self.party, self.agreement, self.follow_up)
        return any(form is not None and form.is_bound for form in forms)


def _agreement_initial(agreement: MediationAgreement | None) -> dict[str, object]:
    if agreement is None:
        return {}
    return {
        name: getattr(agreement, name)
        for name in (
            "facts",
            "issues",
            "liabilities",
            "terms",
            "performance_method",
            "performance_due_on",
        )
    }


def _mediation_page(
    request: HttpRequest, mediation: Mediation, bound: _DetailForms
) -> HttpResponse:
    may_record = can_record_legal_services_in(request.user, mediation.committee.region)
    may_conclude = may_record and not mediation.outcome
    may_follow = may_record and mediation.has_agreement
    agreement = selectors.mediation_agreement_of(mediation=mediation)
    today = timezone.localdate()
    forms = _DetailForms(
        conclude=bound.conclude or MediationConcludeForm(initial={"concluded_on": today})
        if may_conclude
        else None,
        party=bound.party or MediationPartyForm() if may_follow else None,
        agreement=bound.agreement or MediationAgreementForm(initial=_agreement_initial(agreement))
        if may_follow
        else None,
        follow_up=bound.follow_up or MediationFollowUpForm(initial={"followed_up_on": today})
        if may_follow
        else None,
    )
    fields = [
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
    ]
    if mediation.has_agreement:
        fields.append(("履行情况", mediation.performance_label))
    response = render_detail(
        request,
        obj=mediation,
        title=mediation.parties,
        pretitle="人民调解案件",
        status=mediation.get_outcome_display() if mediation.outcome else "调解中",
        fields=fields,
        back_url=reverse("legalservice:mediation-list"),
        can_upload=False,
        show_attachments=False,
        template="legalservice/mediation_detail.html",
        extra_context={
            "conclude_form": forms.conclude,
            "party_form": forms.party,
            "agreement_form": forms.agreement,
            "follow_up_form": forms.follow_up,
            "agreement": agreement,
            "party_records": list(selectors.mediation_party_list(mediation=mediation))
            if mediation.has_agreement
            else [],
            "follow_ups": list(selectors.mediation_follow_up_list(mediation=mediation)),
            "may_download": may_record and mediation.outcome == Mediation.Outcome.WRITTEN_AGREEMENT,
            "section": SECTION,
        },
    )
    if bound.refused:
        response.status_code = 400
    return response


def _conclude(request: HttpRequest, mediation: Mediation) -> _DetailForms | str:
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
            return "调解已办结"
    return _DetailForms(conclude=form)


def _add_party(request: HttpRequest, mediation: Mediation) -> _DetailForms | str:
    form = MediationPartyForm(request.POST)
    if form.is_valid():
        try:
            party = mediation_services.mediation_party_add(
                acting_user=request.user,
                mediation_id=mediation.pk,
                row=mediation_services.PartyRow(**form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return f"已登记当事人：{party.name}"
    return _DetailForms(party=form)


def _record_agreement(request: HttpRequest, mediation: Mediation) -> _DetailForms | str:
    form = MediationAgreementForm(request.POST)
    if form.is_valid():
        try:
            mediation_services.mediation_agreement_record(
                acting_user=request.user,
                mediation_id=mediation.pk,
                row=mediation_services.AgreementRow(**form.cleaned_data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return "调解协议内容已保存"
    return _DetailForms(agreement=form)


def _follow_up(request: HttpRequest, mediation: Mediation) -> _DetailForms | str:
    form = MediationFollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up = mediation_services.mediation_follow_up_record(
                acting_user=request.user, mediation_id=mediation.pk, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return f"已登记履行回访：{follow_up.get_result_display()}"
    return _DetailForms(follow_up=form)


POST_ACTIONS = {
    "conclude": _conclude,
    "party": _add_party,
    "agreement": _record_agreement,
    "follow_up": _follow_up,
}


@require_http_methods(["GET", "POST"])
@denials_as_403
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    mediation = access_mediation_by_id(request.user, pk)
    if request.method == "GET":
        return _mediation_page(request, mediation, _DetailForms())
    handle = POST_ACTIONS.get(request.POST.get("action", "conclude"), _conclude)
    outcome = handle(request, mediation)
    if isinstance(outcome, str):
        messages.success(request, outcome)
        return redirect("legalservice:mediation-detail", pk=mediation.pk)
    mediation.refresh_from_db()
    return _mediation_page(request, mediation, outcome)


@require_GET
@denials_as_403
def mediation_agreement_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The written agreement (人民调解协议书) as .docx; else back to the page with the reason."""
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    mediation = access_mediation_by_id(request.user, pk)
    try:
        content = mediation_services.mediation_agreement_document(
            acting_user=request.user, mediation_id=mediation.pk
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("legalservice:mediation-detail", pk=mediation.pk)
    filename = f"人民调解协议书-{mediation.concluded_on:%Y%m%d}-{mediation.pk}.docx"
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response
