"""Remote family video visits with prisoners and remote hearings (domain notes §11.2).

A visit (远程视频会见) goes: application at the county (`remote_visit_apply`: at most 3
visitors [S]) → eligibility check (`remote_visit_review`: a close relative or guardian with
identity and relationship proof, and no suspension for the prisoner's family) → refused, or
forwarded to the prison → the prison's schedule (`remote_visit_schedule`: at most 30 minutes
[S]) → the outcome (`remote_visit_conclude`): held; the family did not come (forfeited); the
prison declined; or stopped for a violation, which suspends the family's visits to that prisoner
for 3 months [S]. A stopped visit did take place.

A remote hearing (远程庭审/提审) is requested by a court, procuratorate, police, discipline body
or customs (`remote_hearing_request`) and then held or cancelled (`remote_hearing_conclude`).

Only the county body (ARRANGE_REMOTE_VISITS) takes these steps. Each state change is logged with
record_transition in the same transaction; bad input raises ValidationError naming the field.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.deadlines import add_months
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import Region
from fazhi.core.parameters import parameter_value
from fazhi.core.validators import validate_id_number, validate_mobile
from fazhi.core.workflow import record_transition
from fazhi.corrections.models import RemoteHearing, RemoteVisit
from fazhi.corrections.resettlement_parameters import (
    VISIT_MAX_MINUTES,
    VISIT_MAX_VISITORS,
    VISIT_SUSPENSION_MONTHS,
)
from fazhi.corrections.resettlement_permissions import (
    access_remote_hearing_by_id,
    access_remote_visit_by_id,
    require_remote_visit_arranger_for,
)

Visit = RemoteVisit
Hearing = RemoteHearing


@dataclass(frozen=True)
class VisitApplicationRow:
    region: Region
    applicant_name: str
    id_number: str
    relationship: str
    visitors: int
    prisoner_name: str
    prison: str
    channel: str
    applied_on: datetime.date
    phone: str = ""


@dataclass(frozen=True)
class HearingRequestRow:
    region: Region
    body_kind: str
    body_name: str
    kind: str
    person_name: str
    facility: str
    requested_on: datetime.date
    scheduled_on: datetime.date


def _today() -> datetime.date:
    return timezone.localdate()


def _creator(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _labels(choices: Any) -> str:
    return "、".join(str(label) for label in choices.labels)


def _after_today(day: datetime.date) -> bool:
    return day > _today()


def _require(visit: Visit | Hearing, statuses: Sequence[str], action: str) -> None:
    if visit.status not in statuses:
        raise InvalidTransition(f"当前状态为“{visit.get_status_display()}”，不能{action}")


def _log(
    target: Visit | Hearing, previous: str, action: str, actor: Any, on: datetime.date
) -> None:
    record_transition(target, previous, target.status, action=action, actor=actor, on=on)


def max_visitors(on: datetime.date) -> int:
    """How many relatives may join one remote visit, on day `on` (3 by default [S])."""
    return parameter_value(VISIT_MAX_VISITORS, on=on).amount


def max_minutes(on: datetime.date) -> int:
    """The longest remote visit, in minutes, on day `on` (30 by default [S])."""
    return parameter_value(VISIT_MAX_MINUTES, on=on).amount


def suspension_of(*, prisoner_name: str, prison: str, on: datetime.date) -> Visit | None:
    """The stopped visit whose suspension still bars visits to this prisoner on `on`, if any."""
    return (
        Visit.objects.filter(
            prisoner_name=prisoner_name,
            prison=prison,
            outcome=Visit.Outcome.STOPPED,
            suspended_until__gte=on,
        )
        .order_by("-suspended_until")
        .first()
    )


@transaction.atomic
def remote_visit_apply(*, acting_user: Any, row: VisitApplicationRow) -> Visit:
    """Register a relative's application for a remote video visit (会见申请) at the county.

    Raises PermissionDenied unless the user arranges remote visits for the applicant's region,
    ValidationError naming the field (bad ID number or phone, too many visitors, a day after
    today, missing prisoner or prison).
    """
    require_remote_visit_arranger_for(acting_user, [row.region])
    problems: dict[str, list[str]] = {}
    if not row.applicant_name.strip():
        problems["applicant_name"] = ["请填写申请人"]
    try:
        validate_id_number(row.id_number.strip().upper())
    except ValidationError as error:
        problems["id_number"] = list(error.messages)
    if row.phone.strip():
        try:
            validate_mobile(row.phone.strip())
        except ValidationError as error:
            problems["phone"] = list(error.messages)
    if row.relationship not in Visit.Relationship.values:
        problems["relationship"] = [f"与服刑人员关系应为{_labels(Visit.Relationship)}之一"]
    if row.channel not in Visit.Channel.values:
        problems["channel"] = [f"申请渠道应为{_labels(Visit.Channel)}之一"]
    limit = max_visitors(row.applied_on)
    if not 1 <= row.visitors <= limit:
        problems["visitors"] = [f"每次会见人数应为1至{limit}人"]
    if not row.prisoner_name.strip():
        problems["prisoner_name"] = ["请填写服刑人员姓名"]
    if not row.prison.strip():
        problems["prison"] = ["请填写服刑监狱"]
    if _after_today(row.applied_on):
        problems["applied_on"] = ["申请日期不能晚于今天"]
    if problems:
        raise ValidationError(problems)
    visit = Visit(
        region=row.region,
        applicant_name=row.applicant_name.strip(),
        id_number=row.id_number.strip().upper(),
        phone=row.phone.strip(),
        relationship=row.relationship,
        visitors=row.visitors,
        prisoner_name=row.prisoner_name.strip(),
        prison=row.prison.strip(),
        channel=row.channel,
        applied_on=row.applied_on,
        created_by=_creator(acting_user),
    )
    visit.save()
    _log(visit, "", "受理远程视频会见申请", acting_user, row.applied_on)
    return visit


def _ineligibility(visit: Visit, documents_verified: bool) -> str:
    """Why the applicant may not visit, or "" when they may (domain notes §11.2)."""
    if visit.relationship not in Visit.CLOSE_RELATIVES:
        return (
            "申请人不是服刑人员的配偶、父母、子女、兄弟姐妹、祖父母外祖父母、孙子女外孙子女或监护人"
        )
    if not documents_verified:
        return "未能提供身份证明和亲属关系证明（户口簿或关系证明）"
    suspension = suspension_of(
        prisoner_name=visit.prisoner_name, prison=visit.prison, on=visit.applied_on
    )
    if suspension is not None:
        return (
            f"因违反会见规定，该服刑人员的远程视频会见暂停至{suspension.suspended_until:%Y-%m-%d}"
        )
    return ""


@transaction.atomic
def remote_visit_review(
    *, acting_user: Any, visit_id: int, on: datetime.date, documents_verified: bool
) -> Visit:
    """Check the applicant's eligibility; forward an eligible application to the prison.

    Eligible: a close relative or guardian (配偶、父母、子女、兄弟姐妹、祖父母外祖父母、孙子女
    外孙子女、监护人) whose identity and relationship proof were checked, and no suspension of
    the prisoner's visits on the day of the application. Otherwise the application is refused
    with the reason. Logs the transition either way.
    """
    visit = access_remote_visit_by_id(acting_user, visit_id, for_update=True)
    require_remote_visit_arranger_for(acting_user, [visit.region])
    _require(visit, [Visit.Status.APPLIED], "审核")
    if on < visit.applied_on:
        raise ValidationError({"reviewed_on": "审核日期不能早于申请日期"})
    if _after_today(on):
        raise ValidationError({"reviewed_on": "审核日期不能晚于今天"})
    reason = _ineligibility(visit, documents_verified)
    visit.reviewed_on = on
    if reason:
        visit.refusal_reason = reason
        visit.refuse()
        action = "审核：不符合会见条件"
    else:
        visit.forwarded_on = on
        visit.forward()
        action = "审核通过，转送监狱"
    visit.save()
    _log(visit, Visit.Status.APPLIED, action, acting_user, on)
    return visit


@transaction.atomic
def remote_visit_schedule(
    *, acting_user: Any, visit_id: int, scheduled_at: datetime.datetime, minutes: int
) -> Visit:
    """Record the session the prison scheduled (监狱安排会见时间), at most 30 minutes [S]."""
    visit = access_remote_visit_by_id(acting_user, visit_id, for_update=True)
    require_remote_visit_arranger_for(acting_user, [visit.region])
    _require(visit, [Visit.Status.FORWARDED], "登记会见安排")
    assert visit.forwarded_on is not None
    problems: dict[str, list[str]] = {}
    day = timezone.localdate(scheduled_at)
    if day < visit.forwarded_on:
        problems["scheduled_at"] = ["会见时间不能早于转送监狱日期"]
    limit = max_minutes(day)
    if not 1 <= minutes <= limit:
        problems["scheduled_minutes"] = [f"每次会见时长应为1至{limit}分钟"]
    if problems:
        raise ValidationError(problems)
    visit.scheduled_at = scheduled_at
    visit.scheduled_minutes = minutes
    visit.schedule()
    visit.save()
    _log(visit, Visit.Status.FORWARDED, "监狱安排会见时间", acting_user, visit.forwarded_on)
    return visit


_OUTCOME_SOURCES: dict[str, list[str]] = {
    Visit.Outcome.HELD: [Visit.Status.SCHEDULED],
    Visit.Outcome.STOPPED: [Visit.Status.SCHEDULED],
    Visit.Outcome.NO_SHOW: [Visit.Status.SCHEDULED],
    Visit.Outcome.PRISON_DECLINED: [Visit.Status.FORWARDED],
}


@transaction.atomic
def remote_visit_conclude(
    *, acting_user: Any, visit_id: int, outcome: str, on: datetime.date, note: str = ""
) -> Visit:
    """Record how the visit ended (会见结果); a stopped visit suspends the family's visits.

    Held and stopped visits took place (已会见); a no-show (逾时未到, forfeited) or the prison's
    refusal did not (未会见). A stopped visit needs the violation described; the prisoner's
    visits are suspended for 3 months from `on` [S].
    """
    visit = access_remote_visit_by_id(acting_user, visit_id, for_update=True)
    require_remote_visit_arranger_for(acting_user, [visit.region])
    if outcome not in _OUTCOME_SOURCES:
        raise ValidationError({"outcome": f"会见结果应为{_labels(Visit.Outcome)}之一"})
    _require(visit, _OUTCOME_SOURCES[outcome], f"登记“{Visit.Outcome(outcome).label}”")
    problems: dict[str, list[str]] = {}
    start = (
        timezone.localdate(visit.scheduled_at)
        if visit.scheduled_at is not None
        else visit.forwarded_on
    )
    assert start is not None
    if on < start:
        problems["concluded_on"] = ["办结日期不能早于会见安排日期（或转送日期）"]
    if _after_today(on):
        problems["concluded_on"] = ["办结日期不能晚于今天"]
    if outcome == Visit.Outcome.STOPPED and not note.strip():
        problems["outcome_note"] = ["中止会见的，请写明违反会见规定的情形"]
    if problems:
        raise ValidationError(problems)
    previous = visit.status
    visit.outcome = outcome
    visit.concluded_on = on
    visit.outcome_note = note.strip()
    if outcome == Visit.Outcome.STOPPED:
        months = parameter_value(VISIT_SUSPENSION_MONTHS, on=on).amount
        visit.suspended_until = add_months(on, months)
    if outcome in (Visit.Outcome.HELD, Visit.Outcome.STOPPED):
        visit.complete()
    else:
        visit.fail()
    visit.save()
    _log(visit, previous, f"会见结果：{visit.get_outcome_display()}", acting_user, on)
    return visit


@transaction.atomic
def remote_hearing_request(*, acting_user: Any, row: HearingRequestRow) -> Hearing:
    """Register a body's request for a remote hearing or interrogation (远程庭审/提审)."""
    require_remote_visit_arranger_for(acting_user, [row.region])
    problems: dict[str, list[str]] = {}
    if row.region.level != Region.Level.COUNTY:
        problems["region"] = ["远程庭审提审由县级司法行政机关办理，所属区划应为县（市、区）"]
    if row.body_kind not in Hearing.BodyKind.values:
        problems["body_kind"] = [f"提出单位类别应为{_labels(Hearing.BodyKind)}之一"]
    if row.kind not in Hearing.Kind.values:
        problems["kind"] = [f"事项应为{_labels(Hearing.Kind)}之一"]
    for name, label in (
        ("body_name", "提出单位"),
        ("person_name", "涉及人员"),
        ("facility", "所在监所"),
    ):
        if not getattr(row, name).strip():
            problems[name] = [f"请填写{label}"]
    if _after_today(row.requested_on):
        problems["requested_on"] = ["提出日期不能晚于今天"]
    if row.scheduled_on < row.requested_on:
        problems["scheduled_on"] = ["计划日期不能早于提出日期"]
    if problems:
        raise ValidationError(problems)
    hearing = Hearing.objects.create(
        region=row.region,
        body_kind=row.body_kind,
        body_name=row.body_name.strip(),
        kind=row.kind,
        person_name=row.person_name.strip(),
        facility=row.facility.strip(),
        requested_on=row.requested_on,
        scheduled_on=row.scheduled_on,
        created_by=_creator(acting_user),
    )
    _log(hearing, "", f"受理{hearing.get_kind_display()}协助请求", acting_user, row.requested_on)
    return hearing


@transaction.atomic
def remote_hearing_conclude(
    *, acting_user: Any, hearing_id: int, held: bool, on: datetime.date, note: str = ""
) -> Hearing:
    """Record that the remote hearing was held on `on`, or cancelled (with the reason)."""
    hearing = access_remote_hearing_by_id(acting_user, hearing_id, for_update=True)
    require_remote_visit_arranger_for(acting_user, [hearing.region])
    _require(hearing, [Hearing.Status.REQUESTED], "登记开展情况")
    field = "held_on" if held else "cancelled_on"
    problems: dict[str, list[str]] = {}
    if on < hearing.requested_on:
        problems[field] = ["日期不能早于提出日期"]
    if _after_today(on):
        problems[field] = ["日期不能晚于今天"]
    if not held and not note.strip():
        problems["outcome_note"] = ["取消的，请说明原因"]
    if problems:
        raise ValidationError(problems)
    setattr(hearing, field, on)
    hearing.outcome_note = note.strip()
    if held:
        hearing.hold()
    else:
        hearing.cancel()
    hearing.save()
    _log(hearing, Hearing.Status.REQUESTED, "已开展" if held else "已取消", acting_user, on)
    return hearing
