"""Build the synthetic province: divisions and units, then each county's records, timed."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.bulkload import tables_analyze
from fazhi.core.models import Enterprise, Organization, Region
from fazhi.inspections.models import InspectionMatter, InspectionPlan, PlanItem
from fazhi.legalservice.aid_models import LegalAidApplication
from fazhi.legalservice.models import LegalService, ServiceStation
from fazhi.publicity.models import PublicityActivity
from fazhi.scale.loaders import inspections, legalaid, legalservice, publicity, regions
from fazhi.scale.plan import PROVINCE_CODE, ProvincePlan, Volumes

Log = Callable[[str], None]
LOADED_MODELS = (
    Region,
    Organization,
    ServiceStation,
    LegalService,
    LegalAidApplication,
    PublicityActivity,
    Enterprise,
    InspectionMatter,
    InspectionPlan,
    PlanItem,
)


@dataclass
class LoadStat:
    """Rows written to one table and the seconds it took, over the whole province."""

    table: str
    rows: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


class _Timer:
    def __init__(self) -> None:
        self.stats: dict[str, LoadStat] = {}

    def run(self, table: str, load: Callable[..., int], *args: Any) -> None:
        started = time.perf_counter()
        rows = load(*args)
        stat = self.stats.setdefault(table, LoadStat(table))
        stat.rows += rows
        stat.seconds += time.perf_counter() - started


def province_generate(plan: ProvincePlan, volumes: Volumes, log: Log) -> list[LoadStat]:
    """Load the whole province, the statistics per table.

    One transaction per county, so an interrupted run keeps whole counties. Refuses when the
    province is already there.
    """
    if Region.objects.filter(code=PROVINCE_CODE).exists():
        raise ValidationError({"province": "规模测试省的数据已存在：请使用新的数据库"})
    timer = _Timer()
    with transaction.atomic():
        timer.run("core_region", regions.load_regions, plan)
        timer.run("core_organization", regions.load_organizations, plan)
    services = plan.shares(volumes.legal_services)
    activities = plan.shares(volumes.publicity_activities)
    aid_cases = plan.shares(volumes.legal_aid_cases)
    enterprises = plan.shares(volumes.enterprises)
    plan_items = plan.shares(volumes.plan_items)
    for index, county in enumerate(plan.counties):
        with transaction.atomic():
            ids = regions.county_ids(county)
            timer.run("legalservice_station", legalservice.load_stations, county, ids)
            timer.run(
                "legalservice_service", legalservice.load_services, plan, county, services[index]
            )
            timer.run(
                "publicity_activity",
                publicity.load_activities,
                plan,
                county,
                ids,
                activities[index],
            )
            timer.run("legalservice_aid", legalaid.load_cases, plan, county, ids, aid_cases[index])
            timer.run(
                "core_enterprise",
                inspections.load_enterprises,
                plan,
                county,
                ids,
                enterprises[index],
            )
            timer.run("inspections_plan", inspections.load_plans, ids)
            timer.run(
                "inspections_planitem",
                inspections.load_plan_items,
                plan,
                county,
                ids,
                plan_items[index],
            )
        log(f"{index + 1}/{len(plan.counties)} {county.name}")
    timer.run("analyze", _analyze)
    return list(timer.stats.values())


def _analyze() -> int:
    tables_analyze(model._meta.db_table for model in LOADED_MODELS)
    return 0
