"""Case-file review (案卷评查): rubrics, batches and their draw, score sheets, rectification.

山东省行政执法监督条例 art. 14: the supervising body regularly reviews enforcement case files.
A batch samples the files in its scope with core's verifiable draw (ADR 0006), one stratum per
department: a count or a rate of the department's eligible files, capped, so each file's
probability of being drawn is stated before the seed is known. Every reviewer scores every
drawn file; the file's final score is the mean of the submitted sheets, and a veto failure on
any submitted sheet fails the file whatever its points. The problems found (one per file and
rubric item, however many reviewers marked it) go to each department in one notice with a
deadline (parameter enforcement.rectification_days); the department answers with evidence and
the bureau's re-check closes the notice or sends it back.
"""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today
from fazhi.core.draws import Entry
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Organization, Region, User
from fazhi.core.parameters import due_date_by_parameter
from fazhi.core.roles import Capability, Role
from fazhi.core.services.attachments import attachment_add
from fazhi.core.services.draws import draw_announce, draw_run
from fazhi.core.workflow import transition_run
from fazhi.enforcement.models import (
    BatchFile,
    BatchReviewer,
    CaseFile,
    CaseType,
    InvitedSupervisor,
    ItemResult,
    Problem,
    RectificationNotice,
    ReviewBatch,
    RubricItem,
    RubricVersion,
    ScoreSheet,
)
from fazhi.enforcement.parameters import RECTIFICATION_DAYS
from fazhi.enforcement.permissions import (
    access_rectification_notice_by_id,
    access_review_batch_by_id,
    access_score_sheet_by_id,
    require_case_files_for,
    require_reviewing_for,
    require_scoring,
)

ZERO = Decimal(0)
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class RubricItemRow:
    """One item of a rubric version as the bureau writes it."""

    code: str
    title: str
    kind: str = RubricItem.Kind.SCORED
    max_points: Decimal = ZERO
    deduction: Decimal = ZERO


@dataclass(frozen=True)
class CaseFileRow:
    """One case file as a department enters it (or one row of the Excel import)."""

    case_number: str
    case_type: str
    title: str
    closed_on: datetime.date | None


@dataclass(frozen=True)
class ItemEntry:
    """A reviewer's finding on one item: `failed` (veto item) or `occurrences` (scored item)."""

    failed: bool = False
    occurrences: int = 0
    note: str = ""


# ---------------------------------------------------------------------------- rubrics


@transaction.atomic
def rubric_version_create(
    *,
    acting_user: Any,
    organization: Organization,
    name: str,
    effective_from: datetime.date,
    items: Sequence[RubricItemRow],
    excellent_from: Decimal = Decimal(90),
    pass_from: Decimal = Decimal(60),
    note: str = "",
) -> RubricVersion:
    """Publish a new version of the region's review standard, in force from `effective_from`.

    Batches already started keep the version they started with. Raises ValidationError naming
    the field: no items, repeated codes, a veto item with points, scored items not adding up to
    at most 100, thresholds out of order, or a version already starting that day.
    """
    require_reviewing_for(acting_user, organization)
    region = organization.region
    if not items:
        raise ValidationError({"items": "评查标准至少应有一个评查项目"})
    codes = [row.code.strip() for row in items]
    if len(set(codes)) != len(codes):
        raise ValidationError({"items": "评查项目编号不能重复"})
    if any(row.kind == RubricItem.Kind.VETO and row.max_points for row in items):
        raise ValidationError({"items": "否决项不计分值"})
    if sum((row.max_points for row in items), ZERO) > 100:
        raise ValidationError({"items": "评分项分值合计不能超过100分"})
    if RubricVersion.objects.filter(region=region, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": "该日期已有施行的评查标准版本"})
    version = RubricVersion(
        region=region,
        name=name.strip(),
        effective_from=effective_from,
        excellent_from=excellent_from,
        pass_from=pass_from,
        note=note.strip(),
        created_by=acting_user,
    )
    if pass_from > excellent_from:
        raise ValidationError({"pass_from": "合格分数线不能高于优秀分数线"})
    version.full_clean()
    version.save()
    rubric_items = [
        RubricItem(
            version=version,
            kind=row.kind,
            code=row.code.strip(),
            title=row.title.strip(),
            max_points=row.max_points,
            deduction=row.deduction,
            order=order,
        )
        for order, row in enumerate(items, start=1)
    ]
    for item in rubric_items:
        item.full_clean(exclude=["version"], validate_unique=False)
    RubricItem.objects.bulk_create(rubric_items)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=version,
        changes={"items": len(rubric_items)},
        message="发布评查标准版本",
    )
    return version


