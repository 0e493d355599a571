"""The legal publicity chapter of the annual report (普法), computed from the ledgers.

How the activity figures relate. The 2022 report of 荣成 reads "共完成普法活动9695场次，其中村居
普法2316场次，企业、校园普法6677场次，媒体普法702场次", and 2316 + 6677 + 702 = 9695: its three
categories exhaust the total. Here every activity has exactly one venue, so the categories never
overlap and a venue is counted once:

- `publicity.activities` counts every activity held in the year, whatever its venue;
- `publicity.village_activities` (村居), `publicity.enterprise_school_activities` (企业 + 学校)
  and `publicity.media_activities` (媒体) count the activities of those venues.

The total equals the sum of the three exactly when the year's ledger holds no activity in an
agency (机关) or another venue (其他), as 荣成's 2022 ledger did (the demo records none there);
where it does, the total is larger and the report's "其中" still reads true. Online activities
are counted by venue like the others: a lecture streamed from a school is a school activity.

Campaign activities are activities of the same ledger that name a campaign, so they are part of
the total (the April 2022 campaign's 1000-odd activities are among the 9695), counted over every
campaign of the year; `publicity.campaign_departments` counts the distinct units that held at
least one of them. Case-explained-by-law episodes (以案释法) are a ledger of their own and are not
activities: the report counts them apart ("播发以案释法专题20多期").

`publicity.list_completion` is the share of the year's responsibility-list tasks done: per task
the activities held that year up to the planned count (holding more of one task does not make up
for another), summed over the region's tasks, against the sum of the planned counts, in %.
"""

from fazhi.core.figures import (
    Figure,
    FigureResult,
    ReportPart,
    register_chapter,
    register_figure,
)
from fazhi.core.models import Organization, Region
from fazhi.publicity.models import Venue
from fazhi.publicity.selectors import (
    activity_list_held,
    activity_list_in_campaigns,
    episode_list_published,
    list_completion_percent,
    task_list_of_year,
    task_progress,
)

CHAPTER = "publicity"


def activities(region: Region, year: int) -> FigureResult:
    """Publicity activities held in the year, every venue."""
    records = activity_list_held(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def _of_venues(region: Region, year: int, *venues: str) -> FigureResult:
    records = activity_list_held(region_prefix=region.prefix, year=year).filter(venue__in=venues)
    return FigureResult(records.count(), records)


def village_activities(region: Region, year: int) -> FigureResult:
    """Activities held in villages and communities (村居普法)."""
    return _of_venues(region, year, Venue.VILLAGE)


def enterprise_school_activities(region: Region, year: int) -> FigureResult:
    """Activities held in enterprises and schools (企业、校园普法), the report's one category."""
    return _of_venues(region, year, Venue.ENTERPRISE, Venue.SCHOOL)


def media_activities(region: Region, year: int) -> FigureResult:
    """Activities in the media (媒体普法)."""
    return _of_venues(region, year, Venue.MEDIA)


def campaign_departments(region: Region, year: int) -> FigureResult:
    """Distinct units that held at least one activity of the year's campaigns."""
    held = activity_list_in_campaigns(region_prefix=region.prefix, year=year)
    records = Organization.objects.filter(pk__in=held.values("organization_id")).order_by("pk")
    return FigureResult(records.count(), records)


def campaign_activities(region: Region, year: int) -> FigureResult:
    """Activities held under the year's campaigns."""
    records = activity_list_in_campaigns(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def case_episodes(region: Region, year: int) -> FigureResult:
    """Case-explained-by-law episodes published in the year (以案释法专题)."""
    records = episode_list_published(region_prefix=region.prefix, year=year)
    return FigureResult(records.count(), records)


def list_completion(region: Region, year: int) -> FigureResult:
    """Share of the planned list activities held, each task counted up to its plan, in %.

    None when the region has no list for the year.
    """
    progress = task_progress(region_prefix=region.prefix, year=year)
    return FigureResult(
        list_completion_percent(progress),
        task_list_of_year(region_prefix=region.prefix, year=year),
    )


def register_publicity_figures() -> None:
    register_chapter(CHAPTER, "普法宣传", part=ReportPart.MEASURES, order=40)
    for order, (key, label, unit, compute, is_rate) in enumerate(
        (
            ("publicity.activities", "开展普法活动", "场次", activities, False),
            ("publicity.village_activities", "开展村居普法", "场次", village_activities, False),
            (
                "publicity.enterprise_school_activities",
                "开展企业、校园普法",
                "场次",
                enterprise_school_activities,
                False,
            ),
            ("publicity.media_activities", "开展媒体普法", "场次", media_activities, False),
            (
                "publicity.campaign_departments",
                "参加集中普法宣传活动的部门单位",
                "家",
                campaign_departments,
                False,
            ),
            (
                "publicity.campaign_activities",
                "集中普法宣传活动开展法治宣传",
                "场次",
                campaign_activities,
                False,
            ),
            ("publicity.case_episodes", "播发以案释法专题", "期", case_episodes, False),
            ("publicity.list_completion", "普法责任清单完成率", "%", list_completion, True),
        ),
        start=1,
    ):
        register_figure(
            Figure(
                # Scans publicity activities (two million at province scale); rolled up (ADR 0013).
                rolled_up=True,
                key=key,
                label=label,
                lead="",
                unit=unit,
                chapter=CHAPTER,
                compute=compute,
                order=order,
                is_rate=is_rate,
            )
        )
