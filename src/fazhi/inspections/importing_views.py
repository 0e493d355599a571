"""The Excel import of a plan's items, and its template workbook.

Kept out of views/ because the layering puts views and resources side by side (neither imports
the other); contracts does the same.
"""

from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.importing_views import (
    WholeFilePage,
    import_template_response,
    render_organization_import,
    render_whole_file_import,
)
from fazhi.core.imports import WholeFileOutcome
from fazhi.core.listing import denials_as_403
from fazhi.inspections.forms import PlanImportForm
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
    return import_template_response(PLAN_ITEM_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def plan_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_plan_by_id(request.user, pk)
    require_plans_for(request.user, plan.organization, plan)
    if plan.status != InspectionPlan.Status.DRAFT:
        messages.error(request, "检查计划已备案，不能再导入事项")
        return redirect("inspections:plan-detail", pk=plan.pk)
    back_url = reverse("inspections:plan-detail", args=[plan.pk])

    def run(source: Path) -> WholeFileOutcome:
        return plan_rows_import(
            acting_user=request.user,  # type: ignore[arg-type]
            plan_id=plan.pk,
            source=source,
        )

    return render_whole_file_import(
        request,
        form=PlanImportForm(request.POST or None, request.FILES or None),
        spec=PLAN_ITEM_IMPORT,
        page=WholeFilePage(
            title=f"导入检查计划事项：{plan}",
            pretitle="检查计划",
            back_url=back_url,
            back_label="返回计划",
            noun="事项",
            note="检查方式填中文名称；计划时间须在计划期间内。",
            template_url=reverse("inspections:plan-import-template"),
        ),
        run=run,
        succeeded=lambda name, written: (f"已从“{name}”导入{written}项检查计划事项", back_url),
    )


@require_GET
@denials_as_403
def target_import_template(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    return import_template_response(TARGET_IMPORT)


@require_http_methods(["GET", "POST"])
@denials_as_403
def target_import(request: HttpRequest) -> HttpResponse:
    """The department's register from an Excel file, all rows or none."""
    return render_organization_import(
        request,
        organizations=organizations_planning_for(request.user),
        refusal="只有执法部门可以维护本部门的检查对象名录",
        label="监管部门",
        spec=TARGET_IMPORT,
        page=WholeFilePage(
            title="导入检查对象名录",
            pretitle="联合检查",
            back_url=reverse("inspections:target-list"),
            back_label="返回名录",
            noun="企业",
            note="风险等级填中文名称（高风险、较高风险、一般风险、低风险）；"
            "名录中已有的企业按文件更新风险等级。",
            template_url=reverse("inspections:target-import-template"),
        ),
        importer=target_rows_import,
        succeeded=lambda name, written, organization: (
            f"已从“{name}”导入{written}家企业到{organization.name}检查对象名录",
            f"{reverse('inspections:target-list')}?organization={organization.pk}",
        ),
    )
