"""Divisions and units of the synthetic province: the rows every other loader points at."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from fazhi.core.bulkload import bulk_load
from fazhi.core.models import Organization, Region
from fazhi.scale.plan import PROVINCE_CODE, PROVINCE_NAME, County, ProvincePlan

# The units every county has; enforcement departments are the ones that inspect and publicise
# (谁执法谁普法). Seventeen, as in Rongcheng's joint inspections.
DEPARTMENTS = (
    ("market", "市场监督管理局"),
    ("urban", "综合行政执法局"),
    ("police", "公安局"),
    ("natural-resources", "自然资源局"),
    ("ecology", "生态环境分局"),
    ("housing", "住房和城乡建设局"),
    ("transport", "交通运输局"),
    ("agriculture", "农业农村局"),
    ("ocean", "海洋发展局"),
    ("culture", "文化和旅游局"),
    ("health", "卫生健康局"),
    ("emergency", "应急管理局"),
    ("education", "教育和体育局"),
    ("labour", "人力资源和社会保障局"),
    ("water", "水务局"),
    ("commerce", "商务局"),
    ("medical-insurance", "医疗保障局"),
)


@dataclass
class CountyIds:
    """Primary keys of one county's divisions and units, for the loaders that follow."""

    region: int
    bureau: int
    government: int
    departments: list[int] = field(default_factory=list)
    towns: list[int] = field(default_factory=list)
    villages_by_town: dict[int, list[int]] = field(default_factory=dict)
    judicial_offices: list[int] = field(default_factory=list)


def load_regions(plan: ProvincePlan) -> int:
    """Province, cities, counties, towns and villages; the number of rows."""
    names = ["code", "name", "level", "parent"]
    count = bulk_load(Region, names, [(PROVINCE_CODE, PROVINCE_NAME, "province", None)])
    province = Region.objects.get(code=PROVINCE_CODE).pk
    count += bulk_load(
        Region, names, ((code, name, "city", province) for code, name in plan.cities)
    )
    cities = _ids(plan.cities[0][0][:2])
    count += bulk_load(
        Region,
        names,
        ((c.code, c.name, "county", cities[c.city_code]) for c in plan.counties),
    )
    counties = _ids(PROVINCE_CODE[:2])
    count += bulk_load(Region, names, _town_rows(plan, counties))
    towns = _ids(PROVINCE_CODE[:2])
    count += bulk_load(Region, names, _village_rows(plan, towns))
    return count


def _town_rows(plan: ProvincePlan, ids: dict[str, int]) -> Iterator[tuple[object, ...]]:
    for county in plan.counties:
        for town in county.towns:
            yield (town.code, f"{county.name}{town.name}", "town", ids[county.code])


def _village_rows(plan: ProvincePlan, ids: dict[str, int]) -> Iterator[tuple[object, ...]]:
    for county in plan.counties:
        for town in county.towns:
            for number, code in enumerate(town.village_codes, start=1):
                yield (code, f"{town.name}{number}村", "village", ids[town.code])


def load_organizations(plan: ProvincePlan) -> int:
    """Each county's government, justice bureau and departments; towns' government and office.

    Returns the number of rows.
    """
    regions = _ids(PROVINCE_CODE[:2])
    names = ["code", "name", "kind", "region", "is_bureau", "is_enforcement"]
    return bulk_load(Organization, names, _organization_rows(plan, regions))


def _organization_rows(plan: ProvincePlan, regions: dict[str, int]) -> Iterator[tuple[object, ...]]:
    for county in plan.counties:
        region = regions[county.code]
        yield (
            f"s{county.prefix}-government",
            f"{county.name}人民政府",
            "government",
            region,
            False,
            False,
        )
        yield (
            f"s{county.prefix}-justice",
            f"{county.name}司法局",
            "department",
            region,
            True,
            False,
        )
        for slug, name in DEPARTMENTS:
            yield (
                f"s{county.prefix}-{slug}",
                f"{county.name}{name}",
                "department",
                region,
                False,
                True,
            )
        for town in county.towns:
            town_region = regions[town.code]
            yield (
                f"s{town.code[:9]}-town",
                f"{county.name}{town.name}人民政府",
                "town_government",
                town_region,
                False,
                False,
            )
            yield (
                f"s{town.code[:9]}-office",
                f"{county.name}{town.name}司法所",
                "judicial_office",
                town_region,
                False,
                False,
            )


def county_ids(county: County) -> CountyIds:
    """One county's keys, read back after loading (two queries)."""
    regions = dict(Region.objects.filter(code__startswith=county.prefix).values_list("code", "pk"))
    units = dict(
        Organization.objects.filter(code__startswith=f"s{county.prefix}").values_list("code", "pk")
    )
    ids = CountyIds(
        region=regions[county.code],
        bureau=units[f"s{county.prefix}-justice"],
        government=units[f"s{county.prefix}-government"],
    )
    ids.departments = [units[f"s{county.prefix}-{slug}"] for slug, _ in DEPARTMENTS]
    for town in county.towns:
        town_id = regions[town.code]
        ids.towns.append(town_id)
        ids.villages_by_town[town_id] = [regions[code] for code in town.village_codes]
        ids.judicial_offices.append(units[f"s{town.code[:9]}-office"])
    return ids


def _ids(prefix: str) -> dict[str, int]:
    return dict(Region.objects.filter(code__startswith=prefix).values_list("code", "pk"))
