"""Merging the filed plans into joint inspections (进一次门、查多项事) and the bureau's review.

The bureau runs the planner (inspections/planner.py) over the region's filed plan items for the
year with its limits (each department's capacity per month, the yearly cap of entries per
enterprise — parameter inspections.max_entries_per_enterprise —, blackout dates); the run
stores the schedule, the lower bound and what it saves. The bureau may move a visit to another
day or split departments off into a visit of their own, then confirms; a newer proposal
supersedes the older ones (山东省优化营商环境条例 art. 42: the 司法行政部门 coordinates and names
one department to organise each joint inspection).
"""

import datetime
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.models import AuditLog, CalendarDay, Organization, Region
from fazhi.core.parameters import parameter_value
from fazhi.core.workflow import transition_run
from fazhi.inspections import planner
from fazhi.inspections.models import JointInspection, PlanItem, PlanningRun
from fazhi.inspections.parameters import MAX_ENTRIES_PER_ENTERPRISE
from fazhi.inspections.permissions import (
    access_joint_inspection_by_id,
    access_run_by_id,
    require_coordination,
)
from fazhi.inspections.selectors import plannable_items

BATCH = 2000


def _limits(
    year: int,
    capacity_per_month: Mapping[str, int],
    max_entries: int | None,
    blackout: Iterable[datetime.date],
    skip_weekends: bool,
    holidays: Iterable[datetime.date],
) -> planner.Limits:
    cap = max_entries
    if cap is None:
        cap = parameter_value(MAX_ENTRIES_PER_ENTERPRISE, on=datetime.date(year, 1, 1)).amount
    return planner.Limits(
        capacity_per_month=dict(capacity_per_month),
        max_entries_per_enterprise=cap,
        blackout=frozenset(blackout),
        skip_weekends=skip_weekends,
        holidays=frozenset(holidays),
    )


def _holidays(rows: Sequence[tuple[Any, ...]]) -> list[datetime.date]:
    """The public holidays (core working calendar) between the items' first and last days."""
    return list(
        CalendarDay.objects.filter(
            kind=CalendarDay.Kind.HOLIDAY,
            date__range=(min(row[3] for row in rows), max(row[4] for row in rows)),
        ).values_list("date", flat=True)
    )


def _limits_json(limits: planner.Limits) -> dict[str, Any]:
    return {
        "capacity_per_month": dict(limits.capacity_per_month),
        "max_entries_per_enterprise": limits.max_entries_per_enterprise,
        "blackout": sorted(day.isoformat() for day in limits.blackout),
        "skip_weekends": limits.skip_weekends,
        "holidays": sorted(day.isoformat() for day in limits.holidays),
    }


