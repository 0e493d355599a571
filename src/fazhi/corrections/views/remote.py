"""Staff pages of remote family video visits and remote hearings.

The two ledgers (with their Excel export), registering an application or a request, and the
card with its next step.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.corrections.models import RemoteHearing, RemoteVisit
from fazhi.corrections.resettlement_forms import (
    HearingConcludeForm,
    HearingRequestForm,
    VisitApplyForm,
    VisitConcludeForm,
    VisitReviewForm,
    VisitScheduleForm,
)
from fazhi.corrections.resettlement_permissions import (
    access_remote_hearing_by_id,
    access_remote_visit_by_id,
    can_arrange_remote_visits_in,
)
from fazhi.corrections.resettlement_tables import (
    RemoteHearingFilterSet,
    RemoteHearingTable,
    RemoteVisitFilterSet,
    RemoteVisitTable,
)
from fazhi.corrections.selectors.resettlement import (
    county_list_for_remote_hearings,
    region_list_for_remote_visits,
    remote_hearing_list,
    remote_visit_list,
)
from fazhi.corrections.services import remote as services

SECTION = "安置帮教"
_ARRANGE = Capability.ARRANGE_REMOTE_VISITS


def _require_visit_reader(user: Any) -> None:
    """The county body arranges visits; a judicial office reads its own residents' (403 else)."""
    if getattr(user, "is_authenticated", False) and user.has_capability(
        Capability.RECORD_RESETTLEMENT
    ):
        return
    require_capability(user, _ARRANGE)


def _form_page(
    request: HttpRequest, form: forms.Form, *, title: str, cancel_url: str
) -> HttpResponse:
    context = {
        "title": title,
        "pretitle": SECTION,
        "form": form,
        "cancel_url": cancel_url,
        "submit_label": "登记",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "form_page.html", context, status=status)


@dataclass(frozen=True)
class Step:
    label: str
    style: str
    form_class: type[forms.Form]
    perform: Callable[[Any, int, dict[str, Any]], object]
    done: str
    initial: Callable[[], dict[str, Any]]


def _today() -> dict[str, Any]:
    return {"reviewed_on": timezone.localdate(), "concluded_on": timezone.localdate()}


def _render_card(
    request: HttpRequest,
    obj: RemoteVisit | RemoteHearing,
    *,
    steps: dict[str, Step],
    open_steps: list[str],
    url_name: str,
    fields: list[tuple[str, Any]],
    title: str,
    pretitle: str,
    back_url: str,
    bound: tuple[str, forms.Form] | None,
    refusal: ValidationError | InvalidTransition | None,
) -> HttpResponse:
    step_forms: dict[str, forms.Form] = {}
    if can_arrange_remote_visits_in(request.user, obj.region):
        step_forms = {
            name: steps[name].form_class(prefix=name, initial=steps[name].initial())
            for name in open_steps
        }
    if bound is not None:
        step_forms[bound[0]] = bound[1]
        if refusal is not None:
            add_service_errors(bound[1], refusal)
    response = render_detail(
        request,
        obj=obj,
        title=title,
        pretitle=pretitle,
        status=obj.get_status_display(),
        fields=fields,
        back_url=back_url,
        can_upload=False,
        show_attachments=False,
        template="corrections/resettlement/step_detail.html",
        extra_context={
            "steps": [
                {
                    "name": name,
                    "form": form,
                    "label": steps[name].label,
                    "style": steps[name].style,
                    "url": reverse(url_name, args=[obj.pk, name]),
                }
                for name, form in step_forms.items()
            ]
        },
    )
    if bound is not None:
        response.status_code = 400
    return response


# Remote visits -------------------------------------------------------------------------------

