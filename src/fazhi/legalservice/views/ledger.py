"""Staff pages of the service ledger (法律服务台账) and the legal liaisons (法律明白人)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.legalservice import liaison_services, selectors, services
from fazhi.legalservice.forms import (
    LegalServiceEntryForm,
    LiaisonActivityForm,
    LiaisonTrainingForm,
)
from fazhi.legalservice.models import LegalLiaison, LegalService
from fazhi.legalservice.permissions import access_liaison_by_id, can_record_legal_services_in
from fazhi.legalservice.tables import (
    LegalLiaisonFilterSet,
    LegalLiaisonTable,
    LegalServiceFilterSet,
    LegalServiceTable,
    town_of,
)

CONTINUE = "continue"
KEPT_FIELDS = ("station", "served_on", "kind", "channel")


@require_GET
@denials_as_403
def legal_service_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    services_seen = selectors.legal_service_list_for_ledger(user=request.user)
    filtered = LegalServiceFilterSet(request.GET or None, queryset=services_seen, request=request)
    counts = selectors.legal_service_counts_by_kind(filtered.qs)
    totals = [(label, counts[value]) for value, label in LegalService.Kind.choices if counts[value]]
    return render_list(
        request,
        queryset=services_seen,
        table_class=LegalServiceTable,
        filterset_class=LegalServiceFilterSet,
        title="法律服务台账",
        export_name="法律服务台账",
        import_url=reverse("legalservice:service-import"),
        template="legalservice/legal_service_list.html",
        extra_context={"totals": totals, "total_count": counts["total"]},
        count=counts["total"],
        filterset=filtered,
    )


def _entry_initial(request: HttpRequest, stations: Any) -> dict[str, Any]:
    """Today, the user's own station, a walk-in consultation; or what "保存并继续" kept."""
    default_station = selectors.station_default_for(user=request.user, on=timezone.localdate())
    initial: dict[str, Any] = {
        "served_on": timezone.localdate(),
        "kind": LegalService.Kind.CONSULTATION,
        "channel": LegalService.Channel.WALK_IN,
        "station": default_station.pk if default_station is not None else None,
    }
    if default_station is None:
        only = list(stations[:2])
        if len(only) == 1:
            initial["station"] = only[0].pk
    kept = {name: request.GET[name] for name in KEPT_FIELDS if name in request.GET}
    return {**initial, **kept}


@require_http_methods(["GET", "POST"])
@denials_as_403
def legal_service_entry(request: HttpRequest) -> HttpResponse:
    """The counter's fast entry: one compact form, Enter saves and starts the next record."""
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    stations = selectors.station_list_for_entry(user=request.user, on=timezone.localdate())
    form = LegalServiceEntryForm(
        request.POST if request.method == "POST" else None,
        stations=stations,
        initial=_entry_initial(request, stations),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service = services.legal_service_record(
                acting_user=request.user, row=services.ServiceRow(**data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"已登记{service.get_kind_display()}：{service.person_name}，{service.subject}",
            )
            if request.POST.get("then") == CONTINUE:
                kept: dict[str, str | int] = {
                    "station": service.station_id,
                    "served_on": service.served_on.isoformat(),
                    "kind": service.kind,
                    "channel": service.channel,
                }
                return redirect(f"{reverse('legalservice:service-entry')}?{urlencode(kept)}")
            return redirect("legalservice:service-list")
    recent = selectors.legal_service_list_for_ledger(user=request.user).filter(
        created_by=request.user.pk, served_on=timezone.localdate()
    )[:5]
    return render(
        request,
        "legalservice/legal_service_entry.html",
        {"title": "快速登记法律服务", "form": form, "recent": recent},
        status=400 if form.is_bound else 200,
    )


@require_GET
@denials_as_403
def liaison_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    return render_list(
        request,
        queryset=selectors.liaison_list(user=request.user),
        table_class=LegalLiaisonTable,
        filterset_class=LegalLiaisonFilterSet,
        title="法律明白人",
        export_name="法律明白人名单",
        import_url=reverse("legalservice:liaison-import"),
        template="legalservice/liaison_list.html",
    )


def _liaison_page(
    request: HttpRequest,
    liaison: LegalLiaison,
    training_form: LiaisonTrainingForm | None = None,
    activity_form: LiaisonActivityForm | None = None,
) -> HttpResponse:
    may_record = can_record_legal_services_in(request.user, liaison.village)
    today = timezone.localdate()
    trainings = list(selectors.liaison_training_list(liaison=liaison))
    refused = training_form is not None or activity_form is not None
    response = render_detail(
        request,
        obj=liaison,
        title=liaison.name,
        pretitle="法律明白人",
        status="已退出" if liaison.withdrawn_on else "",
        fields=[
            ("镇街", town_of(liaison.village) or None),
            ("所在村居", liaison.village.name),
            ("姓名", liaison.name),
            ("身份证号", liaison.masked_id_number),
            ("手机号", liaison.masked_phone or None),
            ("遴选来源", liaison.get_source_display()),
            ("认定日期", liaison.selected_on),
            ("培训日期", liaison.trained_on),
            ("累计培训学时", sum(training.hours for training in trainings)),
            ("退出日期", liaison.withdrawn_on),
        ],
        back_url=reverse("legalservice:liaison-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="legalservice/liaison_detail.html",
        extra_context={
            "trainings": trainings,
            "activities": list(selectors.liaison_activity_list(liaison=liaison)),
            "training_form": (training_form or LiaisonTrainingForm(initial={"trained_on": today}))
            if may_record
            else None,
            "activity_form": (activity_form or LiaisonActivityForm(initial={"held_on": today}))
            if may_record
            else None,
        },
    )
    if refused:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
@denials_as_403
def liaison_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A liaison with their trainings and activities, and the forms to record more."""
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    liaison = access_liaison_by_id(request.user, pk)
    if request.method == "GET":
        return _liaison_page(request, liaison)
    if request.POST.get("action") == "activity":
        activity_form = LiaisonActivityForm(request.POST)
        if activity_form.is_valid():
            try:
                activity = liaison_services.liaison_activity_record(
                    acting_user=request.user, liaison_id=liaison.pk, **activity_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(activity_form, error)
            else:
                messages.success(request, f"已登记活动：{activity.get_kind_display()}")
                return redirect("legalservice:liaison-detail", pk=liaison.pk)
        return _liaison_page(request, liaison, activity_form=activity_form)
    training_form = LiaisonTrainingForm(request.POST)
    if training_form.is_valid():
        try:
            training = liaison_services.liaison_training_record(
                acting_user=request.user, liaison_id=liaison.pk, **training_form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(training_form, error)
        else:
            messages.success(request, f"已登记培训：{training.topic}")
            return redirect("legalservice:liaison-detail", pk=liaison.pk)
    return _liaison_page(request, liaison, training_form=training_form)
