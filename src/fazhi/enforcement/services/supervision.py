"""Enforcement supervision: invited supervisors, contact points, visits, opinions and decisions.

山东省行政执法监督条例 arts. 21–29. The bureau's supervision function supervises on site with at
least two supervisors (art. 22); problems go to the department in a supervision opinion, which
it corrects within enforcement.opinion_correction_days (art. 28); an opinion left uncorrected
is marked overdue by the daily job and escalated to a supervision decision, whose execution
the department reports within enforcement.decision_report_days (art. 29).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import day_or_today, due_date
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, DayUnit, Enterprise, Organization, Region, User
from fazhi.core.parameters import parameter_value
from fazhi.core.roles import Role
from fazhi.core.services.attachments import attachment_add
from fazhi.core.workflow import record_transition, transition_run
from fazhi.enforcement.models import (
    ContactPoint,
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
    SupervisorParticipation,
)
from fazhi.enforcement.parameters import DECISION_REPORT_DAYS, OPINION_CORRECTION_DAYS
from fazhi.enforcement.permissions import (
    access_contact_point_by_id,
    access_invited_supervisor_by_id,
    access_supervision_decision_by_id,
    access_supervision_opinion_by_id,
    access_supervision_visit_by_id,
    organizations_supervising_for,
    require_answering_for,
    require_supervising,
)
from fazhi.enforcement.selectors import (
    decisions_to_mark_overdue,
    invited_supervisors_to_end_term,
    joint_inspection_is_drawn,
    opinions_to_mark_overdue,
)
from fazhi.inspections.models import JointInspection

MIN_SUPERVISORS = 2
MAX_TEXT_LENGTH = 500


def _supervising_bureau(acting_user: Any) -> Organization:
    require_supervising(acting_user)
    return organizations_supervising_for(acting_user)[0]


def _required_text(value: str, field: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: f"请填写{what}"})
    return text


# Invited supervisors and contact points ---------------------------------------------------


@transaction.atomic
def invited_supervisor_appoint(
    *,
    acting_user: Any,
    name: str,
    category: str,
    term_start: datetime.date,
    term_end: datetime.date,
    batch_year: int,
    unit: str = "",
    phone: str = "",
    batch_announcement: str = "",
) -> InvitedSupervisor:
    """The bureau appoints an invited supervisor (选聘特邀行政执法监督员) of its region."""
    bureau = _supervising_bureau(acting_user)
    if term_end <= term_start:
        raise ValidationError({"term_end": "聘期结束日期应晚于开始日期"})
    supervisor = InvitedSupervisor(
        region=bureau.region,
        name=_required_text(name, "name", "姓名"),
        category=category,
        unit=unit.strip(),
        phone=phone.strip(),
        term_start=term_start,
        term_end=term_end,
        batch_year=batch_year,
        batch_announcement=batch_announcement.strip(),
        created_by=acting_user,
    )
    supervisor.full_clean(exclude=["status"])
    supervisor.save()
    record_transition(
        supervisor, "", supervisor.status, action="选聘特邀监督员", actor=acting_user, on=term_start
    )
    return supervisor


@transaction.atomic
def invited_supervisor_dismiss(
    *, acting_user: Any, supervisor_id: int, reason: str, on: datetime.date | None = None
) -> InvitedSupervisor:
    """End an appointment before its term (解聘); the reason is required."""
    supervisor = access_invited_supervisor_by_id(acting_user, supervisor_id, for_update=True)
    require_supervising(acting_user, supervisor)
    reason = _required_text(reason, "dismissal_reason", "解聘原因")[:MAX_TEXT_LENGTH]
    supervisor.dismissal_reason = reason
    supervisor.ended_on = day_or_today(on)
    supervisor.save(update_fields=["dismissal_reason", "ended_on", "updated_at"])
    transition_run(
        supervisor, "dismiss", action="解聘特邀监督员", actor=acting_user, opinion=reason, on=on
    )
    return supervisor


@transaction.atomic
def supervisor_participation_record(
    *,
    acting_user: Any,
    supervisor_id: int,
    activity: str,
    took_part_on: datetime.date,
    description: str,
) -> SupervisorParticipation:
    """Record an invited supervisor taking part in a case-file review or other activity.

    Visits record their participations themselves (supervision_visit_record).
    """
    supervisor = access_invited_supervisor_by_id(acting_user, supervisor_id)
    require_supervising(acting_user, supervisor)
    _require_in_office(supervisor, took_part_on)
    participation = SupervisorParticipation(
        supervisor=supervisor,
        activity=activity,
        took_part_on=took_part_on,
        description=_required_text(description, "description", "活动内容"),
        created_by=acting_user,
    )
    participation.full_clean()
    participation.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=participation,
        message="登记特邀监督员参与活动",
    )
    return participation


def _require_in_office(supervisor: InvitedSupervisor, day: datetime.date) -> None:
    ended = supervisor.ended_on if supervisor.ended_on is not None else supervisor.term_end
    if not supervisor.term_start <= day <= ended:
        raise ValidationError(
            {"invited_supervisors": f"{supervisor.name}在{day:%Y-%m-%d}不在聘期内"}
        )


@transaction.atomic
def contact_point_designate(
    *,
    acting_user: Any,
    enterprise: Enterprise,
    designated_on: datetime.date,
    contact_person: str,
) -> ContactPoint:
    """Designate an enterprise of the region as a supervision contact point (监督企业联系点)."""
    bureau = _supervising_bureau(acting_user)
    if not enterprise.region.code.startswith(bureau.region.prefix):
        raise ValidationError({"enterprise": f"{enterprise.name}不在本辖区内"})
    if ContactPoint.objects.filter(
        region=bureau.region, enterprise=enterprise, status=ContactPoint.Status.ACTIVE
    ).exists():
        raise ValidationError({"enterprise": f"{enterprise.name}已是执法监督企业联系点"})
    point = ContactPoint(
        region=bureau.region,
        enterprise=enterprise,
        designated_on=designated_on,
        contact_person=_required_text(contact_person, "contact_person", "联系人"),
        created_by=acting_user,
    )
    point.full_clean()
    point.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=point,
        message=f"确定执法监督企业联系点：{enterprise.name}",
    )
    return point


@transaction.atomic
def contact_point_withdraw(
    *, acting_user: Any, contact_point_id: int, on: datetime.date | None = None
) -> ContactPoint:
    """The enterprise stops being a contact point."""
    point = access_contact_point_by_id(acting_user, contact_point_id, for_update=True)
    require_supervising(acting_user, point)
    if point.status != ContactPoint.Status.ACTIVE:
        raise InvalidTransition("该联系点已撤销")
    point.status = ContactPoint.Status.WITHDRAWN
    point.withdrawn_on = day_or_today(on)
    point.save(update_fields=["status", "withdrawn_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=point,
        changes={"status": [ContactPoint.Status.ACTIVE, ContactPoint.Status.WITHDRAWN]},
        message=f"撤销执法监督企业联系点：{point.enterprise.name}",
    )
    return point


# Visits -------------------------------------------------------------------------------------


def _supervising_staff(region: Region, staff: Sequence[User]) -> list[User]:
    """The users among `staff` holding the bureau's supervision function in the region."""
    for user in staff:
        if not any(
            membership.role == Role.BUREAU_SUPERVISION
            and membership.organization.region.code.startswith(region.prefix)
            for membership in user.memberships_cached()
        ):
            raise ValidationError(
                {"staff": f"{user.full_name or user.username}不是本辖区司法局执法监督人员"}
            )
    return list(staff)


