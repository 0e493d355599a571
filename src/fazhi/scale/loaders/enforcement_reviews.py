"""Each county's enforcement supervision and quarterly case-file reviews of 2022.

As Rongcheng's (`enforcement.demo.supervision`, `.reviews`), scaled by the county's weight where
Rongcheng's figure is a count of things done (its 840 villages are weight 840): the invited
supervisors appointed in March 2022 and the enterprise contact points; special and routine
on-site visits to departments, two invited supervisors along on each (accompanying visits need
a joint inspection, which the data set has not); the bureau's review standard (Rongcheng's
2021 rubric), twelve closed case files per enforcement department, and four quarterly batches
drawing two files from each of nine departments, each file scored by two invited supervisors,
the problems found sent in a rectification notice per department and rectified.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fazhi.core.bulkload import bulk_load
from fazhi.core.models import Enterprise
from fazhi.enforcement.demo.reviews import CASE_TITLES, NOTES, RUBRIC_2021
from fazhi.enforcement.demo.supervision import CATEGORIES, UNITS
from fazhi.enforcement.models import (
    BatchFile,
    BatchReviewer,
    CaseFile,
    CaseType,
    ContactPoint,
    Grade,
    InvitedSupervisor,
    ItemResult,
    Problem,
    RectificationNotice,
    ReviewBatch,
    RubricItem,
    RubricVersion,
    ScoreSheet,
    SupervisionVisit,
    SupervisorParticipation,
)
from fazhi.scale.loaders.common import person_names, phone_ciphertexts
from fazhi.scale.loaders.enforcement_training import per_county
from fazhi.scale.loaders.regions import CountyIds
from fazhi.scale.plan import County, ProvincePlan

YEAR = 2022
D = datetime.date
TERM_START = D(YEAR, 3, 1)
TERM_END = D(2027, 2, 28)
# Rongcheng 2022: 20 supervisors, 5 contact points, 12 departments supervised on site.
SUPERVISORS = len(CATEGORIES)
CONTACT_POINTS = 5
DEPARTMENTS_SUPERVISED = 12
FILES_PER_DEPARTMENT = 12
DEPARTMENTS_PER_BATCH = 9
FILES_DRAWN = 2
REVIEWERS = 2
PROBLEMS_PER_FILE = (1, 5)
VETO_SHARE = 0.03
EXCELLENT_FROM = Decimal(90)
PASS_FROM = Decimal(60)
QUARTERS = (
    (1, D(YEAR, 3, 7), D(2021, 12, 1), D(YEAR, 2, 28)),
    (2, D(YEAR, 6, 6), D(YEAR, 3, 1), D(YEAR, 5, 31)),
    (3, D(YEAR, 9, 5), D(YEAR, 6, 1), D(YEAR, 8, 31)),
    (4, D(YEAR, 12, 1), D(YEAR, 9, 1), D(YEAR, 11, 30)),
)


# Supervision ----------------------------------------------------------------------------------


def load_supervisors(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """The invited supervisors of the March 2022 batch, at least the two a review needs."""
    rng = plan.rng("invited-supervisors", county.code)
    count = max(REVIEWERS, per_county(SUPERVISORS, county))
    names = person_names(rng, count)
    phones = phone_ciphertexts()
    # Lawyers first: they score the case files.
    categories = sorted(CATEGORIES, key=lambda category: category != "lawyer")
    return bulk_load(
        InvitedSupervisor,
        [
            *("region", "batch_year", "batch_announcement", "category", "name", "unit"),
            *("phone", "term_start", "term_end"),
        ],
        (
            (
                ids.region,
                YEAR,
                f"{county.name}司法局关于公开选聘特邀行政执法监督员的公告",
                categories[n % len(categories)],
                names[n],
                UNITS[categories[n % len(categories)]],
                rng.choice(phones),
                TERM_START,
                TERM_END,
            )
            for n in range(count)
        ),
        stored=["phone"],
    )


def _supervisors(ids: CountyIds) -> list[int]:
    return list(
        InvitedSupervisor.objects.filter(region=ids.region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def load_contact_points(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """Enterprises of the county designated as supervision contact points."""
    enterprises = list(
        Enterprise.objects.filter(region__code__startswith=county.prefix)
        .order_by("uscc")
        .values_list("pk", flat=True)[: per_county(CONTACT_POINTS, county)]
    )
    names = person_names(plan.rng("contact-points", county.code), len(enterprises))
    return bulk_load(
        ContactPoint,
        ["region", "enterprise", "designated_on", "contact_person"],
        (
            (ids.region, enterprise, D(YEAR, 4, 1 + n % 28), f"{names[n][0]}经理")
            for n, enterprise in enumerate(enterprises)
        ),
    )


def load_visits(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """Special and routine visits, one department each, with two invited supervisors along.

    Returns the rows of the visits, their departments and supervisors and the participations.
    """
    rng = plan.rng("supervision-visits", county.code)
    supervisors = _supervisors(ids)
    count = min(len(ids.departments), per_county(DEPARTMENTS_SUPERVISED, county))
    departments = rng.sample(ids.departments, count)
    subjects = {
        SupervisionVisit.Kind.SPECIAL: "行政处罚案卷及执法程序专项监督",
        SupervisionVisit.Kind.ROUTINE: "行政执法日常监督",
    }
    kinds = [
        SupervisionVisit.Kind.SPECIAL if n % 2 == 0 else SupervisionVisit.Kind.ROUTINE
        for n in range(count)
    ]
    days = [D(YEAR, 3, 10) + datetime.timedelta(days=24 * n % 290) for n in range(count)]
    written = bulk_load(
        SupervisionVisit,
        ["region", "kind", "visited_on", "subject", "findings"],
        (
            (
                ids.region,
                kinds[n],
                days[n],
                f"{subjects[kinds[n]]}（第{n + 1}次）",
                "部分案卷送达回证不全、裁量说理不充分" if n < count // 3 else "",
            )
            for n in range(count)
        ),
    )
    visits = list(
        SupervisionVisit.objects.filter(region=ids.region)
        .order_by("pk")
        .values_list("pk", "visited_on")
    )
    along = [(visit, day, rng.sample(supervisors, REVIEWERS)) for visit, day in visits]
    written += bulk_load(
        SupervisionVisit.departments.through,
        ["supervisionvisit", "organization"],
        ((visit, department) for (visit, _), department in zip(visits, departments, strict=True)),
    )
    written += bulk_load(
        SupervisionVisit.invited_supervisors.through,
        ["supervisionvisit", "invitedsupervisor"],
        ((visit, supervisor) for visit, _, chosen in along for supervisor in chosen),
    )
    return written + bulk_load(
        SupervisorParticipation,
        ["supervisor", "activity", "took_part_on", "visit", "description"],
        (
            (supervisor, SupervisorParticipation.Activity.VISIT, day, visit, "参加执法监督检查")
            for visit, day, chosen in along
            for supervisor in chosen
        ),
    )


# Case-file review -----------------------------------------------------------------------------


def load_rubric(county: County, ids: CountyIds) -> int:
    """The county's review standard: Rongcheng's 2021 rubric, in force from 2021."""
    count = bulk_load(
        RubricVersion,
        ["region", "name", "effective_from", "excellent_from", "pass_from", "note"],
        [
            (
                ids.region,
                f"{county.name}行政执法案卷评查标准（2021年版）",
                D(2021, 1, 1),
                EXCELLENT_FROM,
                PASS_FROM,
                "否决项任一项不符合的为不合格案卷；评分项每处扣分，扣完该项分值为止。",
            )
        ],
    )
    version = RubricVersion.objects.filter(region=ids.region).values_list("pk", flat=True)[0]
    return count + bulk_load(
        RubricItem,
        ["version", "kind", "code", "title", "max_points", "deduction", "order"],
        (
            (version, row.kind, row.code, row.title, row.max_points, row.deduction, order)
            for order, row in enumerate(RUBRIC_2021, start=1)
        ),
    )


def load_case_files(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """Twelve closed case files per enforcement department, from December 2021 on."""
    rng = plan.rng("case-files", county.code)
    types = [CaseType.PENALTY] * 3 + [CaseType.COERCION, CaseType.LICENSING]
    return bulk_load(
        CaseFile,
        ["organization", "case_number", "case_type", "title", "closed_on"],
        (
            (
                department,
                f"{county.name[:4]}{number + 1:02d}罚〔{year}〕{index + 1:03d}号",
                rng.choice(types),
                rng.choice(CASE_TITLES),
                D(year, month, rng.randint(1, 28)),
            )
            for number, department in enumerate(ids.departments)
            for index in range(FILES_PER_DEPARTMENT)
            for year, month in [(2021, 12) if index == 0 else (YEAR, min(11, index))]
        ),
    )


@dataclass(frozen=True)
class _Item:
    pk: int
    code: str
    veto: bool
    max_points: Decimal
    deduction: Decimal


@dataclass
class _Scored:
    """One drawn file's marks: each reviewer's occurrences per failing item, and its result."""

    batch: int
    case_file: int
    organization: int
    failing: list[_Item]
    occurrences: list[list[int]]
    totals: list[Decimal]
    vetoed: bool

    @property
    def final(self) -> Decimal:
        mean = sum(self.totals, Decimal(0)) / len(self.totals)
        return mean.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def grade(self) -> str:
        if self.vetoed or self.final < PASS_FROM:
            return Grade.FAILED
        return Grade.EXCELLENT if self.final >= EXCELLENT_FROM else Grade.PASSED


def load_batches(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """The four quarterly batches with their departments and reviewers; rows written."""
    version = RubricVersion.objects.filter(region=ids.region).values_list("pk", flat=True)[0]
    supervisors = _supervisors(ids)
    written = bulk_load(
        ReviewBatch,
        [
            *("region", "organization", "title", "starts_on", "rubric_version", "closed_from"),
            *("closed_until", "sample_count", "blind", "status"),
        ],
        (
            (
                ids.region,
                ids.bureau,
                f"{YEAR}年第{'一二三四'[quarter - 1]}季度行政执法案卷评查",
                starts_on,
                version,
                closed_from,
                closed_until,
                FILES_DRAWN,
                True,
                ReviewBatch.Status.CONCLUDED,
            )
            for quarter, starts_on, closed_from, closed_until in QUARTERS
        ),
    )
    batches = _batches(ids)
    written += bulk_load(
        ReviewBatch.departments.through,
        ["reviewbatch", "organization"],
        (
            (batch, department)
            for quarter, batch in enumerate(batches)
            for department in _batch_departments(ids, quarter)
        ),
    )
    return written + bulk_load(
        BatchReviewer,
        ["batch", "invited_supervisor"],
        (
            (batch, supervisors[(REVIEWERS * quarter + n) % len(supervisors)])
            for quarter, batch in enumerate(batches)
            for n in range(REVIEWERS)
        ),
    )


def _batches(ids: CountyIds) -> list[int]:
    return list(
        ReviewBatch.objects.filter(region=ids.region)
        .order_by("starts_on")
        .values_list("pk", flat=True)
    )


def _batch_departments(ids: CountyIds, quarter: int) -> list[int]:
    offset = quarter * DEPARTMENTS_PER_BATCH
    return [
        ids.departments[(offset + n) % len(ids.departments)] for n in range(DEPARTMENTS_PER_BATCH)
    ]


def _scored_files(rng: random.Random, ids: CountyIds, items: list[_Item]) -> list[_Scored]:
    """Two files drawn per department and batch among those closed in its window, scored."""
    batches = _batches(ids)
    files: dict[int, list[tuple[int, D]]] = {}
    for pk, organization, closed_on in (
        CaseFile.objects.filter(organization__in=ids.departments)
        .order_by("pk")
        .values_list("pk", "organization", "closed_on")
    ):
        files.setdefault(organization, []).append((pk, closed_on))
    scored_items = [item for item in items if not item.veto]
    veto = next(item for item in items if item.veto)
    scored = []
    for quarter, batch in enumerate(batches):
        _, _, closed_from, closed_until = QUARTERS[quarter]
        for department in _batch_departments(ids, quarter):
            eligible = [pk for pk, day in files[department] if closed_from <= day <= closed_until]
            for case_file in rng.sample(eligible, min(FILES_DRAWN, len(eligible))):
                # A few files fail a veto item; every file loses points on a few items.
                vetoed = rng.random() < VETO_SHARE
                failing = rng.sample(scored_items, rng.randint(*PROBLEMS_PER_FILE))
                occurrences = [[rng.randint(1, 2) for _ in failing] for _ in range(REVIEWERS)]
                totals = [
                    sum((i.max_points for i in scored_items if i not in failing), Decimal(0))
                    + sum(
                        (
                            max(Decimal(0), i.max_points - i.deduction * n)
                            for i, n in zip(failing, marks, strict=True)
                        ),
                        Decimal(0),
                    )
                    for marks in occurrences
                ]
                if vetoed:
                    failing = [veto, *failing]
                    occurrences = [[1, *marks] for marks in occurrences]
                scored.append(
                    _Scored(batch, case_file, department, failing, occurrences, totals, vetoed)
                )
    return scored


def load_scores(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """The drawn files, both reviewers' sheets with every item's result, notices and problems.

    Every problem goes out in its department's notice and is rectified when the notice closes.
    Returns the rows written to the five tables.
    """
    items = [
        _Item(pk, code, kind == RubricItem.Kind.VETO, max_points, deduction)
        for pk, code, kind, max_points, deduction in RubricItem.objects.filter(
            version__region=ids.region
        )
        .order_by("order")
        .values_list("pk", "code", "kind", "max_points", "deduction")
    ]
    scored = _scored_files(plan.rng("case-file-scores", county.code), ids, items)
    written = bulk_load(
        BatchFile,
        ["batch", "case_file", "final_score", "grade", "vetoed"],
        ((s.batch, s.case_file, s.final, s.grade, s.vetoed) for s in scored),
    )
    files = {
        (batch, case_file): pk
        for pk, batch, case_file in BatchFile.objects.filter(batch__region=ids.region).values_list(
            "pk", "batch", "case_file"
        )
    }
    reviewers: dict[int, list[int]] = {}
    for pk, batch in (
        BatchReviewer.objects.filter(batch__region=ids.region)
        .order_by("pk")
        .values_list("pk", "batch")
    ):
        reviewers.setdefault(batch, []).append(pk)
    starts = dict(zip(_batches(ids), [q[1] for q in QUARTERS], strict=True))
    written += bulk_load(
        ScoreSheet,
        ["batch_file", "reviewer", "status", "total", "vetoed", "grade", "submitted_at"],
        (
            (
                files[(s.batch, s.case_file)],
                reviewer,
                ScoreSheet.Status.SUBMITTED,
                s.totals[n],
                s.vetoed,
                _sheet_grade(s.totals[n], s.vetoed),
                _submitted_at(starts[s.batch], n),
            )
            for s in scored
            for n, reviewer in enumerate(reviewers[s.batch])
        ),
    )
    sheets = {
        (batch_file, reviewer): pk
        for pk, batch_file, reviewer in ScoreSheet.objects.filter(
            batch_file__batch__region=ids.region
        ).values_list("pk", "batch_file", "reviewer")
    }
    written += bulk_load(
        ItemResult,
        ["sheet", "item", "failed", "occurrences", "points", "note"],
        _result_rows(scored, items, files, reviewers, sheets),
    )
    notices = _notices(scored, starts)
    written += bulk_load(
        RectificationNotice,
        [
            *("batch", "organization", "issued_on", "due_on", "status", "response"),
            *("responded_on", "recheck_opinion", "closed_on"),
        ],
        notices,
    )
    closed = {
        (batch, organization): (pk, closed_on)
        for pk, batch, organization, closed_on in RectificationNotice.objects.filter(
            batch__region=ids.region
        ).values_list("pk", "batch", "organization", "closed_on")
    }
    return written + bulk_load(
        Problem,
        ["batch_file", "item", "description", "notice", "rectified_on"],
        (
            (
                files[(s.batch, s.case_file)],
                item.pk,
                NOTES.get(item.code, "执法人员资格不符"),
                *closed[(s.batch, s.organization)],
            )
            for s in scored
            for item in s.failing
        ),
    )


def _notices(scored: list[_Scored], starts: dict[int, D]) -> list[tuple[object, ...]]:
    """A notice per department and batch with problems, answered and closed (销号)."""
    rows: list[tuple[object, ...]] = []
    for batch, organization in sorted({(s.batch, s.organization) for s in scored if s.failing}):
        issued_on = starts[batch] + datetime.timedelta(days=5)
        rows.append(
            (
                batch,
                organization,
                issued_on,
                issued_on + datetime.timedelta(days=30),
                RectificationNotice.Status.CLOSED,
                "已组织执法人员逐卷对照整改，补正文书并完善归档。",
                issued_on + datetime.timedelta(days=10),
                "复查整改到位，予以销号",
                issued_on + datetime.timedelta(days=13),
            )
        )
    return rows


def _sheet_grade(total: Decimal, vetoed: bool) -> str:
    if vetoed or total < PASS_FROM:
        return Grade.FAILED
    return Grade.EXCELLENT if total >= EXCELLENT_FROM else Grade.PASSED


def _submitted_at(starts_on: D, reviewer: int) -> datetime.datetime:
    day = starts_on + datetime.timedelta(days=2 + reviewer)
    return datetime.datetime(day.year, day.month, day.day, 8, 0, tzinfo=datetime.UTC)


def _result_rows(
    scored: list[_Scored],
    items: list[_Item],
    files: dict[tuple[int, int], int],
    reviewers: dict[int, list[int]],
    sheets: dict[tuple[int, int], int],
) -> Iterator[tuple[object, ...]]:
    for s in scored:
        batch_file = files[(s.batch, s.case_file)]
        for n, reviewer in enumerate(reviewers[s.batch]):
            marks = dict(zip([i.pk for i in s.failing], s.occurrences[n], strict=True))
            sheet = sheets[(batch_file, reviewer)]
            for item in items:
                found = marks.get(item.pk, 0)
                if item.veto:
                    yield (
                        sheet,
                        item.pk,
                        bool(found),
                        0,
                        Decimal(0),
                        NOTES.get(item.code, "") if found else "",
                    )
                    continue
                points = max(Decimal(0), item.max_points - item.deduction * found)
                yield (
                    sheet,
                    item.pk,
                    False,
                    found,
                    points,
                    NOTES.get(item.code, "") if found else "",
                )
