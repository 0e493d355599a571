"""Enforcement officers (行政执法人员), their certificates and the 2022 online exam.

Each county's departments keep their officers on the register; formal staff hold a certificate
(山东省行政执法监督条例 art. 10: contract, dispatched and temporary staff may not enforce) and
sit the county's 2022 exam of public law knowledge, as Rongcheng's 563 did: a paper drawn by the
exam service's own `paper_draw` from the seed of exam, candidate and attempt, so every generated
paper draws again the same (`paper_verify`), its answers saved and marked; 98% pass at the first
sitting, the others at their retake.
"""

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fazhi.core.bulkload import bulk_load
from fazhi.enforcement.demo.exams import BANK, RULES
from fazhi.enforcement.models import (
    FORMAL_STAFFING,
    Certificate,
    Exam,
    ExamRule,
    Officer,
    Paper,
    PaperAnswer,
    Question,
    StaffingType,
)
from fazhi.enforcement.selectors import question_pools
from fazhi.enforcement.services.exams import (
    TRUE_FALSE_OPTIONS,
    answer_is_correct,
    paper_draw,
    paper_seed,
)
from fazhi.scale.loaders.common import days, id_people, person_names
from fazhi.scale.loaders.regions import DEPARTMENTS, CountyIds
from fazhi.scale.plan import County, ProvincePlan

YEAR = 2022
EXAM_OPENS = datetime.datetime(YEAR, 9, 5, 0, 0, tzinfo=datetime.UTC)
SITTING_DAYS = 20
TIME_LIMIT_MINUTES = 60
PASS_MARK = 60
# Rongcheng 2022: 552 of 563 passed (98%); the 11 others passed their retake here.
FIRST_SITTING_PASS = 552 / 563
# Officers per department, relative: the big enforcers (market, urban, police) carry most.
DEPARTMENT_WEIGHTS = {
    "market": 14,
    "urban": 12,
    "police": 16,
    "natural-resources": 6,
    "ecology": 5,
    "housing": 5,
    "transport": 7,
    "agriculture": 6,
    "ocean": 4,
    "culture": 4,
    "health": 5,
    "emergency": 4,
    "education": 2,
    "labour": 3,
    "water": 3,
    "commerce": 2,
    "medical-insurance": 2,
}
STAFFING = (
    (StaffingType.ADMINISTRATIVE, 55),
    (StaffingType.CIVIL_SERVICE_MANAGED, 25),
    (StaffingType.INSTITUTION, 15),
    (StaffingType.CONTRACT, 3),
    (StaffingType.DISPATCHED, 2),
)
# Rongcheng posts 92 officers in its towns: about one in five.
POSTED_SHARE = 0.2
CERTIFICATE_YEARS = 5


def load_officers(plan: ProvincePlan, county: County, ids: CountyIds, count: int) -> int:
    """`count` officers over the county's enforcement departments."""
    return bulk_load(
        Officer,
        [
            *("name", "id_number", "id_number_digest", "organization", "staffing_type"),
            *("legal_qualification", "enforcement_field", "enforcement_area", "posted_region"),
        ],
        _officer_rows(plan, county, ids, count),
        stored=["id_number"],
    )


def _officer_rows(
    plan: ProvincePlan, county: County, ids: CountyIds, count: int
) -> Iterator[tuple[object, ...]]:
    rng = plan.rng("officers", county.code)
    slugs = [slug for slug, _ in DEPARTMENTS]
    weights = [DEPARTMENT_WEIGHTS[slug] for slug in slugs]
    sizes = dict.fromkeys(range(len(slugs)), 0)
    for index in rng.choices(range(len(slugs)), weights, k=count):
        sizes[index] += 1
    names = person_names(rng, count)
    pool = id_people("officers")
    n = 0
    for index, size in sizes.items():
        unit_name = DEPARTMENTS[index][1]
        # One register entry per person and department (enforcement_officer_once).
        for person in rng.sample(pool, size):
            staffing = rng.choices([s for s, _ in STAFFING], [w for _, w in STAFFING])[0]
            posted = rng.choice(ids.towns) if rng.random() < POSTED_SHARE else None
            yield (
                names[n],
                person.id_number,
                person.digest,
                ids.departments[index],
                staffing,
                rng.random() < 0.15,
                unit_name.removesuffix("局").removesuffix("分"),
                county.name,
                posted,
            )
            n += 1