def _check_joint_inspection(
    kind: str, joint_inspection: JointInspection | None, region: Region
) -> None:
    if kind != SupervisionVisit.Kind.ACCOMPANYING:
        if joint_inspection is not None:
            raise ValidationError({"joint_inspection": "只有伴随式监督才关联联合检查"})
        return
    if joint_inspection is None:
        raise ValidationError({"joint_inspection": "伴随式监督应选择抽中的联合检查"})
    # The accompanied visits are drawn (ADR 0006), so departments cannot foresee or steer which
    # of their inspections the bureau watches.
    if joint_inspection.region_id != region.pk or not joint_inspection_is_drawn(
        joint_inspection=joint_inspection
    ):
        raise ValidationError(
            {"joint_inspection": f"联合检查“{joint_inspection}”未被伴随式监督抽取抽中"}
        )
    if SupervisionVisit.objects.filter(joint_inspection=joint_inspection).exists():
        raise ValidationError({"joint_inspection": f"联合检查“{joint_inspection}”已登记伴随式监督"})


@transaction.atomic
def supervision_visit_record(
    *,
    acting_user: Any,
    kind: str,
    visited_on: datetime.date,
    subject: str,
    departments: Sequence[Organization],
    staff: Sequence[User],
    invited_supervisors: Sequence[InvitedSupervisor] = (),
    joint_inspection: JointInspection | None = None,
    findings: str = "",
) -> SupervisionVisit:
    """Record an on-site supervision (执法监督检查) of one or more departments.

    Refused (ValidationError) with fewer than two supervisors (art. 22), with staff who do not
    hold the bureau's supervision function, with invited supervisors out of their term, and
    for an accompanying supervision whose joint inspection was not drawn for it. Writes one
    participation row per invited supervisor.
    """
    bureau = _supervising_bureau(acting_user)
    region = bureau.region
    if not departments:
        raise ValidationError({"departments": "请选择被监督部门"})
    outside = [d.name for d in departments if not d.region.code.startswith(region.prefix)]
    if outside:
        raise ValidationError({"departments": f"{'、'.join(outside)}不在本辖区内"})
    supervisors = _supervising_staff(region, staff)
    for invited in invited_supervisors:
        if invited.region_id != region.pk:
            raise ValidationError({"invited_supervisors": f"{invited.name}不是本辖区特邀监督员"})
        _require_in_office(invited, visited_on)
    # 山东省行政执法监督条例 art. 22: supervision is carried out by two or more persons holding
    # supervision credentials.
    if len(supervisors) + len(invited_supervisors) < MIN_SUPERVISORS:
        raise ValidationError(
            {
                "staff": (
                    "依《山东省行政执法监督条例》第二十二条，执法监督检查应当由两名以上"
                    "持有行政执法监督证件的人员进行"
                )
            }
        )
    if not supervisors:
        raise ValidationError({"staff": "执法监督检查应当至少有一名司法局执法监督人员参加"})
    _check_joint_inspection(kind, joint_inspection, region)
    visit = SupervisionVisit(
        region=region,
        kind=kind,
        visited_on=visited_on,
        subject=_required_text(subject, "subject", "监督事项"),
        joint_inspection=joint_inspection,
        findings=findings.strip(),
        created_by=acting_user,
    )
    visit.full_clean()
    visit.save()
    visit.departments.set(departments)
    visit.staff.set(supervisors)
    visit.invited_supervisors.set(invited_supervisors)
    SupervisorParticipation.objects.bulk_create(
        SupervisorParticipation(
            supervisor=invited,
            activity=SupervisorParticipation.Activity.VISIT,
            took_part_on=visited_on,
            visit=visit,
            description=f"{visit.get_kind_display()}：{visit.subject}"[:200],
            created_by=acting_user,
        )
        for invited in invited_supervisors
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=visit,
        changes={"departments": [d.pk for d in departments], "kind": kind},
        message=f"登记{visit.get_kind_display()}",
    )
    return visit


