"""Drawing joint inspections for accompanying supervision (伴随式监督抽取).

The bureau's enforcement-supervision function goes along with some of the confirmed joint
inspections of a window. Which ones is decided by core's verifiable draw (ADR 0006): the window's
joint inspections are frozen and hashed with the seed rule before anyone knows the seed, so a
department cannot guess which visits will be watched and anyone can re-run the draw on the
portal. The visits themselves are recorded by the enforcement module.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization
from fazhi.core.roles import Capability
from fazhi.core.services.draws import draw_announce, draw_run
from fazhi.inspections.models import JointInspection, PlanningRun, SupervisionDraw
from fazhi.inspections.permissions import (
    access_supervision_draw_by_id,
    organizations_coordinating_for,
    require_coordination,
)


def _coordinating_bureau(acting_user: Any) -> Organization:
    require_coordination(acting_user)
    return organizations_coordinating_for(acting_user)[0]


def supervisable_visits(
    organization: Organization, window_start: datetime.date, window_end: datetime.date
) -> list[JointInspection]:
    """The confirmed joint inspections of the bureau's region in the window, not yet begun."""
    return list(
        JointInspection.objects.filter(
            region=organization.region,
            run__status=PlanningRun.Status.CONFIRMED,
            day__range=(window_start, window_end),
            arrived_at__isnull=True,
        ).order_by("pk")
    )


@transaction.atomic
def supervision_draw_announce(
    *,
    acting_user: Any,
    window_start: datetime.date,
    window_end: datetime.date,
    sample_size: int,
    seed_rule: str,
) -> SupervisionDraw:
    """Freeze the window's joint inspections and the seed rule; the draw runs later."""
    bureau = _coordinating_bureau(acting_user)
    if window_end < window_start:
        raise ValidationError({"window_end": "检查结束日期早于开始日期"})
    if sample_size < 1:
        raise ValidationError({"sample_size": "抽取数量至少为1"})
    visits = supervisable_visits(bureau, window_start, window_end)
    if not visits:
        raise ValidationError(
            {"window_start": f"{window_start}至{window_end}没有已确认且尚未开始的联合检查"}
        )
    if sample_size > len(visits):
        raise ValidationError(
            {"sample_size": f"抽取数量{sample_size}超过可抽取的联合检查数{len(visits)}"}
        )
    draw = draw_announce(
        acting_user=acting_user,
        purpose=f"{bureau.name}伴随式执法监督（{window_start}至{window_end}）",
        region=bureau.region,
        organization=bureau,
        population=[str(visit.pk) for visit in visits],
        seed_rule=seed_rule,
        sample_size=sample_size,
        capability=Capability.COORDINATE_INSPECTIONS,
    )
    supervision_draw = SupervisionDraw.objects.create(
        region=bureau.region,
        draw=draw,
        window_start=window_start,
        window_end=window_end,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=supervision_draw,
        changes={"population": len(visits), "sample_size": sample_size},
        message="公告伴随式监督抽取",
    )
    return supervision_draw


@transaction.atomic
def supervision_draw_run(
    *, acting_user: Any, supervision_draw_id: int, seed_value: str
) -> SupervisionDraw:
    """Draw with the announced seed value and keep the drawn joint inspections."""
    supervision_draw = access_supervision_draw_by_id(
        acting_user, supervision_draw_id, for_update=True
    )
    require_coordination(acting_user, supervision_draw)
    draw = draw_run(
        acting_user=acting_user,
        draw_id=supervision_draw.draw_id,
        seed_value=seed_value,
        capability=Capability.COORDINATE_INSPECTIONS,
    )
    supervision_draw.joint_inspections.set(
        JointInspection.objects.filter(pk__in=[int(key) for key in draw.selected_keys])
    )
    return supervision_draw
