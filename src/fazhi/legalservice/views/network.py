"""Staff pages of the service network (服务网络): stations by level and village coverage."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_list
from fazhi.core.models import Region
from fazhi.core.permissions import organizations_acting_with, require_capability
from fazhi.core.roles import Capability
from fazhi.legalservice import selectors, services
from fazhi.legalservice.forms import CoverageDateForm, StationForm
from fazhi.legalservice.tables import StationFilterSet, StationTable
from fazhi.legalservice.views.common import form_page, require_legal_service_desk


def _may_manage_network(request: HttpRequest) -> bool:
    return request.user.has_capability(Capability.MANAGE_LEGAL_SERVICE_NETWORK)  # type: ignore[union-attr]


@require_GET
@denials_as_403
def station_list(request: HttpRequest) -> HttpResponse:
    require_legal_service_desk(request.user)
    return render_list(
        request,
        queryset=selectors.station_list(user=request.user),
        table_class=StationTable,
        filterset_class=StationFilterSet,
        title="公共法律服务网络",
        export_name="公共法律服务站点",
        template="legalservice/station_list.html",
        extra_context={"may_manage": _may_manage_network(request)},
    )


@require_GET
@denials_as_403
def village_coverage(request: HttpRequest) -> HttpResponse:
    """Each town's villages on a day (today unless asked): a room open and an adviser in term.

    条例 arts. 12, 19; the report counts the coverage on 31 December, hence the date.
    """
    require_legal_service_desk(request.user)
    form = CoverageDateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_valid() and form.cleaned_data["on"] is not None:
        on = form.cleaned_data["on"]
    towns = selectors.village_coverage_by_town(user=request.user, on=on)
    villages = sum(len(town.villages) for town in towns)
    covered = sum(town.covered for town in towns)
    return render(
        request,
        "legalservice/village_coverage.html",
        {
            "title": f"村居公共法律服务覆盖（截至{on.year}年{on.month}月{on.day}日）",
            "form": form,
            "towns": towns,
            "on": on,
            "villages": villages,
            "covered": covered,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _regions_for_stations(request: HttpRequest) -> QuerySet[Region]:
    within = Q(pk__in=[])
    for organization in organizations_acting_with(
        request.user, Capability.MANAGE_LEGAL_SERVICE_NETWORK
    ):
        within |= Q(code__startswith=organization.region.prefix)
    return Region.objects.filter(
        within,
        level__in=[Region.Level.COUNTY, Region.Level.TOWN, Region.Level.VILLAGE],
        abolished_on__isnull=True,
    ).order_by("code")


@require_http_methods(["GET", "POST"])
@denials_as_403
def station_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.MANAGE_LEGAL_SERVICE_NETWORK)
    form = StationForm(
        request.POST if request.method == "POST" else None,
        regions=_regions_for_stations(request),
        initial={"established_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            station = services.station_create(
                acting_user=request.user, row=services.StationRow(**data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已设立“{station.name}”")
            return redirect("legalservice:station-list")
    return form_page(
        request,
        form,
        title="设立公共法律服务站点",
        cancel_url=reverse("legalservice:station-list"),
        submit_label="设立",
    )
