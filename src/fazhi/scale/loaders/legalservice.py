"""Service stations and the legal-service ledger (法律服务台账) of the synthetic province."""

import datetime
from collections.abc import Iterator

from fazhi.core.bulkload import bulk_load
from fazhi.core.models import Region
from fazhi.legalservice.models import LegalService, ServiceStation
from fazhi.scale.loaders.common import days, person_names, phone_ciphertexts
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

OPENED = datetime.date(2018, 1, 1)
# Kinds in Rongcheng's 2022 proportions, without mediations (they come with their own cases).
KINDS = (
    ("consultation", 3126),
    ("document", 214),
    ("governance_opinion", 166),
    ("other", 1962),
)
CHANNELS = (("walk_in", 6), ("phone", 3), ("online", 1))
SUBJECTS = {
    "consultation": (
        "婚姻家庭纠纷咨询",
        "劳动争议咨询",
        "土地承包咨询",
        "借贷纠纷咨询",
        "继承咨询",
    ),
    "document": ("代写民事起诉状", "代写答辩状", "代写遗嘱", "代写协议书"),
    "governance_opinion": ("村规民约合法性审查", "村集体合同审查", "村务决策法律意见"),
    "other": ("法治讲座", "矛盾纠纷排查", "法律援助引导", "公证引导"),
}
OUTCOMES = ("已解答", "已办结", "已引导至相关部门", "已出具意见")
STATION_HOURS = "工作日 9:00—17:00"
# Share of services given at the town stations; the rest at the village rooms.
TOWN_SHARE = 0.8


def load_stations(county: County, ids: CountyIds) -> int:
    """The county's centre, a station in every town and a room in every village."""
    return bulk_load(
        ServiceStation,
        ["level", "name", "region", "address", "opening_hours", "established_on"],
        _station_rows(county, ids),
    )


def _station_rows(county: County, ids: CountyIds) -> Iterator[tuple[object, ...]]:
    yield ("city", f"{county.name}公共法律服务中心", ids.region, county.name, STATION_HOURS, OPENED)
    for town, town_id in zip(county.towns, ids.towns, strict=True):
        yield ("town", f"{town.name}公共法律服务工作站", town_id, town.name, STATION_HOURS, OPENED)
        for number, village_id in enumerate(ids.villages_by_town[town_id], start=1):
            name = f"{town.name}{number}村公共法律服务工作室"
            yield ("village", name, village_id, name, STATION_HOURS, OPENED)


def load_services(plan: ProvincePlan, county: County, count: int) -> int:
    """`count` ledger rows of the county over the years covered."""
    stations = list(
        ServiceStation.objects.filter(region__code__startswith=county.prefix)
        .exclude(level="city")
        .values_list("level", "pk")
    )
    town_stations = [pk for level, pk in stations if level == "town"]
    village_rooms = [pk for level, pk in stations if level == "village"]
    county_id = Region.objects.get(code=county.code, level=Region.Level.COUNTY).pk
    return bulk_load(
        LegalService,
        [
            "station",
            "county",
            "kind",
            "channel",
            "served_on",
            "person_name",
            "person_phone",
            "subject",
            "outcome",
        ],
        _service_rows(plan, county, count, county_id, town_stations, village_rooms),
        stored=["person_phone"],
    )


def _service_rows(
    plan: ProvincePlan,
    county: County,
    count: int,
    county_id: int,
    town_stations: list[int],
    village_rooms: list[int],
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("legal_services", county.code)
    kinds = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS], k=count)
    channels = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS], k=count)
    served = rng.choices(days(), k=count)
    names = person_names(rng, count)
    phones = phone_ciphertexts()
    for n in range(count):
        kind = kinds[n]
        pool = town_stations if rng.random() < TOWN_SHARE else village_rooms
        yield (
            rng.choice(pool),
            county_id,
            kind,
            channels[n] if kind == "consultation" else "",
            served[n],
            names[n],
            rng.choice(phones) if n % 3 == 0 else "",
            rng.choice(SUBJECTS[kind]),
            rng.choice(OUTCOMES),
        )
