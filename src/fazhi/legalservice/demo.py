"""The legal-service app's part of the Rongcheng demo: 荣成's network and its 2022 ledgers.

Built through the batch services (all or nothing, the services behind the Excel imports), acting
as the bureau (core.demo.demo_bureau_user) for the network, the city centre and the parks, and as
each town's staff (core.demo.demo_legal_officer) for the town's liaisons, committees, services
and mediations. Deterministic (random.Random with fixed seeds); a second run adds nothing.

The 2022 report for 371082 then computes (2022 report, part (四) 二, and (二) 三): 22 town
stations; 840 villages with a room and an adviser (780 at the end of 2021); 2 park stations with
516 services; 3360 legal liaisons; 7968 services in all ("近8000"), of them 3126 consultations,
2500 mediations, 214 documents drafted and 166 governance opinions, the other 1962 other services.
Legal aid: aid_demo.py (1790 cases in 2022, 1236 civil and 554 criminal).

Beyond the report's figures: 400 performance follow-ups of 2022's agreements (the others await
one), 24 written agreements with their parties and content (their 协议书 can be drawn up), and
the liaisons' trainings and activities, all through the services the pages use.
"""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from stdnum.cn import ric

from fazhi.core.audit import audit_batch
from fazhi.core.demo import COUNTY_CODE, TOWNS, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Region
from fazhi.legalservice.aid_demo import build_legal_aid_demo
from fazhi.legalservice.liaison_services import (
    ActivityRow,
    TrainingRow,
    liaison_activities_record,
    liaison_trainings_record,
)
from fazhi.legalservice.mediation_services import (
    AgreementRow,
    PartyRow,
    mediation_agreement_record,
    mediation_follow_up_record,
    mediation_party_add,
)
from fazhi.legalservice.models import (
    AGREEMENT_OUTCOMES,
    LegalLiaison,
    LegalService,
    LiaisonActivity,
    Mediation,
    MediationCommittee,
    MediationFollowUp,
    MediationParty,
    Mediator,
    ServiceStation,
    VillageAdviser,
)
from fazhi.legalservice.services import (
    AdviserRow,
    CommitteeRow,
    LiaisonRow,
    MediationRow,
    MemberRow,
    ServiceRow,
    StationRow,
    advisers_appoint,
    committees_create,
    legal_services_record,
    liaisons_register,
    mediations_record,
    stations_create,
)

Log = Callable[[str], None]
YEAR = 2022
FIRST_DAY = datetime.date(YEAR, 1, 1)
LAST_DAY = datetime.date(YEAR, 12, 31)

