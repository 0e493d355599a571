"""Contracts (行政机关合同) of the synthetic province: signed, filed, performing or performed.

Government contracts pass the justice bureau's legality review before signing; major ones (a
million yuan or more here) are discussed collectively first; every contract is filed with the
bureau within the filing limit of the rule parameters, counted from signing.
"""

import datetime
import random
from decimal import Decimal

from fazhi.contracts.models import Contract
from fazhi.contracts.parameters import FILING_DAYS, LEGALITY_REVIEW_DAYS
from fazhi.core.bulkload import bulk_load
from fazhi.core.models import Enterprise
from fazhi.scale.loaders.common import days, person_names
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.loaders.reviews import PlannedReview, deadline, load_reviews, review_plan
from fazhi.scale.plan import County, ProvincePlan

# Rongcheng 2022: 31 government contracts reviewed, 274 department contracts filed.
CATEGORIES = (("government", 31), ("department", 274))
TYPES = {
    "government": (
        ("state_assets", "国有资产租赁合同", 3),
        ("natural_resources", "国有建设用地使用权出让合同", 3),
        ("concession", "污水处理特许经营协议", 1),
        ("expropriation", "房屋征收补偿协议", 2),
        ("investment_promotion", "招商引资项目投资协议", 2),
        ("procurement", "政府采购合同", 4),
    ),
    "department": (
        ("procurement", "办公设备采购合同", 8),
        ("service", "物业服务合同", 5),
        ("lease", "办公用房租赁合同", 2),
        ("technology", "信息系统运维技术服务合同", 1),
        ("entrustment", "法律顾问委托合同", 2),
        ("other", "合作协议", 1),
    ),
}
MAJOR_AMOUNT = 1_000_000
# Share of counterparties who are natural persons (a lease, an expropriation agreement).
PERSON_SHARE = 0.1
MATERIALS = ("draft", "counterparty_qualification", "approval", "credit_investigation")
LAST_DAY = days()[-1]
LEAD_DAYS = 60
NAMES = [
    *("category", "region", "organization", "party", "handling_officer", "number", "title"),
    *("contract_type", "amount", "counterparty_kind", "counterparty_name", "counterparty_uscc"),
    *("counterparty_enterprise", "is_major", "uses_model_text", "status", "collective_meeting"),
    *("collective_discussed_on", "collective_outcome", "signed_on", "effective_on", "expiry_on"),
    *("filing_due_on", "filing_due_provisional", "filed_on", "filed_on_time", "completed_on"),
]


def load_contracts(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` contracts of the county."""
    rows, _ = _planned(plan, county, ids, count)
    return bulk_load(Contract, NAMES, rows)


def load_reviews_of(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """The legality reviews of the county's government contracts (after `load_contracts`)."""
    _, reviews = _planned(plan, county, ids, count)
    numbers = dict(Contract.objects.filter(region=ids.region).values_list("number", "pk"))
    return load_reviews(
        Contract,
        "contract",
        ids.region,
        [numbers[number] for number, _ in reviews],
        [review for _, review in reviews],
    )


def _planned(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> tuple[list[tuple[object, ...]], list[tuple[str, PlannedReview]]]:
    """The county's contract rows and reviews, the same on each call."""
    enterprises = list(
        Enterprise.objects.filter(uscc__startswith=f"91{county.prefix}")
        .order_by("pk")
        .values_list("pk", "name", "uscc")
    )
    return _contracts(plan.rng("contracts", county.code), county, ids, enterprises, count)


def _contracts(
    rng: random.Random,
    county: County,
    ids: CountyIds,
    enterprises: list[tuple[int, str, str]],
    count: int,
) -> tuple[list[tuple[object, ...]], list[tuple[str, PlannedReview]]]:
    categories = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES], k=count)
    starts = rng.choices(days()[:-LEAD_DAYS], k=count)
    officers, people = person_names(rng, 32), person_names(rng, 256)
    rows: list[tuple[object, ...]] = []
    reviews: list[tuple[str, PlannedReview]] = []
    for n in range(count):
        category = categories[n]
        types = TYPES[category]
        kind, title, _ = rng.choices(types, [w for *_, w in types])[0]
        unit = rng.choice([ids.bureau, *ids.departments])
        number = f"{county.prefix}HT{n + 1:06d}"
        amount = Decimal(rng.randint(1_000_000, 300_000_000)) / 100
        major = amount >= MAJOR_AMOUNT
        ready = starts[n]
        if category == "government":
            review = review_plan(
                rng,
                title=title,
                organization=unit,
                materials=MATERIALS,
                submitted_on=ready,
                max_days=LEGALITY_REVIEW_DAYS,
            )
            reviews.append((number, review))
            ready = review.concluded_on
        discussed = ready + datetime.timedelta(days=rng.randint(1, 5)) if major else None
        signed = (discussed or ready) + datetime.timedelta(days=rng.randint(1, 15))
        expiry = signed + datetime.timedelta(days=rng.randint(180, 1095))
        filing = deadline(FILING_DAYS, signed)
        filed = signed + datetime.timedelta(days=rng.randint(0, 8))
        completed = expiry <= LAST_DAY
        if enterprises and rng.random() >= PERSON_SHARE:
            enterprise, name, code = rng.choice(enterprises)
            counterparty: tuple[object, ...] = ("organization", name, code, enterprise)
        else:
            counterparty = ("natural_person", rng.choice(people), "", None)
        rows.append(
            (
                category,
                ids.region,
                unit,
                ids.government if category == "government" else unit,
                rng.choice(officers),
                number,
                title,
                kind,
                amount,
                *counterparty,
                major,
                rng.random() < 0.6,
                "completed" if completed else "performing",
                "党组会议" if major else "",
                discussed,
                "同意签订" if major else "",
                signed,
                signed,
                expiry,
                filing.due_on,
                filing.provisional,
                filed,
                filed <= filing.due_on,
                expiry if completed else None,
            )
        )
    return rows, reviews