VISIT_STEPS: dict[str, Step] = {
    "review": Step(
        "审核",
        "primary",
        VisitReviewForm,
        lambda user, pk, data: services.remote_visit_review(
            acting_user=user,
            visit_id=pk,
            on=data["reviewed_on"],
            documents_verified=data["documents_verified"],
        ),
        "已审核",
        _today,
    ),
    "schedule": Step(
        "登记监狱安排",
        "primary",
        VisitScheduleForm,
        lambda user, pk, data: services.remote_visit_schedule(
            acting_user=user,
            visit_id=pk,
            scheduled_at=data["scheduled_at"],
            minutes=data["scheduled_minutes"],
        ),
        "已登记会见安排",
        dict,
    ),
    "conclude": Step(
        "登记会见结果",
        "success",
        VisitConcludeForm,
        lambda user, pk, data: services.remote_visit_conclude(
            acting_user=user,
            visit_id=pk,
            outcome=data["outcome"],
            on=data["concluded_on"],
            note=data["outcome_note"],
        ),
        "已登记会见结果",
        _today,
    ),
}

_VISIT_OPEN = {
    RemoteVisit.Status.APPLIED: ["review"],
    RemoteVisit.Status.FORWARDED: ["schedule", "conclude"],
    RemoteVisit.Status.SCHEDULED: ["conclude"],
}


