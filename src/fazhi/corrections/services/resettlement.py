"""Resettlement of released prisoners (安置帮教): the register, the handover and the support.

The steps and their clocks (parameters in resettlement_parameters.py, values in force on the day
each clock starts):

- notice (`released_person_notify`, or `released_persons_record` for a file): the prison sends
  the notice one month before release (§11.1 [S]); a notice received after `notice_due_on` is
  marked late. The support period ends `support_until`, 5 years after release [S]. The five
  support pathways start as "未开展".
- verification of residence (`released_person_verify_residence`): before the handover.
- handover (`released_person_hand_over`, 衔接): a key person (重点帮教对象) is escorted — the
  judicial office collects them at the prison or the prison delivers them (必接必送) — and the
  staff who did it are named; others may be collected by family or come home on their own. The
  report to the judicial office is due 7 days after the handover [I], the first home visit 7
  days after [S].
- report (`released_person_report`, 报到): the person is then supported (帮教中).
- risk assessment, support team, visits and pathways while supported; a high risk makes the
  person a key person [I].
- the end (`released_person_end_support`) on or after `support_until`; reoffending (重新犯罪)
  or loss of contact (失联, which may be restored) at any time after the handover.

Each state change is an FSM transition logged with record_transition (办理记录 + audit) in the
same transaction; other changes write an audit row. Bad input raises ValidationError naming the
field in Chinese; nothing is half-written.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import add_years
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Region, Transition
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.core.validators import validate_id_number
from fazhi.core.workflow import record_transition
from fazhi.corrections.models import ReleasedPerson, SupportPathway, SupportVisit
from fazhi.corrections.resettlement_parameters import (
    FIRST_VISIT_DAYS,
    NOTICE_LEAD_DAYS,
    REPORT_DAYS,
    SUPPORT_YEARS,
)
from fazhi.corrections.resettlement_permissions import (
    access_released_person_by_id,
    access_support_pathway_by_id,
    require_resettlement_keeper_for,
)

Person = ReleasedPerson

COLUMNS = {
    "region": "居住地区划",
    "name": "姓名",
    "gender": "性别",
    "id_number": "身份证号",
    "phone": "联系电话",
    "address": "居住地址",
    "prison": "服刑场所",
    "offence": "原判罪名",
    "sentence": "原判刑期",
    "release_on": "释放日期",
    "notice_received_on": "收到释放通知日期",
    "is_key": "重点帮教对象",
    "key_reason": "列为重点的原因",
    "residence_verified_on": "居住地核查日期",
    "residence_note": "核查情况",
    "handover_method": "衔接方式",
    "handed_over_on": "衔接日期",
    "handover_staff": "接送人员",
    "reported_on": "报到日期",
    "risk_level": "风险等级",
    "risk_assessed_on": "风险评估日期",
    "support_team": "帮教小组成员",
    "visited_on": "走访日期",
    "visitor": "走访人员",
    "kind": "方式",
    "status": "状态",
    "changed_on": "状态变更日期",
    "ended_on": "解除帮教日期",
    "reoffended_on": "重新犯罪日期",
    "lost_contact_on": "失联日期",
    "outcome_note": "情况说明",
    "note": "情况",
    "pathway": "帮扶事项",
}


@dataclass(frozen=True)
class NoticeRow:
    """A prison's pre-release notice (刑满释放人员通知书) as received."""

    region: Region
    name: str
    gender: str
    id_number: str
    prison: str
    offence: str
    sentence: str
    release_on: datetime.date
    notice_received_on: datetime.date
    phone: str = ""
    address: str = ""
    is_key: bool = False
    key_reason: str = ""


@dataclass(frozen=True)
class VerificationRow:
    verified_on: datetime.date
    confirmed: bool
    note: str = ""


@dataclass(frozen=True)
class HandoverRow:
    method: str
    handed_over_on: datetime.date
    staff: str = ""
    note: str = ""


@dataclass(frozen=True)
class VisitRow:
    visited_on: datetime.date
    kind: str
    visitor: str
    note: str = ""


@dataclass(frozen=True)
class PathwayRow:
    pathway: str
    status: str
    changed_on: datetime.date
    note: str = ""


