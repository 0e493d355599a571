"""Enterprises and the departments' 2022 inspection plans (检查计划) of the synthetic province."""

import calendar
import datetime
from collections.abc import Iterator

from stdnum.cn import uscc

from fazhi.core.bulkload import bulk_load
from fazhi.core.models import Enterprise
from fazhi.inspections.models import InspectionMatter, InspectionPlan, PlanItem
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

YEAR = 2022
MATTERS_PER_DEPARTMENT = 4
INDUSTRIES = ("批发零售", "餐饮", "食品加工", "建筑施工", "水产养殖", "交通运输", "制造业")
FILED_ON = datetime.date(YEAR, 3, 20)
DISCLOSED_ON = datetime.date(YEAR, 3, 25)
MONTHS = tuple(
    (datetime.date(YEAR, month, 1), datetime.date(YEAR, month, calendar.monthrange(YEAR, month)[1]))
    for month in range(1, 13)
)


def load_enterprises(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    return bulk_load(
        Enterprise,
        ["uscc", "name", "region", "industry"],
        _enterprise_rows(plan, county, ids, count),
    )


def _enterprise_rows(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("enterprises", county.code)
    for n in range(count):
        body = f"91{county.prefix}{n:09d}"
        yield (
            body + uscc.calc_check_digit(body),
            f"{county.name}测试企业{n + 1}有限公司",
            rng.choice(ids.towns),
            rng.choice(INDUSTRIES),
        )


def load_plans(ids: CountyIds) -> int:
    """Each department's list of matters and its 2022 plan, filed and disclosed."""
    count = bulk_load(
        InspectionMatter,
        ["organization", "code", "name", "legal_basis", "category", "double_random"],
        (
            (unit, f"M{k}", f"测试检查事项{k}", "《测试条例》", "routine", True)
            for unit in ids.departments
            for k in range(1, MATTERS_PER_DEPARTMENT + 1)
        ),
    )
    return count + bulk_load(
        InspectionPlan,
        ["organization", "year", "period", "status", "filed_on", "disclosed_on"],
        ((unit, YEAR, "year", "disclosed", FILED_ON, DISCLOSED_ON) for unit in ids.departments),
    )


def load_plan_items(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` plan items: an enterprise, a matter of the plan's department, a month."""
    plans = dict(
        InspectionPlan.objects.filter(organization__in=ids.departments, year=YEAR).values_list(
            "organization", "pk"
        )
    )
    matters: dict[int, list[int]] = {}
    for unit, matter in InspectionMatter.objects.filter(
        organization__in=ids.departments
    ).values_list("organization", "pk"):
        matters.setdefault(unit, []).append(matter)
    enterprises = list(
        Enterprise.objects.filter(uscc__startswith=f"91{county.prefix}").values_list(
            "pk", flat=True
        )
    )
    return bulk_load(
        PlanItem,
        ["plan", "enterprise", "matter", "method", "window_start", "window_end"],
        _item_rows(plan, county, count, plans, matters, enterprises),
    )


def _item_rows(
    plan: ProvincePlan,
    county: County,
    count: int,
    plans: dict[int, int],
    matters: dict[int, list[int]],
    enterprises: list[int],
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("plan_items", county.code)
    units = list(plans)
    seen: set[tuple[int, int, int, int]] = set()
    while len(seen) < count:
        unit = rng.choice(units)
        enterprise, matter = rng.choice(enterprises), rng.choice(matters[unit])
        month = rng.randrange(12)
        key = (plans[unit], enterprise, matter, month)
        if key in seen:  # one plan lists an enterprise once per matter and window
            continue
        seen.add(key)
        yield (plans[unit], enterprise, matter, "double_random", *MONTHS[month])
