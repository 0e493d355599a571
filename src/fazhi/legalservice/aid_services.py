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
- closing (`legal_aid_close`): the closing report (art. 50);
- objection to a refusal (`legal_aid_object`, `legal_aid_objection_decide`, art. 49): the bureau
  decides within 5 days; an order to correct sends the application back for a new decision, due
  7 days after the order [I].

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
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Region, Transition
from fazhi.core.parameters import due_date_by_parameter, parameter_value
from fazhi.core.workflow import record_transition, transition_run
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.parameters import (
    LEGAL_AID_ASSIGNMENT_DAYS,
    LEGAL_AID_DECISION_DAYS,
    LEGAL_AID_FORWARDING_HOURS,
    LEGAL_AID_HARDSHIP_MULTIPLE,
    LEGAL_AID_OBJECTION_DAYS,
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


@dataclass(frozen=True)
class LegalAidRow:
    """An application with as much of its history as has happened (the import, the demo)."""

    application: ApplicationRow
    decision: DecisionRow | None = None
    assignment: AssignmentRow | None = None
    closed_on: datetime.date | None = None
    closing_summary: str = ""


def hardship_threshold(received_on: datetime.date) -> Decimal:
    """The monthly income per head under which an applicant is in hardship (art. 34).

    The hardship multiple times the minimum living standard, each the value in force on the day
    the application was received: a change of either applies to applications received from its
    first day on.
    """
    multiple = parameter_value(LEGAL_AID_HARDSHIP_MULTIPLE, on=received_on).value
    standard = parameter_value(MINIMUM_LIVING_STANDARD, on=received_on).value
    return (multiple * standard).quantize(Decimal("0.01"))


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

    def threshold(self, day: datetime.date) -> Decimal:
        return self._get("threshold", day, hardship_threshold)

    def forwarding_hours(self, day: datetime.date) -> int:
        return self._get(
            "forwarding", day, lambda d: parameter_value(LEGAL_AID_FORWARDING_HOURS, on=d).amount
        )


def _not_after_today(problems: dict[str, list[str]], name: str, day: datetime.date | None) -> None:
    if day is not None and day > _today():
        problems.setdefault(name, []).append(f"{COLUMNS[name]}不能晚于今天")


def _application_of(row: ApplicationRow, deadlines: _Deadlines, acting_user: Any) -> Aid:
    problems: dict[str, list[str]] = {}
    if row.matter not in Aid.Matter.values:
        problems["matter"] = [f"援助事项应为{_choices_text(Aid.Matter.labels)}之一"]
    if row.channel == Aid.Channel.FORWARDED:
        if row.facility_received_at is None:
            problems["facility_received_at"] = ["监管场所转交的申请应填写监管场所收到申请的时间"]
        if not row.facility.strip():
            problems["facility"] = ["监管场所转交的申请应填写监管场所名称"]
    elif row.facility or row.facility_received_at is not None:
        problems["facility"] = ["只有监管场所转交的申请填写监管场所"]
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
    _clean(
        application,
        problems,
        ["region", "created_by", "decision_due_on", "kind", "id_number_digest", "status"],
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
        application.assignment_due_on = deadlines.assignment_due(row.decided_on)
        application.grant()
    else:
        application.refuse()


def _assign(application: Aid, row: AssignmentRow) -> None:
    problems: dict[str, list[str]] = {}
    if not row.assignee_name.strip():
        problems["assignee_name"] = ["请填写承办人"]
    if row.assignee_kind not in Aid.AssigneeKind.values:
        problems["assignee_kind"] = [f"承办人身份应为{_choices_text(Aid.AssigneeKind.labels)}之一"]
    if not row.assignee_org.strip():
        problems["assignee_org"] = ["请填写承办机构"]
    assert application.decided_on is not None
    if row.assigned_on < application.decided_on:
        problems["assigned_on"] = ["指派日期不能早于决定日期"]
    _not_after_today(problems, "assigned_on", row.assigned_on)
    if problems:
        raise ValidationError(problems)
    application.assignee_name = row.assignee_name.strip()
    application.assignee_kind = row.assignee_kind
    application.assignee_org = row.assignee_org.strip()
    application.assigned_on = row.assigned_on
    if application.green_channel:
        application.same_day_met = (
            application.received_on == application.decided_on == application.assigned_on
        )
    application.assign()


def _close(application: Aid, closed_on: datetime.date, summary: str) -> None:
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
    _require_status(application, Aid.Status.RECEIVED, "作出审查决定")
    _decide(application, row, _Deadlines())
    application.save()
    action = "决定给予法律援助" if row.decision == Aid.Decision.GRANTED else "决定不予法律援助"
    _log(application, Aid.Status.RECEIVED, action, acting_user, row.decided_on)
    return application


@transaction.atomic
def legal_aid_assign(*, acting_user: Any, application_id: int, row: AssignmentRow) -> Aid:
    """Assign a lawyer or legal worker to a granted application (指派, art. 43)."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, Aid.Status.GRANTED, "指派")
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
    _require_status(application, Aid.Status.ASSIGNED, "结案")
    _close(application, closed_on, closing_summary)
    application.save()
    _log(application, Aid.Status.ASSIGNED, "结案", acting_user, closed_on)
    return application


@transaction.atomic
def legal_aid_object(*, acting_user: Any, application_id: int, received_on: datetime.date) -> Aid:
    """Register an objection to a refusal (异议, art. 49); the bureau decides within 5 days."""
    application = access_legal_aid_application_by_id(acting_user, application_id, for_update=True)
    require_legal_aid_centre_for(acting_user, [application.region])
    _require_status(application, Aid.Status.REFUSED, "提出异议")
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
    _require_status(application, Aid.Status.REFUSED, "审查异议")
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


def _require_status(application: Aid, status: str, action: str) -> None:
    if application.status != status:
        raise InvalidTransition(f"当前状态为“{application.get_status_display()}”，不能{action}")


# The batch ---------------------------------------------------------------------------------------


def _history_of(
    row: LegalAidRow, deadlines: _Deadlines, acting_user: Any
) -> tuple[Aid, list[tuple[str, str, str, datetime.date]]]:
    application = _application_of(row.application, deadlines, acting_user)
    steps: list[tuple[str, str, str, datetime.date]] = [
        ("", Aid.Status.RECEIVED, "收到法律援助申请", application.received_on)
    ]
    if row.decision is not None:
        _decide(application, row.decision, deadlines)
        action = (
            "决定给予法律援助" if application.status == Aid.Status.GRANTED else "决定不予法律援助"
        )
        steps.append((Aid.Status.RECEIVED, application.status, action, row.decision.decided_on))
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
        _close(application, row.closed_on, row.closing_summary)
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
    built = _batch(rows, lambda row: _history_of(row, deadlines, acting_user), first_line)
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