@dataclass(frozen=True)
class ReleasedPersonRow:
    """A notice with as much of its history as has happened (the demo, a migration of records)."""

    notice: NoticeRow
    verification: VerificationRow | None = None
    handover: HandoverRow | None = None
    reported_on: datetime.date | None = None
    risk_level: str = ""
    risk_assessed_on: datetime.date | None = None
    support_team: str = ""
    visits: tuple[VisitRow, ...] = field(default_factory=tuple)
    pathways: tuple[PathwayRow, ...] = field(default_factory=tuple)


def _today() -> datetime.date:
    return timezone.localdate()


def _creator(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _choices_text(labels: Sequence[Any]) -> str:
    return "、".join(str(label) for label in labels)


def _problem(problems: dict[str, list[str]], name: str, message: str) -> None:
    problems.setdefault(name, []).append(message)


def _not_after_today(problems: dict[str, list[str]], name: str, day: datetime.date | None) -> None:
    if day is not None and day > _today():
        _problem(problems, name, f"{COLUMNS[name]}不能晚于今天")


def _raise(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationError(problems)


def _require_status(person: Person, statuses: Sequence[str], action: str) -> None:
    if person.status not in statuses:
        raise InvalidTransition(f"当前状态为“{person.get_status_display()}”，不能{action}")


# The clocks ---------------------------------------------------------------------------------


def notice_due_on(release_on: datetime.date) -> datetime.date:
    """The day the prison's notice should have arrived by: one month before release (§11.1)."""
    lead = parameter_value(NOTICE_LEAD_DAYS, on=release_on).amount
    return release_on - datetime.timedelta(days=lead)


def support_period_end(release_on: datetime.date) -> datetime.date:
    """The last day of the support period (帮教期), 5 years from release by default [S]."""
    years = parameter_value(SUPPORT_YEARS, on=release_on).amount
    return add_years(release_on, years)


class _Clocks:
    """The clocks by day, computed once per day for a batch."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, datetime.date], datetime.date] = {}

    def _get(self, key: str, day: datetime.date) -> datetime.date:
        if (key, day) not in self._cache:
            if key == "notice":
                value = notice_due_on(day)
            elif key == "support":
                value = support_period_end(day)
            elif key == "report":
                value = due_date_by_parameter(REPORT_DAYS, day).due_on
            else:
                value = due_date_by_parameter(FIRST_VISIT_DAYS, day).due_on
            self._cache[key, day] = value
        return self._cache[key, day]

    def notice_due(self, release_on: datetime.date) -> datetime.date:
        return self._get("notice", release_on)

    def support_until(self, release_on: datetime.date) -> datetime.date:
        return self._get("support", release_on)

    def report_due(self, handed_over_on: datetime.date) -> datetime.date:
        return self._get("report", handed_over_on)

    def first_visit_due(self, handed_over_on: datetime.date) -> datetime.date:
        return self._get("visit", handed_over_on)


# The steps, on an instance (checked, not saved) ------------------------------------------------


def _person_of(row: NoticeRow, clocks: _Clocks, acting_user: Any, source: str) -> Person:
    problems: dict[str, list[str]] = {}
    if not row.name.strip():
        _problem(problems, "name", "请填写姓名")
    if row.gender not in Person.Gender.values:
        _problem(problems, "gender", f"性别应为{_choices_text(Person.Gender.labels)}之一")
    try:
        validate_id_number(row.id_number.strip().upper())
    except ValidationError as error:
        problems["id_number"] = list(error.messages)
    for name in ("prison", "offence", "sentence"):
        if not getattr(row, name).strip():
            _problem(problems, name, f"请填写{COLUMNS[name]}")
    if row.region.level not in (Region.Level.TOWN, Region.Level.VILLAGE):
        _problem(problems, "region", "居住地区划应为镇（街道）或村（社区）")
    if row.notice_received_on > row.release_on:
        # A notice entered after release is still registered, but the day it arrived is what
        # the prison is judged by; a receipt after release is a data-entry slip.
        _problem(problems, "notice_received_on", "收到释放通知日期不能晚于释放日期")
    _not_after_today(problems, "notice_received_on", row.notice_received_on)
    if row.is_key and not row.key_reason.strip():
        _problem(problems, "key_reason", "列为重点帮教对象的，请填写原因")
    person = Person(
        region=row.region,
        name=row.name.strip(),
        gender=row.gender,
        id_number=row.id_number.strip().upper(),
        phone=row.phone.strip(),
        address=row.address.strip(),
        prison=row.prison.strip(),
        offence=row.offence.strip(),
        sentence=row.sentence.strip(),
        release_on=row.release_on,
        notice_received_on=row.notice_received_on,
        notice_due_on=clocks.notice_due(row.release_on),
        notice_source=source,
        is_key=row.is_key,
        key_reason=row.key_reason.strip() if row.is_key else "",
        support_until=clocks.support_until(row.release_on),
        created_by=_creator(acting_user),
    )
    try:
        person.full_clean(
            exclude=[
                "region",
                "created_by",
                "id_number_digest",
                "status",
                "id_number",
                *problems,
            ],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    _raise(problems)
    person.digest()
    return person


def _verify(person: Person, row: VerificationRow) -> None:
    problems: dict[str, list[str]] = {}
    if row.verified_on < person.notice_received_on:
        _problem(problems, "residence_verified_on", "居住地核查日期不能早于收到释放通知日期")
    _not_after_today(problems, "residence_verified_on", row.verified_on)
    if not row.confirmed and not row.note.strip():
        _problem(problems, "residence_note", "居住地核实不一致的，请说明核查情况")
    _raise(problems)
    person.residence_verified_on = row.verified_on
    person.residence_confirmed = row.confirmed
    person.residence_note = row.note.strip()


def _hand_over(person: Person, row: HandoverRow, clocks: _Clocks) -> None:
    problems: dict[str, list[str]] = {}
    if person.residence_verified_on is None:
        _problem(problems, "residence_verified_on", "请先核查居住地，再办理衔接")
    if row.method not in Person.HandoverMethod.values:
        _problem(
            problems,
            "handover_method",
            f"衔接方式应为{_choices_text(Person.HandoverMethod.labels)}之一",
        )
    elif person.is_key and row.method not in Person.ESCORTED:
        # 必接必送 (2022 report; domain notes §11.1): key persons are escorted home.
        _problem(
            problems,
            "handover_method",
            "重点帮教对象应当必接必送：由司法所派员到监所接回或由监所送回，"
            "不能由家属接回或自行返回",
        )
    if row.method in Person.ESCORTED and not row.staff.strip():
        _problem(problems, "handover_staff", "司法所接回或监所送回的，请填写接送人员")
    if row.handed_over_on < person.release_on:
        _problem(problems, "handed_over_on", "衔接日期不能早于释放日期")
    _not_after_today(problems, "handed_over_on", row.handed_over_on)
    _raise(problems)
    person.handover_method = row.method
    person.handed_over_on = row.handed_over_on
    person.handover_staff = row.staff.strip()
    person.handover_note = row.note.strip()
    person.report_due_on = clocks.report_due(row.handed_over_on)
    person.first_visit_due_on = clocks.first_visit_due(row.handed_over_on)
    person.hand_over()


def _report(person: Person, on: datetime.date) -> None:
    problems: dict[str, list[str]] = {}
    assert person.handed_over_on is not None
    if on < person.handed_over_on:
        _problem(problems, "reported_on", "报到日期不能早于衔接日期")
    _not_after_today(problems, "reported_on", on)
    _raise(problems)
    person.reported_on = on
    person.report()


def _assess_risk(person: Person, level: str, on: datetime.date) -> None:
    problems: dict[str, list[str]] = {}
    if level not in Person.RiskLevel.values:
        _problem(
            problems, "risk_level", f"风险等级应为{_choices_text(Person.RiskLevel.labels)}之一"
        )
    if on < person.notice_received_on:
        _problem(problems, "risk_assessed_on", "风险评估日期不能早于收到释放通知日期")
    _not_after_today(problems, "risk_assessed_on", on)
    _raise(problems)
    person.risk_level = level
    person.risk_assessed_on = on
    if level == Person.RiskLevel.HIGH and not person.is_key:
        # [I] a person assessed at high risk is supported as a key person from then on.
        person.is_key = True
        person.key_reason = "风险评估为高风险"


def _visit_of(person: Person, row: VisitRow, acting_user: Any) -> SupportVisit:
    problems: dict[str, list[str]] = {}
    if row.kind not in SupportVisit.Kind.values:
        _problem(problems, "kind", f"走访方式应为{_choices_text(SupportVisit.Kind.labels)}之一")
    if not row.visitor.strip():
        _problem(problems, "visitor", "请填写走访人员")
    if person.handed_over_on is None:
        _problem(problems, "visited_on", "尚未衔接的人员不能登记走访")
    elif row.visited_on < person.handed_over_on:
        _problem(problems, "visited_on", "走访日期不能早于衔接日期")
    _not_after_today(problems, "visited_on", row.visited_on)
    _raise(problems)
    return SupportVisit(
        person=person,
        visited_on=row.visited_on,
        kind=row.kind,
        visitor=row.visitor.strip(),
        note=row.note.strip(),
        created_by=_creator(acting_user),
    )


def _pathway_problems(
    person: Person,
    status: str,
    on: datetime.date,
    note: str,
    previous_on: datetime.date | None = None,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if status not in SupportPathway.Status.values:
        _problem(problems, "status", f"状态应为{_choices_text(SupportPathway.Status.labels)}之一")
    if on < person.notice_received_on:
        _problem(problems, "changed_on", "状态变更日期不能早于收到释放通知日期")
    if previous_on is not None and on < previous_on:
        _problem(problems, "changed_on", f"状态变更日期不能早于上次变更日期{previous_on}")
    _not_after_today(problems, "changed_on", on)
    if status == SupportPathway.Status.DECLINED and not note.strip():
        _problem(problems, "note", "本人拒绝帮扶的，请说明情况")
    return problems


def _log(person: Person, from_state: str, action: str, actor: Any, on: datetime.date) -> None:
    record_transition(person, from_state, person.status, action=action, actor=actor, on=on)


def _pathways_for(
    persons: Sequence[Person], rows: Sequence[Sequence["PathwayRow"]], acting_user: Any
) -> list[SupportPathway]:
    """The five pathways of each person, as far as `rows` (one sequence per person) say."""
    pathways = []
    for person, changes in zip(persons, rows, strict=True):
        by_pathway = {change.pathway: change for change in changes}
        for pathway in SupportPathway.Pathway.values:
            change = by_pathway.get(pathway)
            pathways.append(
                SupportPathway(
                    person=person,
                    pathway=pathway,
                    status=change.status if change else SupportPathway.Status.NOT_STARTED,
                    changed_on=change.changed_on if change else None,
                    note=change.note.strip() if change else "",
                    created_by=_creator(acting_user),
                )
            )
    return pathways


def _already_registered(digests: Sequence[str]) -> set[str]:
    """The ID digests of persons already on the register and not closed."""
    return set(
        Person.objects.filter(id_number_digest__in=list(digests))
        .exclude(status__in=Person.CLOSED)
        .values_list("id_number_digest", flat=True)
    )


# Single steps --------------------------------------------------------------------------------


@transaction.atomic
def released_person_notify(*, acting_user: Any, row: NoticeRow) -> Person:
    """Register a prison's pre-release notice (刑满释放人员通知书) for a resident.

    Raises PermissionDenied unless the user keeps the register of the person's residence, and
    ValidationError naming the field (bad ID number, missing prison or offence, a receipt after
    the release day or after today, a key person without a reason, someone already on the
    register). Creates the five support pathways; logs the transition and an audit row.
    """
    require_resettlement_keeper_for(acting_user, [row.region])
    return released_persons_record(
        acting_user=acting_user, rows=[ReleasedPersonRow(notice=row)], single=True
    )[0]


@transaction.atomic
def released_person_verify_residence(
    *, acting_user: Any, person_id: int, row: VerificationRow
) -> Person:
    """Record the verification of the person's residence (信息核查), before the handover."""
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, [Person.Status.NOTIFIED], "核查居住地")
    _verify(person, row)
    person.save(
        update_fields=[
            "residence_verified_on",
            "residence_confirmed",
            "residence_note",
            "updated_at",
        ]
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=person,
        changes={"residence_verified_on": str(row.verified_on), "confirmed": row.confirmed},
        message="核查刑满释放人员居住地",
    )
    return person


@transaction.atomic
def released_person_hand_over(*, acting_user: Any, person_id: int, row: HandoverRow) -> Person:
    """Record the handover on release (衔接); key persons only escorted (必接必送).

    Starts the report and first-visit clocks. Raises InvalidTransition unless the person awaits
    the handover, ValidationError naming the field otherwise.
    """
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, [Person.Status.NOTIFIED], "办理衔接")
    _hand_over(person, row, _Clocks())
    person.save()
    action = f"衔接：{person.get_handover_method_display()}"
    _log(person, Person.Status.NOTIFIED, action, acting_user, row.handed_over_on)
    return person


