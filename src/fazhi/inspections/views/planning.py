"""The bureau's coordination of joint inspections: planner runs, their review and the visits.

The bureau proposes a run over the region's filed plans, reviews its numbers and the timeline
per enterprise, moves or splits visits while the run is proposed, then confirms it; departments
see runs and visits read-only. The rules live in services.planning; refusals show on the form
they came from (status 400).
"""

import datetime
from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import (
    Action,
    add_service_errors,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.core.models import Enterprise, Organization
from fazhi.core.parameters import parameter_value
from fazhi.core.permissions import organizations_acting_with
from fazhi.core.qrcodes import qr_svg
from fazhi.core.roles import Capability
from fazhi.inspections import selectors
from fazhi.inspections.forms import JointMoveForm, JointSplitForm, RunProposeForm
from fazhi.inspections.models import InspectionPlan, JointInspection, PlanItem, PlanningRun
from fazhi.inspections.parameters import MAX_ENTRIES_PER_ENTERPRISE
from fazhi.inspections.permissions import (
    access_joint_inspection_by_id,
    access_run_by_id,
    can_coordinate,
    require_coordination,
    require_inspections_desk,
)
from fazhi.inspections.services import planning as planning_services
from fazhi.inspections.tables import RunFilterSet, RunTable

ENTERPRISES_PER_PAGE = 50
UNPLACED_SHOWN = 200
MONTHS = list(range(1, 13))


@require_GET
@denials_as_403
def run_list(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return render_list(
        request,
        queryset=selectors.run_list(user=request.user),
        table_class=RunTable,
        filterset_class=RunFilterSet,
        title="联合检查统筹",
        export_name="联合检查统筹方案",
        template="inspections/run_list.html",
        extra_context={"may_propose": can_coordinate(request.user)},
    )


def _departments(user: Any) -> list[Organization]:
    """The departments with plans in the bureau's region (for their monthly capacities)."""
    planned = InspectionPlan.objects.visible_to(user).values("organization")
    return list(Organization.objects.filter(pk__in=planned).order_by("code"))


@require_http_methods(["GET", "POST"])
@denials_as_403
def run_propose(request: HttpRequest) -> HttpResponse:
    require_coordination(request.user)
    bureaus = organizations_acting_with(request.user, Capability.COORDINATE_INSPECTIONS)
    year = timezone.localdate().year
    cap = parameter_value(MAX_ENTRIES_PER_ENTERPRISE, on=datetime.date(year, 1, 1)).amount
    form = RunProposeForm(
        request.POST or None,
        departments=_departments(request.user),
        initial={"year": year, "max_entries": cap, "skip_weekends": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = planning_services.planning_run_propose(
                acting_user=request.user,
                region=bureaus[0].region,
                year=data["year"],
                capacity_per_month=form.capacity_per_month(),
                max_entries=data["max_entries"],
                blackout=data["blackout"],
                skip_weekends=data["skip_weekends"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已生成{run}，请核对后确认")
            return redirect("inspections:run-detail", pk=run.pk)
    context = {
        "title": "生成联合检查统筹方案",
        "form": form,
        "cancel_url": reverse("inspections:run-list"),
    }
    return render(
        request, "inspections/run_propose.html", context, status=400 if form.is_bound else 200
    )


def _timeline(request: HttpRequest, run: PlanningRun) -> dict[str, Any]:
    """A page of the run's enterprises, each with its visits grouped by month (3 queries)."""
    visits = selectors.joint_inspections_of(run)
    enterprises = Enterprise.objects.filter(pk__in=visits.values("enterprise_id")).order_by(
        "name", "pk"
    )
    page = Paginator(enterprises.only("pk", "name", "uscc"), ENTERPRISES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    cells: dict[int, dict[int, list[JointInspection]]] = defaultdict(lambda: defaultdict(list))
    for visit in visits.filter(enterprise_id__in=[e.pk for e in page]):
        cells[visit.enterprise_id][visit.day.month].append(visit)
    rows = [
        {
            "enterprise": enterprise,
            "total": sum(len(v) for v in cells[enterprise.pk].values()),
            "months": [cells[enterprise.pk].get(month, []) for month in MONTHS],
        }
        for enterprise in page
    ]
    return {"page": page, "rows": rows, "months": MONTHS}


def _unplaced(run: PlanningRun) -> list[dict[str, Any]]:
    reasons = {int(item_id): reason for item_id, reason in run.unplaced[:UNPLACED_SHOWN]}
    items = PlanItem.objects.filter(pk__in=list(reasons)).select_related(
        "enterprise", "matter", "plan__organization"
    )
    by_id = {item.pk: item for item in items}
    return [
        {"item": by_id.get(item_id), "item_id": item_id, "reason": reason}
        for item_id, reason in reasons.items()
    ]


def _over_cap(run: PlanningRun) -> list[Enterprise]:
    ids = [int(key) for key in run.over_cap]
    return list(Enterprise.objects.filter(pk__in=ids).order_by("name").only("pk", "name", "uscc"))


def _limits_text(run: PlanningRun) -> list[tuple[str, Any]]:
    limits = run.limits or {}
    blackout = limits.get("blackout", [])
    capacity = limits.get("capacity_per_month", {})
    names = dict(Organization.objects.filter(code__in=list(capacity)).values_list("code", "name"))
    return [
        ("每家企业年度入企次数上限", limits.get("max_entries_per_enterprise")),
        ("周末不安排检查", bool(limits.get("skip_weekends"))),
        ("不安排检查的日期", f"{len(blackout)}天" if blackout else "无"),
        (
            "各部门每月可参加次数",
            "；".join(f"{names.get(code, code)}{n}次" for code, n in capacity.items()) or "不限",
        ),
    ]


@require_GET
@denials_as_403
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run_by_id(request.user, pk)
    return _run_page(request, run)


def _run_page(
    request: HttpRequest, run: PlanningRun, refusals: list[str] | None = None
) -> HttpResponse:
    actions = []
    if can_coordinate(request.user) and run.status == PlanningRun.Status.PROPOSED:
        actions.append(
            Action(
                "确认方案",
                reverse("inspections:run-confirm", args=[run.pk]),
                method="post",
                icon="check",
                confirm="确认后各部门按此方案开展联合检查，确定确认？",
            )
        )
    response = render_detail(
        request,
        obj=run,
        title=str(run),
        pretitle="联合检查统筹方案",
        status=run.get_status_display(),
        fields=[
            ("年度", run.year),
            ("状态", run.get_status_display()),
            ("计划事项数", run.items),
            ("入企次数", run.entries),
            ("入企次数下界", run.lower_bound),
            ("与下界的差距", run.gap),
            ("各部门单独检查的入企次数", run.solo_entries),
            ("减少入企次数", run.saved),
            ("超过年度入企上限的企业", f"{len(run.over_cap)}家"),
            ("无法安排的计划事项", f"{len(run.unplaced)}项"),
            ("计算用时", f"{run.elapsed_ms}毫秒"),
            ("确认日期", run.confirmed_on),
        ],
        sections=[("约束条件", _limits_text(run))],
        actions=actions,
        back_url=reverse("inspections:run-list"),
        can_upload=False,
        show_attachments=False,
        template="inspections/run_detail.html",
        extra_context={
            "timeline": _timeline(request, run),
            "unplaced": _unplaced(run),
            "unplaced_truncated": len(run.unplaced) > UNPLACED_SHOWN,
            "over_cap": _over_cap(run),
            "refusals": refusals or [],
        },
    )
    if refusals:
        response.status_code = 400
    return response


@require_POST
@denials_as_403
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run_by_id(request.user, pk)
    require_coordination(request.user, run)
    try:
        run = planning_services.planning_run_confirm(acting_user=request.user, run_id=run.pk)
    except (InvalidTransition, ValidationError) as error:
        refusals = [error.message] if isinstance(error, InvalidTransition) else error.messages
        return _run_page(request, access_run_by_id(request.user, pk), refusals)
    messages.success(request, f"已确认{run}")
    return redirect("inspections:run-detail", pk=run.pk)


def _participants(joint: JointInspection) -> list[dict[str, Any]]:
    grouped: dict[int, dict[str, Any]] = {}
    for item in selectors.joint_items_of(joint):
        organization = item.plan.organization
        entry = grouped.setdefault(organization.pk, {"organization": organization, "items": []})
        entry["items"].append(item)
    return list(grouped.values())


def _bound(form: forms.Form | None) -> bool:
    return form is not None and form.is_bound


def _joint_page(
    request: HttpRequest,
    joint: JointInspection,
    *,
    move_form: forms.Form | None = None,
    split_form: forms.Form | None = None,
) -> HttpResponse:
    participants = _participants(joint)
    confirmed = joint.run.status == PlanningRun.Status.CONFIRMED
    visit_url = (
        request.build_absolute_uri(reverse("inspections-portal:visit", args=[joint.access_token]))
        if confirmed
        else None
    )
    editable = can_coordinate(request.user) and joint.run.status == PlanningRun.Status.PROPOSED
    departments = [(p["organization"].pk, p["organization"].name) for p in participants]
    if editable and move_form is None:
        move_form = JointMoveForm(initial={"day": joint.day})
    if editable and split_form is None and len(departments) > 1:
        split_form = JointSplitForm(departments=departments)
    response = render_detail(
        request,
        obj=joint,
        title=f"{joint.enterprise.name} {joint.day:%Y-%m-%d}",
        pretitle="联合检查",
        status=joint.run.get_status_display(),
        fields=[
            ("检查对象", joint.enterprise.name),
            ("统一社会信用代码", joint.enterprise.uscc),
            ("检查日期", joint.day),
            ("牵头部门", joint.lead.name),
            ("参加部门数", joint.departments),
            ("统筹方案", str(joint.run)),
            ("企业查看链接", visit_url),
        ],
        back_url=reverse("inspections:run-detail", args=[joint.run_id]),
        can_upload=False,
        show_attachments=False,
        show_timeline=True,
        template="inspections/joint_detail.html",
        extra_context={
            "participants": participants,
            "visit_qr": qr_svg(visit_url) if visit_url else None,
            # A refused POST shows its form even once the run is no longer editable.
            "move_form": move_form if editable or _bound(move_form) else None,
            "split_form": split_form if editable or _bound(split_form) else None,
        },
    )
    if _bound(move_form) or _bound(split_form):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def joint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _joint_page(request, access_joint_inspection_by_id(request.user, pk))


@require_POST
@denials_as_403
def joint_move(request: HttpRequest, pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    require_coordination(request.user, joint)
    form = JointMoveForm(request.POST)
    if form.is_valid():
        try:
            planning_services.joint_inspection_move(
                acting_user=request.user, joint_id=joint.pk, day=form.cleaned_data["day"]
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已将联合检查调整至{form.cleaned_data['day']:%Y-%m-%d}")
            return redirect("inspections:joint-detail", pk=joint.pk)
    return _joint_page(request, access_joint_inspection_by_id(request.user, pk), move_form=form)


@require_POST
@denials_as_403
def joint_split(request: HttpRequest, pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    require_coordination(request.user, joint)
    departments = [(p["organization"].pk, p["organization"].name) for p in _participants(joint)]
    form = JointSplitForm(request.POST, departments=departments)
    if form.is_valid():
        try:
            split = planning_services.joint_inspection_split(
                acting_user=request.user,
                joint_id=joint.pk,
                organization_ids=form.cleaned_data["organizations"],
                day=form.cleaned_data["day"],
            )
        except (InvalidTransition, ValidationError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已拆分出{split.day:%Y-%m-%d}的联合检查")
            return redirect("inspections:joint-detail", pk=split.pk)
    return _joint_page(request, access_joint_inspection_by_id(request.user, pk), split_form=form)