@transaction.atomic
def planning_run_propose(
    *,
    acting_user: Any,
    region: Region,
    year: int,
    capacity_per_month: Mapping[int, int] | None = None,
    max_entries: int | None = None,
    blackout: Sequence[datetime.date] = (),
    skip_weekends: bool = True,
) -> PlanningRun:
    """Plan the region's filed items for `year`; the run replaces earlier proposals.

    `capacity_per_month` maps a department's id to the joint inspections it can take part in per
    month. Raises ValidationError when no filed plan has items for the year.
    """
    require_coordination(acting_user)
    rows = list(
        plannable_items(region=region, year=year)
        .order_by("pk")
        .values_list(
            "pk", "enterprise_id", "plan__organization__code", "window_start", "window_end"
        )
    )
    if not rows:
        raise ValidationError({"year": f"{year}年没有已备案的检查计划事项可供统筹"})
    # Departments are known to the planner by their codes, so its tie-break (the smaller key)
    # is the same as _lead_of's; capacities are given by id.
    codes = dict(
        Organization.objects.filter(pk__in=list(capacity_per_month or {})).values_list("pk", "code")
    )
    unknown = set(capacity_per_month or {}) - set(codes)
    if unknown:
        raise ValidationError({"capacity_per_month": "检查能力中有不存在的部门，请刷新后重试"})
    capacities = {codes[pk]: amount for pk, amount in (capacity_per_month or {}).items()}
    limits = _limits(year, capacities, max_entries, blackout, skip_weekends, _holidays(rows))
    started = time.perf_counter()
    result = planner.plan(
        [
            planner.PlanItem(
                id=pk, enterprise=str(enterprise), department=str(department), start=start, end=end
            )
            for pk, enterprise, department, start, end in rows
        ],
        limits,
    )
    elapsed_ms = int((time.perf_counter() - started) * 1000)
    for older in PlanningRun.objects.filter(
        region=region, year=year, status=PlanningRun.Status.PROPOSED
    ).select_for_update():
        transition_run(older, "supersede", action="被新的统筹方案取代", actor=acting_user)
    run = PlanningRun.objects.create(
        region=region,
        year=year,
        limits=_limits_json(limits),
        items=len(rows),
        entries=result.entries,
        lower_bound=result.lower_bound,
        solo_entries=result.solo_entries,
        over_cap=list(result.over_cap),
        unplaced=_reasons_with_names(result.unplaced, rows),
        elapsed_ms=elapsed_ms,
        created_by=acting_user,
    )
    department_ids = dict(
        Organization.objects.filter(code__in={row[2] for row in rows}).values_list("code", "pk")
    )
    _store_visits(run, region, result.visits, department_ids)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=run,
        changes={"items": run.items, "entries": run.entries, "lower_bound": run.lower_bound},
        message="生成联合检查统筹方案",
    )
    return run


def _reasons_with_names(
    unplaced: Sequence[tuple[int, str]], rows: Sequence[tuple[Any, ...]]
) -> list[list[Any]]:
    """The planner names departments by code; the bureau reads their names."""
    code_of = {row[0]: row[2] for row in rows}
    names = dict(
        Organization.objects.filter(code__in=set(code_of.values())).values_list("code", "name")
    )
    named = []
    for item_id, reason in unplaced:
        code = code_of[item_id]
        named.append([item_id, reason.replace(code, names.get(code, code), 1)])
    return named


def _store_visits(
    run: PlanningRun, region: Region, visits: Sequence[Any], department_ids: Mapping[str, int]
) -> None:
    """The run's joint inspections, and each plan item pointed at its visit."""
    joints = JointInspection.objects.bulk_create(
        [
            JointInspection(
                run=run,
                region=region,
                enterprise_id=int(visit.enterprise),
                day=visit.day,
                lead_id=department_ids[visit.lead],
                departments=len(visit.departments),
            )
            for visit in visits
        ],
        batch_size=BATCH,
    )
    if joints and joints[0].pk is None:  # backends that do not return ids (not ours)
        raise RuntimeError("bulk_create did not return primary keys")
    by_item = {
        item_id: joint.pk
        for joint, visit in zip(joints, visits, strict=True)
        for item_id in visit.item_ids
    }
    items = list(PlanItem.objects.filter(pk__in=list(by_item)).only("pk", "joint_inspection"))
    for item in items:
        item.joint_inspection_id = by_item[item.pk]
    PlanItem.objects.bulk_update(items, ["joint_inspection"], batch_size=BATCH)


@transaction.atomic
def planning_run_confirm(
    *, acting_user: Any, run_id: int, on: datetime.date | None = None
) -> PlanningRun:
    """The bureau confirms the schedule; an earlier confirmed run of the year is superseded."""
    require_coordination(acting_user)
    run = access_run_by_id(acting_user, run_id, for_update=True)
    for older in PlanningRun.objects.filter(
        region=run.region, year=run.year, status=PlanningRun.Status.CONFIRMED
    ).select_for_update():
        transition_run(older, "supersede", action="被新的统筹方案取代", actor=acting_user, on=on)
    run.confirmed_on = day_or_today(on)
    run.save(update_fields=["confirmed_on", "updated_at"])
    transition_run(run, "confirm", action="确认联合检查统筹方案", actor=acting_user, on=on)
    return run