def rubric_version_in_force(*, region: Region, on: datetime.date) -> RubricVersion | None:
    """The region's version with the latest effective date on or before `on`."""
    return (
        RubricVersion.objects.filter(region=region, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


# ---------------------------------------------------------------------------- case files


def _case_file_of(row: CaseFileRow, organization: Organization, acting_user: Any) -> CaseFile:
    if row.case_type not in CaseType.values:
        raise ValidationError(
            {"case_type": f"案件类型应为{'、'.join(str(x) for x in CaseType.labels)}之一"}
        )
    if row.closed_on is None:
        raise ValidationError({"closed_on": "请填写结案日期"})
    case_file = CaseFile(
        organization=organization,
        case_number=row.case_number.strip(),
        case_type=row.case_type,
        title=row.title.strip(),
        closed_on=row.closed_on,
        created_by=acting_user,
    )
    case_file.full_clean(validate_unique=False, validate_constraints=False)
    return case_file


@transaction.atomic
def case_files_register(
    *, acting_user: Any, organization: Organization, rows: Sequence[CaseFileRow]
) -> list[CaseFile]:
    """Register the department's closed case files, all or none (also the Excel import).

    Raises ValidationError({"rows": ["第N行：…", …]}) naming every bad row, counted from 1:
    a missing field, an unknown case type, a case number already registered or repeated.
    """
    require_case_files_for(acting_user, organization)
    existing = set(
        CaseFile.objects.filter(organization=organization).values_list("case_number", flat=True)
    )
    problems: list[str] = []
    case_files: list[CaseFile] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=1):
        try:
            case_file = _case_file_of(row, organization, acting_user)
        except ValidationError as error:
            problems.append(f"第{line}行：{'；'.join(error.messages)}")
            continue
        number = case_file.case_number
        if number in existing:
            problems.append(f"第{line}行：案号{number}已登记")
        elif number in first_line:
            problems.append(f"第{line}行：案号与第{first_line[number]}行重复")
        else:
            first_line[number] = line
            case_files.append(case_file)
    if problems:
        raise ValidationError({"rows": problems})
    created = CaseFile.objects.bulk_create(case_files)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=organization,
        changes={"case_files_registered": len(created)},
        message="登记执法案卷",
    )
    return created


def case_file_register(
    *, acting_user: Any, organization: Organization, row: CaseFileRow
) -> CaseFile:
    """Register one closed case file; ValidationError names the field at fault."""
    try:
        return case_files_register(acting_user=acting_user, organization=organization, rows=[row])[
            0
        ]
    except ValidationError as error:
        if hasattr(error, "error_dict") and "rows" in error.error_dict:
            messages = [message.split("：", 1)[-1] for message in error.messages]
            raise ValidationError({"case_number": messages}) from None
        raise


# ---------------------------------------------------------------------------- batches


