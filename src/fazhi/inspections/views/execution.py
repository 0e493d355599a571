"""Carrying out a confirmed joint inspection (检查实施): the staff page of one visit.

The lead department records arrival and departure; each department records the result of its
own items, attaches evidence, discloses the results (公示) and confirms rectification (整改完成).
The rules live in services.execution; a refusal shows next to the field of the form it came from
(status 400). Forms and buttons appear only for users who may act, decided with the same
permission helpers the services use.
"""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.listing import AttachmentForm, add_service_errors, denials_as_403, render_detail
from fazhi.core.models import Attachment, Organization
from fazhi.core.permissions import acts_for
from fazhi.core.roles import Capability
from fazhi.core.services.attachments import attachment_add
from fazhi.inspections import selectors
from fazhi.inspections.forms import (
    JointArriveForm,
    JointLeaveForm,
    ResultDayForm,
    ResultRecordForm,
)
from fazhi.inspections.models import InspectionResult, JointInspection, PlanItem, PlanningRun
from fazhi.inspections.permissions import (
    access_joint_inspection_by_id,
    access_result_by_id,
    require_plans_for,
)
from fazhi.inspections.services import execution

# Keys of the one form a refused POST brings back to the page.
ARRIVE = "arrive"
LEAVE = "leave"
RECORD = "record"
EVIDENCE = "evidence"
DISCLOSE = "disclose"
RECTIFIED = "rectified"


def _may_act_for(user: Any, organization: Organization) -> bool:
    return acts_for(user, organization, Capability.PLAN_INSPECTIONS)


@dataclass
class ItemRow:
    item: PlanItem
    recorded: bool
    result: InspectionResult | None = None
    overdue: bool = False
    evidence: list[Attachment] = field(default_factory=list)
    record_form: forms.Form | None = None
    evidence_form: forms.Form | None = None
    disclose_form: forms.Form | None = None
    rectified_form: forms.Form | None = None


@dataclass
class DepartmentBlock:
    organization: Organization
    is_lead: bool
    may_act: bool
    rows: list[ItemRow] = field(default_factory=list)


def _bound_or(bound: dict[tuple[str, int], forms.Form], key: tuple[str, int], make: Any) -> Any:
    return bound.get(key) or make()


def _item_row(
    item: PlanItem,
    *,
    joint: JointInspection,
    may_act: bool,
    results: dict[int, InspectionResult],
    recorded: set[int],
    evidence: dict[int, list[Attachment]],
    bound: dict[tuple[str, int], forms.Form],
) -> ItemRow:
    result = results.get(item.pk)
    today = timezone.localdate()
    row = ItemRow(item=item, recorded=item.pk in recorded, result=result)
    underway = joint.arrived_at is not None and joint.left_at is None
    if result is None:
        if may_act and (underway or (RECORD, item.pk) in bound):
            row.record_form = _bound_or(
                bound, (RECORD, item.pk), lambda: ResultRecordForm(prefix=f"item-{item.pk}")
            )
        return row
    row.overdue = result.disclosed_on is None and result.disclosure_due_on < today
    row.evidence = evidence.get(result.pk, [])
    if not may_act:
        return row
    row.evidence_form = _bound_or(
        bound, (EVIDENCE, result.pk), lambda: AttachmentForm(prefix=f"evidence-{result.pk}")
    )
    if result.disclosed_on is None and (
        joint.left_at is not None or (DISCLOSE, result.pk) in bound
    ):
        row.disclose_form = _bound_or(
            bound,
            (DISCLOSE, result.pk),
            lambda: ResultDayForm(prefix=f"disclose-{result.pk}", label="公示日期"),
        )
    if result.measure == InspectionResult.Measure.RECTIFY and result.rectified_on is None:
        row.rectified_form = _bound_or(
            bound,
            (RECTIFIED, result.pk),
            lambda: ResultDayForm(prefix=f"rectified-{result.pk}", label="整改完成日期"),
        )
    return row


def _departments(
    request: HttpRequest, joint: JointInspection, bound: dict[tuple[str, int], forms.Form]
) -> list[DepartmentBlock]:
    results = selectors.joint_results_visible(user=request.user, joint=joint)
    recorded = selectors.joint_items_with_result(joint=joint)
    evidence = selectors.evidence_of(results.values())
    blocks: dict[int, DepartmentBlock] = {}
    for item in selectors.joint_items_of(joint):
        organization = item.plan.organization
        block = blocks.get(organization.pk)
        if block is None:
            block = blocks[organization.pk] = DepartmentBlock(
                organization=organization,
                is_lead=organization.pk == joint.lead_id,
                may_act=_may_act_for(request.user, organization),
            )
        block.rows.append(
            _item_row(
                item,
                joint=joint,
                may_act=block.may_act,
                results=results,
                recorded=recorded,
                evidence=evidence,
                bound=bound,
            )
        )
    return list(blocks.values())


def _state(joint: JointInspection) -> str:
    if joint.left_at is not None:
        return "已结束"
    if joint.arrived_at is not None:
        return "检查中"
    return "待检查"