@transaction.atomic
def released_person_report(*, acting_user: Any, person_id: int, on: datetime.date) -> Person:
    """Record the person's report to the judicial office (报到); support starts."""
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, [Person.Status.HANDED_OVER], "登记报到")
    _report(person, on)
    person.save()
    late = "（逾期报到）" if person.is_report_late else ""
    _log(person, Person.Status.HANDED_OVER, f"到司法所报到{late}", acting_user, on)
    return person


_OPEN = (Person.Status.NOTIFIED, Person.Status.HANDED_OVER, Person.Status.IN_SUPPORT)


@transaction.atomic
def released_person_assess_risk(
    *, acting_user: Any, person_id: int, level: str, on: datetime.date
) -> Person:
    """Classify the person's risk (风险评估); high risk makes them a key person [I]."""
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, _OPEN, "评估风险")
    _assess_risk(person, level, on)
    person.save(
        update_fields=["risk_level", "risk_assessed_on", "is_key", "key_reason", "updated_at"]
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=person,
        changes={"risk_level": level, "risk_assessed_on": str(on)},
        message="刑满释放人员风险评估",
    )
    return person


@transaction.atomic
def released_person_set_support_team(*, acting_user: Any, person_id: int, members: str) -> Person:
    """Name the members of the person's support team (帮教小组)."""
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, _OPEN, "调整帮教小组")
    if not members.strip():
        raise ValidationError({"support_team": "请填写帮教小组成员"})
    person.support_team = members.strip()
    person.save(update_fields=["support_team", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=person,
        changes={"support_team": person.support_team},
        message="调整帮教小组",
    )
    return person


@transaction.atomic
def support_visit_record(*, acting_user: Any, person_id: int, row: VisitRow) -> SupportVisit:
    """Record a visit or talk of the support team (走访) with a handed-over person."""
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, [*_OPEN, Person.Status.LOST_CONTACT], "登记走访")
    visit = _visit_of(person, row, acting_user)
    visit.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=visit,
        changes={"visited_on": str(row.visited_on), "kind": row.kind},
        message="登记帮教走访",
    )
    return visit


