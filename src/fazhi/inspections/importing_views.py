"""The Excel import of a plan's items, and its template workbook.

Kept out of views/ because the layering puts views and resources side by side (neither imports
the other); contracts does the same.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.imports import (
    ImportFileError,
    staged_discard,
    template_workbook_bytes,
    upload_stage,
)
from fazhi.core.listing import denials_as_403
from fazhi.core.permissions import deny
from fazhi.core.spreadsheets import xlsx_file_response
from fazhi.inspections.forms import PlanImportForm, TargetImportForm
from fazhi.inspections.models import InspectionPlan
from fazhi.inspections.permissions import (
    access_plan_by_id,
    organizations_planning_for,
    require_inspections_desk,
    require_plans_for,
)
from fazhi.inspections.resources import (
    PLAN_ITEM_IMPORT,
    TARGET_IMPORT,
    plan_rows_import,
    target_rows_import,
)


@require_GET
@denials_as_403
def plan_import_template(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return xlsx_file_response(
        filename=f"{PLAN_ITEM_IMPORT.title}导入模板.xlsx",
        content=template_workbook_bytes(PLAN_ITEM_IMPORT),
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    require_plans_for(request.user, plan.organization, plan)
    if plan.status != InspectionPlan.Status.DRAFT:
        messages.error(request, "检查计划已备案，不能再导入事项")
        return redirect("inspections:plan-detail", pk=plan.pk)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        staged = None
        try:
            staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
            outcome = plan_rows_import(
                acting_user=request.user,  # type: ignore[arg-type]
                plan_id=plan.pk,
                source=staged.path,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                messages.success(request, f"已从“{staged.name}”导入{outcome.written}项检查计划事项")
                return redirect("inspections:plan-detail", pk=plan.pk)
            problems = outcome.problems
        finally:
            if staged is not None:
                staged_discard(staged)
    context = {
        "title": f"导入检查计划事项：{plan}",
        "plan": plan,
        "form": form,
        "problems": problems,
        "spec": PLAN_ITEM_IMPORT,
        "template_url": reverse("inspections:plan-import-template"),
        "back_url": reverse("inspections:plan-detail", args=[plan.pk]),
    }
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(request, "inspections/plan_import.html", context, status=status)


@require_GET
@denials_as_403
def target_import_template(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return xlsx_file_response(
        filename=f"{TARGET_IMPORT.title}导入模板.xlsx",
        content=template_workbook_bytes(TARGET_IMPORT),
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def target_import(request: HttpRequest) -> HttpResponse:
    """The department's register from an Excel file, all rows or none."""
    organizations = organizations_planning_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有执法部门可以维护本部门的检查对象名录")
    form = TargetImportForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    problems: tuple[str, ...] = ()
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        staged = None
        try:
            staged = upload_stage(form.cleaned_data["file"], user=request.user)  # type: ignore[arg-type]
            outcome = target_rows_import(
                acting_user=request.user,  # type: ignore[arg-type]
                organization=organization,
                source=staged.path,
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                messages.success(
                    request,
                    f"已从“{staged.name}”导入{outcome.written}家企业到{organization.name}检查对象名录",
                )
                return redirect(
                    f"{reverse('inspections:target-list')}?organization={organization.pk}"
                )
            problems = outcome.problems
        finally:
            if staged is not None:
                staged_discard(staged)
    context = {
        "title": "导入检查对象名录",
        "form": form,
        "problems": problems,
        "spec": TARGET_IMPORT,
        "template_url": reverse("inspections:target-import-template"),
        "back_url": reverse("inspections:target-list"),
    }
    status = 400 if form.is_bound and (form.errors or problems) else 200
    return render(request, "inspections/targets/target_import.html", context, status=status)
