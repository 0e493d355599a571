"""Drawing each department's inspectors for a joint inspection (随机选派检查人员).

"一单两库": besides the matters list and the register of targets, a department keeps the
register of its enforcement officers; for each joint inspection it takes part in, it draws at
least two (parameter inspections.inspectors_per_visit; 行政处罚法 art. 42: no fewer than two
officers) on core's verifiable draw (ADR 0006). Every officer of the department holding a
certificate is in the frozen population; an officer is never drawn (weight 0, the reason on
record) when on the visit's day

- the certificate is not valid (not issued, suspended, revoked, expired) — 山东省行政执法监督条例
  art. 10: only certified officers enforce;
- they lack a qualification one of the department's matters at the visit requires;
- they declared a conflict of interest with the enterprise (行政处罚法 art. 43, 回避);
- they were among the department's inspectors at the enterprise's previous visit (rotation).

The others are weighted 1 / (1 + visits drawn for this year), so the work spreads over the
register.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from fazhi.core.audit import audit_record
from fazhi.core.draws import Entry
from fazhi.core.models import AuditLog, Organization, RandomDraw
from fazhi.core.parameters import parameter_value
from fazhi.core.roles import Capability
from fazhi.core.services.draws import draw_announce, draw_run
from fazhi.enforcement.models import Officer
from fazhi.enforcement.selectors import officers_eligible_to_inspect
from fazhi.inspections.models import (
    InspectorConflict,
    InspectorDraw,
    JointInspection,
    PlanningRun,
)
from fazhi.inspections.parameters import INSPECTORS_PER_VISIT
from fazhi.inspections.permissions import (
    access_inspector_draw_by_id,
    access_joint_inspection_by_id,
    require_plans_for,
)

WEIGHT_PLACES = Decimal("0.000001")
NO_CERTIFICATE = "执法证在检查当日无效"


def _visit_for_drawing(acting_user: Any, joint_id: int) -> JointInspection:
    joint = access_joint_inspection_by_id(acting_user, joint_id)
    if joint.run.status != PlanningRun.Status.CONFIRMED:
        raise ValidationError({"joint_inspection": "联合检查所在的统筹方案尚未确认或已作废"})
    if joint.arrived_at is not None:
        raise ValidationError({"joint_inspection": "联合检查已开始，不能再抽取检查人员"})
    return joint


def _qualifications_required(joint: JointInspection, organization: Organization) -> set[str]:
    return {
        text.strip()
        for text in joint.items.filter(plan__organization=organization).values_list(
            "matter__qualification", flat=True
        )
        if text and text.strip()
    }


def _last_visit_inspectors(joint: JointInspection, organization: Organization) -> set[int]:
    previous = (
        InspectorDraw.objects.filter(
            organization=organization,
            joint_inspection__enterprise_id=joint.enterprise_id,
            joint_inspection__day__lt=joint.day,
            draw__status=RandomDraw.Status.DRAWN,
            void_reason="",
        )
        .order_by("-joint_inspection__day", "-pk")
        .first()
    )
    return set(previous.inspectors.values_list("pk", flat=True)) if previous else set()


def _officers_with_certificates(organization: Organization) -> list[tuple[Officer, str]]:
    """The department's active officers with the number of their latest certificate."""
    officers = (
        Officer.objects.filter(organization=organization, active=True)
        .exclude(certificates__number="")
        .filter(certificates__isnull=False)
        .distinct()
        .prefetch_related("certificates")
        .order_by("pk")
    )
    found = []
    for officer in officers:
        numbered = [c for c in officer.certificates.all() if c.number]
        latest = max(numbered, key=lambda c: (c.applied_on, c.pk))
        found.append((officer, latest.number))
    return found


def _exclusions(
    joint: JointInspection, organization: Organization, officers: list[tuple[Officer, str]]
) -> dict[int, str]:
    """Officer id → the reason they cannot be drawn for this visit."""
    day = joint.day
    valid = set(
        officers_eligible_to_inspect(organization=organization, on_date=day).values_list(
            "pk", flat=True
        )
    )
    qualified = valid
    for qualification in sorted(_qualifications_required(joint, organization)):
        qualified = qualified & set(
            officers_eligible_to_inspect(
                organization=organization, on_date=day, qualification=qualification
            ).values_list("pk", flat=True)
        )
    conflicted = dict(
        InspectorConflict.objects.filter(
            enterprise_id=joint.enterprise_id, officer__organization=organization
        ).values_list("officer_id", "reason")
    )
    last_time = _last_visit_inspectors(joint, organization)
    reasons: dict[int, str] = {}
    for officer, _number in officers:
        if officer.pk not in valid:
            reasons[officer.pk] = NO_CERTIFICATE
        elif officer.pk not in qualified:
            reasons[officer.pk] = "不具备检查事项要求的资格"
        elif officer.pk in conflicted:
            reasons[officer.pk] = f"申报回避：{conflicted[officer.pk]}"
        elif officer.pk in last_time:
            reasons[officer.pk] = "上次检查该企业的人员"
    return reasons


