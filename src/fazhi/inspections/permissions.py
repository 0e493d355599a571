"""Who keeps matters lists and plans (departments) and who coordinates them (the bureau).

Departments holding PLAN_INSPECTIONS keep their own matters list and plans; the bureau's
supervision function (COORDINATE_INSPECTIONS) receives the filings, runs the planner and confirms
the joint inspections (山东省优化营商环境条例 art. 42). Other rows answer 404.
"""

from typing import Any

from fazhi.core.models import Organization
from fazhi.core.permissions import access_by_id, acts_for, deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.inspections.models import (
    InspectionMatter,
    InspectionPlan,
    InspectionResult,
    InspectorDraw,
    JointInspection,
    PlanningRun,
    SupervisionDraw,
    TargetDraw,
)


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def can_plan(user: Any) -> bool:
    return _holds(user, Capability.PLAN_INSPECTIONS)


def can_coordinate(user: Any) -> bool:
    return _holds(user, Capability.COORDINATE_INSPECTIONS)


def may_see_inspections(user: Any) -> bool:
    return can_plan(user) or can_coordinate(user)


def organizations_planning_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.PLAN_INSPECTIONS)


def organizations_coordinating_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.COORDINATE_INSPECTIONS)


def require_inspections_desk(user: Any) -> None:
    if not may_see_inspections(user):
        raise deny(user, None, "您没有查看涉企检查计划的权限")


def require_plans_for(user: Any, organization: Organization, target: Any = None) -> None:
    """PermissionDenied (audited) unless the user keeps `organization`'s plans."""
    if not acts_for(user, organization, Capability.PLAN_INSPECTIONS):
        raise deny(user, target, f"您不是“{organization.name}”的检查计划填报人员")


def require_coordination(user: Any, target: Any = None) -> None:
    if not can_coordinate(user):
        raise deny(user, target, "只有司法局执法监督部门可以统筹联合检查")


def access_matter_by_id(user: Any, pk: Any, *, for_update: bool = False) -> InspectionMatter:
    require_inspections_desk(user)
    queryset = InspectionMatter.objects.visible_to(user).select_related("organization")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_plan_by_id(user: Any, pk: Any, *, for_update: bool = False) -> InspectionPlan:
    require_inspections_desk(user)
    queryset = InspectionPlan.objects.visible_to(user).select_related("organization__region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_run_by_id(user: Any, pk: Any, *, for_update: bool = False) -> PlanningRun:
    require_inspections_desk(user)
    queryset = PlanningRun.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_joint_inspection_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> JointInspection:
    require_inspections_desk(user)
    queryset = JointInspection.objects.visible_to(user).select_related(
        "run", "enterprise", "lead", "region"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_target_draw_by_id(user: Any, pk: Any, *, for_update: bool = False) -> TargetDraw:
    require_inspections_desk(user)
    queryset = TargetDraw.objects.visible_to(user).select_related(
        "matter__organization__region", "draw"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_result_by_id(user: Any, pk: Any, *, for_update: bool = False) -> InspectionResult:
    require_inspections_desk(user)
    queryset = InspectionResult.objects.visible_to(user).select_related(
        "item__plan__organization", "joint_inspection"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_supervision_draw_by_id(
    user: Any, pk: Any, *, for_update: bool = False
) -> SupervisionDraw:
    require_inspections_desk(user)
    queryset = SupervisionDraw.objects.visible_to(user).select_related("region", "draw")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_inspector_draw_by_id(user: Any, pk: Any, *, for_update: bool = False) -> InspectorDraw:
    require_inspections_desk(user)
    queryset = InspectorDraw.objects.visible_to(user).select_related(
        "organization", "joint_inspection__enterprise", "draw"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)
