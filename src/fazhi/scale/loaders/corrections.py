"""Community corrections (社区矫正) and resettlement (安置帮教) of the synthetic province.

Subjects received by the towns' judicial offices since 2019, each under supervision for its term
and released at its end (社区矫正法 art. 44); their 2022 location checks, the judicial offices'
own three a week (Rongcheng's practice) and the county's platform spot checks (45 in 2022, about
49 subjects each); released prisoners handed over and in their five-year support period.
"""

import datetime
import random
from collections.abc import Iterator, Sequence

from fazhi.core.bulkload import bulk_load
from fazhi.corrections.models import (
    CorrectionSubject,
    LocationCheck,
    LocationSpotCheck,
    ReleasedPerson,
)
from fazhi.scale.loaders.common import (
    address_ciphertexts,
    days,
    id_people,
    moment,
    person_names,
    phone_ciphertexts,
)
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

YEAR = 2022
FIRST_DAY = datetime.date(YEAR, 1, 1)
LAST_DAY = datetime.date(YEAR, 12, 31)
CATEGORIES = (("probation", 80), ("parole", 8), ("temporary_outside", 7), ("control", 5))
CRIMES = ("危险驾驶罪", "盗窃罪", "诈骗罪", "故意伤害罪", "帮助信息网络犯罪活动罪", "交通肇事罪")
LEVELS = (("strict", 10), ("normal", 60), ("lenient", 30))
# 社区矫正法 art. 20: the decision body notifies within 5 days; the subject reports within 10.
NOTICE_DAYS = 5
REPORT_DAYS = 10
# The judicial offices check every subject's location three times a week: Mon, Wed, Fri.
CHECK_WEEKDAYS = (0, 2, 4)
CHECK_RESULTS = (("in_area", 980), ("out_of_area", 10), ("unreachable", 10))
# Rongcheng 2022 (840 villages): 45 platform spot checks covering 2,200 person-times.
SPOT_CHECKS_PER_VILLAGE = 45 / 840
SPOT_CHECK_SUBJECTS = 49
PRISONS = ("山东省第一监狱", "山东省潍北监狱", "山东省女子监狱", "山东省鲁南监狱")
# 2022 report: the key persons are brought home by the prison or fetched by the town.
ESCORTED = ("prison_delivered", "office_collected")
UNESCORTED = ("family_collected", "self_returned")
SUPPORT_YEARS = 5


def load_subjects(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    return bulk_load(
        CorrectionSubject,
        [
            *("name", "id_number", "id_number_digest", "phone", "address", "gender"),
            *("birth_date", "category", "crime", "sentence", "decision_authority"),
            *("decision_number", "decision_effective_on", "term_start", "term_end", "region"),
            *("office", "notice_due_on", "notice_received_on", "documents_due_on"),
            *("documents_received_on", "report_due_on", "reported_on", "registered_on"),
            *("announced_on", "level", "ended_on", "end_reason", "release_certificate_number"),
            "status",
        ],
        _subject_rows(plan, county, ids, count),
        stored=["id_number", "phone", "address"],
    )


def _subject_rows(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("correction_subjects", county.code)
    names = person_names(rng, count)
    categories = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES], k=count)
    levels = rng.choices([c for c, _ in LEVELS], [w for _, w in LEVELS], k=count)
    people, phones, addresses = id_people("corrections"), phone_ciphertexts(), address_ciphertexts()
    for n in range(count):
        person = rng.choice(people)
        town = rng.randrange(len(ids.towns))
        effective_on = rng.choice(days())
        reported_on = effective_on + datetime.timedelta(days=rng.randint(1, REPORT_DAYS))
        months = rng.randint(6, 36)
        term_end = reported_on + datetime.timedelta(days=months * 30)
        released = term_end <= LAST_DAY
        yield (
            names[n],
            person.id_number,
            person.digest,
            rng.choice(phones),
            rng.choice(addresses),
            "male" if person.male else "female",
            person.birth_date,
            categories[n],
            rng.choice(CRIMES),
            f"有期徒刑{max(months // 2, 6)}个月，缓刑{months}个月",
            f"{county.name}人民法院",
            f"（{effective_on.year}）鲁{county.prefix[2:]}刑初{n + 1}号",
            effective_on,
            reported_on,
            term_end,
            rng.choice(ids.villages_by_town[ids.towns[town]]),
            ids.judicial_offices[town],
            effective_on + datetime.timedelta(days=NOTICE_DAYS),
            effective_on + datetime.timedelta(days=rng.randint(1, NOTICE_DAYS)),
            effective_on + datetime.timedelta(days=NOTICE_DAYS),
            effective_on + datetime.timedelta(days=rng.randint(1, NOTICE_DAYS)),
            effective_on + datetime.timedelta(days=REPORT_DAYS),
            reported_on,
            reported_on,
            reported_on,
            levels[n],
            term_end if released else None,
            "expiry" if released else "",
            f"{county.prefix}JZ{n + 1:06d}" if released else "",
            "released" if released else "supervised",
        )


def _in_2022(ids: CountyIds) -> list[tuple[int, int, datetime.date, datetime.date]]:
    """(subject, office, first, last day under supervision in 2022) of the county's subjects."""
    return [
        (pk, office, max(start, FIRST_DAY), min(end, LAST_DAY))
        for pk, office, start, end in CorrectionSubject.objects.filter(
            office__in=ids.judicial_offices, term_start__lte=LAST_DAY, term_end__gte=FIRST_DAY
        )
        .order_by("pk")
        .values_list("pk", "office", "term_start", "term_end")
    ]


