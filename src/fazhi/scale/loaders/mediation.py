"""People's mediation (人民调解) of the synthetic province: committees, mediators and cases.

A committee in every village and town (人民调解法 art. 8) and two trade committees per county;
the cases they took up over the years covered, each with its ledger entry at the station of the
committee's region (kind `mediation`, as `mediations_record` writes it), and for a written
agreement its two parties and the agreement's content (arts. 28–29).
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from fazhi.core.bulkload import bulk_load
from fazhi.core.parameters import due_date_by_parameter
from fazhi.legalservice.models import (
    LegalService,
    Mediation,
    MediationAgreement,
    MediationCommittee,
    MediationParty,
    Mediator,
    ServiceStation,
)
from fazhi.legalservice.parameters import JUDICIAL_CONFIRMATION_DAYS
from fazhi.scale.loaders.common import (
    address_ciphertexts,
    days,
    id_people,
    person_names,
    phone_ciphertexts,
)
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

ESTABLISHED = datetime.date(2018, 1, 1)
# 人民调解法 art. 9: three-year terms; the members elected at the start of 2021 serve to 2023's end.
TERM_ENDS = datetime.date(2023, 12, 31)
TRADE_COMMITTEES = ("医疗纠纷人民调解委员会", "交通事故纠纷人民调解委员会")
# Shares of the cases by committee kind (the rest go to village committees).
# The station a committee's cases are entered at: the county centre for trade committees.
STATION_LEVEL = {"trade": "city", "town": "town", "village": "village"}
TRADE_SHARE = 0.04
TOWN_SHARE = 0.16
INTAKES = (
    ("application", 60),
    ("own_initiative", 30),
    ("court_referral", 5),
    ("police_referral", 5),
)
DISPUTES = (
    ("neighbour", 30),
    ("marriage_family", 24),
    ("contract", 10),
    ("damages", 10),
    ("labour", 8),
    ("land", 10),
    ("demolition", 3),
    ("medical", 2),
    ("other", 3),
)
OUTCOMES = (("written_agreement", 62), ("oral_agreement", 34), ("failed", 3), ("terminated", 1))
# A case received in the last days of the covered years may still be under way at their end.
LAST_DAY = days()[-1]
UNDER_WAY_FROM = LAST_DAY - datetime.timedelta(days=10)
TERMS = (
    "由一方于协议签订之日起十日内一次性支付另一方赔偿款",
    "双方按协议约定的界址各自管理使用，互不妨碍",
    "双方自愿和解，今后互不追究",
)


def load_committees(county: County, ids: CountyIds) -> int:
    """A committee in every village and town and the county's trade committees."""
    return bulk_load(
        MediationCommittee,
        ["name", "kind", "region", "established_on", "term_ends_on"],
        _committee_rows(county, ids),
    )


def _committee_rows(county: County, ids: CountyIds) -> Iterator[tuple[object, ...]]:
    for name in TRADE_COMMITTEES:
        yield (f"{county.name}{name}", "trade", ids.region, ESTABLISHED, TERM_ENDS)
    for town, town_id in zip(county.towns, ids.towns, strict=True):
        name = f"{county.name}{town.name}人民调解委员会"
        yield (name, "town", town_id, ESTABLISHED, TERM_ENDS)
        for number, village_id in enumerate(ids.villages_by_town[town_id], start=1):
            name = f"{county.name}{town.name}{number}村人民调解委员会"
            yield (name, "village", village_id, ESTABLISHED, TERM_ENDS)


@dataclass(frozen=True)
class _Committee:
    pk: int
    kind: str
    station: int


def _committees(county: County) -> list[_Committee]:
    """The county's committees, each with the station its cases are entered at (two queries)."""
    stations = {
        (region, level): pk
        for region, level, pk in ServiceStation.objects.filter(
            region__code__startswith=county.prefix
        ).values_list("region", "level", "pk")
    }
    return [
        _Committee(pk, kind, stations[(region, STATION_LEVEL[kind])])
        for pk, kind, region in MediationCommittee.objects.filter(
            region__code__startswith=county.prefix
        )
        .order_by("pk")
        .values_list("pk", "kind", "region")
    ]


def load_mediators(plan: ProvincePlan, county: County) -> int:
    """A chair, a vice-chair and one to three members per committee (art. 9)."""
    committees = _committees(county)
    return bulk_load(
        Mediator,
        ["committee", "name", "gender", "position", "full_time"],
        _mediator_rows(plan.rng("mediators", county.code), committees),
    )


def _mediator_rows(
    rng: random.Random, committees: list[_Committee]
) -> Iterator[tuple[object, ...]]:
    for committee in committees:
        positions = ["chair", "vice_chair"] + ["member"] * rng.randint(1, 3)
        for position, name in zip(positions, person_names(rng, len(positions)), strict=True):
            full_time = position == "chair" and committee.kind != "village"
            yield (committee.pk, name, rng.choice(("male", "female")), position, full_time)


@cache
def _confirmation_due() -> dict[datetime.date, datetime.date]:
    """The judicial-confirmation deadline (art. 33) from each day covered, looked up once."""
    return {day: due_date_by_parameter(JUDICIAL_CONFIRMATION_DAYS, day).due_on for day in days()}


