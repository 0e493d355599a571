"""Reading matters lists, plans, the planner's runs, the visits and the boards."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractMonth

from fazhi.core.models import Attachment, Enterprise, Organization, Region
from fazhi.core.permissions import organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.inspections.models import (
    InspectionMatter,
    InspectionPlan,
    InspectionResult,
    JointInspection,
    PlanItem,
    PlanningRun,
)
from fazhi.inspections.permissions import can_coordinate, organizations_planning_for
from fazhi.inspections.planner import min_cover

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


# Carrying out the visits (检查实施) ---------------------------------------------------------


def joint_results_visible(*, user: Any, joint: JointInspection) -> dict[int, InspectionResult]:
    """The visit's results the user may see (their department's, or all for the bureau), by item."""
    results = InspectionResult.objects.visible_to(user).filter(joint_inspection=joint)
    return {result.item_id: result for result in results}


def joint_items_with_result(*, joint: JointInspection) -> set[int]:
    """The visit's items that have a result, whoever recorded it.

    Only whether a result exists, not what it says: the lead department needs to see who has not
    recorded yet before it can close the visit (joint_leave names them too).
    """
    return set(
        InspectionResult.objects.filter(joint_inspection=joint).values_list("item_id", flat=True)
    )


def evidence_of(results: Iterable[InspectionResult]) -> dict[int, list[Attachment]]:
    """The evidence files attached to each result, by result id (one query)."""
    ids = [result.pk for result in results]
    attachments: dict[int, list[Attachment]] = defaultdict(list)
    if not ids:
        return attachments
    rows = (
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(InspectionResult), object_id__in=ids
        )
        .select_related("created_by")
        .order_by("created_at", "pk")
    )
    for attachment in rows:
        attachments[attachment.object_id].append(attachment)
    return attachments


class VisitState(models.TextChoices):
    """Where a department's visit stands, for its task list."""

    PENDING = "pending", "待检查"
    UNDERWAY = "underway", "检查中"
    FINISHED = "finished", "已结束"
    AWAITING_DISCLOSURE = "awaiting_disclosure", "结果待公示"
    DISCLOSURE_OVERDUE = "disclosure_overdue", "公示逾期"


def joint_list_for_department(*, user: Any, on: datetime.date) -> QuerySet[JointInspection]:
    """The confirmed visits the user's departments take part in (本部门检查任务).

    Annotated with own_items (the departments' items at the visit), awaiting_disclosure (their
    results not yet disclosed), overdue_disclosure (of those, past their due date on `on`) and
    disclosure_due_on (the earliest due date of those awaiting). The items are prefetched with
    their departments, so a page of visits costs two queries.
    """
    organization_ids = [o.pk for o in organizations_planning_for(user)]
    own_items = PlanItem.objects.filter(plan__organization_id__in=organization_ids)
    own_result = Q(results__item__plan__organization_id__in=organization_ids)
    awaiting = own_result & Q(results__disclosed_on__isnull=True)
    return (
        JointInspection.objects.visible_to(user)
        .filter(
            run__status=PlanningRun.Status.CONFIRMED,
            pk__in=own_items.values("joint_inspection_id"),
        )
        .select_related("enterprise", "lead")
        .annotate(
            own_items=Count(
                "items",
                filter=Q(items__plan__organization_id__in=organization_ids),
                distinct=True,
            ),
            awaiting_disclosure=Count("results", filter=awaiting, distinct=True),
            overdue_disclosure=Count(
                "results", filter=awaiting & Q(results__disclosure_due_on__lt=on), distinct=True
            ),
            disclosure_due_on=Min("results__disclosure_due_on", filter=awaiting),
        )
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related("plan__organization").order_by(
                    "plan__organization__code"
                ),
            )
        )
        .order_by("day", "enterprise__name", "pk")
    )


def joint_filter_by_state(
    queryset: QuerySet[JointInspection], state: str
) -> QuerySet[JointInspection]:
    """Narrow joint_list_for_department's rows to one VisitState."""
    conditions = {
        VisitState.PENDING: Q(arrived_at__isnull=True),
        VisitState.UNDERWAY: Q(arrived_at__isnull=False, left_at__isnull=True),
        VisitState.FINISHED: Q(left_at__isnull=False),
        VisitState.AWAITING_DISCLOSURE: Q(awaiting_disclosure__gt=0),
        VisitState.DISCLOSURE_OVERDUE: Q(overdue_disclosure__gt=0),
    }
    condition = conditions.get(VisitState(state)) if state in VisitState.values else None
    return queryset.filter(condition) if condition is not None else queryset


