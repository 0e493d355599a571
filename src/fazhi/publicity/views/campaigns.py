"""Staff pages of the region's publicity campaigns (集中普法宣传活动)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_list
from fazhi.core.permissions import deny
from fazhi.publicity import selectors, services
from fazhi.publicity.forms import CampaignForm
from fazhi.publicity.permissions import (
    can_manage_publicity,
    organizations_managing_campaigns_for,
    require_publicity_desk,
)
from fazhi.publicity.tables import CampaignFilterSet, CampaignTable
from fazhi.publicity.views.pages import form_page

TITLE = "集中普法宣传活动"


@require_GET
@denials_as_403
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaigns with the units and activities under each, as far as the user sees them."""
    require_publicity_desk(request.user)
    return render_list(
        request,
        queryset=selectors.campaign_list_with_counts(user=request.user),
        table_class=CampaignTable,
        filterset_class=CampaignFilterSet,
        title=TITLE,
        export_name=TITLE,
        template="publicity/campaign_list.html",
        extra_context={
            "may_organize": bool(organizations_managing_campaigns_for(request.user)),
            "counts_own_only": not can_manage_publicity(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def campaign_create(request: HttpRequest) -> HttpResponse:
    bureaus = organizations_managing_campaigns_for(request.user)
    if not bureaus:
        raise deny(request.user, None, "只有司法局普法部门可以组织集中宣传活动")
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                acting_user=request.user,
                organization=bureaus[0],
                title=data["title"],
                theme=data["theme"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已组织集中宣传活动“{campaign.title}”")
            return redirect("publicity:campaign-list")
    return form_page(
        request,
        form,
        title="组织集中宣传活动",
        cancel_url=reverse("publicity:campaign-list"),
        submit_label="发布",
    )