@transaction.atomic
def review_batch_create(
    *,
    acting_user: Any,
    organization: Organization,
    title: str,
    starts_on: datetime.date,
    departments: Iterable[Organization],
    closed_from: datetime.date,
    closed_until: datetime.date,
    case_types: Sequence[str] = (),
    sample_count: int | None = None,
    sample_rate: Decimal | None = None,
    sample_cap: int | None = None,
    blind: bool = True,
) -> ReviewBatch:
    """Open a review batch with the rubric version in force on `starts_on`.

    Raises ValidationError naming the field: no rubric in force, no departments or one outside
    the region, an unknown case type, a reversed date range, neither or both of count and rate.
    """
    require_reviewing_for(acting_user, organization)
    region = organization.region
    version = rubric_version_in_force(region=region, on=starts_on)
    if version is None:
        raise ValidationError({"starts_on": "开始日期没有施行中的评查标准"})
    chosen = list(departments)
    if not chosen:
        raise ValidationError({"departments": "请选择评查的部门"})
    if any(not d.region.code.startswith(region.prefix) for d in chosen):
        raise ValidationError({"departments": "只能评查本区域的部门"})
    if unknown := [t for t in case_types if t not in CaseType.values]:
        raise ValidationError({"case_types": f"未知的案件类型：{'、'.join(unknown)}"})
    if closed_until < closed_from:
        raise ValidationError({"closed_until": "结案日期止不能早于结案日期起"})
    if (sample_count is None) == (sample_rate is None):
        raise ValidationError({"sample_count": "请填写每部门抽取卷数或抽取比例中的一项"})
    if sample_rate is not None and not ZERO < sample_rate <= 1:
        raise ValidationError({"sample_rate": "抽取比例应大于0且不超过1"})
    batch = ReviewBatch(
        region=region,
        organization=organization,
        title=title.strip(),
        starts_on=starts_on,
        rubric_version=version,
        case_types=list(case_types),
        closed_from=closed_from,
        closed_until=closed_until,
        sample_count=sample_count,
        sample_rate=sample_rate,
        sample_cap=sample_cap,
        blind=blind,
        created_by=acting_user,
    )
    batch.full_clean(exclude=["status", "draw"])
    batch.save()
    batch.departments.set(chosen)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=batch,
        changes={"rubric_version": version.pk, "departments": len(chosen)},
        message="创建案卷评查批次",
    )
    return batch


def batch_population(batch: ReviewBatch) -> QuerySet[CaseFile]:
    """The files in the batch's scope: its departments, case types and closing dates."""
    files = CaseFile.objects.filter(
        organization__in=batch.departments.all(),
        closed_on__gte=batch.closed_from,
        closed_on__lte=batch.closed_until,
    )
    if batch.case_types:
        files = files.filter(case_type__in=batch.case_types)
    return files.order_by("organization_id", "case_number")


def _department_sample_size(batch: ReviewBatch, eligible: int) -> int:
    if batch.sample_count is not None:
        size = batch.sample_count
    else:
        assert batch.sample_rate is not None
        size = math.ceil(batch.sample_rate * eligible)
    if batch.sample_cap is not None:
        size = min(size, batch.sample_cap)
    return min(size, eligible)


def _probability(drawn: int, eligible: int) -> str:
    if not eligible:
        return "0"
    return str((Decimal(drawn) / Decimal(eligible)).quantize(Decimal("0.0001")))


@transaction.atomic
def review_batch_draw_announce(*, acting_user: Any, batch_id: int, seed_rule: str) -> ReviewBatch:
    """Freeze the files in scope per department and announce the draw with its seed rule.

    Each department is a stratum of its own size (count or rate, then the cap); the plan
    records each department's eligible files, files to draw and the probability of a file being
    drawn. Raises ValidationError when no file is in scope.
    """
    batch = access_review_batch_by_id(acting_user, batch_id, for_update=True)
    require_reviewing_for(acting_user, batch.organization, batch)
    if batch.status != ReviewBatch.Status.PREPARING:
        raise InvalidTransition("该批次已公告抽取")
    files = list(batch_population(batch).select_related("organization"))
    if not files:
        raise ValidationError({"seed_rule": "评查范围内没有已登记的案卷"})
    eligible: dict[str, int] = {}
    for case_file in files:
        key = str(case_file.organization_id)
        eligible[key] = eligible.get(key, 0) + 1
    strata = {key: _department_sample_size(batch, count) for key, count in eligible.items()}
    names = {str(f.organization_id): f.organization.name for f in files}
    batch.sample_plan = {
        key: {
            "name": names[key],
            "eligible": count,
            "drawn": strata[key],
            "probability": _probability(strata[key], count),
        }
        for key, count in eligible.items()
    }
    batch.draw = draw_announce(
        acting_user=acting_user,
        purpose=f"{batch.title}抽取评查案卷",
        region=batch.region,
        organization=batch.organization,
        population=[Entry(key=str(f.pk), stratum=str(f.organization_id)) for f in files],
        seed_rule=seed_rule,
        strata=strata,
        subject=batch,
        capability=Capability.REVIEW_CASE_FILES,
    )
    batch.save(update_fields=["sample_plan", "draw", "updated_at"])
    transition_run(
        batch,
        "announce",
        action="公告抽取评查案卷",
        actor=acting_user,
        opinion=f"评查范围内案卷{len(files)}本，拟抽取{sum(strata.values())}本",
    )
    return batch


