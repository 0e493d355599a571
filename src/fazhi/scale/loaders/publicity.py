"""The publicity activity ledger (普法活动台账) of the synthetic province."""

from collections.abc import Iterator

from fazhi.core.bulkload import bulk_load
from fazhi.publicity.models import PublicityActivity
from fazhi.scale.loaders.common import days
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

# Venues in Rongcheng's 2022 proportions (2316 village, 6677 enterprise or school, 702 media).
VENUES = (("village", 2316), ("enterprise", 3500), ("school", 3177), ("media", 702))
AUDIENCE = {
    "village": "villagers",
    "enterprise": "business",
    "school": "youth",
    "media": "public",
}
VENUE_LABELS = {"village": "村居", "enterprise": "企业", "school": "校园", "media": "媒体"}
TOPICS = ("民法典", "安全生产法", "食品安全法", "反电信网络诈骗法", "宪法", "乡村振兴促进法")


def load_activities(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    return bulk_load(
        PublicityActivity,
        [
            *("region", "organization", "title", "venue", "held_on", "target_group", "online"),
            *("participants", "materials_distributed"),
        ],
        _activity_rows(plan, county, ids, count),
    )


def _activity_rows(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("publicity", county.code)
    venues = rng.choices([v for v, _ in VENUES], [w for _, w in VENUES], k=count)
    held = rng.choices(days(), k=count)
    units = rng.choices(ids.departments, k=count)
    topics = rng.choices(TOPICS, k=count)
    for n in range(count):
        venue = venues[n]
        town = rng.choice(ids.towns)
        region = rng.choice(ids.villages_by_town[town]) if venue == "village" else town
        yield (
            region,
            units[n],
            f"{topics[n]}宣传进{VENUE_LABELS[venue]}",
            venue,
            held[n],
            AUDIENCE[venue],
            venue == "media",
            rng.randint(20, 300),
            rng.randint(0, 500),
        )