# Opinions and decisions ---------------------------------------------------------------------


def _days(key: str, start: datetime.date) -> datetime.date:
    value = parameter_value(key, on=start)
    return due_date(start, value.amount, value.day_unit or DayUnit.CALENDAR).due_on


def _require_unique_number(
    model: type[SupervisionOpinion | SupervisionDecision], number: str
) -> str:
    number = _required_text(number, "number", "文号")
    if model.objects.filter(number=number).exists():
        raise ValidationError({"number": f"文号{number}已被使用"})
    return number


@transaction.atomic
def supervision_opinion_issue(
    *,
    acting_user: Any,
    visit_id: int,
    department: Organization,
    number: str,
    problems: str,
    issued_on: datetime.date | None = None,
) -> SupervisionOpinion:
    """Issue a supervision opinion (监督意见书) to a department supervised in the visit.

    The correction deadline is enforcement.opinion_correction_days after the issue day (art. 28).
    The department's to-do to respond follows from the open opinion (enforcement.todos).
    """
    visit = access_supervision_visit_by_id(acting_user, visit_id)
    require_supervising(acting_user, visit)
    if not visit.departments.filter(pk=department.pk).exists():
        raise ValidationError({"department": f"{department.name}不是本次监督的被监督部门"})
    day = day_or_today(issued_on)
    if day < visit.visited_on:
        raise ValidationError({"issued_on": "制发日期不能早于监督日期"})
    opinion = SupervisionOpinion(
        visit=visit,
        department=department,
        number=_require_unique_number(SupervisionOpinion, number),
        issued_on=day,
        problems=_required_text(problems, "problems", "存在问题及整改要求"),
        correction_due_on=_days(OPINION_CORRECTION_DAYS, day),
        created_by=acting_user,
    )
    opinion.full_clean(exclude=["status"])
    opinion.save()
    record_transition(
        opinion, "", opinion.status, action="制发监督意见书", actor=acting_user, on=day
    )
    return opinion


