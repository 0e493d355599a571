"""Rongcheng's 2022 joint inspections, built through the services.

The 17 enforcement departments each keep a matters list and file an annual plan over the demo
enterprises (one files after the end-of-March deadline); the bureau plans them into joint
inspections with the holidays blocked, a yearly cap per enterprise and a few departments'
monthly capacity, and confirms the schedule (2022 report: "组织17个执法部门…实现‘进一次门、
查多项事’" — figure inspections.joint_departments).
"""

import datetime
import functools
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Enterprise, Organization, Region, User
from fazhi.core.selectors import organization_list_enforcement_departments
from fazhi.enforcement.demo import supervision as supervision_demo
from fazhi.enforcement.selectors import officers_eligible_to_inspect
from fazhi.inspections.models import (
    Category,
    InspectionMatter,
    InspectionPlan,
    InspectionResult,
    JointInspection,
    Method,
    PlanItem,
    PlanningRun,
    RiskGrade,
)
from fazhi.inspections.services import (
    execution,
    inspectors,
    matters,
    planning,
    plans,
    supervision,
    targets,
)
from fazhi.inspections.services.plans import PlanRow

Log = Callable[[str], None]


@functools.cache
def _officer_of(code: str) -> User:
    """The department's demo legal officer, fetched once per build (build_demo clears it).

    Each service call reads the acting user's memberships, cached on the user object.
    """
    return demo_legal_officer(code)


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
    officer = _officer_of(department.code)
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
    officer = _officer_of(department.code)
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


SEED_RULE = "以公告次日上证综合指数收盘点位（保留两位小数）作为随机种子值"
SUPERVISED_VISITS = 6
# Inspectors are drawn for one month's visits: enough to show the draw on every page without
# making the demo wait on hundreds of draws (each is hashed and audited).
INSPECTOR_DRAW_MONTH = 9
PROBLEM_SHARE = 0.12


def _seed(rng: random.Random) -> str:
    return f"{rng.randint(2900, 3500)}.{rng.randint(0, 99):02d}"


def _accompanying_supervision(rng: random.Random) -> int:
    """The bureau draws the second half-year's visits it will accompany (伴随式监督)."""
    bureau = demo_bureau_user()
    announced = supervision.supervision_draw_announce(
        acting_user=bureau,
        window_start=D(YEAR, 7, 1),
        window_end=D(YEAR, 12, 31),
        sample_size=SUPERVISED_VISITS,
        seed_rule=SEED_RULE,
    )
    done = supervision.supervision_draw_run(
        acting_user=bureau, supervision_draw_id=announced.pk, seed_value=_seed(rng)
    )
    return done.joint_inspections.count()


def _draw_inspectors(
    joint: JointInspection, departments: list[Organization], rng: random.Random
) -> int:
    """Each taking-part department draws two of its certified officers (if it has them)."""
    drawn = 0
    for department in departments:
        if officers_eligible_to_inspect(organization=department, on_date=joint.day).count() < 2:
            continue
        officer = _officer_of(department.code)
        announced = inspectors.inspector_draw_announce(
            acting_user=officer, joint_id=joint.pk, organization=department, seed_rule=SEED_RULE
        )
        inspectors.inspector_draw_run(
            acting_user=officer, inspector_draw_id=announced.pk, seed_value=_seed(rng)
        )
        drawn += 1
    return drawn


def _at(day: D, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _record_results(joint: JointInspection, rng: random.Random) -> None:
    for item in joint.items.select_related("plan__organization").order_by("pk"):
        officer = _officer_of(item.plan.organization.code)
        if rng.random() >= PROBLEM_SHARE:
            execution.result_record(
                acting_user=officer, item_id=item.pk, outcome="passed", on=joint.day
            )
            continue
        refer = rng.random() < 0.15
        execution.result_record(
            acting_user=officer,
            item_id=item.pk,
            outcome="problem",
            description=rng.choice(PROBLEMS),
            measure=InspectionResult.Measure.REFER if refer else InspectionResult.Measure.RECTIFY,
            rectify_due_on=None if refer else joint.day + datetime.timedelta(days=30),
            on=joint.day,
        )


PROBLEMS = [
    "安全生产责任制未落实到岗位，隐患排查记录不全",
    "经营场所公示的许可证件已过有效期",
    "从业人员健康证明不全",
    "消防通道堆放杂物",
    "台账记录不完整，未按规定留存进货查验记录",
]


def _carry_out(run: PlanningRun, rng: random.Random) -> tuple[int, int]:
    """Every visit of the year, from the inspector draws to the rectifications that followed.

    A few results are disclosed late and a few problems are not rectified yet.
    """
    visits = list(
        JointInspection.objects.filter(run=run).select_related("lead").order_by("day", "pk")
    )
    departments_of: dict[int, list[Organization]] = {}
    for item in (
        PlanItem.objects.filter(joint_inspection__run=run)
        .select_related("plan__organization")
        .order_by("plan__organization__code")
    ):
        assert item.joint_inspection_id is not None
        found = departments_of.setdefault(item.joint_inspection_id, [])
        if item.plan.organization not in found:
            found.append(item.plan.organization)
    inspector_draws = 0
    for joint in visits:
        if joint.day.month == INSPECTOR_DRAW_MONTH:
            inspector_draws += _draw_inspectors(joint, departments_of[joint.pk], rng)
        lead_officer = _officer_of(joint.lead.code)
        execution.joint_arrive(acting_user=lead_officer, joint_id=joint.pk, at=_at(joint.day, 9, 0))
        _record_results(joint, rng)
        execution.joint_leave(
            acting_user=lead_officer, joint_id=joint.pk, at=_at(joint.day, 11, 30)
        )
    late = 0
    for result in InspectionResult.objects.filter(joint_inspection__run=run).select_related(
        "item__plan__organization"
    ):
        officer = _officer_of(result.item.plan.organization.code)
        overdue = rng.random() < 0.03
        late += overdue
        delay = 40 if overdue else rng.randint(2, 15)
        execution.result_disclose(
            acting_user=officer,
            result_id=result.pk,
            on=result.recorded_on + datetime.timedelta(days=delay),
        )
        if result.measure == InspectionResult.Measure.RECTIFY and rng.random() < 0.9:
            execution.rectification_confirm(
                acting_user=officer,
                result_id=result.pk,
                on=result.recorded_on + datetime.timedelta(days=rng.randint(7, 28)),
            )
    return inspector_draws, late


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过联合检查")
        return
    if InspectionPlan.objects.filter(organization__region=county, year=YEAR).exists():
        log("涉企检查计划已存在，跳过")
        return
    _officer_of.cache_clear()
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
        supervised = _accompanying_supervision(rng)
        inspector_draws, late = _carry_out(run, rng)
    problems = InspectionResult.objects.filter(
        joint_inspection__run=run, outcome=InspectionResult.Outcome.PROBLEM
    ).count()
    log(
        f"涉企检查：{len(departments)}个执法部门的{YEAR}年检查计划{run.items}项，"
        f"统筹为{run.entries}次入企(理论下界{run.lower_bound}次，各部门单独检查需{run.solo_entries}次，"
        f"减少{run.saved}次)；第三季度双随机抽取检查对象{drawn}家次；"
        f"{INSPECTOR_DRAW_MONTH}月的联合检查随机选派检查人员{inspector_draws}次；发现问题{problems}项，逾期公示{late}项；"
        f"伴随式监督抽取{supervised}次联合检查"
    )
    # The enforcement demo runs before this one; the supervision visits it records accompany
    # the joint inspections drawn above, so they are recorded now.
    supervision_demo.record_accompanying_visits(log)