@transaction.atomic
def review_batch_draw_run(*, acting_user: Any, batch_id: int, seed_value: str) -> ReviewBatch:
    """Draw with the announced seed value; the drawn files join the batch, a sheet per reviewer."""
    batch = access_review_batch_by_id(acting_user, batch_id, for_update=True)
    require_reviewing_for(acting_user, batch.organization, batch)
    if batch.draw_id is None or batch.status != ReviewBatch.Status.ANNOUNCED:
        raise InvalidTransition("该批次尚未公告抽取或已经抽取")
    draw = draw_run(
        acting_user=acting_user,
        draw_id=batch.draw_id,
        seed_value=seed_value,
        capability=Capability.REVIEW_CASE_FILES,
    )
    selected = [int(key) for key in draw.selected_keys]
    BatchFile.objects.bulk_create(
        [BatchFile(batch=batch, case_file_id=case_file_id) for case_file_id in sorted(selected)]
    )
    _sheets_open(batch)
    transition_run(
        batch,
        "start_scoring",
        action="抽取评查案卷",
        actor=acting_user,
        opinion=f"抽中案卷{len(selected)}本",
    )
    return batch


def _sheets_open(batch: ReviewBatch) -> None:
    """A draft sheet for every drawn file and every reviewer that has none yet."""
    existing = set(
        ScoreSheet.objects.filter(batch_file__batch=batch).values_list(
            "batch_file_id", "reviewer_id"
        )
    )
    ScoreSheet.objects.bulk_create(
        [
            ScoreSheet(batch_file=batch_file, reviewer=reviewer)
            for batch_file in batch.files.all()
            for reviewer in batch.reviewers.all()
            if (batch_file.pk, reviewer.pk) not in existing
        ]
    )