def _attach(
    acting_user: Any,
    target: SupervisionOpinion | SupervisionDecision,
    evidence: Sequence[UploadedFile],
    description: str,
) -> None:
    for uploaded in evidence:
        attachment_add(
            acting_user=acting_user, target=target, uploaded=uploaded, description=description
        )


@transaction.atomic
def supervision_opinion_report(
    *,
    acting_user: Any,
    opinion_id: int,
    correction_report: str,
    evidence: Sequence[UploadedFile] = (),
    on: datetime.date | None = None,
) -> SupervisionOpinion:
    """The department reports its correction (整改报告), with the evidence attached to the opinion.

    Only the department addressed may report. A report after the deadline is accepted and
    shown as late.
    """
    opinion = access_supervision_opinion_by_id(acting_user, opinion_id, for_update=True)
    require_answering_for(acting_user, opinion.department, opinion)
    opinion.correction_report = _required_text(correction_report, "correction_report", "整改情况")
    opinion.reported_on = day_or_today(on)
    opinion.save(update_fields=["correction_report", "reported_on", "updated_at"])
    _attach(acting_user, opinion, evidence, "整改证明材料")
    transition_run(
        opinion,
        "report_correction",
        action="报送整改情况",
        actor=acting_user,
        opinion=opinion.correction_report[:MAX_TEXT_LENGTH],
        on=on,
    )
    return opinion


@transaction.atomic
def supervision_opinion_accept(
    *, acting_user: Any, opinion_id: int, on: datetime.date | None = None, opinion: str = ""
) -> SupervisionOpinion:
    """The bureau accepts the reported correction and closes the opinion."""
    record = access_supervision_opinion_by_id(acting_user, opinion_id, for_update=True)
    require_supervising(acting_user, record)
    record.closed_on = day_or_today(on)
    record.save(update_fields=["closed_on", "updated_at"])
    transition_run(
        record, "accept", action="整改验收通过", actor=acting_user, opinion=opinion, on=on
    )
    return record


@transaction.atomic
def supervision_opinion_return(
    *, acting_user: Any, opinion_id: int, reason: str, on: datetime.date | None = None
) -> SupervisionOpinion:
    """The bureau finds the correction insufficient; the department corrects further.

    If the deadline has passed meanwhile, the next daily job marks the opinion overdue.
    """
    record = access_supervision_opinion_by_id(acting_user, opinion_id, for_update=True)
    require_supervising(acting_user, record)
    reason = _required_text(reason, "reason", "退回理由")
    record.reported_on = None
    record.save(update_fields=["reported_on", "updated_at"])
    transition_run(
        record, "return_report", action="退回整改报告", actor=acting_user, opinion=reason, on=on
    )
    return record