def _check_day(run: PlanningRun, items: Sequence[PlanItem], day: datetime.date) -> None:
    """ValidationError unless `day` lies in every item's window and is not a blocked day."""
    outside = [i for i in items if not i.window_start <= day <= i.window_end]
    if outside:
        names = "、".join(
            f"{i.plan.organization.name}（{i.window_start}至{i.window_end}）" for i in outside[:3]
        )
        raise ValidationError({"day": f"{day}不在以下计划事项的计划时间内：{names}"})
    if day.isoformat() in set(run.limits.get("blackout", [])):
        raise ValidationError({"day": f"{day}为统筹方案设定的不安排检查的日期"})
    if run.limits.get("skip_weekends") and day.weekday() >= 5:
        raise ValidationError({"day": f"{day}为周末，统筹方案不安排周末检查"})
    if day.isoformat() in set(run.limits.get("holidays", [])):
        raise ValidationError({"day": f"{day}为法定节假日，统筹方案不安排检查"})


def _lead_of(items: Sequence[PlanItem]) -> Organization:
    """The department with most items leads; ties go to the smaller department code."""
    counts = Counter(item.plan.organization for item in items)
    return min(counts, key=lambda org: (-counts[org], org.code))


def _editable(acting_user: Any, joint_id: int) -> tuple[JointInspection, list[PlanItem]]:
    require_coordination(acting_user)
    joint = access_joint_inspection_by_id(acting_user, joint_id, for_update=True)
    if joint.run.status != PlanningRun.Status.PROPOSED:
        raise ValidationError({"run": "统筹方案已确认或已作废，不能再调整；请重新生成方案"})
    items = list(joint.items.select_related("plan__organization"))
    return joint, items


@transaction.atomic
def joint_inspection_move(
    *, acting_user: Any, joint_id: int, day: datetime.date
) -> JointInspection:
    """Move a visit to another day inside every one of its items' windows."""
    joint, items = _editable(acting_user, joint_id)
    _check_day(joint.run, items, day)
    previous = joint.day
    joint.day = day
    joint.save(update_fields=["day", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=joint,
        changes={"day": [str(previous), str(day)]},
        message="调整联合检查日期",
    )
    return joint


@transaction.atomic
def joint_inspection_split(
    *, acting_user: Any, joint_id: int, organization_ids: Sequence[int], day: datetime.date
) -> JointInspection:
    """Move some departments' items of a visit into a new visit on `day`; returns the new one.

    Both visits keep at least one department; each gets its lead recomputed. The run's entry
    count grows by one.
    """
    joint, items = _editable(acting_user, joint_id)
    moving = [i for i in items if i.plan.organization_id in set(organization_ids)]
    staying = [i for i in items if i.plan.organization_id not in set(organization_ids)]
    if not moving or not staying:
        raise ValidationError({"organizations": "请选择部分（而非全部）参加部门另行安排"})
    _check_day(joint.run, moving, day)
    if joint.run.inspections.filter(enterprise=joint.enterprise, day=day).exists():
        raise ValidationError({"day": f"{joint.enterprise.name}在{day}已有联合检查，请另选日期"})
    split = JointInspection.objects.create(
        run=joint.run,
        region=joint.region,
        enterprise=joint.enterprise,
        day=day,
        lead=_lead_of(moving),
        departments=len({i.plan.organization_id for i in moving}),
        created_by=acting_user,
    )
    PlanItem.objects.filter(pk__in=[i.pk for i in moving]).update(joint_inspection=split)
    joint.lead = _lead_of(staying)
    joint.departments = len({i.plan.organization_id for i in staying})
    joint.save(update_fields=["lead", "departments", "updated_at"])
    run = PlanningRun.objects.select_for_update().get(pk=joint.run_id)
    run.entries += 1
    run.save(update_fields=["entries", "updated_at"])
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=split,
        changes={"from": joint.pk, "items": len(moving)},
        message="拆分联合检查",
    )
    return split