# Boards ---------------------------------------------------------------------------------------


@dataclass
class PlanFigures:
    """A department's (or a month's) plan items and what became of them."""

    planned: int = 0
    placed: int = 0
    held: int = 0
    recorded: int = 0
    problems: int = 0
    rectify_due: int = 0
    rectified: int = 0
    disclosure_overdue: int = 0
    disclosed_late: int = 0


@dataclass
class PlanBoardRow:
    organization: Organization
    annual_plan: InspectionPlan | None = None
    other_plans: int = 0
    filed_late: bool = False
    figures: PlanFigures = field(default_factory=PlanFigures)


def board_departments(*, user: Any, year: int) -> list[Organization]:
    """The departments on the user's plan board: the bureau's whole region, or the user's own.

    For the bureau, every enforcement department of its region, with or without a plan, and any
    other unit with a visible plan for the year.
    """
    if can_coordinate(user):
        regions = [
            bureau.region
            for bureau in organizations_acting_with(user, Capability.COORDINATE_INSPECTIONS)
        ]
        in_regions = Q(pk__in=[])
        for region in regions:
            in_regions |= Q(
                pk__in=organization_list_enforcement_departments(
                    within=region, on=datetime.date(year, 1, 1)
                ).values("pk")
            )
        planning = InspectionPlan.objects.visible_to(user).filter(year=year).values("organization")
        return list(Organization.objects.filter(in_regions | Q(pk__in=planning)).order_by("code"))
    return sorted(organizations_planning_for(user), key=lambda organization: organization.code)


_CONFIRMED_VISIT = Q(joint_inspection__run__status=PlanningRun.Status.CONFIRMED)


def _item_figures() -> dict[str, Any]:
    return {
        "planned": Count("pk"),
        "placed": Count("pk", filter=_CONFIRMED_VISIT),
        "held": Count(
            "joint_inspection",
            filter=_CONFIRMED_VISIT & Q(joint_inspection__arrived_at__isnull=False),
            distinct=True,
        ),
    }


def _result_figures(on: datetime.date) -> dict[str, Any]:
    return {
        "recorded": Count("pk"),
        "problems": Count("pk", filter=Q(outcome=InspectionResult.Outcome.PROBLEM)),
        "rectify_due": Count("pk", filter=Q(measure=InspectionResult.Measure.RECTIFY)),
        "rectified": Count("pk", filter=Q(rectified_on__isnull=False)),
        "disclosure_overdue": Count(
            "pk", filter=Q(disclosed_on__isnull=True, disclosure_due_on__lt=on)
        ),
        "disclosed_late": Count("pk", filter=Q(disclosed_on__gt=F("disclosure_due_on"))),
    }


def _set_figures(figures: PlanFigures, values: Mapping[str, Any]) -> None:
    for name, amount in values.items():
        if hasattr(figures, name):
            setattr(figures, name, amount)


def plan_board(*, user: Any, year: int, on: datetime.date) -> list[PlanBoardRow]:
    """One row per department of board_departments for `year` (检查计划看板), in four queries.

    Visits count as held once the lead department has recorded the arrival; disclosures are
    overdue when not made by their due date as of `on`.
    """
    departments = board_departments(user=user, year=year)
    rows = {organization.pk: PlanBoardRow(organization) for organization in departments}
    ids = list(rows)
    plans = InspectionPlan.objects.visible_to(user).filter(organization_id__in=ids, year=year)
    for plan in plans:
        row = rows[plan.organization_id]
        if plan.period == InspectionPlan.Period.YEAR:
            row.annual_plan = plan
        else:
            row.other_plans += 1
        row.filed_late = row.filed_late or plan.filed_late
    items = (
        PlanItem.objects.visible_to(user)
        .filter(plan__organization_id__in=ids, plan__year=year)
        .values("plan__organization_id")
        .annotate(**_item_figures())
    )
    for values in items:
        _set_figures(rows[values["plan__organization_id"]].figures, values)
    results = (
        InspectionResult.objects.visible_to(user)
        .filter(item__plan__organization_id__in=ids, item__plan__year=year)
        .values("item__plan__organization_id")
        .annotate(**_result_figures(on))
    )
    for result_values in results:
        _set_figures(rows[result_values["item__plan__organization_id"]].figures, result_values)
    return list(rows.values())


