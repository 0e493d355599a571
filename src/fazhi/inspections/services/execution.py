"""Carrying out a confirmed joint inspection (检查实施) and what follows it.

The lead department records arrival and departure; each department records the result of its
own plan items (合格 / 发现问题, with the follow-up: 责令整改 by a deadline, or 移送立案).
Departure needs every item's result. Results are disclosed within the time limit
(inspections.result_disclosure_days, 20 working days from the inspection); a later disclosure is
flagged, never refused.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.models import AuditLog
from fazhi.core.parameters import due_date_by_parameter
from fazhi.inspections.models import InspectionResult, JointInspection, PlanItem, PlanningRun
from fazhi.inspections.parameters import RESULT_DISCLOSURE_DAYS
from fazhi.inspections.permissions import (
    access_joint_inspection_by_id,
    access_result_by_id,
    organizations_planning_for,
    require_plans_for,
)


def _confirmed_visit(acting_user: Any, joint_id: int) -> JointInspection:
    joint = access_joint_inspection_by_id(acting_user, joint_id, for_update=True)
    if joint.run.status != PlanningRun.Status.CONFIRMED:
        raise ValidationError({"run": "联合检查所在的统筹方案尚未确认或已作废"})
    return joint


def _moment(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


@transaction.atomic
def joint_arrive(
    *, acting_user: Any, joint_id: int, at: datetime.datetime | None = None
) -> JointInspection:
    """The lead department records the team's arrival at the enterprise."""
    joint = _confirmed_visit(acting_user, joint_id)
    require_plans_for(acting_user, joint.lead, joint)
    if joint.arrived_at is not None:
        raise ValidationError({"arrived_at": "已登记到达时间"})
    joint.arrived_at = _moment(at)
    joint.save(update_fields=["arrived_at", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=joint,
        changes={"arrived_at": joint.arrived_at.isoformat()},
        message="联合检查到达企业",
    )
    return joint


@transaction.atomic
def result_record(
    *,
    acting_user: Any,
    item_id: int,
    outcome: str,
    description: str = "",
    measure: str = InspectionResult.Measure.NONE,
    rectify_due_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> InspectionResult:
    """A department records the result of its own item at a visit that has begun."""
    item = (
        PlanItem.objects.select_related("plan__organization", "joint_inspection", "matter")
        .filter(plan__organization__in=organizations_planning_for(acting_user))
        .filter(pk=item_id)
        .first()
    )
    if item is None or item.joint_inspection is None:
        raise ValidationError({"item": "没有找到本部门在联合检查中的该计划事项"})
    joint = _confirmed_visit(acting_user, item.joint_inspection.pk)
    require_plans_for(acting_user, item.plan.organization, item)
    if joint.arrived_at is None:
        raise ValidationError({"item": "请先由牵头部门登记到达时间"})
    if joint.left_at is not None:
        raise ValidationError({"item": "联合检查已结束，不能再登记结果"})
    if InspectionResult.objects.filter(item=item).exists():
        raise ValidationError({"item": "该事项已登记检查结果"})
    day = day_or_today(on)
    _check_result(outcome, description, measure, rectify_due_on, day)
    result = InspectionResult.objects.create(
        item=item,
        joint_inspection=joint,
        outcome=outcome,
        description=description.strip(),
        measure=measure,
        rectify_due_on=rectify_due_on if measure == InspectionResult.Measure.RECTIFY else None,
        recorded_on=day,
        disclosure_due_on=due_date_by_parameter(RESULT_DISCLOSURE_DAYS, day).due_on,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=result,
        changes={"outcome": outcome, "measure": measure},
        message="登记检查结果",
    )
    return result


def _check_result(
    outcome: str,
    description: str,
    measure: str,
    rectify_due_on: datetime.date | None,
    day: datetime.date,
) -> None:
    if outcome not in InspectionResult.Outcome.values:
        raise ValidationError({"outcome": "检查结果应为未发现问题或发现问题"})
    if measure not in InspectionResult.Measure.values:
        raise ValidationError({"measure": "后续措施应为无需处理、责令整改或移送立案"})
    if outcome == InspectionResult.Outcome.PROBLEM and not description.strip():
        raise ValidationError({"description": "发现问题的，请描述问题及依据"})
    if outcome == InspectionResult.Outcome.PASSED and measure != InspectionResult.Measure.NONE:
        raise ValidationError({"measure": "未发现问题的，无需后续措施"})
    if measure == InspectionResult.Measure.RECTIFY and (
        rectify_due_on is None or rectify_due_on <= day
    ):
        raise ValidationError({"rectify_due_on": "责令整改的，请填写晚于检查日期的整改期限"})


@transaction.atomic
def joint_leave(
    *, acting_user: Any, joint_id: int, at: datetime.datetime | None = None
) -> JointInspection:
    """The lead department closes the visit once every department has recorded its results."""
    joint = _confirmed_visit(acting_user, joint_id)
    require_plans_for(acting_user, joint.lead, joint)
    if joint.arrived_at is None:
        raise ValidationError({"left_at": "尚未登记到达时间"})
    missing = sorted(
        {
            item.plan.organization.name
            for item in joint.items.select_related("plan__organization")
            if not InspectionResult.objects.filter(item=item).exists()
        }
    )
    if missing:
        raise ValidationError({"left_at": f"以下部门尚未登记检查结果：{'、'.join(missing)}"})
    joint.left_at = _moment(at)
    joint.save(update_fields=["left_at", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=joint,
        changes={"left_at": joint.left_at.isoformat()},
        message="联合检查结束",
    )
    return joint


@transaction.atomic
def result_disclose(
    *, acting_user: Any, result_id: int, on: datetime.date | None = None
) -> InspectionResult:
    """Disclose a result on the portal; after the time limit it is marked late (逾期公示)."""
    result = access_result_by_id(acting_user, result_id, for_update=True)
    require_plans_for(acting_user, result.item.plan.organization, result)
    if result.disclosed_on is not None:
        raise ValidationError({"result": "检查结果已公示"})
    if result.joint_inspection.left_at is None:
        raise ValidationError({"result": "联合检查尚未结束，结果暂不能公示"})
    result.disclosed_on = day_or_today(on)
    result.save(update_fields=["disclosed_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=result,
        changes={"disclosed_on": str(result.disclosed_on), "late": result.disclosed_late},
        message="公示检查结果",
    )
    return result


@transaction.atomic
def rectification_confirm(
    *, acting_user: Any, result_id: int, on: datetime.date | None = None
) -> InspectionResult:
    """The department confirms the enterprise rectified the problem."""
    result = access_result_by_id(acting_user, result_id, for_update=True)
    require_plans_for(acting_user, result.item.plan.organization, result)
    if result.measure != InspectionResult.Measure.RECTIFY:
        raise ValidationError({"result": "该检查结果未责令整改"})
    if result.rectified_on is not None:
        raise ValidationError({"result": "已确认整改完成"})
    result.rectified_on = day_or_today(on)
    result.save(update_fields=["rectified_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=result,
        changes={"rectified_on": str(result.rectified_on)},
        message="确认整改完成",
    )
    return result
