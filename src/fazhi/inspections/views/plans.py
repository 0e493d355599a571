"""Staff pages of the departments' inspection plans: opening, items, filing and disclosure.

The rules live in services.plans; refusals show on the page they came from (status 400).
"""

import re
from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
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
from fazhi.core.permissions import deny
from fazhi.inspections import selectors
from fazhi.inspections.forms import PlanItemForm, PlanOpenForm
from fazhi.inspections.models import InspectionPlan
from fazhi.inspections.permissions import (
    access_plan_by_id,
    organizations_planning_for,
    require_inspections_desk,
    require_plans_for,
)
from fazhi.inspections.services import plans
from fazhi.inspections.tables import PlanFilterSet, PlanItemTable, PlanTable

ITEMS_PER_PAGE = 50
_LINE_PREFIX = re.compile(r"^第\d+行：")


def may_keep(user: Any, plan: InspectionPlan) -> bool:
    return plan.organization_id in {o.pk for o in organizations_planning_for(user)}


@require_GET
@denials_as_403
def plan_list(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return render_list(
        request,
        queryset=selectors.plan_list(user=request.user),
        table_class=PlanTable,
        filterset_class=PlanFilterSet,
        title="检查计划",
        export_name="检查计划",
        template="inspections/plan_list.html",
        extra_context={"may_open": bool(organizations_planning_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def plan_open(request: HttpRequest) -> HttpResponse:
    organizations = organizations_planning_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有执法部门可以编制检查计划")
    form = PlanOpenForm(
        request.POST or None,
        organizations=organizations,
        initial={"year": timezone.localdate().year, "period": InspectionPlan.Period.YEAR},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_open(
                acting_user=request.user,
                organization=form.cleaned_data["organization"],
                year=form.cleaned_data["year"],
                period=form.cleaned_data["period"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新建{plan}")
            return redirect("inspections:plan-detail", pk=plan.pk)
    context = {
        "title": "编制检查计划",
        "form": form,
        "cancel_url": reverse("inspections:plan-list"),
        "submit_label": "新建",
    }
    return render(
        request, "inspections/form_page.html", context, status=400 if form.is_bound else 200
    )


def _item_form(request: HttpRequest, plan: InspectionPlan, data: Any = None) -> PlanItemForm:
    matters = selectors.matter_list(user=request.user).filter(
        organization=plan.organization, active=True
    )
    return PlanItemForm(data, matters=matters.order_by("code"))


def _refusal(error: InvalidTransition | ValidationError) -> list[str]:
    if isinstance(error, InvalidTransition):
        return [error.message]
    return [_LINE_PREFIX.sub("", message) for message in error.messages]


def _plan_page(
    request: HttpRequest,
    plan: InspectionPlan,
    *,
    item_form: forms.Form | None = None,
    refusals: list[str] | None = None,
) -> HttpResponse:
    keeper = may_keep(request.user, plan)
    draft = plan.status == InspectionPlan.Status.DRAFT
    if keeper and draft and item_form is None:
        item_form = _item_form(request, plan)
    items = PlanItemTable(selectors.plan_items_of(plan), request=request)
    tables.RequestConfig(request, paginate={"per_page": ITEMS_PER_PAGE}).configure(items)
    actions: list[Action] = []
    if keeper and draft:
        actions.append(
            Action(
                "报司法局备案",
                reverse("inspections:plan-file", args=[plan.pk]),
                method="post",
                icon="send",
                confirm="备案后不能再增加事项，确定报司法局备案？",
            )
        )
    if keeper and plan.status == InspectionPlan.Status.FILED:
        actions.append(
            Action(
                "公示",
                reverse("inspections:plan-disclose", args=[plan.pk]),
                method="post",
                icon="world",
                confirm="公示后计划将在门户网站公开，确定公示？",
            )
        )
    response = render_detail(
        request,
        obj=plan,
        title=str(plan),
        pretitle="检查计划",
        status=plan.get_status_display(),
        fields=[
            ("检查部门", plan.organization.name),
            ("年度", plan.year),
            ("计划期间", plan.get_period_display()),
            ("状态", plan.get_status_display()),
            ("事项数", items.paginator.count),
            ("备案期限", plan.filing_due_on),
            ("备案日期", plan.filed_on),
            ("逾期备案", plan.filed_late),
            ("公示日期", plan.disclosed_on),
        ],
        actions=actions,
        back_url=reverse("inspections:plan-list"),
        can_upload=False,
        show_attachments=False,
        template="inspections/plan_detail.html",
        extra_context={
            "items": items,
            "item_form": item_form if keeper and draft else None,
            "may_import": keeper and draft,
            "refusals": refusals or [],
        },
    )
    if refusals or (item_form is not None and item_form.is_bound):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, access_plan_by_id(request.user, pk))


@require_POST
@denials_as_403
def plan_items_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    require_plans_for(request.user, plan.organization, plan)
    form = _item_form(request, plan, request.POST)
    if form.is_valid():
        try:
            plans.plan_items_add(acting_user=request.user, plan_id=plan.pk, rows=[form.row()])
        except ValidationError as error:
            for message in _refusal(error):
                form.add_error(None, message)
        else:
            messages.success(request, "已增加1项检查计划事项")
            return redirect("inspections:plan-detail", pk=plan.pk)
    return _plan_page(request, access_plan_by_id(request.user, pk), item_form=form)


@require_POST
@denials_as_403
def plan_file(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    try:
        plan = plans.plan_file(acting_user=request.user, plan_id=plan.pk)
    except (InvalidTransition, ValidationError) as error:
        return _plan_page(request, access_plan_by_id(request.user, pk), refusals=_refusal(error))
    late = f"（已超过备案期限{plan.filing_due_on}）" if plan.filed_late else ""
    messages.success(request, f"{plan}已报司法局备案{late}")
    return redirect("inspections:plan-detail", pk=plan.pk)


@require_POST
@denials_as_403
def plan_disclose(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    try:
        plan = plans.plan_disclose(acting_user=request.user, plan_id=plan.pk)
    except (InvalidTransition, ValidationError) as error:
        return _plan_page(request, access_plan_by_id(request.user, pk), refusals=_refusal(error))
    messages.success(request, f"{plan}已公示")
    return redirect("inspections:plan-detail", pk=plan.pk)