def _workloads(organization: Organization, year: int) -> dict[int, int]:
    return dict(
        Officer.objects.filter(organization=organization)
        .annotate(
            visits=Count(
                "inspector_draws",
                filter=Q(inspector_draws__joint_inspection__day__year=year),
            )
        )
        .values_list("pk", "visits")
    )


def _weight(visits: int) -> Decimal:
    return (Decimal(1) / Decimal(1 + visits)).quantize(WEIGHT_PLACES)


@transaction.atomic
def inspector_draw_announce(
    *, acting_user: Any, joint_id: int, organization: Organization, seed_rule: str
) -> InspectorDraw:
    """Freeze the department's certified officers with their exclusions and weights."""
    joint = _visit_for_drawing(acting_user, joint_id)
    require_plans_for(acting_user, organization, joint)
    if not joint.items.filter(plan__organization=organization).exists():
        raise ValidationError({"organization": f"{organization.name}未参加该次联合检查"})
    live = InspectorDraw.objects.filter(
        joint_inspection=joint, organization=organization, void_reason=""
    )
    if live.exists():
        raise ValidationError({"joint_inspection": "本部门已为该次联合检查抽取检查人员"})
    needed = parameter_value(INSPECTORS_PER_VISIT, on=joint.day).amount
    officers = _officers_with_certificates(organization)
    reasons = _exclusions(joint, organization, officers)
    eligible = len(officers) - len(reasons)
    if eligible < needed:
        raise ValidationError(
            {
                "organization": (
                    f"{organization.name}在{joint.day}符合条件的持证检查人员只有{eligible}名，"
                    f"少于应选派的{needed}名；请先办理执法证或调整检查日期"
                )
            }
        )
    workloads = _workloads(organization, joint.day.year)
    population = [
        Entry(
            key=number,
            weight=Decimal(0) if officer.pk in reasons else _weight(workloads.get(officer.pk, 0)),
        )
        for officer, number in officers
    ]
    numbers = {officer.pk: number for officer, number in officers}
    draw = draw_announce(
        acting_user=acting_user,
        purpose=(
            f"{organization.name}随机选派检查人员：{joint.day}{joint.enterprise.name}联合检查"
        ),
        region=joint.region,
        organization=organization,
        population=population,
        seed_rule=seed_rule,
        sample_size=needed,
        capability=Capability.PLAN_INSPECTIONS,
    )
    inspector_draw = InspectorDraw.objects.create(
        joint_inspection=joint,
        organization=organization,
        draw=draw,
        excluded={numbers[pk]: reason for pk, reason in reasons.items()},
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=inspector_draw,
        changes={"population": len(population), "excluded": len(reasons)},
        message="公告随机选派检查人员",
    )
    return inspector_draw


@transaction.atomic
def inspector_draw_run(
    *, acting_user: Any, inspector_draw_id: int, seed_value: str
) -> InspectorDraw:
    """Draw with the announced seed value; the drawn officers go to the visit.

    The drawn officers are checked again: a certificate suspended since the announcement voids
    the draw (kept on record with the reason; the department announces again). An uncertified
    officer is never sent.
    """
    inspector_draw = access_inspector_draw_by_id(acting_user, inspector_draw_id, for_update=True)
    organization = inspector_draw.organization
    require_plans_for(acting_user, organization, inspector_draw)
    joint = _visit_for_drawing(acting_user, inspector_draw.joint_inspection_id)
    draw = draw_run(
        acting_user=acting_user,
        draw_id=inspector_draw.draw_id,
        seed_value=seed_value,
        capability=Capability.PLAN_INSPECTIONS,
    )
    by_number = {number: officer for officer, number in _officers_with_certificates(organization)}
    drawn = [by_number[key] for key in draw.selected_keys if key in by_number]
    still_valid = set(
        officers_eligible_to_inspect(organization=organization, on_date=joint.day).values_list(
            "pk", flat=True
        )
    )
    lapsed = [officer.name for officer in drawn if officer.pk not in still_valid]
    if lapsed or len(drawn) != len(draw.selected_keys):
        inspector_draw.void_reason = f"抽中的{'、'.join(lapsed) or '人员'}执法证已失效"
        inspector_draw.save(update_fields=["void_reason", "updated_at"])
        audit_record(
            event=AuditLog.Event.UPDATE,
            user=acting_user,
            target=inspector_draw,
            changes={"void_reason": inspector_draw.void_reason},
            message="随机选派检查人员作废",
        )
        return inspector_draw
    inspector_draw.inspectors.set(drawn)
    return inspector_draw
