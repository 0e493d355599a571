"""Pages of the annual drafting plan (年度制定计划): the plans per year and one plan's items.

Drafting units propose items while the bureau compiles the plan; the bureau takes each into
the plan or leaves it out with the reason, then publishes it; an item not to be made this year
is dropped with the reason. Rules live in services.plans; refusals show on the form they came
from (status 400).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.rules import selectors
from fazhi.rules.filters import PlanFilterSet
from fazhi.rules.forms import (
    PlanItemIncludeForm,
    PlanItemProposeForm,
    PlanItemReasonForm,
    PlanOpenForm,
    PlanPublishForm,
)
from fazhi.rules.models import DraftingPlan, PlanItem
from fazhi.rules.permissions import (
    access_plan_by_id,
    access_plan_item_by_id,
    can_compile_plans,
    can_draft_for,
    organizations_drafting_for,
    require_document_desk,
)
from fazhi.rules.selectors_ui import issuers_for
from fazhi.rules.services import plans
from fazhi.rules.tables import PLAN_ITEM_STATUS_BADGES, PlanTable


@require_http_methods(["GET", "POST"])
@denials_as_403
def plan_list(request: HttpRequest) -> HttpResponse:
    require_document_desk(request.user)
    open_form = PlanOpenForm(request.POST or None) if can_compile_plans(request.user) else None
    if request.method == "POST":
        if open_form is None:
            raise deny(request.user, None, "只有司法局可以组织编制规范性文件制定计划")
        if open_form.is_valid():
            bureaus = organizations_acting_with(request.user, Capability.REVIEW_LEGALITY)
            try:
                plan = plans.plan_open(
                    acting_user=request.user,
                    region=bureaus[0].region,
                    year=open_form.cleaned_data["year"],
                )
            except ValidationError as error:
                add_service_errors(open_form, error)
            else:
                messages.success(request, f"{plan}已开始汇总，各单位可以申报")
                return redirect("rules:plan-detail", pk=plan.pk)
    response = render_list(
        request,
        queryset=selectors.plan_list(user=request.user),
        table_class=PlanTable,
        filterset_class=PlanFilterSet,
        title="规范性文件制定计划",
        export_name="规范性文件制定计划",
        template="rules/plan_list.html",
        extra_context={"open_form": open_form},
    )
    if open_form is not None and open_form.is_bound and open_form.errors:
        response.status_code = 400
    return response


def _item_rows(
    request: HttpRequest,
    plan: DraftingPlan,
    bound: tuple[int, str, forms.Form] | None,
) -> list[dict[str, Any]]:
    user = request.user
    bureau = can_compile_plans(user)
    rows = []
    for item in selectors.plan_item_list(user=user, plan=plan):
        item_forms: dict[str, forms.Form] = {}
        if bureau and item.status == PlanItem.Status.PROPOSED:
            item_forms["include"] = PlanItemIncludeForm(prefix=f"i{item.pk}")
            item_forms["reject"] = PlanItemReasonForm(prefix=f"r{item.pk}")
        if item.status in (PlanItem.Status.PLANNED, PlanItem.Status.DRAFTING) and (
            bureau or can_draft_for(user, item.organization)
        ):
            item_forms["drop"] = PlanItemReasonForm(prefix=f"d{item.pk}")
        if bound is not None and bound[0] == item.pk:
            item_forms[bound[1]] = bound[2]
        document = getattr(item, "document", None)
        rows.append(
            {
                "item": item,
                "badge": PLAN_ITEM_STATUS_BADGES.get(item.status, ""),
                "document": document,
                "forms": item_forms,
                "bound": bound[1] if bound is not None and bound[0] == item.pk else "",
            }
        )
    return rows


def _propose_form(request: HttpRequest, data: Any = None) -> PlanItemProposeForm | None:
    organizations = organizations_drafting_for(request.user)
    if not organizations:
        return None
    return PlanItemProposeForm(
        data, organizations=organizations, issuers=issuers_for(organizations)
    )


def _plan_page(
    request: HttpRequest,
    plan: DraftingPlan,
    *,
    bound_item: tuple[int, str, forms.Form] | None = None,
    propose_form: forms.Form | None = None,
    publish_form: forms.Form | None = None,
) -> HttpResponse:
    compiling = plan.status == DraftingPlan.Status.COMPILING
    if propose_form is None and compiling:
        propose_form = _propose_form(request)
    if publish_form is None and compiling and can_compile_plans(request.user):
        publish_form = PlanPublishForm()
    rows = _item_rows(request, plan, bound_item)
    counts: dict[str, int] = {}
    for row in rows:
        label = row["item"].get_status_display()
        counts[label] = counts.get(label, 0) + 1
    response = render_detail(
        request,
        obj=plan,
        title=str(plan),
        pretitle=f"规范性文件制定计划 · {plan.region.name}",
        status=plan.get_status_display(),
        fields=[
            ("年度", f"{plan.year}年"),
            ("区域", plan.region.name),
            ("状态", plan.get_status_display()),
            ("公布日期", plan.published_on),
            ("项目数", "，".join(f"{label}{n}项" for label, n in counts.items()) or "0项"),
        ],
        back_url=reverse("rules:plan-list"),
        can_upload=False,
        show_attachments=False,
        template="rules/plan_detail.html",
        extra_context={
            "plan": plan,
            "rows": rows,
            "propose_form": propose_form if compiling else None,
            "publish_form": publish_form if compiling else None,
        },
    )
    if bound_item is not None or (
        (propose_form is not None and propose_form.is_bound)
        or (publish_form is not None and publish_form.is_bound)
    ):
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    return _plan_page(request, plan)


@require_POST
@denials_as_403
def plan_item_propose(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    form = _propose_form(request, request.POST)
    if form is None:
        raise deny(request.user, plan, "您没有起草规范性文件的权限")
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = plans.plan_item_propose(
                acting_user=request.user,
                plan_id=plan.pk,
                organization=data["organization"],
                issuer=data["issuer"],
                title=data["title"],
                reason=data["reason"],
                planned_quarter=data["planned_quarter"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已申报“{item.title}”，等待司法局汇总")
            return redirect("rules:plan-detail", pk=plan.pk)
    plan = access_plan_by_id(request.user, pk)
    return _plan_page(request, plan, propose_form=form)


@require_POST
@denials_as_403
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    form = PlanPublishForm(request.POST)
    if form.is_valid():
        try:
            plans.plan_publish(
                acting_user=request.user, plan_id=plan.pk, on=form.cleaned_data["on"]
            )
        except (InvalidTransition, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, f"{plan}已公布")
            return redirect("rules:plan-detail", pk=plan.pk)
    plan = access_plan_by_id(request.user, pk)
    return _plan_page(request, plan, publish_form=form)


def _add_error(form: forms.Form, error: InvalidTransition | ValidationError) -> None:
    if isinstance(error, ValidationError):
        add_service_errors(form, error)
    else:
        form.add_error(None, error.message)


def _item_step(
    request: HttpRequest,
    pk: int,
    *,
    action: str,
    form_class: type[forms.Form],
    prefix: str,
    run: Callable[[PlanItem, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    item = access_plan_item_by_id(request.user, pk)
    form = form_class(request.POST, prefix=f"{prefix}{item.pk}")
    if form.is_valid():
        try:
            run(item, form.cleaned_data)
        except (InvalidTransition, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, done.format(title=item.title))
            return redirect(f"{reverse('rules:plan-detail', args=[item.plan_id])}#item-{item.pk}")
    plan = access_plan_by_id(request.user, item.plan_id)
    return _plan_page(request, plan, bound_item=(item.pk, action, form))


@require_POST
@denials_as_403
def plan_item_include(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_step(
        request,
        pk,
        action="include",
        form_class=PlanItemIncludeForm,
        prefix="i",
        run=lambda item, data: plans.plan_item_include(
            acting_user=request.user, item_id=item.pk, opinion=data["opinion"]
        ),
        done="“{title}”已列入计划",
    )


@require_POST
@denials_as_403
def plan_item_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_step(
        request,
        pk,
        action="reject",
        form_class=PlanItemReasonForm,
        prefix="r",
        run=lambda item, data: plans.plan_item_reject(
            acting_user=request.user, item_id=item.pk, reason=data["reason"]
        ),
        done="“{title}”未列入计划",
    )


@require_POST
@denials_as_403
def plan_item_drop(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_step(
        request,
        pk,
        action="drop",
        form_class=PlanItemReasonForm,
        prefix="d",
        run=lambda item, data: plans.plan_item_drop(
            acting_user=request.user, item_id=item.pk, reason=data["reason"]
        ),
        done="“{title}”已撤销",
    )