def plan_board_months(
    *, user: Any, organization_ids: list[int], year: int, on: datetime.date
) -> list[tuple[int, PlanFigures]]:
    """The departments' items for `year` by the month their window starts, in two queries."""
    months = {month: PlanFigures() for month in range(1, 13)}
    items = (
        PlanItem.objects.visible_to(user)
        .filter(plan__organization_id__in=organization_ids, plan__year=year)
        .annotate(month=ExtractMonth("window_start"))
        .values("month")
        .annotate(**_item_figures())
    )
    results = (
        InspectionResult.objects.visible_to(user)
        .filter(item__plan__organization_id__in=organization_ids, item__plan__year=year)
        .annotate(month=ExtractMonth("item__window_start"))
        .values("month")
        .annotate(**_result_figures(on))
    )
    for values in [*items, *results]:
        _set_figures(months[values["month"]], values)
    return list(months.items())


# Enterprise burden ------------------------------------------------------------------------------


def runs_confirmed(*, user: Any) -> QuerySet[PlanningRun]:
    """The confirmed schedules the user may see, newest year first."""
    return (
        PlanningRun.objects.visible_to(user)
        .filter(status=PlanningRun.Status.CONFIRMED)
        .select_related("region")
        .order_by("-year", "region__code", "-pk")
    )


@dataclass(frozen=True)
class EnterpriseBurden:
    enterprise: Enterprise
    joint_entries: int
    solo_entries: int
    departments: int


@dataclass
class BurdenChart:
    """Entries per enterprise under a schedule, and if every department had gone alone.

    `joint` and `solo` map a number of entries to how many enterprises get that many.
    """

    enterprises: int = 0
    joint_total: int = 0
    solo_total: int = 0
    joint: dict[int, int] = field(default_factory=dict)
    solo: dict[int, int] = field(default_factory=dict)
    over_cap: list[EnterpriseBurden] = field(default_factory=list)

    def histogram(self) -> list[tuple[int, int, int]]:
        """(entries, enterprises with joint inspections, enterprises going alone), every count."""
        top = max([*self.joint, *self.solo], default=0)
        return [(n, self.joint.get(n, 0), self.solo.get(n, 0)) for n in range(1, top + 1)]


def enterprise_burden(*, run: PlanningRun, cap: int) -> BurdenChart:
    """How often the run enters each enterprise, against every department going alone.

    Going alone, a department still combines its own items at an enterprise: it needs the
    minimum cover of its windows (planner.min_cover), summed over the departments. That is the
    planner's own solo count before blackout days, weekends and capacity, so the total may sit a
    little below the run's stored `solo_entries`. Enterprises entered more than `cap` times are
    listed. Three queries; the placed items are read once (about a second for a province).
    """
    chart = BurdenChart()
    joint_entries = dict(
        run.inspections.values("enterprise_id")
        .annotate(entries=Count("pk"))
        .values_list("enterprise_id", "entries")
    )
    windows: dict[tuple[int, int], list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    placed = PlanItem.objects.filter(joint_inspection__run=run).values_list(
        "enterprise_id", "plan__organization_id", "window_start", "window_end"
    )
    for enterprise_id, organization_id, start, end in placed:
        windows[enterprise_id, organization_id].append((start, end))
    solo_entries: Counter[int] = Counter()
    departments: Counter[int] = Counter()
    for (enterprise_id, _), of_department in windows.items():
        solo_entries[enterprise_id] += len(min_cover(of_department))
        departments[enterprise_id] += 1
    chart.enterprises = len(joint_entries)
    chart.joint_total = sum(joint_entries.values())
    chart.solo_total = sum(solo_entries.values())
    chart.joint = dict(sorted(Counter(joint_entries.values()).items()))
    chart.solo = dict(sorted(Counter(solo_entries.values()).items()))
    over = {pk: entries for pk, entries in joint_entries.items() if entries > cap}
    enterprises = Enterprise.objects.filter(pk__in=list(over)).select_related("region")
    chart.over_cap = sorted(
        (
            EnterpriseBurden(
                enterprise=enterprise,
                joint_entries=over[enterprise.pk],
                solo_entries=solo_entries[enterprise.pk],
                departments=departments[enterprise.pk],
            )
            for enterprise in enterprises
        ),
        key=lambda row: (-row.joint_entries, row.enterprise.name),
    )
    return chart
