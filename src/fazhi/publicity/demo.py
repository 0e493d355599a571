"""The publicity app's part of the Rongcheng demo: 荣成's 2022 publicity ledger.

Built through the services, acting as each unit's legal officer (core.demo.demo_legal_officer)
and the bureau (core.demo.demo_bureau_user): every department, functional zone and town issues
its 2022 responsibility list, then records its year's activities in one all-or-nothing batch
(the service behind the Excel import). Deterministic (random.Random with a fixed seed); a
second run adds nothing.

The 2022 report for 371082 then computes (2022 report, part (四)): 9695 activities, of them
2316 in villages, 6677 in enterprises and schools, 702 in the media; the April campaign
"创优营商环境 推进高质量发展" with 52 units and 1046 activities (among the 9695); 23 episodes of
以案释法.
"""

import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable

from django.db import transaction

from fazhi.core.audit import audit_batch
from fazhi.core.demo import (
    DEPARTMENTS,
    FUNCTIONAL_ZONES,
    TOWNS,
    demo_bureau_user,
    demo_legal_officer,
)
from fazhi.core.models import Organization, Region
from fazhi.publicity.models import Campaign, ResponsibilityTask, TargetGroup, Venue
from fazhi.publicity.services import (
    ActivityRow,
    TaskRow,
    activities_record,
    campaign_create,
    episode_record,
    responsibility_list_issue,
)

Log = Callable[[str], None]
COUNTY_CODE = "371082000000"
YEAR = 2022

# Venues of the year's activities outside the campaign, and of the campaign's (企业、社区、商超:
# the report's "下沉企业、社区、商超一线"; a supermarket counts as an enterprise).
OUTSIDE_CAMPAIGN = {
    Venue.VILLAGE: 1926,
    Venue.ENTERPRISE: 3356,
    Venue.SCHOOL: 2665,
    Venue.MEDIA: 702,
}
IN_CAMPAIGN = {Venue.VILLAGE: 390, Venue.ENTERPRISE: 656}
CAMPAIGN_UNITS = 52
EPISODES = 23

# The list task each venue's activities answer, and the group it reaches.
TASKS: dict[str, tuple[str, str]] = {
    Venue.VILLAGE: ("开展法律进乡村、进社区宣传", TargetGroup.VILLAGERS),
    Venue.ENTERPRISE: ("开展法律进企业宣传，服务法治化营商环境", TargetGroup.BUSINESS),
    Venue.SCHOOL: ("开展法律进学校宣传，加强青少年法治教育", TargetGroup.YOUTH),
    Venue.MEDIA: ("利用报刊、广播电视和新媒体开展普法宣传", TargetGroup.PUBLIC),
}
TOPICS = [
    "民法典",
    "安全生产法",
    "传染病防治法",
    "反电信网络诈骗法",
    "山东省优化营商环境条例",
    "未成年人保护法",
    "宪法",
    "消费者权益保护法",
    "食品安全法",
    "道路交通安全法",
    "劳动合同法",
    "海洋环境保护法",
]
VENUE_PHRASES: dict[str, str] = {
    Venue.VILLAGE: "走进{place}村居开展{topic}宣传",
    Venue.ENTERPRISE: "走进{place}企业开展{topic}宣讲",
    Venue.SCHOOL: "{place}校园{topic}法治课",
    Venue.MEDIA: "{topic}新媒体普法",
}
MEDIA_SITE = "https://fazhi.rongcheng.example/media"
OUTLETS = ["荣成电视台《法治进万家》", "视频号“荣律师说法”"]
CASES = [
    ("民间借贷纠纷", "借款未约定利息，出借人事后主张利息，法院依民法典第六百八十条不予支持。"),
    ("网络诈骗", "以“刷单返利”为名骗取钱款，犯罪嫌疑人被依法追究刑事责任。"),
    ("劳动报酬", "用人单位拖欠农民工工资，经劳动监察责令限期支付。"),
    ("安全生产", "企业未按规定开展隐患排查，被依法责令整改并处罚款。"),
    ("相邻关系", "村民建房影响邻居通行，经人民调解达成协议。"),
    ("食品安全", "商户销售过期食品，被依法没收并处罚款。"),
]