@transaction.atomic
def supervision_decision_issue(
    *,
    acting_user: Any,
    opinion_id: int,
    number: str,
    kind: str,
    content: str,
    issued_on: datetime.date | None = None,
) -> SupervisionDecision:
    """Escalate an overdue opinion to a supervision decision (监督决定书, art. 29).

    Only an opinion marked overdue may be escalated. The department reports the execution within
    enforcement.decision_report_days.
    """
    opinion = access_supervision_opinion_by_id(acting_user, opinion_id, for_update=True)
    require_supervising(acting_user, opinion)
    if opinion.status != SupervisionOpinion.Status.OVERDUE:
        raise InvalidTransition(
            f"监督意见书当前状态为“{opinion.get_status_display()}”，"
            "只有逾期未整改的才能制发监督决定书"
        )
    day = day_or_today(issued_on)
    decision = SupervisionDecision(
        opinion=opinion,
        number=_require_unique_number(SupervisionDecision, number),
        kind=kind,
        issued_on=day,
        content=_required_text(content, "content", "决定内容"),
        report_due_on=_days(DECISION_REPORT_DAYS, day),
        created_by=acting_user,
    )
    decision.full_clean(exclude=["status", "opinion"])
    decision.save()
    transition_run(
        opinion, "escalate", action="逾期未整改，制发监督决定书", actor=acting_user, on=day
    )
    record_transition(
        decision, "", decision.status, action="制发监督决定书", actor=acting_user, on=day
    )
    return decision


@transaction.atomic
def supervision_decision_report(
    *,
    acting_user: Any,
    decision_id: int,
    execution_report: str,
    evidence: Sequence[UploadedFile] = (),
    on: datetime.date | None = None,
) -> SupervisionDecision:
    """The department reports how it carried out the decision; only the department addressed."""
    decision = access_supervision_decision_by_id(acting_user, decision_id, for_update=True)
    require_answering_for(acting_user, decision.opinion.department, decision)
    decision.execution_report = _required_text(execution_report, "execution_report", "执行情况")
    decision.reported_on = day_or_today(on)
    decision.save(update_fields=["execution_report", "reported_on", "updated_at"])
    _attach(acting_user, decision, evidence, "执行证明材料")
    transition_run(
        decision,
        "report_execution",
        action="报告执行情况",
        actor=acting_user,
        opinion=decision.execution_report[:MAX_TEXT_LENGTH],
        on=on,
    )
    return decision


@transaction.atomic
def supervision_decision_close(
    *, acting_user: Any, decision_id: int, on: datetime.date | None = None, opinion: str = ""
) -> SupervisionDecision:
    """The bureau confirms the execution; the matter is closed (闭环)."""
    decision = access_supervision_decision_by_id(acting_user, decision_id, for_update=True)
    require_supervising(acting_user, decision)
    decision.closed_on = day_or_today(on)
    decision.save(update_fields=["closed_on", "updated_at"])
    transition_run(
        decision, "close", action="监督决定执行完毕", actor=acting_user, opinion=opinion, on=on
    )
    return decision


@dataclass(frozen=True)
class SupervisionSweep:
    opinions_overdue: int
    decisions_overdue: int
    terms_ended: int


@transaction.atomic
def supervision_deadlines_sweep(*, on: datetime.date | None = None) -> SupervisionSweep:
    """The daily job: flag overdue opinions and decisions, end the supervisors' finished terms.

    A system action (no user). An overdue opinion becomes the bureau's to-do to escalate; an
    overdue decision the bureau's to-do to follow up (enforcement.todos).
    """
    day = day_or_today(on)
    opinions = 0
    for opinion in opinions_to_mark_overdue(on=day).select_for_update():
        transition_run(opinion, "mark_overdue", action="整改期限届满未报送", actor=None, on=day)
        opinions += 1
    decisions = 0
    for decision in decisions_to_mark_overdue(on=day).select_for_update():
        transition_run(
            decision, "mark_overdue", action="执行报告期限届满未报告", actor=None, on=day
        )
        decisions += 1
    terms = 0
    for supervisor in invited_supervisors_to_end_term(on=day).select_for_update():
        supervisor.ended_on = supervisor.term_end
        supervisor.save(update_fields=["ended_on", "updated_at"])
        transition_run(supervisor, "end_term", action="特邀监督员聘期届满", actor=None, on=day)
        terms += 1
    return SupervisionSweep(opinions, decisions, terms)