def load_mediations(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` cases of the county's committees; the number of case rows."""
    committees = _committees(county)
    by_kind = {kind: [c for c in committees if c.kind == kind] for kind in STATION_LEVEL}
    mediators: dict[int, list[int]] = {}
    for pk, committee in Mediator.objects.filter(
        committee__in=[c.pk for c in committees]
    ).values_list("pk", "committee"):
        mediators.setdefault(committee, []).append(pk)
    due = _confirmation_due()
    return bulk_load(
        Mediation,
        [
            *("committee", "mediator", "intake", "dispute_type", "parties", "summary"),
            *("received_on", "outcome", "concluded_on", "confirmation_due_on"),
        ],
        _mediation_rows(plan.rng("mediations", county.code), by_kind, mediators, due, count),
    )


def _mediation_rows(
    rng: random.Random,
    by_kind: dict[str, list[_Committee]],
    mediators: dict[int, list[int]],
    due: dict[datetime.date, datetime.date],
    count: int,
) -> Iterator[tuple[object, ...]]:
    intakes = rng.choices([k for k, _ in INTAKES], [w for _, w in INTAKES], k=count)
    disputes = rng.choices([k for k, _ in DISPUTES], [w for _, w in DISPUTES], k=count)
    outcomes = rng.choices([k for k, _ in OUTCOMES], [w for _, w in OUTCOMES], k=count)
    received = rng.choices(days(), k=count)
    names = person_names(rng, 2 * count)
    labels = dict(Mediation.DisputeType.choices)
    for n in range(count):
        draw = rng.random()
        kind = (
            "trade"
            if draw < TRADE_SHARE
            else "town"
            if draw < TRADE_SHARE + TOWN_SHARE
            else "village"
        )
        committee = rng.choice(by_kind[kind])
        received_on = received[n]
        under_way = received_on > UNDER_WAY_FROM and rng.random() < 0.5
        outcome = "" if under_way else outcomes[n]
        concluded_on = (
            None
            if under_way
            else min(received_on + datetime.timedelta(days=rng.randint(0, 15)), LAST_DAY)
        )
        agreed = outcome in ("written_agreement", "oral_agreement")
        yield (
            committee.pk,
            rng.choice(mediators[committee.pk]),
            intakes[n],
            disputes[n],
            f"{names[2 * n]}、{names[2 * n + 1]}",
            f"双方因{labels[disputes[n]]}发生争执，申请调解。",
            received_on,
            outcome,
            concluded_on,
            due[concluded_on] if agreed and concluded_on else None,
        )


def load_entries(county: County, ids: CountyIds) -> int:
    """Each case's ledger entry (参与人民调解), as `mediations_record` writes it."""
    committees = {c.pk: c for c in _committees(county)}
    labels = dict(Mediation.DisputeType.choices)
    cases = list(
        Mediation.objects.filter(committee__in=list(committees))
        .order_by("pk")
        .values_list("pk", "committee", "received_on", "parties", "dispute_type")
    )
    return bulk_load(
        LegalService,
        ["station", "county", "kind", "served_on", "person_name", "subject", "mediation"],
        (
            (
                committees[committee].station,
                ids.region,
                "mediation",
                received_on,
                parties[:100],
                f"{labels[dispute]}调解",
                pk,
            )
            for pk, committee, received_on, parties, dispute in cases
        ),
    )


def _written(county: County) -> list[tuple[int, str, datetime.date]]:
    """(case, parties, agreement day) of the county's written agreements."""
    return [
        (pk, parties, concluded_on)
        for pk, parties, concluded_on in Mediation.objects.filter(
            committee__region__code__startswith=county.prefix, outcome="written_agreement"
        )
        .order_by("pk")
        .values_list("pk", "parties", "concluded_on")
        if concluded_on is not None  # a concluded case always has its day (the constraint)
    ]


def load_agreements(plan: ProvincePlan, county: County) -> int:
    """The two parties and the content of every written agreement; the rows written."""
    written = _written(county)
    rng = plan.rng("mediation_agreements", county.code)
    people, phones, addresses = id_people("mediation"), phone_ciphertexts(), address_ciphertexts()
    parties = bulk_load(
        MediationParty,
        ["mediation", "name", "gender", "id_number", "phone", "address"],
        (
            (pk, name, "male" if person.male else "female", person.id_number, phone, address)
            for pk, names, _ in written
            for name in names.split("、")
            for person, phone, address in [
                (rng.choice(people), rng.choice(phones), rng.choice(addresses))
            ]
        ),
        stored=["id_number", "phone", "address"],
    )
    return parties + bulk_load(
        MediationAgreement,
        ["mediation", "facts", "issues", "terms", "performance_method", "performance_due_on"],
        (
            (
                pk,
                f"{names}之间发生纠纷，经调解委员会调查核实。",
                "赔偿数额及履行方式",
                rng.choice(TERMS),
                "一次性履行",
                concluded_on + datetime.timedelta(days=10),
            )
            for pk, names, concluded_on in written
        ),
    )