def reviewer_pool(*, organization: Organization) -> QuerySet[User]:
    """The bureau's enforcement-supervision staff, from whom a batch's reviewers are chosen."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__role=Role.BUREAU_SUPERVISION,
        )
        .distinct()
        .order_by("username")
    )


def _invited_reviewers_check(
    batch: ReviewBatch, supervisor_ids: Sequence[int]
) -> list[InvitedSupervisor]:
    """The invited supervisors of `supervisor_ids`, refused unless each may review the batch.

    Each must be of the batch's region, serving (在任) and within the term on the batch's start
    date, and not yet a reviewer of the batch.
    """
    ids = list(dict.fromkeys(supervisor_ids))
    supervisors = {
        supervisor.pk: supervisor for supervisor in InvitedSupervisor.objects.filter(pk__in=ids)
    }
    current = set(
        batch.reviewers.exclude(invited_supervisor=None).values_list(
            "invited_supervisor_id", flat=True
        )
    )
    chosen: list[InvitedSupervisor] = []
    for pk in ids:
        supervisor = supervisors.get(pk)
        if supervisor is None or supervisor.region_id != batch.region_id:
            name = supervisor.name if supervisor is not None else f"编号{pk}"
            raise ValidationError({"invited_supervisors": f"{name}不是本辖区特邀监督员"})
        if supervisor.status != InvitedSupervisor.Status.IN_OFFICE:
            raise ValidationError(
                {
                    "invited_supervisors": (
                        f"{supervisor.name}已{supervisor.get_status_display()}，不能参加评查"
                    )
                }
            )
        if not supervisor.term_start <= batch.starts_on <= supervisor.term_end:
            raise ValidationError(
                {
                    "invited_supervisors": (
                        f"{supervisor.name}的聘期（{supervisor.term_start:%Y-%m-%d}至"
                        f"{supervisor.term_end:%Y-%m-%d}）不含本批次开始日期"
                        f"{batch.starts_on:%Y-%m-%d}"
                    )
                }
            )
        if pk in current:
            raise ValidationError({"invited_supervisors": f"{supervisor.name}已是本批次评查人员"})
        chosen.append(supervisor)
    return chosen


@transaction.atomic
def review_batch_reviewers_assign(
    *,
    acting_user: Any,
    batch_id: int,
    users: Sequence[User] = (),
    invited_supervisor_ids: Sequence[int] = (),
) -> ReviewBatch:
    """Add reviewers: bureau supervision staff, or invited supervisors (特邀行政执法监督员).

    A bureau user of the batch records an invited supervisor's sheet for them. Drawn files get
    a sheet for each new reviewer. Raises ValidationError naming `users` when a user is not in
    the bureau's supervision staff or already reviews the batch, and naming
    `invited_supervisors` when a supervisor is of another region, not serving, out of term on
    the batch's start date, or already reviews the batch.
    """
    batch = access_review_batch_by_id(acting_user, batch_id, for_update=True)
    require_reviewing_for(acting_user, batch.organization, batch)
    if batch.status == ReviewBatch.Status.CONCLUDED:
        raise InvalidTransition("评查批次已完成，不能再增加评查人员")
    pool = set(reviewer_pool(organization=batch.organization).values_list("pk", flat=True))
    current = set(batch.reviewers.exclude(user=None).values_list("user_id", flat=True))
    for user in users:
        if user.pk not in pool:
            raise ValidationError({"users": f"{user}不是本局执法监督人员"})
        if user.pk in current:
            raise ValidationError({"users": f"{user}已是本批次评查人员"})
    invited = _invited_reviewers_check(batch, invited_supervisor_ids)
    BatchReviewer.objects.bulk_create(
        [BatchReviewer(batch=batch, user=user) for user in users]
        + [BatchReviewer(batch=batch, invited_supervisor=supervisor) for supervisor in invited]
    )
    _sheets_open(batch)
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=batch,
        changes={
            "reviewers_added": len(users) + len(invited),
            "invited_supervisors": [supervisor.pk for supervisor in invited],
        },
        message="分配评查人员",
    )
    return batch


# ---------------------------------------------------------------------------- score sheets


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@transaction.atomic
def score_sheet_record(
    *, acting_user: Any, sheet_id: int, entries: Mapping[int, ItemEntry]
) -> ScoreSheet:
    """Record the sheet's item results in one call and recompute its running total.

    `entries` maps rubric item ids to findings; items not named keep their previous result
    (full points, passed, when never recorded). Raises PermissionDenied for someone else's
    sheet, InvalidTransition for a submitted one, ValidationError for an item not in the
    batch's rubric version or a veto item given occurrences.
    """
    sheet = access_score_sheet_by_id(acting_user, sheet_id, for_update=True)
    require_scoring(acting_user, sheet)
    if sheet.is_submitted:
        raise InvalidTransition("评分表已提交，不能修改")
    items = {item.pk: item for item in sheet.batch_file.batch.rubric_version.items.all()}
    if unknown := [pk for pk in entries if pk not in items]:
        raise ValidationError({"entries": f"评查项目{unknown}不属于本批次的评查标准"})
    for pk, entry in entries.items():
        if items[pk].is_veto and entry.occurrences:
            raise ValidationError({"entries": f"否决项“{items[pk].title}”只判断是否符合"})
    results = {result.item_id: result for result in sheet.results.all()}
    changed: list[ItemResult] = []
    created: list[ItemResult] = []
    for pk, entry in entries.items():
        item = items[pk]
        result = results.get(pk) or ItemResult(sheet=sheet, item=item)
        result.failed = entry.failed if item.is_veto else False
        result.occurrences = 0 if item.is_veto else entry.occurrences
        result.points = ZERO if item.is_veto else item.points_after(entry.occurrences)
        result.note = entry.note.strip()[:500]
        (changed if result.pk else created).append(result)
        results[pk] = result
    ItemResult.objects.bulk_create(created)
    ItemResult.objects.bulk_update(changed, ["failed", "occurrences", "points", "note"])
    _sheet_total(sheet, items, results)
    sheet.save(update_fields=["total", "vetoed", "grade", "updated_at"])
    return sheet


def _sheet_total(
    sheet: ScoreSheet, items: Mapping[int, RubricItem], results: Mapping[int, ItemResult]
) -> None:
    """Sum of the scored items (full points where nothing is recorded); any veto failure fails."""
    total = ZERO
    for pk, item in items.items():
        if item.is_veto:
            continue
        result = results.get(pk)
        total += result.points if result is not None else item.max_points
    sheet.total = _rounded(total)
    sheet.vetoed = any(result.failed for result in results.values())
    sheet.grade = sheet.batch_file.batch.rubric_version.grade_for(sheet.total, vetoed=sheet.vetoed)


@transaction.atomic
def score_sheet_submit(
    *, acting_user: Any, sheet_id: int, entries: Mapping[int, ItemEntry] | None = None
) -> ScoreSheet:
    """Hand in a sheet (recording `entries` first when given) and update the file's final score.

    The file's final score is the mean of its submitted sheets; it fails if any submitted sheet
    fails a veto item. Logs the transition and its audit row.
    """
    if entries is not None:
        score_sheet_record(acting_user=acting_user, sheet_id=sheet_id, entries=entries)
    sheet = access_score_sheet_by_id(acting_user, sheet_id, for_update=True)
    require_scoring(acting_user, sheet)
    if not sheet.results.exists():
        items = {item.pk: item for item in sheet.batch_file.batch.rubric_version.items.all()}
        _sheet_total(sheet, items, {})
        sheet.save(update_fields=["total", "vetoed", "grade", "updated_at"])
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["submitted_at"])
    transition_run(
        sheet,
        "submit",
        action="提交评分表",
        actor=acting_user,
        opinion=f"得分{sheet.total}{'，否决项不符合' if sheet.vetoed else ''}",
    )
    batch_file_score(sheet.batch_file)
    return sheet


def batch_file_score(batch_file: BatchFile) -> BatchFile:
    """Recompute a file's final score from its submitted sheets (mean; a veto failure fails)."""
    sheets = list(batch_file.sheets.filter(status=ScoreSheet.Status.SUBMITTED))
    if not sheets:
        batch_file.final_score = None
        batch_file.grade = ""
        batch_file.vetoed = False
    else:
        mean = sum((sheet.total for sheet in sheets), ZERO) / len(sheets)
        batch_file.final_score = _rounded(mean)
        batch_file.vetoed = any(sheet.vetoed for sheet in sheets)
        batch_file.grade = batch_file.batch.rubric_version.grade_for(
            batch_file.final_score, vetoed=batch_file.vetoed
        )
    batch_file.save(update_fields=["final_score", "grade", "vetoed"])
    return batch_file


