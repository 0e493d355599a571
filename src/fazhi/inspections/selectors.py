"""Reading matters lists, plans and the planner's runs."""

import datetime
from typing import Any

from django.db.models import Count, QuerySet

from fazhi.core.models import Region
from fazhi.inspections.models import (
    InspectionMatter,
    InspectionPlan,
    InspectionResult,
    JointInspection,
    PlanItem,
    PlanningRun,
)

# A plan takes part in planning once it has been filed with the bureau.
PLANNABLE = (InspectionPlan.Status.FILED, InspectionPlan.Status.DISCLOSED)


def matter_list(*, user: Any) -> QuerySet[InspectionMatter]:
    return InspectionMatter.objects.visible_to(user).select_related("organization")


def plan_list(*, user: Any) -> QuerySet[InspectionPlan]:
    return (
        InspectionPlan.objects.visible_to(user)
        .select_related("organization")
        .annotate(item_count=Count("items"))
    )


def plan_items_of(plan: InspectionPlan) -> QuerySet[PlanItem]:
    return plan.items.select_related("enterprise", "matter", "joint_inspection").order_by(
        "window_start", "enterprise__name"
    )


def plannable_items(*, region: Region, year: int) -> QuerySet[PlanItem]:
    """Items of the filed plans of the region's departments for the year, for the planner."""
    return PlanItem.objects.filter(
        plan__organization__region__code__startswith=region.prefix,
        plan__year=year,
        plan__status__in=PLANNABLE,
    )


def run_list(*, user: Any) -> QuerySet[PlanningRun]:
    return PlanningRun.objects.visible_to(user).select_related("region")


def run_confirmed(*, region: Region, year: int) -> PlanningRun | None:
    """The region's confirmed schedule for the year, if any."""
    return (
        PlanningRun.objects.filter(region=region, year=year, status=PlanningRun.Status.CONFIRMED)
        .order_by("-confirmed_on", "-pk")
        .first()
    )


def joint_inspections_of(run: PlanningRun) -> QuerySet[JointInspection]:
    return run.inspections.select_related("enterprise", "lead").order_by("day", "enterprise__name")


def joint_list(*, user: Any) -> QuerySet[JointInspection]:
    return JointInspection.objects.visible_to(user).select_related("enterprise", "lead", "run")


def joint_inspections_for_department(
    *, organization_ids: list[int], run: PlanningRun, after: datetime.date
) -> QuerySet[JointInspection]:
    """The confirmed run's visits a department takes part in, from `after` on (its to-dos)."""
    return (
        run.inspections.filter(items__plan__organization_id__in=organization_ids, day__gte=after)
        .select_related("enterprise", "lead")
        .distinct()
        .order_by("day")
    )


def joint_items_of(joint: JointInspection) -> QuerySet[PlanItem]:
    return joint.items.select_related("plan__organization", "matter").order_by(
        "plan__organization__name", "matter__code"
    )


def plan_items_disclosed(*, region: Region) -> QuerySet[PlanItem]:
    """Items of the region's disclosed plans (public: the portal)."""
    return PlanItem.objects.filter(
        plan__status=InspectionPlan.Status.DISCLOSED,
        plan__organization__region__code__startswith=region.prefix,
    )


def joint_inspections_held(*, run: PlanningRun, before: datetime.date) -> QuerySet[JointInspection]:
    """The run's visits that have taken place (public).

    Visits to come are not published, so an inspection is not announced to the enterprise in
    advance.
    """
    return joint_inspections_of(run).filter(day__lt=before)


def joint_by_token(token: str) -> JointInspection | None:
    """The visit an enterprise opens from its QR code (public, confirmed schedules only)."""
    if not token:
        return None
    return (
        JointInspection.objects.filter(access_token=token, run__status=PlanningRun.Status.CONFIRMED)
        .select_related("enterprise", "lead")
        .first()
    )


def results_recorded(*, region: Region, year: int) -> QuerySet[InspectionResult]:
    """Results recorded in `year` at the region's joint inspections (report figures)."""
    return InspectionResult.objects.filter(
        joint_inspection__region__code__startswith=region.prefix, recorded_on__year=year
    )
