"""The synthetic province's shape: cities, counties, towns, villages, and each county's weight.

A county's weight is its share of the province's records, by population.

Rongcheng has 22 towns and 840 villages; a county here has 10–25 towns of 20–60 villages, so the
province (14 cities × 10 counties) has about 2,400 towns and 95,000 villages. A county's weight
is its number of villages, a stand-in for its population.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from fractions import Fraction

PROVINCE_CODE = "990000000000"
PROVINCE_NAME = "规模测试省"
CITIES = 14
COUNTIES_PER_CITY = 10
TOWNS_PER_COUNTY = (10, 25)
VILLAGES_PER_TOWN = (20, 60)


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    village_codes: tuple[str, ...]


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city_code: str
    towns: tuple[Town, ...]

    @property
    def prefix(self) -> str:
        return self.code[:6]

    @property
    def weight(self) -> int:
        return sum(len(town.village_codes) for town in self.towns)


@dataclass(frozen=True)
class ProvincePlan:
    seed: int
    cities: tuple[tuple[str, str], ...]
    counties: tuple[County, ...]

    def shares(self, total: int) -> list[int]:
        """`total` split over the counties by weight, exactly (largest remainders)."""
        return apportion(total, [county.weight for county in self.counties])

    def rng(self, *labels: object) -> random.Random:
        """A random stream of its own for each (seed, labels): loaders never disturb each other."""
        return random.Random(":".join(str(part) for part in (self.seed, *labels)))


@dataclass(frozen=True)
class Volumes:
    """Rows in the whole province; issue 9 asks for at least these."""

    legal_services: int = 10_000_000
    publicity_activities: int = 2_000_000
    legal_aid_cases: int = 1_000_000
    # Rongcheng's 2,500 people's mediations a year × 113: the province's committees' cases,
    # spread over the four years like the ledger (each with its own ledger entry besides).
    mediations: int = 300_000
    enterprises: int = 100_000
    # Rongcheng-like years × 140 counties × the four years: 36 normative documents a year (6–10
    # government, 26–30 department ones), each with its comment period and legality review;
    # 305 contracts a year (31 government ones reviewed, 274 department ones filed); two major
    # decisions a year in each government's catalog.
    normative_documents: int = 20_000
    major_decisions: int = 1_200
    contracts: int = 170_000
    plan_items: int = 300_000
    officers: int = 50_000
    # Rongcheng (840 villages, about 1/113 of the province) receives some 300 correction subjects
    # and 458 released prisoners a year: over the four years covered, ~120,000 and ~200,000.
    correction_subjects: int = 120_000
    # The judicial offices' 2022 location checks (three a week per subject under supervision);
    # capped per county at half the checks due, so a small province may get fewer.
    location_checks: int = 1_500_000
    released_persons: int = 200_000
    # The audit log: the accounts' sign-ins and record work over the four years.
    audit_rows: int = 3_000_000
    # Applications (办件) touching a catalogued proof, 2022 only (the catalogs start in 2021).
    # Assumption: a Rongcheng-sized hall decides some 3,000 such applications a year (the proofs
    # demo's 240 are a sample of them), × 140 counties.
    proof_applications: int = 420_000

    def scaled(self, fraction: float) -> "Volumes":
        return replace(
            self,
            **{field.name: round(getattr(self, field.name) * fraction) for field in fields(self)},
        )


def province_plan(*, seed: int = 2022, counties: int = CITIES * COUNTIES_PER_CITY) -> ProvincePlan:
    rng = random.Random(seed)
    cities = tuple(
        (f"99{city:02d}00000000", f"测试{city}市")
        for city in range(1, -(-counties // COUNTIES_PER_CITY) + 1)
    )
    planned: list[County] = []
    for index in range(counties):
        city, number = divmod(index, COUNTIES_PER_CITY)
        code = f"99{city + 1:02d}{number + 1:02d}000000"
        planned.append(
            County(
                code=code,
                name=f"测试{city + 1}市{number + 1}县",
                city_code=cities[city][0],
                towns=_towns(rng, code),
            )
        )
    return ProvincePlan(seed=seed, cities=cities, counties=tuple(planned))


def _towns(rng: random.Random, county_code: str) -> tuple[Town, ...]:
    towns = []
    for number in range(1, rng.randint(*TOWNS_PER_COUNTY) + 1):
        code = f"{county_code[:6]}{number:03d}000"
        villages = rng.randint(*VILLAGES_PER_TOWN)
        towns.append(
            Town(
                code=code,
                name=f"第{number}镇",
                village_codes=tuple(f"{code[:9]}{v:03d}" for v in range(1, villages + 1)),
            )
        )
    return tuple(towns)


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` in proportion to `weights`; the parts sum to `total` exactly."""
    whole = sum(weights)
    exact = [Fraction(total * weight, whole) for weight in weights]
    parts = [int(share) for share in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts
