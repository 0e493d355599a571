"""The annual drafting plan (年度制定计划): proposals, compilation, publication, progress.

Departments and towns propose the documents they mean to make; the bureau takes each proposal
into the plan or leaves it out with the reason, then publishes the plan. After that the plan's
items follow their documents (drafting → issued) or are dropped with a reason
(国办发〔2018〕37号: 制定计划 and its public release).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import deny
from fazhi.core.workflow import transition_run
from fazhi.rules.issuers import issuer_validate
from fazhi.rules.models import DraftingPlan, PlanItem
from fazhi.rules.permissions import (
    access_plan_by_id,
    access_plan_item_by_id,
    can_compile_plans,
    can_draft_for,
)


@transaction.atomic
def plan_open(*, acting_user: Any, region: Region, year: int) -> DraftingPlan:
    """Open the year's plan for proposals (the bureau); the existing plan if there is one."""
    if not can_compile_plans(acting_user):
        raise deny(acting_user, None, "只有司法局可以组织编制规范性文件制定计划")
    if region.level not in (Region.Level.COUNTY, Region.Level.TOWN):
        raise ValidationError({"region": "制定计划按县(市、区)或镇(街道)编制"})
    plan, created = DraftingPlan.objects.get_or_create(
        region=region, year=year, defaults={"created_by": acting_user}
    )
    if created:
        audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=plan)
    return plan


@transaction.atomic
def plan_item_propose(
    *,
    acting_user: Any,
    plan_id: int,
    organization: Organization,
    issuer: Organization,
    title: str,
    reason: str,
    planned_quarter: int,
) -> PlanItem:
    """A unit proposes a document for the plan while the bureau is compiling it."""
    plan = access_plan_by_id(acting_user, plan_id, for_update=True)
    if not can_draft_for(acting_user, organization):
        raise deny(acting_user, plan, f"您不能以{organization.name}的名义申报")
    if plan.status != DraftingPlan.Status.COMPILING:
        raise InvalidTransition(f"{plan}已公布，不再接受申报")
    issuer_validate(organization=organization, issuer=issuer)
    item = PlanItem(
        plan=plan,
        organization=organization,
        issuer=issuer,
        title=title.strip(),
        reason=reason.strip(),
        planned_quarter=planned_quarter,
        created_by=acting_user,
    )
    item.full_clean(exclude=["status"])
    item.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=item,
        changes={"title": [None, item.title], "organization": [None, organization.name]},
    )
    return item


def _item_for_bureau(acting_user: Any, item_id: int) -> PlanItem:
    item = access_plan_item_by_id(acting_user, item_id, for_update=True)
    if not can_compile_plans(acting_user):
        raise deny(acting_user, item, "只有司法局可以汇总制定计划")
    return item


@transaction.atomic
def plan_item_include(*, acting_user: Any, item_id: int, opinion: str = "") -> PlanItem:
    item = _item_for_bureau(acting_user, item_id)
    transition_run(item, "include", action="列入计划", actor=acting_user, opinion=opinion)
    return item


@transaction.atomic
def plan_item_reject(*, acting_user: Any, item_id: int, reason: str) -> PlanItem:
    item = _item_for_bureau(acting_user, item_id)
    if not reason.strip():
        raise ValidationError({"reason": "请写明不列入计划的理由"})
    item.status_reason = reason.strip()
    item.save(update_fields=["status_reason", "updated_at"])
    transition_run(item, "reject", action="不列入计划", actor=acting_user, opinion=reason)
    return item


@transaction.atomic
def plan_publish(
    *, acting_user: Any, plan_id: int, on: datetime.date | None = None
) -> DraftingPlan:
    """Publish the plan once every proposal has been decided; it needs at least one item."""
    plan = access_plan_by_id(acting_user, plan_id, for_update=True)
    if not can_compile_plans(acting_user):
        raise deny(acting_user, plan, "只有司法局可以公布制定计划")
    undecided = plan.items.filter(status=PlanItem.Status.PROPOSED).count()
    if undecided:
        raise InvalidTransition(f"还有{undecided}项申报未处理（列入或不列入），处理后才能公布")
    if not plan.items.filter(status=PlanItem.Status.PLANNED).exists():
        raise InvalidTransition("计划中没有列入的项目，不能公布")
    day = day_or_today(on)
    plan.published_on = day
    plan.save(update_fields=["published_on", "updated_at"])
    transition_run(plan, "publish", action="公布计划", actor=acting_user, on=day)
    return plan


@transaction.atomic
def plan_item_drop(*, acting_user: Any, item_id: int, reason: str) -> PlanItem:
    """The unit (or the bureau) drops an item it will not make this year, with the reason."""
    item = access_plan_item_by_id(acting_user, item_id, for_update=True)
    if not (can_draft_for(acting_user, item.organization) or can_compile_plans(acting_user)):
        raise deny(acting_user, item, "只有起草单位或司法局可以撤销计划项目")
    if not reason.strip():
        raise ValidationError({"reason": "请写明撤销理由"})
    item.status_reason = reason.strip()
    item.save(update_fields=["status_reason", "updated_at"])
    transition_run(item, "drop", action="撤销计划项目", actor=acting_user, opinion=reason)
    return item