# ---------------------------------------------------------------------------- findings


def _problems_collect(batch: ReviewBatch) -> list[Problem]:
    """One problem per file and item marked on any submitted sheet; notes joined, once each."""
    results = (
        ItemResult.objects.filter(
            sheet__batch_file__batch=batch, sheet__status=ScoreSheet.Status.SUBMITTED
        )
        .select_related("item")
        .order_by("sheet__batch_file_id", "item__order", "sheet_id")
    )
    found: dict[tuple[int, int], list[str]] = {}
    for result in results:
        if result.is_problem:
            notes = found.setdefault((result.sheet.batch_file_id, result.item_id), [])
            text = result.note or result.item.title
            if text not in notes:
                notes.append(text)
    existing = set(
        Problem.objects.filter(batch_file__batch=batch).values_list("batch_file_id", "item_id")
    )
    return Problem.objects.bulk_create(
        [
            Problem(batch_file_id=file_id, item_id=item_id, description="；".join(notes)[:1000])
            for (file_id, item_id), notes in found.items()
            if (file_id, item_id) not in existing
        ]
    )


@transaction.atomic
def review_batch_conclude(
    *, acting_user: Any, batch_id: int, on: datetime.date | None = None
) -> list[RectificationNotice]:
    """Close the scoring and send each department with problems a rectification notice.

    Every sheet must be submitted. The problems are collected once per file and item; each
    department's notice lists its problems and is due after enforcement.rectification_days.
    Logs the batch's transition and each notice's creation.
    """
    batch = access_review_batch_by_id(acting_user, batch_id, for_update=True)
    require_reviewing_for(acting_user, batch.organization, batch)
    pending = ScoreSheet.objects.filter(batch_file__batch=batch, status=ScoreSheet.Status.DRAFT)
    if pending.exists():
        raise ValidationError({"batch": f"还有{pending.count()}份评分表未提交"})
    if not batch.files.exists():
        raise ValidationError({"batch": "本批次没有抽中的案卷"})
    issued_on = day_or_today(on)
    _problems_collect(batch)
    transition_run(batch, "conclude", action="完成评查", actor=acting_user, on=on)
    unassigned = Problem.objects.filter(batch_file__batch=batch, notice=None).select_related(
        "batch_file__case_file"
    )
    by_department: dict[int, list[Problem]] = {}
    for problem in unassigned:
        by_department.setdefault(problem.batch_file.case_file.organization_id, []).append(problem)
    due = due_date_by_parameter(RECTIFICATION_DAYS, issued_on).due_on
    notices = RectificationNotice.objects.bulk_create(
        [
            RectificationNotice(
                batch=batch,
                organization_id=organization_id,
                issued_on=issued_on,
                due_on=due,
                created_by=acting_user,
            )
            for organization_id in sorted(by_department)
        ]
    )
    for notice in notices:
        Problem.objects.filter(pk__in=[p.pk for p in by_department[notice.organization_id]]).update(
            notice=notice
        )
        audit_record(
            event=AuditLog.Event.CREATE,
            user=acting_user,
            target=notice,
            changes={"problems": len(by_department[notice.organization_id]), "due_on": str(due)},
            message="下发案卷评查整改通知",
        )
    return notices