@transaction.atomic
def support_pathway_update(
    *, acting_user: Any, pathway_id: int, status: str, on: datetime.date, note: str = ""
) -> SupportPathway:
    """Set where one support pathway stands (帮扶: 住房、就业、社会救助、技能培训、医疗健康)."""
    pathway = access_support_pathway_by_id(acting_user, pathway_id, for_update=True)
    person = pathway.person
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, _OPEN, "调整帮扶事项")
    _raise(_pathway_problems(person, status, on, note, pathway.changed_on))
    previous = pathway.status
    pathway.status = status
    pathway.changed_on = on
    pathway.note = note.strip()
    pathway.save(update_fields=["status", "changed_on", "note", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=pathway,
        changes={"status": [previous, status], "changed_on": str(on)},
        message=f"调整帮扶事项：{pathway.get_pathway_display()}",
    )
    return pathway


def _close_step(
    *,
    acting_user: Any,
    person_id: int,
    on: datetime.date,
    note: str,
    date_field: str,
    method: str,
    action: str,
) -> Person:
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    problems: dict[str, list[str]] = {}
    if person.handed_over_on is not None and on < person.handed_over_on:
        _problem(problems, date_field, f"{COLUMNS[date_field]}不能早于衔接日期")
    _not_after_today(problems, date_field, on)
    if date_field == "ended_on" and on < person.support_until:
        _problem(
            problems, date_field, f"帮教期至{person.support_until:%Y-%m-%d}止，期满前不能解除帮教"
        )
    if date_field in ("reoffended_on", "lost_contact_on") and not note.strip():
        _problem(problems, "outcome_note", "请填写情况说明")
    transition_method = getattr(person, method)
    if not can_proceed(transition_method):
        raise InvalidTransition(f"当前状态为“{person.get_status_display()}”，不能{action}")
    _raise(problems)
    previous = person.status
    setattr(person, date_field, on)
    person.outcome_note = note.strip()
    transition_method()
    person.save()
    _log(person, previous, action, acting_user, on)
    return person


@transaction.atomic
def released_person_end_support(
    *, acting_user: Any, person_id: int, on: datetime.date, note: str = ""
) -> Person:
    """End the support at the end of the support period (帮教期满解除), not before."""
    return _close_step(
        acting_user=acting_user,
        person_id=person_id,
        on=on,
        note=note,
        date_field="ended_on",
        method="end_support",
        action="帮教期满解除",
    )


@transaction.atomic
def released_person_record_reoffence(
    *, acting_user: Any, person_id: int, on: datetime.date, note: str
) -> Person:
    """Record that the person offended again (重新犯罪); the record is closed."""
    return _close_step(
        acting_user=acting_user,
        person_id=person_id,
        on=on,
        note=note,
        date_field="reoffended_on",
        method="reoffend",
        action="重新犯罪",
    )


@transaction.atomic
def released_person_record_lost_contact(
    *, acting_user: Any, person_id: int, on: datetime.date, note: str
) -> Person:
    """Record that the office lost contact with the person (失联)."""
    return _close_step(
        acting_user=acting_user,
        person_id=person_id,
        on=on,
        note=note,
        date_field="lost_contact_on",
        method="lose_contact",
        action="失联",
    )


@transaction.atomic
def released_person_restore_contact(
    *, acting_user: Any, person_id: int, on: datetime.date, note: str = ""
) -> Person:
    """Record that contact is restored (恢复联系); support goes on."""
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    _require_status(person, [Person.Status.LOST_CONTACT], "登记恢复联系")
    assert person.lost_contact_on is not None
    if on < person.lost_contact_on:
        raise ValidationError({"lost_contact_on": "恢复联系日期不能早于失联日期"})
    if on > _today():
        raise ValidationError({"lost_contact_on": "恢复联系日期不能晚于今天"})
    person.lost_contact_on = None
    person.outcome_note = note.strip()
    person.restore_contact()
    person.save()
    _log(person, Person.Status.LOST_CONTACT, "恢复联系", acting_user, on)
    return person


# The batch -----------------------------------------------------------------------------------

Step = tuple[str, str, str, datetime.date]


def _history_of(
    row: ReleasedPersonRow, clocks: _Clocks, acting_user: Any, source: str
) -> tuple[Person, list[Step], list[SupportVisit]]:
    person = _person_of(row.notice, clocks, acting_user, source)
    steps: list[Step] = [
        ("", Person.Status.NOTIFIED, "收到刑满释放人员通知书", row.notice.notice_received_on)
    ]
    if row.risk_level:
        _assess_risk(person, row.risk_level, row.risk_assessed_on or row.notice.notice_received_on)
    if row.verification is not None:
        _verify(person, row.verification)
    if row.handover is not None:
        _hand_over(person, row.handover, clocks)
        steps.append(
            (
                Person.Status.NOTIFIED,
                Person.Status.HANDED_OVER,
                f"衔接：{person.get_handover_method_display()}",
                row.handover.handed_over_on,
            )
        )
    if row.reported_on is not None:
        if person.status != Person.Status.HANDED_OVER:
            raise ValidationError({"reported_on": "尚未衔接的人员不能登记报到"})
        _report(person, row.reported_on)
        steps.append(
            (Person.Status.HANDED_OVER, Person.Status.IN_SUPPORT, "到司法所报到", row.reported_on)
        )
    person.support_team = row.support_team.strip()
    visits = [_visit_of(person, visit, acting_user) for visit in row.visits]
    for change in row.pathways:
        if change.pathway not in SupportPathway.Pathway.values:
            raise ValidationError({"pathway": "帮扶事项不存在"})
        _raise(_pathway_problems(person, change.status, change.changed_on, change.note))
    return person, steps, visits


def _batch(
    rows: Sequence[ReleasedPersonRow], acting_user: Any, source: str, first_line: int
) -> list[tuple[Person, list[Step], list[SupportVisit]]]:
    """Build every row; ValidationError({"rows": [...]}) naming each bad row and column."""
    clocks = _Clocks()
    problems: list[str] = []
    built: list[tuple[Person, list[Step], list[SupportVisit]]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=first_line):
        try:
            history = _history_of(row, clocks, acting_user, source)
        except ValidationError as error:
            messages = (
                error.message_dict.items()
                if hasattr(error, "error_dict")
                else [("", error.messages)]
            )
            problems.extend(
                f"第{line}行“{COLUMNS[name]}”{message}"
                if name in COLUMNS
                else f"第{line}行{message}"
                for name, name_messages in messages
                for message in name_messages
            )
            continue
        digest = history[0].id_number_digest
        if digest in seen:
            problems.append(f"第{line}行“身份证号”与第{seen[digest]}行重复")
            continue
        seen[digest] = line
        built.append(history)
    registered = _already_registered(list(seen))
    problems.extend(
        f"第{line}行“身份证号”该人员已在安置帮教名册中（尚未解除帮教）"
        for digest, line in seen.items()
        if digest in registered
    )
    if problems:
        raise ValidationError({"rows": sorted(problems, key=_line_of)})
    return built


def _line_of(message: str) -> int:
    return int(message[1 : message.index("行")])


@transaction.atomic
def released_persons_record(
    *,
    acting_user: Any,
    rows: Sequence[ReleasedPersonRow],
    source: str = Person.NoticeSource.ENTERED,
    first_line: int = 1,
    single: bool = False,
) -> list[Person]:
    """Register several notices with their history, all or none (the import, the demo).

    The checks of the single steps apply to every row; ValidationError({"rows": [...]}) names
    each bad row and column ("第3行“身份证号”…") and nothing is written — for a single notice
    (`single`) the error names the fields instead. Raises PermissionDenied unless the user keeps
    the register of every row's residence. Writes the five pathways per person, one Transition
    row per step and one audit row for the batch (one per person for a single notice).
    """
    require_resettlement_keeper_for(acting_user, [row.notice.region for row in rows])
    try:
        built = _batch(rows, acting_user, source, first_line)
    except ValidationError as error:
        if single:
            _reraise_single(rows[0], acting_user, source)
        raise error
    persons = Person.objects.bulk_create([person for person, _steps, _visits in built], 500)
    SupportPathway.objects.bulk_create(
        _pathways_for(persons, [row.pathways for row in rows], acting_user), batch_size=1000
    )
    SupportVisit.objects.bulk_create(
        [visit for _person, _steps, visits in built for visit in visits], batch_size=1000
    )
    content_type = ContentType.objects.get_for_model(Person)
    actor = _creator(acting_user)
    Transition.objects.bulk_create(
        [
            Transition(
                content_type=content_type,
                object_id=person.pk,
                from_state=from_state,
                to_state=to_state,
                action=action,
                actor=actor,
                step_on=on,
            )
            for person, (_built, steps, _visits) in zip(persons, built, strict=True)
            for from_state, to_state, action, on in steps
        ],
        batch_size=1000,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=persons[0] if single else None,
        changes={"刑满释放人员": len(persons)},
        message="登记刑满释放人员通知" if single else "批量登记刑满释放人员通知",
    )
    return persons


def _reraise_single(row: ReleasedPersonRow, acting_user: Any, source: str) -> None:
    """The single notice's problems by field, for a form to show next to its fields."""
    person = _person_of(row.notice, _Clocks(), acting_user, source)
    if person.id_number_digest in _already_registered([person.id_number_digest]):
        raise ValidationError({"id_number": "该人员已在安置帮教名册中（尚未解除帮教）"})
