"""The double-random target draw (双随机：随机抽取检查对象) on core's verifiable draw.

"一单两库": a matter in the double-random scheme (the list), the department's register of
targets with their risk grades (检查对象名录库) and its inspectors. The draw takes, per risk
grade, the matter's rate of the register (e.g. high 30 %, low 1 %); enterprises planned for the
same matter within the last N months stay in the frozen population with weight 0, so the
exclusion is on record and they are never drawn. The population is frozen and hashed and the
seed rule stated before the draw (ADR 0006); the drawn enterprises become items of the
department's plan for the window's quarter, which it then files like any plan.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import add_months
from fazhi.core.draws import Entry
from fazhi.core.models import AuditLog, Enterprise, Organization
from fazhi.core.roles import Capability
from fazhi.core.services.draws import draw_announce, draw_run
from fazhi.inspections.models import (
    InspectionPlan,
    InspectionTarget,
    Method,
    PlanItem,
    RiskGrade,
    TargetDraw,
)
from fazhi.inspections.permissions import (
    access_matter_by_id,
    access_target_draw_by_id,
    require_plans_for,
)
from fazhi.inspections.services import plans
from fazhi.inspections.services.plans import PlanRow

HUNDRED = Decimal(100)


@transaction.atomic
def targets_register(
    *, acting_user: Any, organization: Organization, rows: Sequence[tuple[str, str]]
) -> int:
    """Put enterprises (credit code, risk grade) on the department's register, all or nothing.

    An enterprise already there gets its new grade. Raises ValidationError({"rows": [...]})
    naming every bad line.
    """
    require_plans_for(acting_user, organization)
    wanted = {uscc.strip().upper() for uscc, _grade in rows}
    enterprises = {
        e.uscc: e
        for e in Enterprise.objects.filter(
            uscc__in=wanted, region__code__startswith=organization.region.prefix
        )
    }
    problems = []
    for line, (uscc, grade) in enumerate(rows, start=1):
        if uscc.strip().upper() not in enterprises:
            problems.append(f"第{line}行：统一社会信用代码{uscc}不在本区域企业名录中")
        elif grade not in RiskGrade.values:
            problems.append(f"第{line}行：风险等级“{grade}”应为{'、'.join(RiskGrade.labels)}之一")
    if problems:
        raise ValidationError({"rows": problems})
    for uscc, grade in rows:
        InspectionTarget.objects.update_or_create(
            organization=organization,
            enterprise=enterprises[uscc.strip().upper()],
            defaults={"risk_grade": grade, "created_by": acting_user},
        )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=organization,
        changes={"inspection_targets": len(rows)},
        message="更新检查对象名录",
    )
    return len(rows)


def _quarter_of(window_start: datetime.date, window_end: datetime.date) -> str:
    quarter = (window_start.month - 1) // 3 + 1
    if (window_end.month - 1) // 3 + 1 != quarter or window_end.year != window_start.year:
        raise ValidationError({"window_end": "抽查时间应在同一季度内"})
    return f"q{quarter}"


def _recently_planned(
    organization: Organization, matter_id: int, window_start: datetime.date, months: int
) -> set[str]:
    """Credit codes planned for the matter with a window ending in the `months` before."""
    since = add_months(window_start, -months)
    return set(
        PlanItem.objects.filter(
            plan__organization=organization,
            matter_id=matter_id,
            window_end__gte=since,
            window_start__lt=window_start,
        ).values_list("enterprise__uscc", flat=True)
    )


@transaction.atomic
def target_draw_announce(
    *,
    acting_user: Any,
    matter_id: int,
    window_start: datetime.date,
    window_end: datetime.date,
    seed_rule: str,
    exclude_months: int = 6,
) -> TargetDraw:
    """Freeze the register by risk grade, record the exclusions and the seed rule."""
    matter = access_matter_by_id(acting_user, matter_id)
    organization = matter.organization
    require_plans_for(acting_user, organization, matter)
    if not matter.double_random:
        raise ValidationError({"matter": f"检查事项“{matter.name}”未纳入双随机抽查"})
    if window_end < window_start:
        raise ValidationError({"window_end": "检查结束日期早于开始日期"})
    _quarter_of(window_start, window_end)
    targets = list(
        InspectionTarget.objects.filter(organization=organization).select_related("enterprise")
    )
    if not targets:
        raise ValidationError({"matter": f"{organization.name}的检查对象名录为空，无法抽取"})
    recent = _recently_planned(organization, matter.pk, window_start, exclude_months)
    excluded = {
        t.enterprise.uscc: f"近{exclude_months}个月内已安排该事项检查"
        for t in targets
        if t.enterprise.uscc in recent
    }
    population = [
        Entry(
            key=t.enterprise.uscc,
            weight=Decimal(0) if t.enterprise.uscc in excluded else Decimal(1),
            stratum=t.risk_grade,
        )
        for t in targets
    ]
    rates = matter.sampling_rates or {}
    strata = {
        grade: Decimal(str(rates.get(grade, 0))) / HUNDRED
        for grade in {t.risk_grade for t in targets}
    }
    draw = draw_announce(
        acting_user=acting_user,
        purpose=f"{organization.name}“{matter.name}”双随机抽查（{window_start}至{window_end}）",
        region=organization.region,
        organization=organization,
        population=population,
        seed_rule=seed_rule,
        strata=strata,
        capability=Capability.PLAN_INSPECTIONS,
    )
    target_draw = TargetDraw.objects.create(
        matter=matter,
        draw=draw,
        window_start=window_start,
        window_end=window_end,
        exclude_months=exclude_months,
        excluded=excluded,
        created_by=acting_user,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=target_draw,
        changes={"population": len(population), "excluded": len(excluded)},
        message="公告双随机抽取检查对象",
    )
    return target_draw


@transaction.atomic
def target_draw_run(*, acting_user: Any, target_draw_id: int, seed_value: str) -> TargetDraw:
    """Draw with the announced seed value; the drawn enterprises join the quarter's plan.

    The quarter's plan of the department is opened if it does not exist; it must still be in
    draft (a filed plan is not changed behind the bureau's back).
    """
    target_draw = access_target_draw_by_id(acting_user, target_draw_id, for_update=True)
    matter = target_draw.matter
    organization = matter.organization
    require_plans_for(acting_user, organization, target_draw)
    draw = draw_run(
        acting_user=acting_user,
        draw_id=target_draw.draw_id,
        seed_value=seed_value,
        capability=Capability.PLAN_INSPECTIONS,
    )
    period = _quarter_of(target_draw.window_start, target_draw.window_end)
    year = target_draw.window_start.year
    plan = InspectionPlan.objects.filter(
        organization=organization, year=year, period=period
    ).first()
    if plan is None:
        plan = plans.plan_open(
            acting_user=acting_user, organization=organization, year=year, period=period
        )
    if plan.status != InspectionPlan.Status.DRAFT:
        raise ValidationError({"plan": f"{plan}已备案，抽取结果须纳入尚未备案的计划"})
    plans.plan_items_add(
        acting_user=acting_user,
        plan_id=plan.pk,
        rows=[
            PlanRow(
                uscc,
                matter.code,
                Method.DOUBLE_RANDOM,
                target_draw.window_start,
                target_draw.window_end,
            )
            for uscc in draw.selected_keys
        ],
    )
    target_draw.plan = plan
    target_draw.save(update_fields=["plan", "updated_at"])
    return target_draw
