"""Legal aid (法律援助): receiving, deciding, assigning and closing applications.

The steps and their time limits (法律援助法, parameters in parameters.py, calendar days: the law
has no working-day clause):

- receipt (`legal_aid_apply`): the decision is due 7 days after receipt (art. 43); a detention
  facility's forwarding is due 24 hours after the facility received the application (art. 39);
- missing materials (`legal_aid_request_materials`): one notice listing everything (art. 43,
  一次性告知), once; when the materials are complete the 7 days run again from that day [I];
- decision (`legal_aid_decide`): granted on the economic test — the applicant's monthly income
  per head below the hardship multiple times the minimum living standard, both the values in
  force on the day the application was received — or on an exemption (arts. 32, 42) or a
  personal commitment (art. 41); a refusal needs written reasons. A grant makes the assignment
  due 3 days later (art. 43);
- assignment (`legal_aid_assign`): for the green channel, `same_day_met` records whether the
  application was received, decided and assigned on one day;
- closing (`legal_aid_close`): the closing report (art. 50) and the assignee's subsidy, the
  standard for the case's kind in force on the closing day (art. 52);
- objection to a refusal (`legal_aid_object`, `legal_aid_objection_decide`, art. 49): the bureau
  decides within 5 days; an order to correct sends the application back for a new decision, due
  7 days after the order [I].

Two ways in besides an application:

- a notice from the court, procuratorate or police (`legal_aid_notify`, arts. 25, 28, 36): no
  application and no economic test, so the notice is the grant, dated the day it arrived; the
  lawyer is due 3 days later (a parameter of its own, art. 36);
- advance aid (`legal_aid_advance`, art. 44): while an application awaits its decision and a
  limitation period or other deadline ends in fewer than 7 days (or a preservation is urgent),
  the centre assigns someone at once; the decision still falls due 7 days after receipt
  (art. 43) and a grant then completes the aid, with no assignment clock of its own.

An assignee may be a lawyer's own account (`assignee_user`): the lawyer then sees the case.

Each step is an FSM transition logged with record_transition (办理记录 + audit) in the same
transaction. `legal_aid_applications_record` enters finished or partly finished applications all
or none (the import, the demo), with the same checks and one Transition row per step.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import DayUnit, working_days_between
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Region, Transition, User, county_ids_of
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.core.roles import Role
from fazhi.core.workflow import record_transition, transition_run
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.parameters import (
    LEGAL_AID_ADVANCE_WINDOW_DAYS,
    LEGAL_AID_ASSIGNMENT_DAYS,
    LEGAL_AID_DECISION_DAYS,
    LEGAL_AID_FORWARDING_HOURS,
    LEGAL_AID_HARDSHIP_MULTIPLE,
    LEGAL_AID_NOTICE_ASSIGNMENT_DAYS,
    LEGAL_AID_OBJECTION_DAYS,
    LEGAL_AID_SUBSIDY_ADMINISTRATIVE,
    LEGAL_AID_SUBSIDY_CIVIL,
    LEGAL_AID_SUBSIDY_CRIMINAL,
    MINIMUM_LIVING_STANDARD,
)
from fazhi.legalservice.permissions import (
    access_legal_aid_application_by_id,
    require_legal_aid_centre_for,
    require_recorder_for,
)
from fazhi.legalservice.services import COLUMNS, _batch, _choices_text, _clean, _creator, _today

Aid = LegalAidApplication

AID_COLUMNS = {
    "applicant_name": "申请人",
    "channel": "申请渠道",
    "facility": "转交的监管场所",
    "facility_received_at": "监管场所收到申请时间",
    "matter": "援助事项",
    "green_channel": "绿色通道",
    "eligibility": "经济困难认定依据",
    "exemption": "免审免查情形",
    "monthly_income": "家庭人均月收入",
    "decision": "审查决定",
    "refusal_reasons": "不予援助理由",
    "decided_on": "决定日期",
    "assignee_name": "承办人",
    "assignee_kind": "承办人身份",
    "assignee_org": "承办机构",
    "assigned_on": "指派日期",
    "closed_on": "结案日期",
    "closing_summary": "结案报告摘要",
    "materials_missing": "需补正材料",
    "objection_received_on": "收到异议日期",
    "objection_outcome": "异议审查结果",
    "objection_decided_on": "异议决定日期",
    "materials_notice_on": "告知补正日期",
    "materials_completed_on": "补正齐全日期",
    "assignee_user": "承办律师账号",
    "notifying_body": "通知机关类别",
    "notifying_authority": "通知机关",
    "notice_number": "通知书文号",
    "notice_ground": "应当通知的情形",
    "advance_reason": "先行援助情形",
    "advance_note": "先行援助说明",
    "limitation_ends_on": "时效或者期限届满日",
    "advanced_on": "决定先行援助日期",
}
# The batch's messages name columns through services.COLUMNS; legal aid adds its own.
COLUMNS.update({key: label for key, label in AID_COLUMNS.items() if key not in COLUMNS})

MATTER_KINDS: dict[str, str] = {
    Aid.Matter.STATE_COMPENSATION: Aid.Kind.ADMINISTRATIVE,
    Aid.Matter.OTHER_ADMINISTRATIVE: Aid.Kind.ADMINISTRATIVE,
    Aid.Matter.CRIMINAL_DEFENCE: Aid.Kind.CRIMINAL,
    Aid.Matter.CRIMINAL_VICTIM: Aid.Kind.CRIMINAL,
    Aid.Matter.CRIMINAL_MANDATORY: Aid.Kind.CRIMINAL,
}


def matter_kind(matter: str) -> str:
    """The case category (民事/行政/刑事) of an aid matter."""
    return MATTER_KINDS.get(matter, Aid.Kind.CIVIL)


@dataclass(frozen=True)
class ApplicationRow:
    """An application as received (申请), before any decision."""

    region: Region
    applicant_name: str
    id_number: str
    channel: str
    matter: str
    received_on: datetime.date
    phone: str = ""
    facility: str = ""
    facility_received_at: datetime.datetime | None = None
    green_channel: str = ""
    summary: str = ""


@dataclass(frozen=True)
class DecisionRow:
    decision: str
    decided_on: datetime.date
    eligibility: str = ""
    exemption: str = ""
    monthly_income: Decimal | None = None
    refusal_reasons: str = ""


@dataclass(frozen=True)
class AssignmentRow:
    assignee_name: str
    assignee_kind: str
    assignee_org: str
    assigned_on: datetime.date
    # The lawyer's own account, if they have one (then the case shows on their desk).
    assignee_user: User | None = None


@dataclass(frozen=True)
class NoticeRow:
    """A notice from the court, procuratorate or police (通知辩护/通知代理, arts. 25, 28, 36)."""

    notifying_body: str
    notifying_authority: str
    notice_number: str
    notice_ground: str


@dataclass(frozen=True)
class AdvanceRow:
    """Advance aid before the decision (先行提供法律援助, art. 44) and who provides it."""

    advance_reason: str
    advanced_on: datetime.date
    assignment: AssignmentRow
    limitation_ends_on: datetime.date | None = None
    advance_note: str = ""


@dataclass(frozen=True)
class LegalAidRow:
    """An application with as much of its history as has happened (the import, the demo).

    A notified case (`notice`, with the application's channel `notified`) takes no decision.
    """

    application: ApplicationRow
    decision: DecisionRow | None = None
    assignment: AssignmentRow | None = None
    closed_on: datetime.date | None = None
    closing_summary: str = ""
    notice: NoticeRow | None = None
    advance: AdvanceRow | None = None


def hardship_threshold(received_on: datetime.date) -> Decimal:
    """The monthly income per head under which an applicant is in hardship (art. 34).

    The hardship multiple times the minimum living standard, each the value in force on the day
    the application was received: a change of either applies to applications received from its
    first day on.
    """
    multiple = parameter_value(LEGAL_AID_HARDSHIP_MULTIPLE, on=received_on).value
    standard = parameter_value(MINIMUM_LIVING_STANDARD, on=received_on).value
    return (multiple * standard).quantize(Decimal("0.01"))


SUBSIDY_PARAMETERS: dict[str, str] = {
    Aid.Kind.CIVIL: LEGAL_AID_SUBSIDY_CIVIL,
    Aid.Kind.ADMINISTRATIVE: LEGAL_AID_SUBSIDY_ADMINISTRATIVE,
    Aid.Kind.CRIMINAL: LEGAL_AID_SUBSIDY_CRIMINAL,
}


def subsidy_standard(kind: str, on: datetime.date) -> Decimal:
    """The subsidy per case of `kind` in force on day `on` (办案补贴, art. 52)."""
    return parameter_value(SUBSIDY_PARAMETERS[kind], on=on).value.quantize(Decimal("0.01"))


class _Deadlines:
    """Due dates and thresholds by day, computed once per day for a batch."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, datetime.date], Any] = {}

    def _get(self, key: str, day: datetime.date, compute: Any) -> Any:
        if (key, day) not in self._cache:
            self._cache[key, day] = compute(day)
        return self._cache[key, day]

    def decision_due(self, day: datetime.date) -> datetime.date:
        return self._get(
            "decision", day, lambda d: due_date_by_parameter(LEGAL_AID_DECISION_DAYS, d).due_on
        )

    def assignment_due(self, day: datetime.date) -> datetime.date:
        return self._get(
            "assignment",
            day,
            lambda d: due_date_by_parameter(LEGAL_AID_ASSIGNMENT_DAYS, d).due_on,
        )

    def notice_assignment_due(self, day: datetime.date) -> datetime.date:
        return self._get(
            "notice",
            day,
            lambda d: due_date_by_parameter(LEGAL_AID_NOTICE_ASSIGNMENT_DAYS, d).due_on,
        )

    def subsidy(self, kind: str, day: datetime.date) -> Decimal:
        return self._get(f"subsidy-{kind}", day, lambda d: subsidy_standard(kind, d))

    def threshold(self, day: datetime.date) -> Decimal:
        return self._get("threshold", day, hardship_threshold)

    def forwarding_hours(self, day: datetime.date) -> int:
        return self._get(
            "forwarding", day, lambda d: parameter_value(LEGAL_AID_FORWARDING_HOURS, on=d).amount
        )


def _not_after_today(problems: dict[str, list[str]], name: str, day: datetime.date | None) -> None:
    if day is not None and day > _today():
        problems.setdefault(name, []).append(f"{COLUMNS[name]}不能晚于今天")


def _application_of(
    row: ApplicationRow, deadlines: _Deadlines, acting_user: Any, *, county_id: int | None = None
) -> Aid:
    problems: dict[str, list[str]] = {}
    if county_id is None:
        county_id = county_ids_of([row.region]).get(row.region.pk)
    if county_id is None:
        problems["region"] = [f"“{row.region}”不在任何县(市、区)内，请选择申请人所在的镇街或村居"]
    if row.matter not in Aid.Matter.values:
        problems["matter"] = [f"援助事项应为{_choices_text(Aid.Matter.labels)}之一"]
    if row.channel == Aid.Channel.FORWARDED:
        if row.facility_received_at is None:
            problems["facility_received_at"] = ["监管场所转交的申请应填写监管场所收到申请的时间"]
        if not row.facility.strip():
            problems["facility"] = ["监管场所转交的申请应填写监管场所名称"]
    elif row.facility or row.facility_received_at is not None:
        problems["facility"] = ["只有监管场所转交的申请填写监管场所"]
    if row.channel == Aid.Channel.NOTIFIED and row.matter != Aid.Matter.CRIMINAL_MANDATORY:
        problems["matter"] = ["办案机关通知的案件，援助事项应为应当通知辩护的刑事案件"]
    # The day in Beijing time: an aware datetime's own date() is the UTC day.
    facility_day = (
        timezone.localdate(row.facility_received_at) if row.facility_received_at else None
    )
    if facility_day is not None and facility_day > row.received_on:
        problems["facility_received_at"] = [
            "监管场所收到申请的时间不能晚于法律援助机构收到申请的日期"
        ]
    _not_after_today(problems, "received_on", row.received_on)
    forward_due_at = None
    if row.facility_received_at is not None:
        hours = deadlines.forwarding_hours(timezone.localdate(row.facility_received_at))
        forward_due_at = row.facility_received_at + datetime.timedelta(hours=hours)
    application = Aid(
        region=row.region,
        applicant_name=row.applicant_name.strip(),
        id_number=row.id_number.strip().upper(),
        phone=row.phone.strip(),
        channel=row.channel,
        facility=row.facility.strip(),
        facility_received_at=row.facility_received_at,
        forward_due_at=forward_due_at,
        kind=matter_kind(row.matter),
        matter=row.matter,
        summary=row.summary.strip(),
        green_channel=row.green_channel,
        received_on=row.received_on,
        decision_due_on=deadlines.decision_due(row.received_on),
        created_by=_creator(acting_user),
    )
    if county_id is not None:  # else refused by _clean below (problems["region"])
        application.county_id = county_id
    _clean(
        application,
        problems,
        ["region", "county", "created_by", "decision_due_on", "kind", "id_number_digest", "status"],
    )
    application.digest()
    return application


def _decide(application: Aid, row: DecisionRow, deadlines: _Deadlines) -> None:
    """Check the decision and write it on `application` (the FSM step is the caller's)."""
    problems: dict[str, list[str]] = {}
    if row.decision not in (Aid.Decision.GRANTED, Aid.Decision.REFUSED):
        problems["decision"] = ["审查决定应为给予法律援助或不予法律援助"]
    if row.decided_on < application.received_on:
        problems["decided_on"] = ["决定日期不能早于收到申请日期"]
    _not_after_today(problems, "decided_on", row.decided_on)
    threshold = None
    if row.decision == Aid.Decision.REFUSED and not row.refusal_reasons.strip():
        problems["refusal_reasons"] = ["不予法律援助的，应当书面说明理由（法律援助法第四十三条）"]
    if row.decision == Aid.Decision.GRANTED:
        if row.eligibility not in Aid.Eligibility.values:
            problems["eligibility"] = [
                f"经济困难认定依据应为{_choices_text(Aid.Eligibility.labels)}之一"
            ]
        elif row.eligibility == Aid.Eligibility.EXEMPT and row.exemption not in (
            set(Aid.Exemption.values) - {""}
        ):
            problems["exemption"] = ["免予审查或核查的，应选择免审免查情形"]
        elif row.eligibility == Aid.Eligibility.INCOME:
            threshold = deadlines.threshold(application.received_on)
            if row.monthly_income is None:
                problems["monthly_income"] = ["按收入核查经济困难的，应填写家庭人均月收入"]
            elif row.monthly_income >= threshold:
                problems["monthly_income"] = [
                    f"家庭人均月收入{row.monthly_income}元不低于收到申请之日的经济困难标准"
                    f"{threshold}元，不符合经济困难条件"
                ]
    if problems:
        raise ValidationError(problems)
    application.decision = row.decision
    application.decided_on = row.decided_on
    application.days_to_decision = (row.decided_on - application.received_on).days
    application.refusal_reasons = row.refusal_reasons.strip()
    if row.decision == Aid.Decision.GRANTED:
        application.eligibility = row.eligibility
        application.exemption = row.exemption if row.eligibility == Aid.Eligibility.EXEMPT else ""
        application.monthly_income = row.monthly_income
        application.hardship_threshold = threshold
        if application.status == Aid.Status.ADVANCED:
            # The aid already runs (art. 44): no assignment clock starts.
            application.grant_advanced()
        else:
            application.assignment_due_on = deadlines.assignment_due(row.decided_on)
            application.grant()
    elif application.status == Aid.Status.ADVANCED:
        application.refuse_advanced()
    else:
        application.refuse()


def _is_lawyer_account(user: User) -> bool:
    return user.is_active and any(
        membership.role == Role.LAWYER for membership in user.memberships_cached()
    )


def _check_assignee(row: AssignmentRow, problems: dict[str, list[str]]) -> None:
    if not row.assignee_name.strip():
        problems["assignee_name"] = ["请填写承办人"]
    if row.assignee_kind not in Aid.AssigneeKind.values:
        problems["assignee_kind"] = [f"承办人身份应为{_choices_text(Aid.AssigneeKind.labels)}之一"]
    if not row.assignee_org.strip():
        problems["assignee_org"] = ["请填写承办机构"]
    if row.assignee_user is not None:
        if not _is_lawyer_account(row.assignee_user):
            problems["assignee_user"] = ["所选账号不是在用的律师账号"]
        elif row.assignee_kind != Aid.AssigneeKind.LAWYER:
            problems["assignee_kind"] = ["指派律师账号的，承办人身份应为律师"]
    _not_after_today(problems, "assigned_on", row.assigned_on)


def _write_assignee(application: Aid, row: AssignmentRow) -> None:
    application.assignee_name = row.assignee_name.strip()
    application.assignee_kind = row.assignee_kind
    application.assignee_org = row.assignee_org.strip()
    application.assignee_user = row.assignee_user
    application.assigned_on = row.assigned_on


def _assign(application: Aid, row: AssignmentRow) -> None:
    problems: dict[str, list[str]] = {}
    assert application.decided_on is not None
    if row.assigned_on < application.decided_on:
        label = "收到通知日期" if application.is_notified else "决定日期"
        problems["assigned_on"] = [f"指派日期不能早于{label}"]
    _check_assignee(row, problems)
    if problems:
        raise ValidationError(problems)
    _write_assignee(application, row)
    if application.green_channel:
        application.same_day_met = (
            application.received_on == application.decided_on == application.assigned_on
        )
    application.assign()


def _notified(application: Aid, row: NoticeRow, deadlines: _Deadlines) -> None:
    """Write a notice on a new case: the notice is the grant (arts. 25, 28, 36).

    No application, no economic test (the exemption `mandatory_defence`) and no decision to wait
    for: the case exists the day the centre receives the notice, and the lawyer is due 3 days
    later.
    """
    problems: dict[str, list[str]] = {}
    if application.channel != Aid.Channel.NOTIFIED:
        problems["channel"] = ["通知辩护、通知代理的案件，申请渠道应为办案机关通知"]
    if row.notifying_body not in Aid.NotifyingBody.values:
        problems["notifying_body"] = [
            f"通知机关类别应为{_choices_text(Aid.NotifyingBody.labels)}之一"
        ]
    if not row.notifying_authority.strip():
        problems["notifying_authority"] = ["请填写通知机关，如：荣成市公安局"]
    if not row.notice_number.strip():
        problems["notice_number"] = ["请填写通知书文号"]
    if row.notice_ground not in Aid.NoticeGround.values:
        problems["notice_ground"] = [
            f"应当通知的情形应为{_choices_text(Aid.NoticeGround.labels)}之一"
        ]
    if problems:
        raise ValidationError(problems)
    day = application.received_on
    application.notifying_body = row.notifying_body
    application.notifying_authority = row.notifying_authority.strip()
    application.notice_number = row.notice_number.strip()
    application.notice_ground = row.notice_ground
    application.decision = Aid.Decision.GRANTED
    application.decision_due_on = application.decided_on = day
    application.days_to_decision = 0
    application.eligibility = Aid.Eligibility.EXEMPT
    application.exemption = Aid.Exemption.MANDATORY_DEFENCE
    application.assignment_due_on = deadlines.notice_assignment_due(day)
    application.grant()


def advance_window_left(on: datetime.date, ends_on: datetime.date) -> tuple[int, int, str]:
    """(days left from `on` to `ends_on`, the window, its unit) for art. 44 (一).

    Counted in the unit of the window in force on `on`: calendar days, or working days when the
    bureau dates a working-day value.
    """
    window = parameter_value(LEGAL_AID_ADVANCE_WINDOW_DAYS, on=on)
    unit = window.day_unit or DayUnit.CALENDAR
    if unit == DayUnit.WORKING:
        left = working_days_between(on, ends_on) if ends_on > on else 0
    else:
        left = (ends_on - on).days
    return left, window.amount, unit


def _advance(application: Aid, row: AdvanceRow) -> None:
    """Check advance aid (art. 44) and write it on `application`: the assignee starts now."""
    problems: dict[str, list[str]] = {}
    if row.advance_reason not in Aid.AdvanceReason.values:
        problems["advance_reason"] = [
            f"先行援助情形应为{_choices_text(Aid.AdvanceReason.labels)}之一"
        ]
    if row.advanced_on < application.received_on:
        problems["advanced_on"] = ["决定先行援助日期不能早于收到申请日期"]
    _not_after_today(problems, "advanced_on", row.advanced_on)
    if row.advance_reason == Aid.AdvanceReason.LIMITATION:
        if row.limitation_ends_on is None:
            problems["limitation_ends_on"] = ["时效或者期限临近届满的，请填写届满日"]
        elif row.limitation_ends_on < row.advanced_on:
            problems["limitation_ends_on"] = ["时效或者期限已经届满，不能据此先行援助"]
        else:
            left, window, unit = advance_window_left(row.advanced_on, row.limitation_ends_on)
            if left >= window:
                unit_text = "个工作日" if unit == DayUnit.WORKING else "日"
                problems["limitation_ends_on"] = [
                    f"距时效或者期限届满还有{left}{unit_text}，不足{window}{unit_text}的才可以"
                    "先行援助（法律援助法第四十四条）"
                ]
    if row.advance_reason in (Aid.AdvanceReason.PRESERVATION, Aid.AdvanceReason.OTHER) and (
        not row.advance_note.strip()
    ):
        problems["advance_note"] = ["请说明需要先行援助的理由"]
    assignment = row.assignment
    if assignment.assigned_on != row.advanced_on:
        problems["assigned_on"] = ["先行援助的指派日期应为决定先行援助之日"]
    _check_assignee(assignment, problems)
    if problems:
        raise ValidationError(problems)
    application.advance_reason = row.advance_reason
    application.advance_note = row.advance_note.strip()
    application.limitation_ends_on = row.limitation_ends_on
    application.advanced_on = row.advanced_on
    _write_assignee(application, assignment)
    application.advance()


def _close(application: Aid, closed_on: datetime.date, summary: str, deadlines: _Deadlines) -> None:
    problems: dict[str, list[str]] = {}
    assert application.assigned_on is not None
    if closed_on < application.assigned_on:
        problems["closed_on"] = ["结案日期不能早于指派日期"]
    _not_after_today(problems, "closed_on", closed_on)
    if not summary.strip():
        problems["closing_summary"] = ["请填写结案报告摘要（法律援助法第五十条）"]
    if problems:
        raise ValidationError(problems)
    application.closed_on = closed_on
    application.closing_summary = summary.strip()
    application.subsidy_amount = deadlines.subsidy(application.kind, closed_on)
    application.close()


# Single steps -----------------------------------------------------------------------------------


@transaction.atomic
def legal_aid_apply(*, acting_user: Any, row: ApplicationRow) -> Aid:
    """Register an application received (收到申请) and start its time limits.

    `acting_user` is None for an application the public submits online through the portal
    (channel online only); the Transition and audit rows then name no user. Raises
    PermissionDenied unless the user keeps the legal-service ledgers of the applicant's region,
    ValidationError naming the field otherwise (unknown matter, a forwarded application without
    the facility or its time, a day after today).
    """
    if acting_user is not None or row.channel != Aid.Channel.ONLINE:
        require_recorder_for(acting_user, [row.region])
    if row.channel == Aid.Channel.NOTIFIED:
        raise ValidationError({"channel": "办案机关通知辩护、通知代理的，请登记为办案机关通知"})
    application = _application_of(row, _Deadlines(), acting_user)
    application.save()
    _log(application, "", "收到法律援助申请", acting_user, row.received_on)
    return application


def _log(application: Aid, from_state: str, action: str, actor: Any, on: datetime.date) -> None:
    record_transition(
        application, from_state, application.status, action=action, actor=actor, on=on
    )


@transaction.atomic
def legal_aid_request_materials(
    *, acting_user: Any, application_id: int, missing: str, on: datetime.date
) -> Aid:
    """Give the one-time notice of everything missing (一次性告知补正, art. 43); only once."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_recorder_for(acting_user, [application.region])
    problems: dict[str, list[str]] = {}
    if application.materials_notice_on is not None:
        problems["materials_missing"] = [
            f"已于{application.materials_notice_on}一次性告知补正，不能再次告知"
        ]
    elif not missing.strip():
        problems["materials_missing"] = ["请一次性列明需补正的全部材料"]
    if on < application.received_on:
        problems.setdefault("materials_notice_on", []).append("告知日期不能早于收到申请日期")
    _not_after_today(problems, "materials_notice_on", on)
    if problems:
        raise ValidationError(problems)
    application.materials_missing = missing.strip()
    application.materials_notice_on = on
    application.save(update_fields=["materials_missing", "materials_notice_on", "updated_at"])
    transition_run(
        application,
        "request_materials",
        action="一次性告知补正材料",
        actor=acting_user,
        on=on,
        opinion=application.materials_missing,
    )
    return application


@transaction.atomic
def legal_aid_complete_materials(
    *, acting_user: Any, application_id: int, on: datetime.date
) -> Aid:
    """Record that the missing materials arrived; the decision is due 7 days from `on` [I]."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_recorder_for(acting_user, [application.region])
    if application.materials_notice_on is not None and on < application.materials_notice_on:
        raise ValidationError({"materials_completed_on": "补正日期不能早于告知日期"})
    application.materials_completed_on = on
    application.decision_due_on = _Deadlines().decision_due(on)
    application.save(update_fields=["materials_completed_on", "decision_due_on", "updated_at"])
    transition_run(
        application, "complete_materials", action="材料补正齐全", actor=acting_user, on=on
    )
    return application


@transaction.atomic
def legal_aid_decide(*, acting_user: Any, application_id: int, row: DecisionRow) -> Aid:
    """Grant or refuse legal aid (审查决定, art. 43), see the module's notes.

    Raises Http404 outside the user's scope, PermissionDenied unless the user is the legal aid
    centre for the region, InvalidTransition unless the application awaits its decision, and
    ValidationError naming the field.
    """
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    before = application.status
    _require_status(application, (Aid.Status.RECEIVED, Aid.Status.ADVANCED), "作出审查决定")
    _decide(application, row, _Deadlines())
    application.save()
    action = "决定给予法律援助" if row.decision == Aid.Decision.GRANTED else "决定不予法律援助"
    _log(application, before, action, acting_user, row.decided_on)
    return application


@transaction.atomic
def legal_aid_notify(*, acting_user: Any, application: ApplicationRow, notice: NoticeRow) -> Aid:
    """Register a notice of a criminal case that must have a lawyer (通知辩护/通知代理).

    Arts. 25, 28, 36: the court, procuratorate or police notify; the centre assigns a lawyer
    within 3 days of receiving the notice. No economic test. The case counts among the
    criminal legal-aid cases from the day the notice arrived. Raises PermissionDenied unless the
    user is the legal aid centre for the region, ValidationError naming the field.
    """
    require_legal_aid_centre_for(acting_user, [application.region])
    deadlines = _Deadlines()
    case = _application_of(application, deadlines, acting_user)
    _notified(case, notice, deadlines)
    case.save()
    _log(case, "", _notice_action(case), acting_user, case.received_on)
    return case


def _notice_action(application: Aid) -> str:
    if application.notice_ground == Aid.NoticeGround.COMPULSORY_TREATMENT:
        return "收到办案机关通知代理"
    return "收到办案机关通知辩护"


@transaction.atomic
def legal_aid_advance(*, acting_user: Any, application_id: int, row: AdvanceRow) -> Aid:
    """Provide aid before the decision (先行提供法律援助, art. 44).

    The assignee starts on `advanced_on`; the decision is still due 7 days after receipt
    (art. 43) and completes the aid when granted. Raises InvalidTransition unless the
    application awaits its decision, ValidationError naming the field (the deadline not near
    enough, no reason, the assignee).
    """
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, (Aid.Status.RECEIVED,), "先行提供法律援助")
    _advance(application, row)
    application.save()
    _log(application, Aid.Status.RECEIVED, "决定先行提供法律援助", acting_user, row.advanced_on)
    return application


