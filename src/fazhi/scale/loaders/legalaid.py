"""Legal-aid cases (法律援助案件) of the synthetic province: granted, assigned and mostly closed."""

import datetime
import random
from collections.abc import Iterator
from functools import cache

from fazhi.core.bulkload import bulk_load
from fazhi.core.crypto import blind_index, encrypt_text
from fazhi.legalservice.aid_models import LegalAidApplication
from fazhi.scale.loaders.common import days, person_names, phone_ciphertexts
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

# Rongcheng 2022: 1236 civil and 554 criminal cases of 1790.
KINDS = (("civil", 1236), ("criminal", 554))
MATTERS = {
    "civil": ("labour_pay", "maintenance", "personal_injury", "social_insurance", "other_civil"),
    "criminal": ("criminal_defence", "criminal_victim"),
}
CHANNELS = ("counter", "station", "online")
ASSIGNEES = (("lawyer", "律师事务所"), ("grassroots_worker", "基层法律服务所"))
LAST_DAY = datetime.date(2022, 12, 31)
PERSON_POOL = 8192
NAMES = [
    *("region", "county", "applicant_name", "id_number", "id_number_digest", "phone", "channel"),
    *("kind", "matter", "summary", "received_on", "eligibility", "decision", "decision_due_on"),
    *("decided_on", "days_to_decision", "assignment_due_on", "assignee_name", "assignee_kind"),
    *("assignee_org", "assigned_on", "closed_on", "closing_summary", "status"),
]


def load_cases(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    return bulk_load(
        LegalAidApplication,
        NAMES,
        _case_rows(plan, county, ids, count),
        stored=["id_number", "phone"],
    )


@cache
def _people() -> tuple[tuple[str, str], ...]:
    """A pool of synthetic ID numbers, encrypted once, with their blind indexes."""
    rng = random.Random("aid-people")
    people = []
    for _ in range(PERSON_POOL):
        number = (
            f"99{rng.randint(0, 9999):04d}19{rng.randint(50, 99)}0101{rng.randint(0, 999):03d}X"
        )
        people.append((encrypt_text(number), blind_index(number)))
    return tuple(people)


def _case_rows(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("legal_aid", county.code)
    kinds = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS], k=count)
    received = rng.choices(days(), k=count)
    names = person_names(rng, count)
    lawyers = person_names(rng, 64)
    people, phones = _people(), phone_ciphertexts()
    for n in range(count):
        kind, received_on = kinds[n], received[n]
        decided_on = received_on + datetime.timedelta(days=rng.randint(0, 6))
        assigned_on = decided_on + datetime.timedelta(days=rng.randint(0, 3))
        closed_on = assigned_on + datetime.timedelta(days=rng.randint(20, 240))
        closed = closed_on <= LAST_DAY
        assignee_kind, assignee_org = rng.choice(ASSIGNEES)
        id_number, digest = rng.choice(people)
        town = rng.choice(ids.towns)
        yield (
            rng.choice(ids.villages_by_town[town]),
            ids.region,
            names[n],
            id_number,
            digest,
            rng.choice(phones),
            rng.choice(CHANNELS),
            kind,
            rng.choice(MATTERS[kind]),
            "",
            received_on,
            "exempt" if kind == "criminal" else "income",
            "granted",
            received_on + datetime.timedelta(days=7),
            decided_on,
            (decided_on - received_on).days,
            decided_on + datetime.timedelta(days=3),
            rng.choice(lawyers),
            assignee_kind,
            f"{county.name}{assignee_org}",
            assigned_on,
            closed_on if closed else None,
            "已办结" if closed else "",
            "closed" if closed else "assigned",
        )
