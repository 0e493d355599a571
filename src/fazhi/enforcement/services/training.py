"""Keeping the training ledger and the study of enforcement officers (培训与学法).

The bureau's supervision function records courses and the hours credited to each officer, issues
the yearly study list (学法责任清单) with assignments to departments, and records case-study
trainings and court-hearing observations. A department marks its own study assignment done.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.crypto import blind_index
from fazhi.core.models import AuditLog, Organization, Region
from fazhi.core.permissions import deny
from fazhi.enforcement.models import (
    Officer,
    StudyAssignment,
    StudyEvent,
    StudyList,
    TrainingAttendance,
    TrainingCourse,
)
from fazhi.enforcement.permissions import (
    access_study_assignment_by_id,
    access_study_list_by_id,
    access_training_course_by_id,
    organizations_keeping_training_for,
    require_study_assignment_for,
    require_training_keeper,
)


@dataclass(frozen=True)
class AttendanceRow:
    """One attendance as a row of the Excel import: the officer by ID number and name."""

    id_number: str
    name: str
    hours: Decimal | None = None


def _require_keeper_in(user: Any, region: Region) -> None:
    """PermissionDenied unless the user keeps the training of a region containing `region`."""
    require_training_keeper(user)
    keeping = organizations_keeping_training_for(user)
    if not any(region.code.startswith(o.region.prefix) for o in keeping):
        raise deny(user, None, f"{region.name}不在您的管辖范围内")


def _require_within(organization: Organization, region: Region, field: str) -> None:
    if not organization.region.code.startswith(region.prefix):
        raise ValidationError({field: f"{organization.name}不在{region.name}范围内"})


@transaction.atomic
def training_course_create(
    *,
    acting_user: Any,
    region: Region,
    organizer: Organization,
    title: str,
    kind: str,
    hours: Decimal,
    held_on: datetime.date,
    online: bool = False,
) -> TrainingCourse:
    """Enter a course in the ledger. ValidationError names the field at fault."""
    _require_keeper_in(acting_user, region)
    _require_within(organizer, region, "organizer")
    course = TrainingCourse(
        region=region,
        organizer=organizer,
        title=title.strip(),
        kind=kind,
        hours=hours,
        held_on=held_on,
        online=online,
        created_by=acting_user,
    )
    course.full_clean()
    course.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=course,
        changes={"kind": kind, "hours": str(hours)},
        message="登记培训课程",
    )
    return course


def _credited(course: TrainingCourse, hours: Decimal | None) -> Decimal:
    credited = course.hours if hours is None else Decimal(hours)
    if credited <= 0 or credited > course.hours:
        raise ValidationError({"hours": f"认定学时应大于0且不超过课程学时{course.hours}"})
    return credited


def _attendances_write(
    acting_user: Any,
    course: TrainingCourse,
    pairs: Sequence[tuple[Officer, Decimal]],
    message: str,
) -> list[TrainingAttendance]:
    created = TrainingAttendance.objects.bulk_create(
        TrainingAttendance(course=course, officer=officer, hours=hours, created_by=acting_user)
        for officer, hours in pairs
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=course,
        changes={
            "attendances": len(created),
            "hours": str(sum((hours for _, hours in pairs), Decimal(0))),
        },
        message=message,
    )
    return created


def _already_attended(course: TrainingCourse) -> set[int]:
    return set(course.attendances.values_list("officer_id", flat=True))


@transaction.atomic
def attendances_record(
    *,
    acting_user: Any,
    course_id: int,
    officer_ids: Iterable[int],
    hours: Decimal | None = None,
) -> list[TrainingAttendance]:
    """Credit the course's hours (or `hours`, at most the course's) to each officer, all or none.

    Officers must be on a register of the course's region and not yet credited for the course.
    Raises ValidationError naming `officer_ids` or `hours`.
    """
    course = access_training_course_by_id(acting_user, course_id, for_update=True)
    _require_keeper_in(acting_user, course.region)
    credited = _credited(course, hours)
    wanted = list(dict.fromkeys(officer_ids))
    officers = list(
        Officer.objects.filter(
            pk__in=wanted, organization__region__code__startswith=course.region.prefix
        ).order_by("pk")
    )
    if len(officers) != len(wanted):
        raise ValidationError(
            {"officer_ids": f"有执法人员不在{course.region.name}的执法人员名册中"}
        )
    repeated = _already_attended(course) & set(wanted)
    if repeated:
        raise ValidationError({"officer_ids": f"有{len(repeated)}名执法人员已登记参加本课程"})
    return _attendances_write(
        acting_user, course, [(officer, credited) for officer in officers], "登记参训人员"
    )


@transaction.atomic
def attendance_rows_record(
    *, acting_user: Any, course_id: int, rows: Sequence[AttendanceRow]
) -> list[TrainingAttendance]:
    """Credit the officers of an attendance sheet, all or none (the Excel import).

    Each row names the officer by ID number and name, found on a register of the course's
    region. Raises ValidationError({"rows": ["第N行：…", …]}) naming every bad row, rows counted
    from 1; nothing is written then.
    """
    course = access_training_course_by_id(acting_user, course_id, for_update=True)
    _require_keeper_in(acting_user, course.region)
    digests = {blind_index(row.id_number.strip().upper()) for row in rows}
    by_digest: dict[str, list[Officer]] = {}
    for registered in Officer.objects.filter(
        organization__region__code__startswith=course.region.prefix,
        id_number_digest__in=digests,
    ).select_related("organization"):
        by_digest.setdefault(registered.id_number_digest, []).append(registered)
    attended = _already_attended(course)
    problems: list[str] = []
    pairs: list[tuple[Officer, Decimal]] = []
    first_line: dict[int, int] = {}
    for line, row in enumerate(rows, start=1):
        found = by_digest.get(blind_index(row.id_number.strip().upper()), [])
        # The same person may be on two departments' registers; credit the active entry.
        officer = next((o for o in found if o.active), found[0] if found else None)
        if officer is None:
            problems.append(f"第{line}行：身份证号不在{course.region.name}的执法人员名册中")
            continue
        if officer.name != row.name.strip():
            problems.append(f"第{line}行：姓名与名册不符（名册为{officer.name}）")
            continue
        try:
            credited = _credited(course, row.hours)
        except ValidationError as error:
            problems.append(f"第{line}行：{'；'.join(error.messages)}")
            continue
        if officer.pk in attended:
            problems.append(f"第{line}行：{officer.name}已登记参加本课程")
            continue
        if officer.pk in first_line:
            problems.append(f"第{line}行：与第{first_line[officer.pk]}行是同一名执法人员")
            continue
        first_line[officer.pk] = line
        pairs.append((officer, credited))
    if problems:
        raise ValidationError({"rows": problems})
    return _attendances_write(acting_user, course, pairs, "导入参训人员")


@transaction.atomic
def study_list_issue(
    *,
    acting_user: Any,
    region: Region,
    issuer: Organization,
    year: int,
    title: str,
    issued_on: datetime.date,
    content: str = "",
) -> StudyList:
    """Issue the year's study list (印发年度学法责任清单)."""
    _require_keeper_in(acting_user, region)
    _require_within(issuer, region, "issuer")
    if issued_on.year not in (year - 1, year):
        raise ValidationError({"issued_on": "印发日期应在清单年度或上一年度内"})
    study_list = StudyList(
        region=region,
        issuer=issuer,
        year=year,
        title=title.strip(),
        content=content.strip(),
        issued_on=issued_on,
        created_by=acting_user,
    )
    study_list.full_clean()
    study_list.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=study_list,
        changes={"year": year},
        message="印发学法责任清单",
    )
    return study_list


