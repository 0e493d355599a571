"""The legal liaisons' trainings and activities (法律明白人培训、活动记录).

《乡村“法律明白人”培养工作规范（试行）》(2021) asks that liaisons be trained and that what they
do — screening disputes, promoting the law, guiding villagers to legal advice — be recorded
and assessed. A town's judicial office records them for its own villages; the batch service
(the Excel import, the demo) writes every row or none, naming each bad row and column.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Region
from fazhi.legalservice.models import LegalLiaison, LiaisonActivity, LiaisonTraining
from fazhi.legalservice.permissions import access_liaison_by_id, require_recorder_for
from fazhi.legalservice.services import (
    PERSON_COLUMNS,
    _audit_batch,
    _batch,
    _choices_text,
    _clean,
    _creator,
    _today,
)

TRAINING_COLUMNS = {
    **PERSON_COLUMNS,
    "trained_on": "培训日期",
    "hours": "学时",
    "topic": "培训内容",
}
ACTIVITY_COLUMNS = {
    **PERSON_COLUMNS,
    "liaison": "身份证号",
    "held_on": "活动日期",
    "kind": "活动类型",
    "village": "活动村居",
    "note": "活动情况",
}


@dataclass(frozen=True)
class TrainingRow:
    liaison: LegalLiaison
    trained_on: datetime.date
    hours: Decimal
    topic: str


@dataclass(frozen=True)
class ActivityRow:
    """One activity; `village` defaults to the liaison's; `name`, when given, must match."""

    liaison: LegalLiaison
    held_on: datetime.date
    kind: str
    village: Region | None = None
    note: str = ""
    name: str = ""


def _day_problems(liaison: LegalLiaison, label: str, day: datetime.date) -> list[str]:
    problems = []
    if day < liaison.selected_on:
        problems.append(f"{label}不能早于{liaison.name}的认定日期{liaison.selected_on:%Y-%m-%d}")
    if liaison.withdrawn_on is not None and day > liaison.withdrawn_on:
        problems.append(f"{liaison.name}已于{liaison.withdrawn_on:%Y-%m-%d}退出")
    if day > _today():
        problems.append(f"{label}不能晚于今天")
    return problems


def _training_of(row: TrainingRow, acting_user: Any) -> LiaisonTraining:
    problems: dict[str, list[str]] = {}
    if day_problems := _day_problems(row.liaison, "培训日期", row.trained_on):
        problems["trained_on"] = day_problems
    if row.hours <= 0:
        problems["hours"] = ["学时应大于0"]
    training = LiaisonTraining(
        liaison=row.liaison,
        trained_on=row.trained_on,
        hours=row.hours,
        topic=row.topic.strip(),
        created_by=_creator(acting_user),
    )
    _clean(training, problems, ["liaison", "created_by"])
    return training


def _mark_trained(trainings: Sequence[LiaisonTraining]) -> None:
    """A liaison's 培训日期 is the day of their first training, so the list can filter on it."""
    first: dict[int, tuple[LegalLiaison, datetime.date]] = {}
    for training in trainings:
        liaison = training.liaison
        earliest = first.get(liaison.pk, (liaison, training.trained_on))[1]
        first[liaison.pk] = (liaison, min(earliest, training.trained_on))
    changed = []
    for liaison, day in first.values():
        if liaison.trained_on is None or day < liaison.trained_on:
            liaison.trained_on = day
            changed.append(liaison)
    LegalLiaison.objects.bulk_update(changed, ["trained_on", "updated_at"], batch_size=500)


@transaction.atomic
def liaison_trainings_record(
    *, acting_user: Any, rows: Sequence[TrainingRow], first_line: int = 1
) -> list[LiaisonTraining]:
    """Record trainings of legal liaisons, all or none; each liaison's first one is 培训日期.

    Raises PermissionDenied unless the user keeps the ledgers of every liaison's village, and
    ValidationError naming each bad row and column: a day before the liaison's selection, after
    their withdrawal or after today (`trained_on`), hours not above zero, a blank topic.
    """
    require_recorder_for(acting_user, [row.liaison.village for row in rows])
    trainings = _batch(
        rows, lambda row: _training_of(row, acting_user), first_line, TRAINING_COLUMNS
    )
    created = LiaisonTraining.objects.bulk_create(trainings, batch_size=500)
    _mark_trained(created)
    _audit_batch(acting_user, None, "法律明白人培训", len(created))
    return created


