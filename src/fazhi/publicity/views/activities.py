"""Staff pages of the publicity activity ledger (普法活动台账): the list, the form, the record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.publicity import selectors, services
from fazhi.publicity.forms import ActivityForm
from fazhi.publicity.permissions import (
    access_activity_by_id,
    may_record_publicity_for,
    organizations_recording_publicity_for,
    require_publicity_desk,
)
from fazhi.publicity.tables import ActivityFilterSet, ActivityTable
from fazhi.publicity.views.pages import PRETITLE, form_page, recording_units

TITLE = "普法活动台账"


@require_GET
@denials_as_403
def activity_list(request: HttpRequest) -> HttpResponse:
    """The activities in the user's scope, filtered; the table totals the filtered rows."""
    require_publicity_desk(request.user)
    may_record = bool(organizations_recording_publicity_for(request.user))
    return render_list(
        request,
        queryset=selectors.activity_list(user=request.user),
        table_class=ActivityTable,
        filterset_class=ActivityFilterSet,
        title=TITLE,
        export_name=TITLE,
        import_url=reverse("publicity:activity-import") if may_record else None,
        template="publicity/activity_list.html",
        extra_context={"may_record": may_record},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def activity_create(request: HttpRequest) -> HttpResponse:
    organizations = recording_units(request)
    form = ActivityForm(
        request.POST or None,
        organizations=organizations,
        tasks=selectors.task_list_of_units(organization_ids=[o.pk for o in organizations]),
        campaigns=selectors.campaign_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = services.ActivityRow(
            title=data["title"],
            venue=data["venue"],
            held_on=data["held_on"],
            target_group=data["target_group"],
            town=data["town"],
            task=data["task"],
            campaign=data["campaign"],
            online=data["online"],
            participants=data["participants"],
            materials_distributed=data["materials_distributed"],
            media_link=data["media_link"],
        )
        try:
            activity = services.activity_record(
                acting_user=request.user, organization=data["organization"], row=row
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记普法活动“{activity.title}”")
            return redirect("publicity:activity-detail", pk=activity.pk)
    return form_page(
        request,
        form,
        title="登记普法活动",
        cancel_url=reverse("publicity:activity-list"),
        submit_label="登记",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity with its photos and materials; the unit keeping it may attach more."""
    activity = access_activity_by_id(request.user, pk)
    task = activity.task
    task_shown = (
        format_html(
            '<a href="{}">{}</a>',
            reverse("publicity:list-detail", args=[task.responsibility_list_id]),
            task,
        )
        if task is not None
        else None
    )
    link = (
        format_html(
            '<a href="{0}" target="_blank" rel="noopener noreferrer">{0}</a>', activity.media_link
        )
        if activity.media_link
        else None
    )
    return render_detail(
        request,
        obj=activity,
        title=activity.title,
        pretitle=PRETITLE,
        fields=[
            ("责任单位", activity.organization.name),
            ("活动日期", activity.held_on),
            ("活动场所", activity.get_venue_display()),
            ("活动地点", activity.region.name),
            ("普法对象", activity.get_target_group_display()),
            ("线上活动", activity.online),
            ("参与人次", activity.participants),
            ("发放资料(份)", activity.materials_distributed),
            ("责任清单任务", task_shown),
            ("集中宣传活动", activity.campaign.title if activity.campaign else None),
            ("媒体报道链接", link),
            ("登记时间", activity.created_at),
        ],
        back_url=reverse("publicity:activity-list"),
        can_upload=may_record_publicity_for(request.user, activity.organization),
        show_timeline=False,
    )
