"""Rongcheng's 2022 joint inspections, built through the services.

The 17 enforcement departments each keep a matters list and file an annual plan over the demo
enterprises (one files after the end-of-March deadline); the bureau plans them into joint
inspections with the holidays blocked, a yearly cap per enterprise and a few departments'
monthly capacity, and confirms the schedule (2022 report: "组织17个执法部门…实现‘进一次门、
查多项事’" — figure inspections.joint_departments).
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Enterprise, Organization, Region
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.inspections.models import (
    Category,
    InspectionMatter,
    InspectionPlan,
    Method,
    RiskGrade,
)
from fazhi.inspections.services import matters, planning, plans, targets
from fazhi.inspections.services.plans import PlanRow

Log = Callable[[str], None]
D = datetime.date
YEAR = 2022
ITEMS_PER_DEPARTMENT = 40
LATE_FILER = "transport"
# The 2022 public holidays (国办发明电〔2021〕11号) and the days next to them, blocked for visits.
HOLIDAYS = [
    (D(2022, 1, 1), D(2022, 1, 3)),
    (D(2022, 1, 31), D(2022, 2, 6)),
    (D(2022, 4, 3), D(2022, 4, 5)),
    (D(2022, 4, 30), D(2022, 5, 4)),
    (D(2022, 6, 3), D(2022, 6, 5)),
    (D(2022, 9, 10), D(2022, 9, 12)),
    (D(2022, 10, 1), D(2022, 10, 7)),
]
DOUBLE_RANDOM_RATES: dict[str, int] = {
    RiskGrade.HIGH.value: 30,
    RiskGrade.MEDIUM_HIGH.value: 10,
    RiskGrade.MEDIUM.value: 2,
    RiskGrade.LOW.value: 1,
}
MATTER_NAMES = [
    ("安全生产条件检查", Category.ROUTINE, False),
    ("证照经营情况检查", Category.ROUTINE, True),
    ("专项整治检查", Category.SPECIAL, False),
]


def _blackout() -> list[D]:
    days: list[D] = []
    for first, last in HOLIDAYS:
        day = first
        while day <= last:
            days.append(day)
            day += datetime.timedelta(days=1)
    return days


def _window(rng: random.Random) -> tuple[D, D]:
    """A quarter (most plans) or a month."""
    if rng.random() < 0.7:
        quarter = rng.randint(1, 4)
        first = D(YEAR, 3 * quarter - 2, 1)
        last_month = 3 * quarter
    else:
        month = rng.randint(1, 12)
        first = D(YEAR, month, 1)
        last_month = month
    following = D(YEAR + last_month // 12, last_month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def _matters(department: Organization, officer: object) -> list[str]:
    prefix = department.code.upper().replace("-", "")
    codes = []
    for number, (name, category, double_random) in enumerate(MATTER_NAMES, start=1):
        code = f"{prefix}-JC{number:02d}"
        matters.matter_create(
            acting_user=officer,
            organization=department,
            code=code,
            name=f"{department.short_name or department.name}{name}",
            legal_basis="《中华人民共和国行政处罚法》第十九条及本部门职责所涉法律法规",
            category=category,
            double_random=double_random,
            sampling_rates=dict(DOUBLE_RANDOM_RATES) if double_random else {},
        )
        codes.append(code)
    return codes


def _plan(
    department: Organization, enterprises: list[Enterprise], rng: random.Random
) -> InspectionPlan:
    officer = demo_legal_officer(department.code)
    codes = _matters(department, officer)
    plan = plans.plan_open(acting_user=officer, organization=department, year=YEAR)
    rows: list[PlanRow] = []
    for enterprise in rng.sample(enterprises, ITEMS_PER_DEPARTMENT):
        start, end = _window(rng)
        number = rng.randrange(len(codes))
        method = Method.DOUBLE_RANDOM if MATTER_NAMES[number][2] else Method.ROUTINE
        rows.append(PlanRow(enterprise.uscc, codes[number], method, start, end))
    plans.plan_items_add(acting_user=officer, plan_id=plan.pk, rows=rows)
    filed_on = D(YEAR, 4, 8) if department.code == LATE_FILER else D(YEAR, 3, rng.randint(10, 30))
    plans.plan_file(acting_user=officer, plan_id=plan.pk, on=filed_on)
    plans.plan_disclose(
        acting_user=officer, plan_id=plan.pk, on=filed_on + datetime.timedelta(days=3)
    )
    return plan


def _double_random_q3(
    department: Organization, enterprises: list[Enterprise], rng: random.Random
) -> int:
    """The department's register with risk grades, and its Q3 double-random draw (filed)."""
    officer = demo_legal_officer(department.code)
    grades = [RiskGrade.HIGH, RiskGrade.MEDIUM_HIGH, RiskGrade.MEDIUM, RiskGrade.LOW]
    weights = [1, 2, 4, 8]
    targets.targets_register(
        acting_user=officer,
        organization=department,
        rows=[(e.uscc, rng.choices(grades, weights)[0]) for e in enterprises],
    )
    matter = InspectionMatter.objects.get(
        organization=department, double_random=True, code__endswith="JC02"
    )
    announced = targets.target_draw_announce(
        acting_user=officer,
        matter_id=matter.pk,
        window_start=D(YEAR, 7, 1),
        window_end=D(YEAR, 9, 30),
        seed_rule="以公告次日上证综合指数收盘点位（保留两位小数）作为随机种子值",
    )
    seed = f"{rng.randint(2900, 3500)}.{rng.randint(0, 99):02d}"
    drawn = targets.target_draw_run(
        acting_user=officer, target_draw_id=announced.pk, seed_value=seed
    )
    assert drawn.plan_id is not None
    plans.plan_file(acting_user=officer, plan_id=drawn.plan_id, on=D(YEAR, 6, 20))
    plans.plan_disclose(acting_user=officer, plan_id=drawn.plan_id, on=D(YEAR, 6, 22))
    return InspectionPlan.objects.get(pk=drawn.plan_id).items.count()


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过联合检查")
        return
    if InspectionPlan.objects.filter(organization__region=county, year=YEAR).exists():
        log("涉企检查计划已存在，跳过")
        return
    rng = random.Random(42)
    departments = list(
        organization_list_enforcement_departments(within=county, on=D(YEAR, 1, 1)).order_by("code")
    )
    enterprises = list(Enterprise.objects.filter(region__code__startswith=county.prefix))
    with transaction.atomic():
        drawn = 0
        for department in departments:
            _plan(department, enterprises, rng)
            drawn += _double_random_q3(department, enterprises, rng)
        bureau = demo_bureau_user()
        small = {d.pk: 6 for d in departments[:2]}  # two small departments: 6 visits a month
        run = planning.planning_run_propose(
            acting_user=bureau,
            region=county,
            year=YEAR,
            capacity_per_month=small,
            blackout=_blackout(),
        )
        planning.planning_run_confirm(acting_user=bureau, run_id=run.pk, on=D(YEAR, 4, 20))
    log(
        f"涉企检查：{len(departments)}个执法部门的{YEAR}年检查计划{run.items}项，"
        f"统筹为{run.entries}次入企(理论下界{run.lower_bound}次，各部门单独检查需{run.solo_entries}次，"
        f"减少{run.saved}次)；第三季度双随机抽取检查对象{drawn}家次"
    )