@dataclass(frozen=True)
class _Officer:
    pk: int
    formal: bool


def _officers(ids: CountyIds) -> list[_Officer]:
    formal = {str(staffing) for staffing in FORMAL_STAFFING}
    return [
        _Officer(pk, staffing in formal)
        for pk, staffing in Officer.objects.filter(organization__in=ids.departments)
        .order_by("pk")
        .values_list("pk", "staffing_type")
    ]


def load_certificates(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """An issued certificate for each formal officer, reviewed each year since."""
    rng = plan.rng("certificates", county.code)
    holders = [officer.pk for officer in _officers(ids) if officer.formal]
    return bulk_load(
        Certificate,
        [
            *("officer", "number", "status", "applied_on", "issued_on", "valid_until"),
            *("last_reviewed_on", "next_review_due_on"),
        ],
        _certificate_rows(rng, county, holders),
    )


def _certificate_rows(
    rng: random.Random, county: County, holders: list[int]
) -> Iterator[tuple[object, ...]]:
    for n, officer in enumerate(holders, start=1):
        applied_on = rng.choice(days())
        issued_on = applied_on + datetime.timedelta(days=rng.randint(10, 30))
        reviewed = issued_on.year < YEAR
        last_reviewed_on = datetime.date(YEAR, rng.randint(1, 6), rng.randint(1, 28))
        yield (
            officer,
            f"{county.prefix}{n:06d}",
            Certificate.Status.ISSUED,
            applied_on,
            issued_on,
            issued_on.replace(year=issued_on.year + CERTIFICATE_YEARS, day=min(issued_on.day, 28)),
            last_reviewed_on if reviewed else None,
            (last_reviewed_on if reviewed else issued_on) + datetime.timedelta(days=365),
        )


def question_bank() -> int:
    """The bank of the demo's 60 questions, loaded once for the province; its rows written.

    A database that has questions already (the demo ran) keeps its own bank.
    """
    if Question.objects.exists():
        return 0
    categories = {label: value for value, label in Question.Category.choices}
    kinds = {label: value for value, label in Question.Kind.choices}
    rows = []
    for line in BANK.read_text(encoding="utf-8").splitlines()[1:]:
        category, kind, difficulty, stem, options, letters, explanation = line.split("\t")
        rows.append(
            (
                categories[category],
                kinds[kind],
                int(difficulty),
                stem,
                # The exam service gives true/false questions their two options.
                options.split("|") if options else TRUE_FALSE_OPTIONS,
                [ord(letter) - ord("A") for letter in letters],
                explanation,
            )
        )
    return bulk_load(
        Question,
        ["category", "kind", "difficulty", "stem", "options", "answer", "explanation"],
        rows,
    )


def load_exam(county: County) -> int:
    """The county's 2022 exam with the demo's paper rules; its rows written."""
    title = f"{YEAR}年度{county.name}行政执法人员公共法律知识考试"
    closes_at = EXAM_OPENS + datetime.timedelta(days=SITTING_DAYS + 5, hours=10)
    count = bulk_load(
        Exam,
        ["title", "opens_at", "closes_at", "time_limit_minutes", "pass_mark", "retakes_allowed"],
        [(title, EXAM_OPENS, closes_at, TIME_LIMIT_MINUTES, PASS_MARK, 1)],
    )
    exam = Exam.objects.filter(title=title).values_list("pk", flat=True).get()
    return count + bulk_load(
        ExamRule,
        ["exam", "category", "difficulty", "count", "points"],
        [(exam, rule.category, rule.difficulty, rule.count, rule.points) for rule in RULES],
    )


def _exam_of(county: County) -> Exam:
    return Exam.objects.get(title=f"{YEAR}年度{county.name}行政执法人员公共法律知识考试")


def load_candidates(county: County, ids: CountyIds) -> int:
    """Every formal officer of the county is a candidate of its exam."""
    exam = _exam_of(county)
    return bulk_load(
        Exam.candidates.through,
        ["exam", "officer"],
        ((exam.pk, officer.pk) for officer in _officers(ids) if officer.formal),
    )


def load_papers(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """One paper for each candidate, a second for those who failed the first; marked."""
    exam = _exam_of(county)
    rules = list(exam.rules.order_by("pk"))
    high_water = Question.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    keys = {(rule.category, rule.difficulty) for rule in rules}
    pools = question_pools(keys=keys, high_water=high_water, at=exam.opens_at)
    candidates = [officer.pk for officer in _officers(ids) if officer.formal]
    return bulk_load(
        Paper,
        [
            *("exam", "candidate", "attempt", "seed", "bank_high_water", "question_ids"),
            *("option_orders", "points", "status", "started_at", "deadline_at", "submitted_at"),
            *("score", "passed"),
        ],
        _paper_rows(plan.rng("papers", county.code), exam, rules, pools, high_water, candidates),
    )


def _paper_rows(
    rng: random.Random,
    exam: Exam,
    rules: Sequence[ExamRule],
    pools: dict[tuple[str, int], list[Question]],
    high_water: int,
    candidates: list[int],
) -> Iterator[tuple[object, ...]]:
    total = sum(rule.count * rule.points for rule in rules)
    for candidate in candidates:
        failed_first = rng.random() > FIRST_SITTING_PASS
        for attempt in (1, 2) if failed_first else (1,):
            seed = paper_seed(exam_id=exam.pk, candidate_id=candidate, attempt=attempt)
            drawn = paper_draw(rules=rules, pools=pools, seed=seed)
            # Marks in steps of one question's points: a fail below the mark, a pass at or above.
            step = drawn.points[0]
            passing = not (failed_first and attempt == 1)
            low, high = (PASS_MARK, total) if passing else (PASS_MARK - 5 * step, PASS_MARK - 1)
            score = rng.randint(low // step + (low % step > 0), high // step) * step
            day = rng.randrange(SITTING_DAYS) + (attempt - 1) * 3
            started_at = exam.opens_at + datetime.timedelta(days=day, hours=rng.randint(1, 9))
            deadline_at = started_at + datetime.timedelta(minutes=exam.time_limit_minutes)
            yield (
                exam.pk,
                candidate,
                attempt,
                seed,
                high_water,
                drawn.question_ids,
                drawn.option_orders,
                drawn.points,
                Paper.Status.MARKED,
                started_at,
                deadline_at,
                started_at + datetime.timedelta(minutes=rng.randint(25, 55)),
                score,
                score >= exam.pass_mark,
            )


def load_answers(plan: ProvincePlan, county: County) -> int:
    """Each paper's answers as last saved, right ones adding up to its score."""
    exam = _exam_of(county)
    questions = Question.objects.in_bulk()
    papers = [
        (pk, question_ids, points, score or 0, submitted_at or exam.closes_at)
        for pk, question_ids, points, score, submitted_at in exam.papers.order_by("pk").values_list(
            "pk", "question_ids", "points", "score", "submitted_at"
        )
    ]
    return bulk_load(
        PaperAnswer,
        ["paper", "question", "chosen", "saved_at", "is_correct"],
        _answer_rows(plan.rng("answers", county.code), papers, questions),
    )


def _answer_rows(
    rng: random.Random,
    papers: Sequence[tuple[int, list[int], list[int], int, datetime.datetime]],
    questions: dict[int, Question],
) -> Iterator[tuple[object, ...]]:
    for paper, question_ids, points, score, submitted_at in papers:
        right = set(rng.sample(range(len(question_ids)), score // points[0]))
        saved_at = submitted_at - datetime.timedelta(minutes=len(question_ids))
        for position, question_id in enumerate(question_ids):
            question = questions[question_id]
            chosen = list(question.answer) if position in right else _wrong(question, rng)
            yield (
                paper,
                question_id,
                chosen,
                saved_at + datetime.timedelta(minutes=position),
                answer_is_correct(question, chosen),
            )


def _wrong(question: Question, rng: random.Random) -> list[int]:
    """A wrong answer: one right option left out of a multiple choice, else another option."""
    if question.kind == Question.Kind.MULTIPLE:
        return sorted(question.answer)[1:]
    return [rng.choice([i for i in range(len(question.options)) if i not in question.answer])]