def _visit_page(
    request: HttpRequest,
    joint: JointInspection,
    bound: dict[tuple[str, int], forms.Form] | None = None,
) -> HttpResponse:
    bound = bound or {}
    confirmed = joint.run.status == PlanningRun.Status.CONFIRMED
    may_lead = confirmed and _may_act_for(request.user, joint.lead)
    arrive_form = leave_form = None
    if may_lead and (joint.arrived_at is None or (ARRIVE, 0) in bound):
        arrive_form = _bound_or(bound, (ARRIVE, 0), JointArriveForm)
    elif may_lead and (joint.left_at is None or (LEAVE, 0) in bound):
        leave_form = _bound_or(bound, (LEAVE, 0), JointLeaveForm)
    response = render_detail(
        request,
        obj=joint,
        title=f"{joint.enterprise.name} {joint.day:%Y-%m-%d}",
        pretitle="检查实施",
        status=_state(joint) if confirmed else joint.run.get_status_display(),
        fields=[
            ("检查对象", joint.enterprise.name),
            ("检查日期", joint.day),
            ("牵头部门", joint.lead.name),
            ("到达时间", joint.arrived_at),
            ("离开时间", joint.left_at),
        ],
        back_url=reverse("inspections:joint-detail", args=[joint.pk]),
        can_upload=False,
        show_attachments=False,
        show_timeline=True,
        template="inspections/joint_visit.html",
        extra_context={
            "confirmed": confirmed,
            "departments": _departments(request, joint, bound) if confirmed else [],
            "arrive_form": arrive_form,
            "leave_form": leave_form,
            "today": timezone.localdate(),
        },
    )
    if bound:
        response.status_code = 400
    return response


def _back(joint: JointInspection, anchor: str = "") -> HttpResponse:
    url = reverse("inspections:joint-visit", args=[joint.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
@denials_as_403
def joint_visit(request: HttpRequest, pk: int) -> HttpResponse:
    return _visit_page(request, access_joint_inspection_by_id(request.user, pk))


@require_POST
@denials_as_403
def joint_arrive(request: HttpRequest, pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    require_plans_for(request.user, joint.lead, joint)
    form = JointArriveForm(request.POST)
    if form.is_valid():
        try:
            execution.joint_arrive(
                acting_user=request.user, joint_id=joint.pk, at=form.cleaned_data["arrived_at"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已登记到达时间，各部门可登记检查结果")
            return _back(joint)
    return _visit_page(
        request, access_joint_inspection_by_id(request.user, pk), {(ARRIVE, 0): form}
    )


@require_POST
@denials_as_403
def joint_leave(request: HttpRequest, pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    require_plans_for(request.user, joint.lead, joint)
    form = JointLeaveForm(request.POST)
    if form.is_valid():
        try:
            execution.joint_leave(
                acting_user=request.user, joint_id=joint.pk, at=form.cleaned_data["left_at"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已登记离开时间，联合检查结束")
            return _back(joint)
    page = access_joint_inspection_by_id(request.user, pk)
    return _visit_page(request, page, {(LEAVE, 0): form})


def _item_of(joint: JointInspection, item_pk: int) -> PlanItem:
    item = selectors.joint_items_of(joint).filter(pk=item_pk).first()
    if item is None:
        raise Http404("该联合检查中没有这一检查事项")
    return item


def _result_of(request: HttpRequest, joint: JointInspection, result_pk: int) -> InspectionResult:
    result = access_result_by_id(request.user, result_pk)
    if result.joint_inspection_id != joint.pk:
        raise Http404("该联合检查中没有这一检查结果")
    require_plans_for(request.user, result.item.plan.organization, result)
    return result


@require_POST
@denials_as_403
def result_record(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    item = _item_of(joint, item_pk)
    require_plans_for(request.user, item.plan.organization, item)
    form = ResultRecordForm(request.POST, prefix=f"item-{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            execution.result_record(
                acting_user=request.user,
                item_id=item.pk,
                outcome=data["outcome"],
                description=data["description"],
                measure=data["measure"],
                rectify_due_on=data["rectify_due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记“{item.matter.name}”的检查结果")
            return _back(joint, f"item-{item.pk}")
    page = access_joint_inspection_by_id(request.user, pk)
    return _visit_page(request, page, {(RECORD, item.pk): form})


@require_POST
@denials_as_403
def result_evidence_add(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    result = _result_of(request, joint, result_pk)
    form = AttachmentForm(request.POST, request.FILES, prefix=f"evidence-{result.pk}")
    if form.is_valid():
        try:
            attachment = attachment_add(
                acting_user=request.user,  # type: ignore[arg-type]
                target=result,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已上传证据材料“{attachment.original_name}”")
            return _back(joint, f"item-{result.item_id}")
    return _visit_page(request, joint, {(EVIDENCE, result.pk): form})


@require_POST
@denials_as_403
def result_disclose(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    result = _result_of(request, joint, result_pk)
    form = ResultDayForm(request.POST, prefix=f"disclose-{result.pk}", label="公示日期")
    if form.is_valid():
        try:
            result = execution.result_disclose(
                acting_user=request.user, result_id=result.pk, on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            late = "（已超过公示期限）" if result.disclosed_late else ""
            messages.success(request, f"检查结果已公示{late}")
            return _back(joint, f"item-{result.item_id}")
    return _visit_page(request, joint, {(DISCLOSE, result.pk): form})


@require_POST
@denials_as_403
def rectification_confirm(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    joint = access_joint_inspection_by_id(request.user, pk)
    result = _result_of(request, joint, result_pk)
    form = ResultDayForm(request.POST, prefix=f"rectified-{result.pk}", label="整改完成日期")
    if form.is_valid():
        try:
            execution.rectification_confirm(
                acting_user=request.user, result_id=result.pk, on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已确认整改完成")
            return _back(joint, f"item-{result.item_id}")
    return _visit_page(request, joint, {(RECTIFIED, result.pk): form})
