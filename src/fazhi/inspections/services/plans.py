"""Departments' inspection plans: drafting, items, filing with the bureau, disclosure.

A plan lists enterprises (by credit code), matters from the department's own list, the method
and a window (a month or a quarter). It is filed with the Justice Bureau (备案) by the deadline
(parameter inspections.plan_filing_month: the end of March for the year's plan) and then
disclosed on the portal (公示). Rows that fail are reported by line; nothing is half-written.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.models import AuditLog, Enterprise, Organization
from fazhi.core.parameters import parameter_value
from fazhi.core.validators import validate_uscc
from fazhi.core.workflow import transition_run
from fazhi.inspections.models import InspectionMatter, InspectionPlan, Method, PlanItem
from fazhi.inspections.parameters import PLAN_FILING_MONTH
from fazhi.inspections.permissions import access_plan_by_id, require_plans_for

QUARTER_START = {"q1": 1, "q2": 4, "q3": 7, "q4": 10}


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a plan of `period` in `year` covers."""
    if period == InspectionPlan.Period.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    first = QUARTER_START[period]
    last_month = first + 2
    following = datetime.date(year + last_month // 12, last_month % 12 + 1, 1)
    return datetime.date(year, first, 1), following - datetime.timedelta(days=1)


def filing_due_on(year: int, period: str) -> datetime.date:
    """The year's plan: the last day of the parameter's month; a quarter's: the day before it."""
    if period != InspectionPlan.Period.YEAR:
        return period_bounds(year, period)[0] - datetime.timedelta(days=1)
    month = parameter_value(PLAN_FILING_MONTH, on=datetime.date(year, 1, 1)).amount
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


@transaction.atomic
def plan_open(
    *, acting_user: Any, organization: Organization, year: int, period: str = "year"
) -> InspectionPlan:
    require_plans_for(acting_user, organization)
    if period not in InspectionPlan.Period.values:
        raise ValidationError({"period": "计划期间应为年度或某一季度"})
    if InspectionPlan.objects.filter(organization=organization, year=year, period=period).exists():
        raise ValidationError({"period": f"{organization.name}已有{year}年该期间的检查计划"})
    plan = InspectionPlan.objects.create(
        organization=organization,
        year=year,
        period=period,
        filing_due_on=filing_due_on(year, period),
        created_by=acting_user,
    )
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=plan, message="编制检查计划")
    return plan


@dataclass(frozen=True)
class PlanRow:
    """One line of a plan as a department writes it (or as a row of the Excel import)."""

    uscc: str
    matter_code: str
    method: str
    window_start: datetime.date
    window_end: datetime.date


def _row_error(
    row: PlanRow,
    plan: InspectionPlan,
    enterprises: dict[str, Enterprise],
    matters: dict[str, InspectionMatter],
) -> str | None:
    """Why the row cannot be planned (Chinese), or None."""
    uscc = row.uscc.strip().upper()
    try:
        validate_uscc(uscc)
    except ValidationError as error:
        return f"统一社会信用代码“{row.uscc}”：{error.messages[0]}"
    if uscc not in enterprises:
        return f"统一社会信用代码{uscc}不在本区域企业名录中"
    matter = matters.get(row.matter_code.strip())
    if matter is None:
        return f"检查事项“{row.matter_code}”不在{plan.organization.name}的检查事项清单中"
    if row.method not in Method.values:
        return f"检查方式“{row.method}”应为{'、'.join(Method.labels)}之一"
    if row.method == Method.DOUBLE_RANDOM and not matter.double_random:
        return f"检查事项“{matter.name}”未纳入双随机抽查"
    first, last = period_bounds(plan.year, plan.period)
    if row.window_end < row.window_start:
        return "计划结束日期早于开始日期"
    if row.window_start < first or row.window_end > last:
        return f"计划时间{row.window_start}至{row.window_end}超出计划期间{first}至{last}"
    return None


@transaction.atomic
def plan_items_add(*, acting_user: Any, plan_id: int, rows: Sequence[PlanRow]) -> list[PlanItem]:
    """Add rows to a draft plan, all or nothing.

    Raises ValidationError({"rows": ["第N行：…", …]}) naming every bad row; nothing is written
    then. Duplicates of a row already in the plan are reported too.
    """
    plan = access_plan_by_id(acting_user, plan_id, for_update=True)
    require_plans_for(acting_user, plan.organization, plan)
    if plan.status != InspectionPlan.Status.DRAFT:
        raise ValidationError({"plan": "检查计划已备案，不能再增加事项"})
    region_prefix = plan.organization.region.prefix
    wanted = {row.uscc.strip().upper() for row in rows}
    enterprises = {
        e.uscc: e
        for e in Enterprise.objects.filter(uscc__in=wanted, region__code__startswith=region_prefix)
    }
    matters = {
        m.code: m
        for m in InspectionMatter.objects.filter(organization=plan.organization, active=True)
    }
    existing = set(plan.items.values_list("enterprise__uscc", "matter__code", "window_start"))
    problems: list[str] = []
    items: list[PlanItem] = []
    for line, row in enumerate(rows, start=1):
        problem = _row_error(row, plan, enterprises, matters)
        key = (row.uscc.strip().upper(), row.matter_code.strip(), row.window_start)
        if problem is None and key in existing:
            problem = "与计划中已有的事项重复"
        if problem:
            problems.append(f"第{line}行：{problem}")
            continue
        existing.add(key)
        items.append(
            PlanItem(
                plan=plan,
                enterprise=enterprises[key[0]],
                matter=matters[key[1]],
                method=row.method,
                window_start=row.window_start,
                window_end=row.window_end,
                created_by=acting_user,
            )
        )
    if problems:
        raise ValidationError({"rows": problems})
    created = PlanItem.objects.bulk_create(items)
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=plan,
        changes={"items_added": len(created)},
        message="增加检查计划事项",
    )
    return created


@transaction.atomic
def plan_file(*, acting_user: Any, plan_id: int, on: datetime.date | None = None) -> InspectionPlan:
    """File the plan with the Justice Bureau (备案); filing after the deadline is flagged."""
    plan = access_plan_by_id(acting_user, plan_id, for_update=True)
    require_plans_for(acting_user, plan.organization, plan)
    if not plan.items.exists():
        raise ValidationError({"plan": "检查计划没有任何事项，不能备案"})
    day = day_or_today(on)
    plan.filed_on = day
    plan.filed_late = bool(plan.filing_due_on and day > plan.filing_due_on)
    plan.save(update_fields=["filed_on", "filed_late", "updated_at"])
    late = f"（逾期，期限{plan.filing_due_on}）" if plan.filed_late else ""
    transition_run(plan, "file", action=f"报司法局备案{late}", actor=acting_user, on=on)
    return plan


@transaction.atomic
def plan_disclose(
    *, acting_user: Any, plan_id: int, on: datetime.date | None = None
) -> InspectionPlan:
    """Disclose the filed plan on the portal (公示)."""
    plan = access_plan_by_id(acting_user, plan_id, for_update=True)
    require_plans_for(acting_user, plan.organization, plan)
    plan.disclosed_on = day_or_today(on)
    plan.save(update_fields=["disclosed_on", "updated_at"])
    transition_run(plan, "disclose", action="公示检查计划", actor=acting_user, on=on)
    return plan