@transaction.atomic
def legal_aid_assign(*, acting_user: Any, application_id: int, row: AssignmentRow) -> Aid:
    """Assign a lawyer or legal worker to a granted application (指派, art. 43)."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, (Aid.Status.GRANTED,), "指派")
    _assign(application, row)
    application.save()
    _log(application, Aid.Status.GRANTED, "指派承办人员", acting_user, row.assigned_on)
    return application


@transaction.atomic
def legal_aid_close(
    *, acting_user: Any, application_id: int, closed_on: datetime.date, closing_summary: str
) -> Aid:
    """Close an assigned case with its closing report (结案, art. 50)."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, (Aid.Status.ASSIGNED,), "结案")
    _close(application, closed_on, closing_summary, _Deadlines())
    application.save()
    _log(application, Aid.Status.ASSIGNED, "结案", acting_user, closed_on)
    return application


@transaction.atomic
def legal_aid_object(*, acting_user: Any, application_id: int, received_on: datetime.date) -> Aid:
    """Register an objection to a refusal (异议, art. 49); the bureau decides within 5 days."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, (Aid.Status.REFUSED,), "提出异议")
    problems: dict[str, list[str]] = {}
    if application.objection_received_on is not None:
        problems["objection_received_on"] = [
            f"已于{application.objection_received_on}收到对该决定的异议"
        ]
    elif application.decided_on is not None and received_on < application.decided_on:
        problems["objection_received_on"] = ["收到异议日期不能早于不予法律援助的决定日期"]
    _not_after_today(problems, "objection_received_on", received_on)
    if problems:
        raise ValidationError(problems)
    application.objection_received_on = received_on
    application.objection_due_on = due_date_by_parameter(
        LEGAL_AID_OBJECTION_DAYS, received_on
    ).due_on
    application.save(update_fields=["objection_received_on", "objection_due_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=application,
        changes={"objection_received_on": str(received_on)},
        message="收到对不予法律援助决定的异议",
    )
    return application


@transaction.atomic
def legal_aid_objection_decide(
    *, acting_user: Any, application_id: int, outcome: str, decided_on: datetime.date
) -> Aid:
    """Uphold the refusal or order the centre to correct it (art. 49).

    A correction sends the application back to await a new decision, due 7 days later [I].
    """
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, (Aid.Status.REFUSED,), "审查异议")
    problems: dict[str, list[str]] = {}
    if application.objection_received_on is None:
        problems["objection_received_on"] = ["尚未收到异议"]
    elif application.objection_outcome:
        problems["objection_outcome"] = ["该异议已审查决定"]
    elif decided_on < application.objection_received_on:
        problems["objection_decided_on"] = ["异议决定日期不能早于收到异议日期"]
    if outcome not in (Aid.ObjectionOutcome.UPHELD, Aid.ObjectionOutcome.CORRECTED):
        problems["objection_outcome"] = ["异议审查结果应为维持或责令改正"]
    _not_after_today(problems, "objection_decided_on", decided_on)
    if problems:
        raise ValidationError(problems)
    application.objection_outcome = outcome
    application.objection_decided_on = decided_on
    if outcome == Aid.ObjectionOutcome.UPHELD:
        application.save(update_fields=["objection_outcome", "objection_decided_on", "updated_at"])
        _log(
            application,
            Aid.Status.REFUSED,
            "异议审查：维持不予法律援助决定",
            acting_user,
            decided_on,
        )
        return application
    application.decision = Aid.Decision.NONE
    application.decided_on = None
    application.days_to_decision = None
    application.refusal_reasons = ""
    application.decision_due_on = _Deadlines().decision_due(decided_on)
    application.reopen()
    application.save()
    _log(application, Aid.Status.REFUSED, "异议审查：责令改正，重新审查", acting_user, decided_on)
    return application


def _require_status(application: Aid, statuses: tuple[str, ...], action: str) -> None:
    if application.status not in statuses:
        raise InvalidTransition(f"当前状态为“{application.get_status_display()}”，不能{action}")


# The batch ---------------------------------------------------------------------------------------


def _history_of(
    row: LegalAidRow, deadlines: _Deadlines, acting_user: Any, county_id: int | None
) -> tuple[Aid, list[tuple[str, str, str, datetime.date]]]:
    application = _application_of(row.application, deadlines, acting_user, county_id=county_id)
    steps: list[tuple[str, str, str, datetime.date]] = []
    if row.notice is not None:
        if row.decision is not None or row.advance is not None:
            raise ValidationError({"decision": "办案机关通知的案件无需审查决定"})
        _notified(application, row.notice, deadlines)
        steps.append(("", application.status, _notice_action(application), application.received_on))
    else:
        if application.channel == Aid.Channel.NOTIFIED:
            raise ValidationError({"notice_number": "办案机关通知的案件应填写通知书"})
        steps.append(("", Aid.Status.RECEIVED, "收到法律援助申请", application.received_on))
    if row.advance is not None:
        _advance(application, row.advance)
        steps.append(
            (
                Aid.Status.RECEIVED,
                Aid.Status.ADVANCED,
                "决定先行提供法律援助",
                row.advance.advanced_on,
            )
        )
    if row.decision is not None:
        before = application.status
        _decide(application, row.decision, deadlines)
        action = (
            "决定不予法律援助" if application.status == Aid.Status.REFUSED else "决定给予法律援助"
        )
        steps.append((before, application.status, action, row.decision.decided_on))
    if row.assignment is not None:
        if application.status != Aid.Status.GRANTED:
            raise ValidationError({"assigned_on": "未决定给予法律援助的申请不能指派"})
        _assign(application, row.assignment)
        steps.append(
            (Aid.Status.GRANTED, Aid.Status.ASSIGNED, "指派承办人员", row.assignment.assigned_on)
        )
    if row.closed_on is not None:
        if application.status != Aid.Status.ASSIGNED:
            raise ValidationError({"closed_on": "未指派的申请不能结案"})
        _close(application, row.closed_on, row.closing_summary, deadlines)
        steps.append((Aid.Status.ASSIGNED, Aid.Status.CLOSED, "结案", row.closed_on))
    return application, steps


@transaction.atomic
def legal_aid_applications_record(
    *, acting_user: Any, rows: Sequence[LegalAidRow], first_line: int = 1
) -> list[Aid]:
    """Enter several applications with their history, all or none (the import, the demo).

    The checks of the single steps apply to every row; ValidationError({"rows": [...]}) names
    each bad row and column and nothing is written. Raises PermissionDenied unless the user is
    the legal aid centre for every row's region. Writes one Transition row per step and one
    audit row for the batch.
    """
    require_legal_aid_centre_for(acting_user, [row.application.region for row in rows])
    deadlines = _Deadlines()
    # bulk_create calls no save(): the counties of the rows' regions, read in one query.
    counties = county_ids_of(row.application.region for row in rows)
    built = _batch(
        rows,
        lambda row: _history_of(
            row, deadlines, acting_user, counties.get(row.application.region.pk)
        ),
        first_line,
    )
    created = Aid.objects.bulk_create([application for application, _steps in built], 500)
    content_type = ContentType.objects.get_for_model(Aid)
    actor = _creator(acting_user)
    Transition.objects.bulk_create(
        [
            Transition(
                content_type=content_type,
                object_id=application.pk,
                from_state=from_state,
                to_state=to_state,
                action=action,
                actor=actor,
                step_on=on,
            )
            for application, (_built, steps) in zip(created, built, strict=True)
            for from_state, to_state, action, on in steps
        ],
        batch_size=500,
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=None,
        changes={"法律援助申请": len(created)},
        message="批量登记法律援助申请",
    )
    return created