def _weekly_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [
        first + datetime.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + datetime.timedelta(days=n)).weekday() in CHECK_WEEKDAYS
    ]


def load_checks(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """Up to `count` of the judicial offices' 2022 checks: at most half the days due.

    The rows written, which are fewer than `count` when the county has too few subjects.
    """
    subjects = _in_2022(ids)
    return bulk_load(
        LocationCheck,
        ["subject", "office", "kind", "planned_on", "performed_at", "result", "place", "source"],
        _check_rows(plan.rng("location_checks", county.code), county, subjects, count),
    )


def _check_rows(
    rng: random.Random,
    county: County,
    subjects: Sequence[tuple[int, int, datetime.date, datetime.date]],
    count: int,
) -> Iterator[tuple[object, ...]]:
    if not subjects:
        return
    due = {pk: _weekly_days(first, last) for pk, _, first, last in subjects}
    count = min(count, sum(len(dates) for dates in due.values()) // 2)
    results = rng.choices([r for r, _ in CHECK_RESULTS], [w for _, w in CHECK_RESULTS], k=count)
    seen: set[tuple[int, datetime.date]] = set()
    while len(seen) < count:
        subject, office, _, _ = rng.choice(subjects)
        if not due[subject]:
            continue
        planned_on = rng.choice(due[subject])
        if (subject, planned_on) in seen:  # one scheduled check a subject and day
            continue
        result = results[len(seen)]
        seen.add((subject, planned_on))
        yield (
            subject,
            office,
            "scheduled",
            planned_on,
            moment(planned_on, rng),
            result,
            county.name if result != "unreachable" else "",
            "手机定位",
        )


def spot_check_count(county: County) -> int:
    return max(1, round(county.weight * SPOT_CHECKS_PER_VILLAGE))


def load_spot_checks(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """The county's 2022 platform spot checks and one check row per subject they covered."""
    rng = plan.rng("spot_checks", county.code)
    subjects = _in_2022(ids)
    checks = []
    for _ in range(spot_check_count(county)):
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(365))
        active = [s for s in subjects if s[2] <= day <= s[3]]
        covered = rng.sample(active, min(SPOT_CHECK_SUBJECTS, len(active)))
        checks.append((moment(day, rng), covered))
    count = bulk_load(
        LocationSpotCheck,
        ["region", "organization", "performed_at", "note", "subjects_covered"],
        [(ids.region, ids.bureau, at, "手机定位平台抽查", len(covered)) for at, covered in checks],
    )
    spot_ids = list(
        LocationSpotCheck.objects.filter(organization=ids.bureau)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return count + bulk_load(
        LocationCheck,
        [
            *("subject", "office", "kind", "spot_check", "planned_on", "performed_at"),
            *("result", "place", "source"),
        ],
        (
            (subject, office, "spot", spot, at.date(), at, "in_area", county.name, "定位平台")
            for spot, (at, covered) in zip(spot_ids, checks, strict=True)
            for subject, office, _, _ in covered
        ),
    )


def load_released(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    return bulk_load(
        ReleasedPerson,
        [
            *("region", "name", "gender", "id_number", "id_number_digest", "phone", "address"),
            *("prison", "offence", "sentence", "release_on", "notice_received_on"),
            *("notice_due_on", "is_key", "key_reason", "residence_verified_on"),
            *("residence_confirmed", "handover_method", "handed_over_on", "handover_staff"),
            *("report_due_on", "reported_on", "first_visit_due_on", "risk_level"),
            *("risk_assessed_on", "support_team", "support_until", "status"),
        ],
        _released_rows(plan, county, ids, count),
        stored=["id_number", "phone", "address"],
    )


def _released_rows(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("released", county.code)
    names = person_names(rng, count)
    staff = person_names(rng, 32)
    people, phones, addresses = id_people("released"), phone_ciphertexts(), address_ciphertexts()
    for n in range(count):
        person = rng.choice(people)
        release_on = rng.choice(days())
        is_key = rng.random() < 0.1
        handed_over_on = release_on
        reported_on = handed_over_on + datetime.timedelta(days=rng.randint(0, 7))
        town = rng.choice(ids.towns)
        yield (
            rng.choice(ids.villages_by_town[town]),
            names[n],
            "male" if person.male else "female",
            person.id_number,
            person.digest,
            rng.choice(phones),
            rng.choice(addresses),
            rng.choice(PRISONS),
            rng.choice(CRIMES),
            f"有期徒刑{rng.randint(1, 10)}年",
            release_on,
            release_on - datetime.timedelta(days=rng.randint(25, 40)),
            release_on - datetime.timedelta(days=30),
            is_key,
            "有重新违法犯罪风险" if is_key else "",
            release_on - datetime.timedelta(days=rng.randint(5, 20)),
            True,
            rng.choice(ESCORTED if is_key else ESCORTED + UNESCORTED),
            handed_over_on,
            f"{rng.choice(staff)}、{rng.choice(staff)}",
            handed_over_on + datetime.timedelta(days=7),
            reported_on,
            reported_on + datetime.timedelta(days=7),
            "high" if is_key else rng.choice(("medium", "low", "low")),
            release_on - datetime.timedelta(days=10),
            f"{rng.choice(staff)}、{rng.choice(staff)}、{rng.choice(staff)}",
            release_on.replace(year=release_on.year + SUPPORT_YEARS, day=min(release_on.day, 28)),
            "in_support",
        )
