"""To-dos of joint inspections.

Plans to file before the deadline, and the department's share of the confirmed schedule in the
coming month.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.inspections.models import InspectionPlan
from fazhi.inspections.permissions import organizations_planning_for
from fazhi.inspections.selectors import (
    joint_inspections_for_department,
    plan_list,
    run_confirmed,
)

MODULE = "联合检查"
LOOK_AHEAD_DAYS = 31


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def plans_to_file(user: Any) -> Iterable[TodoItem]:
    if not _holds(user, Capability.PLAN_INSPECTIONS):
        return
    for plan in plan_list(user=user).filter(status=InspectionPlan.Status.DRAFT):
        yield TodoItem(
            f"检查计划报司法局备案：{plan}",
            reverse("inspections:plan-detail", args=[plan.pk]),
            MODULE,
            plan.filing_due_on,
        )


def joint_visits_coming(user: Any) -> Iterable[TodoItem]:
    """The visits of the confirmed schedule the user's departments take part in, next month."""
    organizations = organizations_planning_for(user)
    if not organizations:
        return
    today = timezone.localdate()
    region = organizations[0].region
    run = run_confirmed(region=region, year=today.year)
    if run is None:
        return
    horizon = today + datetime.timedelta(days=LOOK_AHEAD_DAYS)
    visits = joint_inspections_for_department(
        organization_ids=[o.pk for o in organizations], run=run, after=today
    ).filter(day__lte=horizon)
    for visit in visits:
        role = "牵头" if visit.lead_id in {o.pk for o in organizations} else "参加"
        yield TodoItem(
            f"联合检查（{role}）：{visit.enterprise.name}",
            reverse("inspections:joint-detail", args=[visit.pk]),
            MODULE,
            visit.day,
        )


def register_inspections_todos() -> None:
    register_todo_provider("inspections.plans_to_file", plans_to_file)
    register_todo_provider("inspections.joint_visits", joint_visits_coming)