@require_GET
@denials_as_403
def remote_visit_list_view(request: HttpRequest) -> HttpResponse:
    _require_visit_reader(request.user)
    return render_list(
        request,
        queryset=remote_visit_list(user=request.user),
        table_class=RemoteVisitTable,
        filterset_class=RemoteVisitFilterSet,
        title="远程视频会见",
        export_name="远程视频会见台账",
        personal_data=True,
        template="corrections/resettlement/remote_visit_list.html",
        extra_context={"may_register": request.user.has_capability(_ARRANGE)},  # type: ignore[union-attr]
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def remote_visit_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, _ARRANGE)
    form = VisitApplyForm(
        request.POST if request.method == "POST" else None,
        regions=region_list_for_remote_visits(user=request.user),
        initial={"applied_on": timezone.localdate(), "channel": RemoteVisit.Channel.DESK},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.remote_visit_apply(
                acting_user=request.user, row=services.VisitApplicationRow(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已受理远程视频会见申请：{visit.applicant_name}")
            return redirect("corrections:remote-visit-detail", pk=visit.pk)
    return _form_page(
        request,
        form,
        title="受理远程视频会见申请",
        cancel_url=reverse("corrections:remote-visit-list"),
    )


def remote_visit_page(
    request: HttpRequest,
    visit: RemoteVisit,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: ValidationError | InvalidTransition | None = None,
) -> HttpResponse:
    scheduled = timezone.localtime(visit.scheduled_at) if visit.scheduled_at else None
    return _render_card(
        request,
        visit,
        steps=VISIT_STEPS,
        open_steps=_VISIT_OPEN.get(visit.status, []),
        url_name="corrections:remote-visit-step",
        fields=[
            ("申请人", visit.applicant_name),
            ("申请人身份证号", visit.masked_id_number),
            ("联系电话", visit.masked_phone),
            ("与服刑人员关系", visit.get_relationship_display()),
            ("会见人数", visit.visitors),
            ("服刑人员", visit.prisoner_name),
            ("服刑监狱", visit.prison),
            ("申请渠道", visit.get_channel_display()),
            ("申请日期", visit.applied_on),
            ("审核日期", visit.reviewed_on),
            ("不符合条件的原因", visit.refusal_reason),
            ("转送监狱日期", visit.forwarded_on),
            ("安排会见时间", scheduled),
            ("安排时长（分钟）", visit.scheduled_minutes),
            ("会见结果", visit.get_outcome_display() if visit.outcome else None),
            ("办结日期", visit.concluded_on),
            ("情况说明", visit.outcome_note),
            ("暂停会见至", visit.suspended_until),
        ],
        title=str(visit),
        pretitle="远程视频会见",
        back_url=reverse("corrections:remote-visit-list"),
        bound=bound,
        refusal=refusal,
    )


@require_GET
@denials_as_403
def remote_visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_visit_reader(request.user)
    return remote_visit_page(request, access_remote_visit_by_id(request.user, pk))


@require_POST
@denials_as_403
def remote_visit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in VISIT_STEPS:
        raise Http404
    require_capability(request.user, _ARRANGE)
    visit = access_remote_visit_by_id(request.user, pk)
    form = VISIT_STEPS[step].form_class(request.POST, prefix=step)
    if not form.is_valid():
        return remote_visit_page(request, visit, bound=(step, form))
    try:
        VISIT_STEPS[step].perform(request.user, visit.pk, form.cleaned_data)
    except (ValidationError, InvalidTransition) as error:
        return remote_visit_page(request, visit, bound=(step, form), refusal=error)
    messages.success(request, VISIT_STEPS[step].done)
    return redirect("corrections:remote-visit-detail", pk=visit.pk)


# Remote hearings -----------------------------------------------------------------------------

HEARING_STEPS: dict[str, Step] = {
    "conclude": Step(
        "登记开展情况",
        "success",
        HearingConcludeForm,
        lambda user, pk, data: services.remote_hearing_conclude(
            acting_user=user,
            hearing_id=pk,
            held=data["held"],
            on=data["on"],
            note=data["outcome_note"],
        ),
        "已登记开展情况",
        lambda: {"on": timezone.localdate()},
    ),
}


@require_GET
@denials_as_403
def remote_hearing_list_view(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, _ARRANGE)
    return render_list(
        request,
        queryset=remote_hearing_list(user=request.user),
        table_class=RemoteHearingTable,
        filterset_class=RemoteHearingFilterSet,
        title="远程庭审提审",
        export_name="远程庭审提审台账",
        personal_data=True,
        template="corrections/resettlement/remote_hearing_list.html",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def remote_hearing_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, _ARRANGE)
    counties = county_list_for_remote_hearings(user=request.user)
    today = timezone.localdate()
    form = HearingRequestForm(
        request.POST if request.method == "POST" else None,
        regions=counties,
        initial={"requested_on": today, "scheduled_on": today, "region": counties.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.remote_hearing_request(
                acting_user=request.user, row=services.HearingRequestRow(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记：{hearing}")
            return redirect("corrections:remote-hearing-detail", pk=hearing.pk)
    return _form_page(
        request,
        form,
        title="登记远程庭审提审",
        cancel_url=reverse("corrections:remote-hearing-list"),
    )


def remote_hearing_page(
    request: HttpRequest,
    hearing: RemoteHearing,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: ValidationError | InvalidTransition | None = None,
) -> HttpResponse:
    return _render_card(
        request,
        hearing,
        steps=HEARING_STEPS,
        open_steps=["conclude"] if hearing.status == RemoteHearing.Status.REQUESTED else [],
        url_name="corrections:remote-hearing-step",
        fields=[
            ("提出单位类别", hearing.get_body_kind_display()),
            ("提出单位", hearing.body_name),
            ("事项", hearing.get_kind_display()),
            ("涉及人员", hearing.person_name),
            ("所在监所", hearing.facility),
            ("提出日期", hearing.requested_on),
            ("计划日期", hearing.scheduled_on),
            ("开展日期", hearing.held_on),
            ("取消日期", hearing.cancelled_on),
            ("情况说明", hearing.outcome_note),
        ],
        title=str(hearing),
        pretitle="远程庭审提审",
        back_url=reverse("corrections:remote-hearing-list"),
        bound=bound,
        refusal=refusal,
    )


@require_GET
@denials_as_403
def remote_hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, _ARRANGE)
    return remote_hearing_page(request, access_remote_hearing_by_id(request.user, pk))


@require_POST
@denials_as_403
def remote_hearing_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in HEARING_STEPS:
        raise Http404
    require_capability(request.user, _ARRANGE)
    hearing = access_remote_hearing_by_id(request.user, pk)
    form = HEARING_STEPS[step].form_class(request.POST, prefix=step)
    if not form.is_valid():
        return remote_hearing_page(request, hearing, bound=(step, form))
    try:
        HEARING_STEPS[step].perform(request.user, hearing.pk, form.cleaned_data)
    except (ValidationError, InvalidTransition) as error:
        return remote_hearing_page(request, hearing, bound=(step, form), refusal=error)
    messages.success(request, HEARING_STEPS[step].done)
    return redirect("corrections:remote-hearing-detail", pk=hearing.pk)
