"""Overviews of joint inspections: a department's visits, the plan board, the enterprises' burden.

The numbers come from selectors (aggregate queries); these views only pick the year and the
schedule and render.
"""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.listing import denials_as_403, render_list
from fazhi.core.parameters import parameter_value
from fazhi.core.permissions import deny
from fazhi.inspections import selectors
from fazhi.inspections.models import InspectionPlan, PlanningRun
from fazhi.inspections.parameters import MAX_ENTRIES_PER_ENTERPRISE
from fazhi.inspections.permissions import (
    can_coordinate,
    organizations_planning_for,
    require_inspections_desk,
)
from fazhi.inspections.tables import OverCapTable, TaskFilterSet, TaskTable


@require_GET
@denials_as_403
def task_list(request: HttpRequest) -> HttpResponse:
    if not organizations_planning_for(request.user):
        raise deny(request.user, None, "只有参加联合检查的执法部门可以查看本部门检查任务")
    return render_list(
        request,
        queryset=selectors.joint_list_for_department(user=request.user, on=timezone.localdate()),
        table_class=TaskTable,
        filterset_class=TaskFilterSet,
        title="本部门检查任务",
        export_name="本部门检查任务",
    )


def _year_asked(request: HttpRequest, years: list[int], default: int) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default
    return year if year in years else default


def _plan_years(user: Any) -> tuple[list[int], int]:
    """The years to choose from, and the default: the latest year with a plan."""
    planned = set(InspectionPlan.objects.visible_to(user).values_list("year", flat=True).distinct())
    this_year = timezone.localdate().year
    default = max((year for year in planned if year <= this_year), default=this_year)
    return sorted({*planned, this_year}, reverse=True), default


@require_GET
@denials_as_403
def plan_board(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    years, default = _plan_years(request.user)
    year = _year_asked(request, years, default)
    today = timezone.localdate()
    rows = selectors.plan_board(user=request.user, year=year, on=today)
    bureau = can_coordinate(request.user)
    months = []
    if not bureau:
        months = selectors.plan_board_months(
            user=request.user,
            organization_ids=[row.organization.pk for row in rows],
            year=year,
            on=today,
        )
    context = {
        "title": "检查计划看板",
        "year": year,
        "years": years,
        "rows": rows,
        "bureau": bureau,
        "months": months,
        "today": today,
    }
    return render(request, "inspections/plan_board.html", context)


def _chosen_run(request: HttpRequest) -> tuple[list[int], int | None, list[PlanningRun], Any]:
    runs = list(selectors.runs_confirmed(user=request.user))
    years = sorted({run.year for run in runs}, reverse=True)
    if not runs:
        return years, None, [], None
    year = _year_asked(request, years, years[0])
    of_year = [run for run in runs if run.year == year]
    asked = request.GET.get("run", "")
    run = next((r for r in of_year if str(r.pk) == asked), of_year[0])
    return years, year, of_year, run


@require_GET
@denials_as_403
def burden(request: HttpRequest) -> HttpResponse:
    require_inspections_desk(request.user)
    years, year, runs, run = _chosen_run(request)
    chart = None
    cap = None
    if run is not None:
        limit = parameter_value(MAX_ENTRIES_PER_ENTERPRISE, on=datetime.date(run.year, 1, 1))
        cap = int(limit.amount)
        chart = selectors.enterprise_burden(run=run, cap=cap)
    return render_list(
        request,
        queryset=chart.over_cap if chart is not None else [],
        table_class=OverCapTable,
        title="企业检查负担",
        export_name="超过年度入企上限的企业",
        template="inspections/burden.html",
        extra_context={
            "years": years,
            "year": year,
            "runs": runs,
            "run": run,
            "cap": cap,
            "chart": chart,
            "histogram": chart.histogram() if chart is not None else [],
            "chart_data": _chart_data(chart) if chart is not None else None,
        },
    )


def _chart_data(chart: selectors.BurdenChart) -> dict[str, Any]:
    histogram = chart.histogram()
    return {
        "entries": [f"{entries}次" for entries, _, _ in histogram],
        "joint": [joint for _, joint, _ in histogram],
        "solo": [solo for _, _, solo in histogram],
    }