@transaction.atomic
def liaison_training_record(
    *, acting_user: Any, liaison_id: int, trained_on: datetime.date, hours: Decimal, topic: str
) -> LiaisonTraining:
    """Record one training of a liaison; the rules and errors of `liaison_trainings_record`.

    Raises Http404 outside the user's scope.
    """
    liaison = access_liaison_by_id(acting_user, liaison_id, for_update=True)
    require_recorder_for(acting_user, [liaison.village])
    training = _training_of(TrainingRow(liaison, trained_on, hours, topic), acting_user)
    training.save()
    _mark_trained([training])
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=liaison,
        changes={"trained_on": str(trained_on), "hours": str(hours)},
        message="登记法律明白人培训",
    )
    return training


def _activity_of(row: ActivityRow, acting_user: Any) -> LiaisonActivity:
    problems: dict[str, list[str]] = {}
    liaison = row.liaison
    if row.name.strip() and row.name.strip() != liaison.name:
        problems["name"] = [f"与该身份证号登记的法律明白人“{liaison.name}”不符"]
    if day_problems := _day_problems(liaison, "活动日期", row.held_on):
        problems["held_on"] = day_problems
    if row.kind not in LiaisonActivity.Kind.values:
        problems["kind"] = [f"活动类型应为{_choices_text(LiaisonActivity.Kind.labels)}之一"]
    village = row.village or liaison.village
    if village.level != Region.Level.VILLAGE:
        problems["village"] = [f"“{village}”不是村(社区)"]
    activity = LiaisonActivity(
        liaison=liaison,
        held_on=row.held_on,
        kind=row.kind,
        village=village,
        note=row.note.strip(),
        created_by=_creator(acting_user),
    )
    _clean(activity, problems, ["liaison", "village", "created_by"])
    return activity


def _regions_of(rows: Sequence[ActivityRow]) -> list[Region]:
    return [row.liaison.village for row in rows] + [
        row.village for row in rows if row.village is not None
    ]


@transaction.atomic
def liaison_activities_record(
    *, acting_user: Any, rows: Sequence[ActivityRow], first_line: int = 1
) -> list[LiaisonActivity]:
    """Record legal liaisons' activities, all or none (the Excel import, the demo).

    Raises PermissionDenied unless the user keeps the ledgers of every liaison's village and
    every activity's village, and ValidationError naming each bad row and column: a name that is
    not the liaison's (`name`), a day before the selection, after the withdrawal or after today
    (`held_on`), an unknown kind, a place that is not a village.
    """
    require_recorder_for(acting_user, _regions_of(rows))
    activities = _batch(
        rows, lambda row: _activity_of(row, acting_user), first_line, ACTIVITY_COLUMNS
    )
    created = LiaisonActivity.objects.bulk_create(activities, batch_size=500)
    _audit_batch(acting_user, None, "法律明白人活动", len(created))
    return created


@transaction.atomic
def liaison_activity_record(
    *,
    acting_user: Any,
    liaison_id: int,
    held_on: datetime.date,
    kind: str,
    note: str = "",
    village: Region | None = None,
) -> LiaisonActivity:
    """Record one activity of a liaison; the rules and errors of `liaison_activities_record`.

    Raises Http404 outside the user's scope.
    """
    liaison = access_liaison_by_id(acting_user, liaison_id)
    row = ActivityRow(liaison=liaison, held_on=held_on, kind=kind, village=village, note=note)
    require_recorder_for(acting_user, _regions_of([row]))
    activity = _activity_of(row, acting_user)
    activity.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=liaison,
        changes={"held_on": str(held_on), "kind": kind},
        message="登记法律明白人活动",
    )
    return activity
