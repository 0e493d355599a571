"""Staff pages of the two draws around a joint inspection.

- Accompanying supervision (伴随式监督): the bureau announces a draw over a window's confirmed
  joint inspections and runs it with the public seed value (services.supervision).
- Inspectors (随机选派检查人员): each department taking part draws its certified officers for
  the visit (services.inspectors); the page lists every department's draw, its exclusions and
  the drawn officers with their certificates.

Both draws are core's verifiable draws: the pages link to the record and the public check.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403
from fazhi.core.models import RandomDraw
from fazhi.inspections import selectors_draws as selectors
from fazhi.inspections.forms import (
    InspectorDrawAnnounceForm,
    SupervisionDrawAnnounceForm,
    TargetDrawRunForm,
)
from fazhi.inspections.models import JointInspection, SupervisionDraw
from fazhi.inspections.permissions import (
    access_inspector_draw_by_id,
    access_joint_inspection_by_id,
    access_supervision_draw_by_id,
    can_coordinate,
    organizations_planning_for,
    require_coordination,
    require_inspections_desk,
)
from fazhi.inspections.services import inspectors, supervision

# Accompanying supervision ---------------------------------------------------------------------


@require_GET
@denials_as_403
def supervision_draw_list(request: HttpRequest) -> HttpResponse:
    require_coordination(request.user)
    context = {
        "draws": selectors.supervision_draws(user=request.user),
        "may_announce": can_coordinate(request.user),
    }
    return render(request, "inspections/draws/supervision_draw_list.html", context)


@require_http_methods(["GET", "POST"])
@denials_as_403
def supervision_draw_announce(request: HttpRequest) -> HttpResponse:
    require_coordination(request.user)
    form = SupervisionDrawAnnounceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announced = supervision.supervision_draw_announce(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已公告{announced}的抽取范围和随机种子确定规则")
            return redirect("inspections:supervision-draw-detail", pk=announced.pk)
    context = {
        "title": "公告伴随式监督抽取",
        "form": form,
        "cancel_url": reverse("inspections:supervision-draw-list"),
        "submit_label": "公告",
    }
    return render(
        request, "inspections/form_page.html", context, status=400 if form.is_bound else 200
    )


def _supervision_page(
    request: HttpRequest, supervision_draw: SupervisionDraw, run_form: TargetDrawRunForm | None
) -> HttpResponse:
    announced = supervision_draw.draw.status == RandomDraw.Status.ANNOUNCED
    context = {
        "object": supervision_draw,
        "draw": supervision_draw.draw,
        "visits": selectors.supervision_draw_visits(supervision_draw),
        "run_form": (run_form or TargetDrawRunForm()) if announced else None,
    }
    status = 400 if run_form is not None and run_form.is_bound else 200
    return render(request, "inspections/draws/supervision_draw_detail.html", context, status=status)


@require_GET
@denials_as_403
def supervision_draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _supervision_page(request, access_supervision_draw_by_id(request.user, pk), None)


@require_POST
@denials_as_403
def supervision_draw_run(request: HttpRequest, pk: int) -> HttpResponse:
    supervision_draw = access_supervision_draw_by_id(request.user, pk)
    form = TargetDrawRunForm(request.POST)
    if form.is_valid():
        try:
            done = supervision.supervision_draw_run(
                acting_user=request.user,
                supervision_draw_id=supervision_draw.pk,
                seed_value=form.cleaned_data["seed_value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已抽中{done.joint_inspections.count()}次联合检查")
            return redirect("inspections:supervision-draw-detail", pk=done.pk)
    return _supervision_page(request, access_supervision_draw_by_id(request.user, pk), form)


# Inspectors ----------------------------------------------------------------------------------


def _inspectors_page(
    request: HttpRequest,
    joint: JointInspection,
    *,
    announce_form: InspectorDrawAnnounceForm | None = None,
    run_form: TargetDrawRunForm | None = None,
) -> HttpResponse:
    mine = {o.pk for o in organizations_planning_for(request.user)}
    rows: list[dict[str, Any]] = []
    for row in selectors.inspector_draw_rows(joint):
        draw = row.inspector_draw
        pending = draw is not None and draw.draw.status == RandomDraw.Status.ANNOUNCED
        rows.append(
            {
                "row": row,
                "may_announce": row.organization.pk in mine
                and draw is None
                and joint.arrived_at is None,
                "may_run": row.organization.pk in mine and pending,
            }
        )
    context = {
        "joint": joint,
        "rows": rows,
        "cards": selectors.inspectors_of(joint),
        "announce_form": announce_form or InspectorDrawAnnounceForm(),
        "run_form": run_form or TargetDrawRunForm(),
        # Refusals not tied to a field show at the top: the form's own row may not be drawn.
        "forms_with_errors": [f for f in (announce_form, run_form) if f is not None and f.errors],
    }
    bound = any(f is not None and f.is_bound for f in (announce_form, run_form))
    return render(
        request, "inspections/draws/joint_inspectors.html", context, status=400 if bound else 200
    )


@require_GET
@denials_as_403
def joint_inspectors(request: HttpRequest, pk: int) -> HttpResponse:
    require_inspections_desk(request.user)
    return _inspectors_page(request, access_joint_inspection_by_id(request.user, pk))


@require_POST
@denials_as_403
def inspector_draw_announce(request: HttpRequest, pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    form = InspectorDrawAnnounceForm(request.POST)
    organizations = [
        o for o in organizations_planning_for(request.user) if str(o.pk) == request.POST.get("org")
    ]
    if not organizations:
        form.add_error(None, "请从本部门的行上公告抽取")
    elif form.is_valid():
        try:
            inspectors.inspector_draw_announce(
                acting_user=request.user,
                joint_id=joint.pk,
                organization=organizations[0],
                seed_rule=form.cleaned_data["seed_rule"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已公告本部门检查人员名单及随机种子确定规则")
            return redirect("inspections:joint-inspectors", pk=joint.pk)
    return _inspectors_page(request, joint, announce_form=form)


@require_POST
@denials_as_403
def inspector_draw_run(request: HttpRequest, pk: int) -> HttpResponse:
    inspector_draw = access_inspector_draw_by_id(request.user, pk)
    joint = access_joint_inspection_by_id(request.user, inspector_draw.joint_inspection_id)
    form = TargetDrawRunForm(request.POST)
    if form.is_valid():
        try:
            done = inspectors.inspector_draw_run(
                acting_user=request.user,
                inspector_draw_id=inspector_draw.pk,
                seed_value=form.cleaned_data["seed_value"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            if done.void_reason:
                messages.warning(request, f"{done.void_reason}，本次抽取作废，请重新公告")
            else:
                names = "、".join(o.name for o in done.inspectors.all())
                messages.success(request, f"已选派检查人员：{names}")
            return redirect("inspections:joint-inspectors", pk=joint.pk)
    return _inspectors_page(request, joint, run_form=form)