VILLAGE_ROOMS_NEW_IN_2022 = 60
LIAISONS_PER_VILLAGE = 4
MEDIATIONS = 2500
FOLLOW_UPS = 400
AGREEMENT_DOCUMENTS = 24
TRAININGS_PER_TOWN = 12
ACTIVITIES_PER_TOWN = 30
TRAINING_TOPICS = [
    "民法典婚姻家庭编",
    "人民调解实务",
    "土地承包法律知识",
    "宪法学习",
    "反家庭暴力法",
    "矛盾纠纷排查化解技巧",
]
ACTIVITY_NOTES = [
    "排查邻里纠纷，已报告村调委会",
    "在村广场开展民法典宣传",
    "引导村民到村公共法律服务工作室咨询",
    "协助调解员化解宅基地纠纷",
    "入户讲解赡养义务",
]
# Ledger entries other than mediations: (kind, channel) → count, for the town and village
# network and for the two park stations ("500余人次").
NETWORK_SERVICES: dict[tuple[str, str], int] = {
    (LegalService.Kind.CONSULTATION, LegalService.Channel.WALK_IN): 1630,
    (LegalService.Kind.CONSULTATION, LegalService.Channel.PHONE): 906,
    (LegalService.Kind.CONSULTATION, LegalService.Channel.ONLINE): 380,
    (LegalService.Kind.DOCUMENT, ""): 188,
    (LegalService.Kind.GOVERNANCE_OPINION, ""): 166,
    (LegalService.Kind.OTHER, ""): 1682,
}
PARK_SERVICES: dict[tuple[str, str], int] = {
    (LegalService.Kind.CONSULTATION, LegalService.Channel.WALK_IN): 96,
    (LegalService.Kind.CONSULTATION, LegalService.Channel.ONLINE): 114,
    (LegalService.Kind.DOCUMENT, ""): 26,
    (LegalService.Kind.OTHER, ""): 280,
}
PARKS = [
    ("荣成市科技创业园法律服务站", "荣成市科技创业园服务中心一楼", datetime.date(YEAR, 3, 15)),
    (
        "荣成市服务外包产业园法律服务站",
        "荣成市服务外包产业园综合楼二楼",
        datetime.date(YEAR, 5, 10),
    ),
]
TRADE_COMMITTEES = [
    "荣成市医疗纠纷人民调解委员会",
    "荣成市劳动争议人民调解委员会",
    "荣成市道路交通事故纠纷人民调解委员会",
]
SUBJECTS: dict[str, list[str]] = {
    LegalService.Kind.CONSULTATION: [
        "婚姻家庭",
        "继承",
        "土地承包",
        "劳动报酬",
        "民间借贷",
        "房屋买卖",
        "交通事故赔偿",
        "工伤认定",
        "合同履行",
        "赡养老人",
    ],
    LegalService.Kind.DOCUMENT: ["民事起诉状", "答辩状", "劳动仲裁申请书", "遗嘱", "借款协议"],
    LegalService.Kind.GOVERNANCE_OPINION: [
        "村集体土地发包方案",
        "村规民约修订",
        "村集体资产租赁合同",
        "征地补偿分配方案",
        "村务公开制度",
    ],
    LegalService.Kind.OTHER: [
        "惠企政策推送",
        "企业法律事务审查",
        "劳资纠纷化解指导",
        "安全生产法律指引",
        "协助办理法律援助手续",
        "公证事项办理指引",
    ],
}
DISPUTE_WEIGHTS = {
    Mediation.DisputeType.NEIGHBOUR: 30,
    Mediation.DisputeType.MARRIAGE_FAMILY: 24,
    Mediation.DisputeType.CONTRACT: 10,
    Mediation.DisputeType.DAMAGES: 10,
    Mediation.DisputeType.LABOUR: 8,
    Mediation.DisputeType.LAND: 10,
    Mediation.DisputeType.DEMOLITION: 3,
    Mediation.DisputeType.MEDICAL: 2,
    Mediation.DisputeType.OTHER: 3,
}
OUTCOME_WEIGHTS = {
    Mediation.Outcome.WRITTEN_AGREEMENT: 62,
    Mediation.Outcome.ORAL_AGREEMENT: 34,
    Mediation.Outcome.FAILED: 3,
    Mediation.Outcome.TERMINATED: 1,
}
SURNAMES = "王张李刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
GIVEN_NAMES = ["建国", "秀兰", "志强", "海燕", "明", "丽", "伟", "静", "军", "红梅", "国庆", "春华"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _phone(rng: random.Random) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"


def _day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _id_number(rng: random.Random) -> str:
    birth = datetime.date(rng.randint(1955, 1995), rng.randint(1, 12), rng.randint(1, 28))
    body = f"371082{birth:%Y%m%d}{rng.randint(100, 999)}"
    return body + ric.calc_check_digit(body + "0")


class _Network:
    """The county, its towns and villages, and the stations once set up."""

    def __init__(self, county: Region) -> None:
        self.county = county
        self.towns = list(
            Region.objects.filter(code__in=[code for code, _n, _s in TOWNS]).order_by("code")
        )
        self.villages_of: dict[int, list[Region]] = defaultdict(list)
        for village in Region.objects.filter(
            level=Region.Level.VILLAGE, code__startswith=county.prefix
        ).order_by("code"):
            self.villages_of[village.parent_id or 0].append(village)
        self.slug_of = {code: slug for code, _name, slug in TOWNS}
        self.centre: ServiceStation | None = None
        self.parks: list[ServiceStation] = []
        self.town_station: dict[int, ServiceStation] = {}
        self.room: dict[int, ServiceStation] = {}

    def villages(self) -> list[Region]:
        return [village for town in self.towns for village in self.villages_of[town.pk]]

    def officer_of(self, town: Region) -> object:
        return demo_legal_officer(f"town-{self.slug_of[town.code]}")


def _build_stations(network: _Network, rng: random.Random) -> None:
    hours = "工作日 8:30—12:00，13:30—17:30"
    rows = [
        StationRow(
            level=ServiceStation.Level.CITY,
            name="荣成市公共法律服务中心",
            region=network.county,
            address="荣成市崖头街道成山大道168号",
            opening_hours=hours,
            staff="王明、李静、张伟",
            phone="0631-12348",
            established_on=datetime.date(2018, 6, 1),
        )
    ]
    rows += [
        StationRow(
            level=ServiceStation.Level.PARK,
            name=name,
            region=network.county,
            address=address,
            opening_hours=hours,
            staff=f"{_name(rng)}、{_name(rng)}",
            established_on=established_on,
        )
        for name, address, established_on in PARKS
    ]
    rows += [
        StationRow(
            level=ServiceStation.Level.TOWN,
            name=f"{town.name}公共法律服务工作站",
            region=town,
            address=f"荣成市{town.name}综治中心",
            opening_hours=hours,
            staff=f"{_name(rng)}、{_name(rng)}",
            established_on=datetime.date(2019, rng.randint(3, 12), rng.randint(1, 28)),
        )
        for town in network.towns
    ]
    villages = network.villages()
    new_in_2022 = set(rng.sample(range(len(villages)), VILLAGE_ROOMS_NEW_IN_2022))
    rows += [
        StationRow(
            level=ServiceStation.Level.VILLAGE,
            name=f"{village.name}公共法律服务工作室",
            region=village,
            address=f"{village.name}党群服务中心",
            opening_hours="每周二、周五 9:00—11:30",
            staff=_name(rng),
            established_on=(
                _day(rng, datetime.date(YEAR, 1, 4), datetime.date(YEAR, 6, 30))
                if index in new_in_2022
                else _day(rng, datetime.date(2020, 3, 1), datetime.date(2021, 11, 30))
            ),
        )
        for index, village in enumerate(villages)
    ]
    for station in stations_create(acting_user=demo_bureau_user(), rows=rows):
        if station.level == ServiceStation.Level.CITY:
            network.centre = station
        elif station.level == ServiceStation.Level.PARK:
            network.parks.append(station)
        elif station.level == ServiceStation.Level.TOWN:
            network.town_station[station.region_id] = station
        else:
            network.room[station.region_id] = station


def _build_advisers(network: _Network, rng: random.Random) -> None:
    """One adviser per village; each lawyer or legal worker serves a dozen villages or so."""
    advisers = [
        (_name(rng), VillageAdviser.Profession.LAWYER, workplace)
        for workplace in ("山东荣成正义律师事务所", "山东海岬律师事务所")
        for _ in range(24)
    ] + [
        (_name(rng), VillageAdviser.Profession.GRASSROOTS_WORKER, f"荣成市{town.name}法律服务所")
        for town in network.towns
    ]
    rows = []
    for index, village in enumerate(network.villages()):
        name, profession, workplace = advisers[index % len(advisers)]
        room = network.room[village.pk]
        rows.append(
            AdviserRow(
                village=village,
                name=name,
                profession=profession,
                workplace=workplace,
                term_start=max(room.established_on, datetime.date(2021, 1, 1)),
                term_end=datetime.date(2023, 12, 31),
            )
        )
    advisers_appoint(acting_user=demo_bureau_user(), rows=rows)


def _build_liaisons(network: _Network, rng: random.Random) -> int:
    sources = list(LegalLiaison.Source.values)
    weights = [20, 10, 15, 15, 15, 12, 8, 3, 2]
    used: set[str] = set()
    total = 0
    for town in network.towns:
        rows = []
        for village in network.villages_of[town.pk]:
            for _ in range(LIAISONS_PER_VILLAGE):
                id_number = _id_number(rng)
                while id_number in used:
                    id_number = _id_number(rng)
                used.add(id_number)
                selected_on = _day(rng, datetime.date(2021, 3, 1), datetime.date(YEAR, 9, 30))
                trained = rng.random() < 0.92
                rows.append(
                    LiaisonRow(
                        village=village,
                        name=_name(rng),
                        id_number=id_number,
                        source=rng.choices(sources, weights=weights)[0],
                        selected_on=selected_on,
                        phone=_phone(rng),
                        trained_on=(
                            selected_on + datetime.timedelta(days=rng.randint(7, 60))
                            if trained
                            else None
                        ),
                    )
                )
        total += len(liaisons_register(acting_user=network.officer_of(town), rows=rows))
    return total


def _members(rng: random.Random, size: int) -> list[MemberRow]:
    positions = [Mediator.Position.CHAIR, Mediator.Position.VICE_CHAIR]
    positions += [Mediator.Position.MEMBER] * (size - 2)
    return [
        MemberRow(
            name=_name(rng),
            # 人民调解法 art. 8: a woman among the members; the second seat is hers here.
            gender=Mediator.Gender.FEMALE if number == 1 else rng.choice(Mediator.Gender.values),
            position=position,
            full_time=position == Mediator.Position.CHAIR and rng.random() < 0.3,
        )
        for number, position in enumerate(positions)
    ]


def _build_committees(network: _Network, rng: random.Random) -> dict[str, list[MediationCommittee]]:
    """A committee for every village and town, and the city's trade committees."""
    committees: dict[str, list[MediationCommittee]] = defaultdict(list)
    for town in network.towns:
        rows = [
            CommitteeRow(
                name=f"{town.name}人民调解委员会",
                kind=MediationCommittee.Kind.TOWN,
                region=town,
                established_on=datetime.date(2020, 1, 6),
                members=_members(rng, rng.randint(5, 9)),
            )
        ] + [
            CommitteeRow(
                name=f"{village.name}人民调解委员会",
                kind=MediationCommittee.Kind.VILLAGE,
                region=village,
                established_on=datetime.date(2020, 1, 6),
                members=_members(rng, rng.randint(3, 5)),
            )
            for village in network.villages_of[town.pk]
        ]
        for committee in committees_create(acting_user=network.officer_of(town), rows=rows):
            committees[committee.kind].append(committee)
    trade_rows = [
        CommitteeRow(
            name=name,
            kind=MediationCommittee.Kind.TRADE,
            region=network.county,
            established_on=datetime.date(2020, 1, 6),
            members=_members(rng, 5),
        )
        for name in TRADE_COMMITTEES
    ]
    committees[MediationCommittee.Kind.TRADE] = committees_create(
        acting_user=demo_bureau_user(), rows=trade_rows
    )
    return committees


def _mediation_row(
    committee: MediationCommittee, station: ServiceStation, rng: random.Random
) -> MediationRow:
    received_on = _day(rng, max(FIRST_DAY, station.established_on), LAST_DAY)
    dispute_type = rng.choices(list(DISPUTE_WEIGHTS), weights=list(DISPUTE_WEIGHTS.values()))[0]
    under_way = received_on > datetime.date(YEAR, 12, 20) and rng.random() < 0.5
    outcome = (
        ""
        if under_way
        else rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
    )
    concluded_on = (
        None
        if under_way
        else min(received_on + datetime.timedelta(days=rng.randint(0, 15)), LAST_DAY)
    )
    return MediationRow(
        committee=committee,
        station=station,
        intake=rng.choices(list(Mediation.Intake.values), weights=[60, 30, 5, 5])[0],
        dispute_type=dispute_type,
        parties=f"{_name(rng)}、{_name(rng)}",
        summary=f"双方因{Mediation.DisputeType(dispute_type).label}发生争执，申请调解。",
        received_on=received_on,
        outcome=outcome,
        concluded_on=concluded_on,
    )


def _build_mediations(
    network: _Network, committees: dict[str, list[MediationCommittee]], rng: random.Random
) -> None:
    by_town: dict[str, list[MediationRow]] = defaultdict(list)
    trade_rows: list[MediationRow] = []
    village_committees = committees[MediationCommittee.Kind.VILLAGE]
    town_committees = committees[MediationCommittee.Kind.TOWN]
    assert network.centre is not None
    for _ in range(MEDIATIONS):
        draw = rng.random()
        if draw < 0.04:
            committee = rng.choice(committees[MediationCommittee.Kind.TRADE])
            trade_rows.append(_mediation_row(committee, network.centre, rng))
            continue
        if draw < 0.2:
            committee = rng.choice(town_committees)
            station = network.town_station[committee.region_id]
        else:
            committee = rng.choice(village_committees)
            station = network.room[committee.region_id]
        by_town[committee.region.code[:9]].append(_mediation_row(committee, station, rng))
    for town in network.towns:
        rows = sorted(by_town[town.code[:9]], key=lambda row: row.received_on)
        mediations_record(acting_user=network.officer_of(town), rows=rows)
    mediations_record(
        acting_user=demo_bureau_user(),
        rows=sorted(trade_rows, key=lambda row: row.received_on),
    )


def _officer_for(network: _Network, region: Region) -> object:
    town = next((town for town in network.towns if region.code.startswith(town.prefix)), None)
    return demo_bureau_user() if town is None else network.officer_of(town)


def _follow_up_result(rng: random.Random) -> str:
    return rng.choices(list(Mediation.Performance.values), weights=[82, 11, 7])[0]


def _build_follow_ups(network: _Network, rng: random.Random) -> int:
    """Follow-ups of some of 2022's agreements (人民调解法 art. 31), the rest left to follow up."""
    agreements = list(
        Mediation.objects.filter(
            outcome__in=AGREEMENT_OUTCOMES, concluded_on__year=YEAR
        ).select_related("committee__region")
    )
    for mediation in rng.sample(agreements, min(FOLLOW_UPS, len(agreements))):
        assert mediation.concluded_on is not None
        followed_up_on = mediation.concluded_on + datetime.timedelta(days=rng.randint(7, 45))
        result = _follow_up_result(rng)
        confirmable = (
            mediation.confirmation_due_on is not None
            and followed_up_on <= mediation.confirmation_due_on
        )
        advice = (
            ""
            if result == Mediation.Performance.FULL
            else MediationFollowUp.Advice.JUDICIAL_CONFIRMATION
            if confirmable
            else MediationFollowUp.Advice.LITIGATION
        )
        mediation_follow_up_record(
            acting_user=_officer_for(network, mediation.committee.region),
            mediation_id=mediation.pk,
            followed_up_on=followed_up_on,
            result=result,
            advice=advice,
            note="电话回访" if rng.random() < 0.6 else "上门回访",
        )
    return min(FOLLOW_UPS, len(agreements))


def _party(name: str, village: str, rng: random.Random) -> PartyRow:
    return PartyRow(
        name=name,
        gender=rng.choice(MediationParty.Gender.values),
        id_number=_id_number(rng),
        address=f"荣成市{village}{rng.randint(1, 120)}号",
        phone=_phone(rng),
    )


def _build_agreement_documents(network: _Network, rng: random.Random) -> int:
    """Parties and content of some written agreements, so their 协议书 can be drawn up."""
    written = list(
        Mediation.objects.filter(
            outcome=Mediation.Outcome.WRITTEN_AGREEMENT,
            concluded_on__year=YEAR,
            committee__kind=MediationCommittee.Kind.VILLAGE,
        )
        .select_related("committee__region")
        .order_by("pk")
    )
    chosen = rng.sample(written, min(AGREEMENT_DOCUMENTS, len(written)))
    for mediation in chosen:
        assert mediation.concluded_on is not None
        officer = _officer_for(network, mediation.committee.region)
        first, second = mediation.parties.split("、")[:2]
        for name in (first, second):
            mediation_party_add(
                acting_user=officer,
                mediation_id=mediation.pk,
                row=_party(name, mediation.committee.region.name, rng),
            )
        mediation_agreement_record(
            acting_user=officer,
            mediation_id=mediation.pk,
            row=AgreementRow(
                facts=mediation.summary,
                issues=f"{mediation.get_dispute_type_display()}引起的责任承担和补偿数额。",
                terms=f"{first}向{second}支付补偿款{rng.randint(5, 80) * 100}元。\n"
                "双方就本纠纷再无其他争议。",
                performance_method="现金一次性支付",
                performance_due_on=mediation.concluded_on
                + datetime.timedelta(days=rng.randint(5, 30)),
            ),
        )
    return len(chosen)


def _build_liaison_records(network: _Network, rng: random.Random) -> tuple[int, int]:
    """Trainings of some liaisons (the first on their 培训日期) and activities in their villages."""
    trainings = activities = 0
    for town in network.towns:
        liaisons = list(
            LegalLiaison.objects.filter(village__code__startswith=town.prefix)
            .select_related("village")
            .order_by("pk")
        )
        trained = [liaison for liaison in liaisons if liaison.trained_on is not None]
        training_rows = [
            TrainingRow(
                liaison=liaison,
                trained_on=day,
                hours=Decimal(rng.choice([2, 3, 4])),
                topic=rng.choice(TRAINING_TOPICS),
            )
            for liaison in rng.sample(trained, min(TRAININGS_PER_TOWN, len(trained)))
            for day in [liaison.trained_on]
            if day is not None
        ]
        activity_rows = [
            ActivityRow(
                liaison=liaison,
                held_on=_day(rng, max(FIRST_DAY, liaison.selected_on), LAST_DAY),
                kind=rng.choices(list(LiaisonActivity.Kind.values), weights=[35, 30, 20, 10, 5])[0],
                note=rng.choice(ACTIVITY_NOTES),
            )
            for liaison in rng.sample(liaisons, min(ACTIVITIES_PER_TOWN, len(liaisons)))
        ]
        officer = network.officer_of(town)
        trainings += len(liaison_trainings_record(acting_user=officer, rows=training_rows))
        activities += len(liaison_activities_record(acting_user=officer, rows=activity_rows))
    return trainings, activities


def _service_rows(
    plan: dict[tuple[str, str], int], stations: list[ServiceStation], rng: random.Random
) -> list[tuple[ServiceStation, ServiceRow]]:
    rows = []
    for (kind, channel), count in plan.items():
        if kind == LegalService.Kind.GOVERNANCE_OPINION:
            holders = [s for s in stations if s.level == ServiceStation.Level.VILLAGE]
        else:
            holders = stations
        for station in rng.choices(holders, k=count):
            subject = rng.choice(SUBJECTS[kind])
            rows.append(
                (
                    station,
                    ServiceRow(
                        station=station,
                        kind=kind,
                        channel=channel,
                        served_on=_day(rng, max(FIRST_DAY, station.established_on), LAST_DAY),
                        person_name=_name(rng),
                        person_phone=_phone(rng) if rng.random() < 0.6 else "",
                        subject=subject,
                        outcome="已解答" if kind == LegalService.Kind.CONSULTATION else "已办结",
                    ),
                )
            )
    return rows


def _build_services(network: _Network, rng: random.Random) -> None:
    assert network.centre is not None
    local = [network.centre, *network.town_station.values(), *network.room.values()]
    by_town: dict[str, list[ServiceRow]] = defaultdict(list)
    bureau_rows: list[ServiceRow] = []
    for station, row in _service_rows(NETWORK_SERVICES, local, rng):
        if station.level == ServiceStation.Level.CITY:
            bureau_rows.append(row)
        else:
            by_town[station.region.code[:9]].append(row)
    bureau_rows += [row for _station, row in _service_rows(PARK_SERVICES, network.parks, rng)]
    for town in network.towns:
        rows = sorted(by_town[town.code[:9]], key=lambda row: row.served_on)
        legal_services_record(acting_user=network.officer_of(town), rows=rows)
    legal_services_record(
        acting_user=demo_bureau_user(), rows=sorted(bureau_rows, key=lambda row: row.served_on)
    )


@transaction.atomic
def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过公共法律服务")
        return
    if ServiceStation.objects.filter(region=county, level=ServiceStation.Level.CITY).exists():
        log("公共法律服务数据已存在，跳过")
        return
    network = _Network(county)
    with audit_batch():
        _build_stations(network, random.Random(12348))
        _build_advisers(network, random.Random(12349))
        liaisons = _build_liaisons(network, random.Random(12350))
        committees = _build_committees(network, random.Random(12351))
        _build_mediations(network, committees, random.Random(12352))
        _build_services(network, random.Random(12353))
        follow_ups = _build_follow_ups(network, random.Random(12354))
        documents = _build_agreement_documents(network, random.Random(12355))
        trainings, activities = _build_liaison_records(network, random.Random(12356))
    log(
        f"站点：公共法律服务中心1个、镇街工作站{len(network.town_station)}个、"
        f"村居工作室{len(network.room)}个、园区法律服务站{len(network.parks)}个"
    )
    log(f"村居法律顾问{len(network.room)}名（每村一名），法律明白人{liaisons}名")
    services = sum(NETWORK_SERVICES.values()) + sum(PARK_SERVICES.values()) + MEDIATIONS
    log(f"{YEAR}年：法律服务{services}件次，其中人民调解{MEDIATIONS}件")
    log(f"履行回访{follow_ups}次，可制作协议书的书面调解协议{documents}件")
    log(f"法律明白人培训{trainings}人次、活动{activities}次")
    with audit_batch():
        build_legal_aid_demo(county, log)