# ---------------------------------------------------------------------------- rectification


@transaction.atomic
def rectification_notice_respond(
    *,
    acting_user: Any,
    notice_id: int,
    response: str,
    evidence: Sequence[UploadedFile] = (),
    on: datetime.date | None = None,
) -> RectificationNotice:
    """The department reports how it rectified the problems, with evidence files attached.

    Only the department the notice is addressed to may answer. Raises ValidationError for an
    empty response, InvalidTransition unless the notice is open or sent back.
    """
    notice = access_rectification_notice_by_id(acting_user, notice_id, for_update=True)
    require_case_files_for(acting_user, notice.organization, notice)
    if not response.strip():
        raise ValidationError({"response": "请填写整改情况"})
    notice.response = response.strip()
    notice.responded_on = day_or_today(on)
    notice.save(update_fields=["response", "responded_on", "updated_at"])
    for uploaded in evidence:
        attachment_add(
            acting_user=acting_user, target=notice, uploaded=uploaded, description="整改佐证材料"
        )
    transition_run(
        notice, "respond", action="反馈整改情况", actor=acting_user, opinion=response, on=on
    )
    return notice


@transaction.atomic
def rectification_notice_recheck(
    *,
    acting_user: Any,
    notice_id: int,
    accepted: bool,
    opinion: str = "",
    on: datetime.date | None = None,
) -> RectificationNotice:
    """The bureau re-checks a department's response: accept (销号) or send it back.

    Accepted closes the notice and its problems count as rectified on that day; otherwise the
    notice goes back to the department.

    Raises ValidationError when a return gives no reason.
    """
    notice = access_rectification_notice_by_id(acting_user, notice_id, for_update=True)
    require_reviewing_for(acting_user, notice.batch.organization, notice)
    day = day_or_today(on)
    if not accepted and not opinion.strip():
        raise ValidationError({"opinion": "退回重改请写明复查意见"})
    notice.recheck_opinion = opinion.strip()
    if accepted:
        notice.closed_on = day
    notice.save(update_fields=["recheck_opinion", "closed_on", "updated_at"])
    transition_run(
        notice,
        "accept" if accepted else "send_back",
        action="复查通过，整改销号" if accepted else "复查退回重改",
        actor=acting_user,
        opinion=opinion,
        on=on,
    )
    if accepted:
        notice.problems.update(rectified_on=day)
    return notice


@transaction.atomic
def rectification_notices_escalate(*, on: datetime.date) -> int:
    """Mark the notices past their deadline and not closed as escalated (督办) on `on`.

    A system job: no acting user. Each escalation writes an audit row; notices escalated
    before are left alone. Returns how many were escalated.
    """
    overdue = list(
        RectificationNotice.objects.select_for_update()
        .filter(
            status__in=[RectificationNotice.Status.ISSUED, RectificationNotice.Status.RETURNED],
            due_on__lt=on,
            escalated_on=None,
        )
        .order_by("pk")
    )
    for notice in overdue:
        notice.escalated_on = on
        notice.save(update_fields=["escalated_on", "updated_at"])
        audit_record(
            event=AuditLog.Event.UPDATE,
            user=None,
            target=notice,
            changes={"escalated_on": str(on)},
            message="整改逾期，列入督办",
        )
    return len(overdue)
