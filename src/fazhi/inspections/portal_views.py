"""The public page of the departments' disclosed inspection plans and the joint schedule; no login.

Plans are disclosed (公示) after filing with the Justice Bureau; the joint inspections already
held show which departments entered an enterprise together (进一次门、查多项事). Visits to come
are not published, so inspections are not announced to the enterprise in advance.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.models import Organization, Region
from fazhi.inspections.models import JointInspection, PlanItem, PlanningRun
from fazhi.inspections.selectors import (
    joint_by_token,
    joint_inspections_held,
    joint_items_of,
    plan_items_disclosed,
    run_confirmed,
)
from fazhi.inspections.selectors_draws import inspectors_of

PER_PAGE = 50


def _year(raw: str, default: int) -> int:
    try:
        year = int(raw)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    region = Region.objects.filter(level=Region.Level.COUNTY).order_by("code").first()
    if region is None:
        raise Http404("尚未设置区划")
    today = timezone.localdate()
    year = _year(request.GET.get("year", ""), today.year)
    disclosed = plan_items_disclosed(region=region)
    departments = Organization.objects.filter(
        pk__in=disclosed.values("plan__organization_id")
    ).order_by("code")
    items = disclosed.select_related("plan__organization", "enterprise", "matter").order_by(
        "plan__organization__code", "plan__year", "window_start", "enterprise__name", "pk"
    )
    query = request.GET.get("q", "").strip()
    if query:
        items = items.filter(
            Q(enterprise__name__icontains=query) | Q(enterprise__uscc=query.upper())
        )
    department = request.GET.get("department", "").strip()
    if department.isdigit():
        items = items.filter(plan__organization_id=int(department))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))

    run = run_confirmed(region=region, year=year)
    schedule_page = None
    schedule_rows: list[tuple[JointInspection, str]] = []
    if run is not None:
        visits = joint_inspections_held(run=run, before=today).prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related("plan__organization").order_by(
                    "plan__organization__code"
                ),
            )
        )
        schedule_page = Paginator(visits, PER_PAGE).get_page(request.GET.get("spage"))
        schedule_rows = [
            (visit, "、".join(dict.fromkeys(i.plan.organization.name for i in visit.items.all())))
            for visit in schedule_page
        ]
    years = sorted(
        set(
            PlanningRun.objects.filter(
                region=region, status=PlanningRun.Status.CONFIRMED
            ).values_list("year", flat=True)
        )
        | {today.year},
        reverse=True,
    )
    context = {
        "region": region,
        "page": page,
        "query": query,
        "department": department,
        "departments": departments,
        "year": year,
        "years": years,
        "run": run,
        "schedule": schedule_page,
        "schedule_rows": schedule_rows,
    }
    return render(request, "inspections/portal/plans.html", context)


@require_GET
def visit(request: HttpRequest, token: str) -> HttpResponse:
    """What the enterprise sees from the QR code: who is coming, when, for which matters.

    Only confirmed schedules answer; a wrong token is a plain 404. Results show once disclosed.
    """
    joint = joint_by_token(token)
    if joint is None:
        raise Http404("没有找到该联合检查")
    context = {
        "joint": joint,
        "items": joint_items_of(joint),
        "inspectors": inspectors_of(joint),
        "results": joint.results.filter(disclosed_on__isnull=False).select_related(
            "item__matter", "item__plan__organization"
        ),
    }
    return render(request, "inspections/portal/visit.html", context)