@transaction.atomic
def study_assignments_give(
    *,
    acting_user: Any,
    study_list_id: int,
    organizations: Sequence[Organization],
    task: str,
    due_on: datetime.date,
) -> list[StudyAssignment]:
    """Give one study task to each of the departments (布置学法作业), all or none."""
    study_list = access_study_list_by_id(acting_user, study_list_id, for_update=True)
    _require_keeper_in(acting_user, study_list.region)
    task = task.strip()
    if not task:
        raise ValidationError({"task": "请填写学法作业内容"})
    if not organizations:
        raise ValidationError({"organizations": "请选择承担学法作业的部门"})
    if due_on < study_list.issued_on:
        raise ValidationError({"due_on": "完成期限不能早于清单印发日期"})
    for organization in organizations:
        _require_within(organization, study_list.region, "organizations")
    given = set(study_list.assignments.filter(task=task).values_list("organization_id", flat=True))
    repeated = [o.name for o in organizations if o.pk in given]
    if repeated:
        raise ValidationError({"organizations": f"已向{'、'.join(repeated)}布置过该学法作业"})
    unique = list({o.pk: o for o in organizations}.values())
    created = StudyAssignment.objects.bulk_create(
        StudyAssignment(
            study_list=study_list,
            organization=organization,
            task=task,
            due_on=due_on,
            created_by=acting_user,
        )
        for organization in unique
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=study_list,
        changes={"assignments": len(created), "task": task},
        message="布置学法作业",
    )
    return created


@transaction.atomic
def study_assignment_complete(
    *, acting_user: Any, assignment_id: int, completed_on: datetime.date, note: str = ""
) -> StudyAssignment:
    """The department reports its study task done; only the department given the task may."""
    assignment = access_study_assignment_by_id(acting_user, assignment_id, for_update=True)
    require_study_assignment_for(acting_user, assignment)
    if assignment.completed_on is not None:
        raise ValidationError({"completed_on": "该学法作业已办结"})
    if completed_on < assignment.study_list.issued_on:
        raise ValidationError({"completed_on": "完成日期不能早于清单印发日期"})
    assignment.completed_on = completed_on
    assignment.note = note.strip()
    assignment.full_clean()
    assignment.save(update_fields=["completed_on", "note", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=assignment,
        changes={"completed_on": completed_on.isoformat()},
        message="办结学法作业",
    )
    return assignment


@transaction.atomic
def study_event_record(
    *,
    acting_user: Any,
    region: Region,
    organizer: Organization,
    kind: str,
    held_on: datetime.date,
    topic: str,
    attendee_count: int,
    officers: Sequence[Officer] = (),
) -> StudyEvent:
    """Record a case-study training or a court-hearing observation.

    `officers`, when given, are the attending officers known by name; there may not be more of
    them than `attendee_count`.
    """
    _require_keeper_in(acting_user, region)
    _require_within(organizer, region, "organizer")
    if len(officers) > attendee_count:
        raise ValidationError({"officers": "列明的执法人员多于参加人数"})
    if any(not o.organization.region.code.startswith(region.prefix) for o in officers):
        raise ValidationError({"officers": f"有执法人员不在{region.name}的执法人员名册中"})
    event = StudyEvent(
        region=region,
        organizer=organizer,
        kind=kind,
        held_on=held_on,
        topic=topic.strip(),
        attendee_count=attendee_count,
        created_by=acting_user,
    )
    event.full_clean()
    event.save()
    if officers:
        event.officers.set(officers)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=event,
        changes={"kind": kind, "attendee_count": attendee_count},
        message=f"登记{event.get_kind_display()}",
    )
    return event