def _date_in(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class _Plan:
    """Who holds which activity, before anything is written."""

    def __init__(self, rng: random.Random, units: list[Organization]) -> None:
        self.rng = rng
        self.units = units
        self.towns = [unit for unit in units if unit.kind == Organization.Kind.TOWN_GOVERNMENT]
        self.departments = [unit for unit in units if unit not in self.towns]
        # unit pk -> [(venue, held_on, in campaign)]
        self.activities: dict[int, list[tuple[str, datetime.date, bool]]] = defaultdict(list)

    def _weights(self, venue: str) -> list[int]:
        weights = []
        for unit in self.units:
            is_town = unit in self.towns
            if venue == Venue.VILLAGE:
                weights.append(4 if is_town else 1)
            elif venue == Venue.SCHOOL:
                weights.append(12 if unit.code == "education" else (2 if is_town else 1))
            elif venue == Venue.MEDIA:
                weights.append(6 if unit.code == "justice" else (1 if is_town else 2))
            else:
                weights.append(2 if is_town else 3)
        return weights

    def outside_campaign(self) -> None:
        first, last = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
        for venue, count in OUTSIDE_CAMPAIGN.items():
            holders = self.rng.choices(self.units, weights=self._weights(venue), k=count)
            for unit in holders:
                self.activities[unit.pk].append((venue, _date_in(self.rng, first, last), False))

    def in_campaign(self, campaign: Campaign) -> None:
        joined = self.rng.sample(self.units, CAMPAIGN_UNITS)
        venues = [venue for venue, count in IN_CAMPAIGN.items() for _ in range(count)]
        self.rng.shuffle(venues)
        # Every unit that joined holds at least one activity; the rest go to any of them.
        holders = joined + self.rng.choices(joined, k=len(venues) - len(joined))
        for unit, venue in zip(holders, venues, strict=True):
            held_on = _date_in(self.rng, campaign.starts_on, campaign.ends_on)
            self.activities[unit.pk].append((venue, held_on, True))


def _issue_list(
    unit: Organization, planned: Counter[str], rng: random.Random
) -> dict[str, ResponsibilityTask]:
    """The unit's 2022 list: one task per venue it works in.

    Each task is planned a little above or below what the unit will hold.
    """
    venues = [venue for venue in TASKS if planned[venue]]
    responsibility_list = responsibility_list_issue(
        acting_user=demo_legal_officer(unit.code),
        organization=unit,
        year=YEAR,
        title=f"{unit.short_name or unit.name}{YEAR}年度普法责任清单",
        issued_on=datetime.date(YEAR, 2, rng.randint(8, 28)),
        tasks=[
            TaskRow(
                content=TASKS[venue][0],
                target_group=TASKS[venue][1],
                planned_count=max(1, round(planned[venue] * rng.uniform(0.95, 1.12))),
            )
            for venue in venues
        ],
    )
    tasks = ResponsibilityTask.objects.filter(
        responsibility_list=responsibility_list
    ).select_related("responsibility_list")
    by_number = {task.number: task for task in tasks}
    return {venue: by_number[number] for number, venue in enumerate(venues, start=1)}


def _rows_of(
    unit: Organization,
    held: list[tuple[str, datetime.date, bool]],
    tasks: dict[str, ResponsibilityTask],
    campaign: Campaign,
    town_regions: list[Region],
    rng: random.Random,
) -> list[ActivityRow]:
    rows = []
    for venue, held_on, in_campaign in sorted(held, key=lambda item: item[1]):
        town = None
        if venue != Venue.MEDIA:
            town = (
                unit.region if unit.region.level == Region.Level.TOWN else rng.choice(town_regions)
            )
        place = town.name if town is not None else ""
        rows.append(
            ActivityRow(
                title=VENUE_PHRASES[venue].format(place=place, topic=rng.choice(TOPICS)),
                venue=venue,
                held_on=held_on,
                target_group=TASKS[venue][1],
                town=town,
                task=None if in_campaign else tasks[venue],
                campaign=campaign if in_campaign else None,
                online=venue == Venue.MEDIA or rng.random() < 0.05,
                participants=0 if venue == Venue.MEDIA else rng.randint(15, 260),
                materials_distributed=0 if venue == Venue.MEDIA else rng.randint(0, 300),
                media_link=(
                    f"{MEDIA_SITE}/{held_on:%Y%m%d}-{rng.randint(1000, 9999)}"
                    if venue == Venue.MEDIA
                    else ""
                ),
            )
        )
    return rows


def _episodes(bureau: Organization, rng: random.Random) -> None:
    acting_user = demo_bureau_user()
    for index in range(EPISODES):
        subject, summary = CASES[index % len(CASES)]
        offset = datetime.timedelta(days=15 * index + rng.randint(0, 4))
        published_on = datetime.date(YEAR, 1, 12) + offset
        episode_record(
            acting_user=acting_user,
            organization=bureau,
            title=f"以案释法第{index + 1}期：{subject}",
            outlet=OUTLETS[index % len(OUTLETS)],
            published_on=published_on,
            case_summary=summary,
        )


@transaction.atomic
def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过普法")
        return
    if Campaign.objects.filter(region=county).exists():
        log("普法数据已存在，跳过")
        return
    codes = [code for code, _name, _enforcement in DEPARTMENTS]
    codes += [code for code, _name in FUNCTIONAL_ZONES]
    codes += [f"town-{slug}" for _code, _name, slug in TOWNS]
    by_code = {
        unit.code: unit
        for unit in Organization.objects.filter(code__in=codes).select_related("region")
    }
    units = [by_code[code] for code in codes]
    town_regions = list(
        Region.objects.filter(code__in=[code for code, _n, _s in TOWNS]).order_by("code")
    )
    rng = random.Random(20224)
    with audit_batch():
        campaign = campaign_create(
            acting_user=demo_bureau_user(),
            organization=by_code["justice"],
            title="“创优营商环境 推进高质量发展”集中普法宣传活动",
            theme="疫情防控、安全生产、减证便民",
            starts_on=datetime.date(YEAR, 4, 1),
            ends_on=datetime.date(YEAR, 4, 30),
        )
        plan = _Plan(rng, units)
        plan.outside_campaign()
        plan.in_campaign(campaign)
        for unit in units:
            held = plan.activities[unit.pk]
            if not held:
                continue
            planned = Counter(venue for venue, _day, in_campaign in held if not in_campaign)
            tasks = _issue_list(unit, planned, rng) if planned else {}
            activities_record(
                acting_user=demo_legal_officer(unit.code),
                organization=unit,
                rows=_rows_of(unit, held, tasks, campaign, town_regions, rng),
            )
        _episodes(by_code["justice"], rng)
    total = sum(len(held) for held in plan.activities.values())
    log(
        f"{YEAR}年：普法活动{total}场次，集中普法宣传活动{sum(IN_CAMPAIGN.values())}场次"
        f"({CAMPAIGN_UNITS}家单位)，以案释法专题{EPISODES}期"
    )
