"""The steps a civil servant takes on a subject's page, as small forms (POST only).

From the decision to the announcement (社区矫正法 arts. 20–22): the notice, the documents and the
report are recorded by the judicial office or the county body; the county body registers the
intake; the office announces. Under correction: a leave application (外出, art. 27) and its
decision at the tier the service computes, and a reward or sanction (art. 28, county body); a
visit (会客) and its decision at the visitor's tier; a change of the place of execution (变更执行地:
application, the body's decision, notice, handover, the report at the new place); an education
or public-interest session (教育学习、公益活动). Also: an application to change residence (迁居,
art. 27, decided by the county body); an electronic location device ordered, extended after an
assessment or removed (art. 29, county body); the correction team (art. 25) and the versioned
individual plan (art. 24), by the office; the management level (分类管理, county body); release
(解除, art. 44) and termination (终止, art. 45) by the county body.
Each step calls its service; who may act and what the dates allow stay the services' rules.
A step shows only when the subject's state allows it and the user may take it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fazhi.corrections.forms import (
    AnnounceForm,
    ApprovalDecideForm,
    DeviceExtendForm,
    DeviceOrderForm,
    DeviceRemoveForm,
    DocumentsReceivedForm,
    EducationSessionForm,
    LeaveApplyForm,
    LevelSetForm,
    NoticeReceivedForm,
    PlanForm,
    RegisterForm,
    ReleaseForm,
    ReportForm,
    ResidenceChangeApplyForm,
    RewardSanctionForm,
    TeamMemberForm,
    TerminateForm,
    TransferApplyForm,
    TransferHandoverForm,
    TransferNotifyForm,
    TransferReportForm,
    VisitApplyForm,
    VisitDecideForm,
)
from fazhi.corrections.models import (
    ApprovalRequest,
    CorrectionSubject,
    PlaceTransfer,
    TeamMember,
    VisitRequest,
)
from fazhi.corrections.permissions import (
    access_subject_by_id,
    can_supervise_in,
    is_corrections_body_for,
    require_corrections_body_for,
    require_supervisor_for,
)
from fazhi.corrections.selectors import location_device_current
from fazhi.corrections.selectors.transfers import transfer_list
from fazhi.corrections.services import approvals, education, intake, transfers, visits

Subject = CorrectionSubject


@dataclass(frozen=True)
class Step:
    label: str
    style: str
    form_class: type[forms.Form]
    # The date field the form proposes as today.
    date_field: str
    perform: Callable[[Any, int, dict[str, Any]], Any]
    # The success message, from the service's result.
    done: Callable[[Any], str]
    # Whether the subject's state allows the step now (whoever the user is).
    possible: Callable[[CorrectionSubject], bool]
    # Only the county corrections body takes it (else the office supervising the subject too).
    by_body: bool


def _not_ended(subject: CorrectionSubject) -> bool:
    return subject.ended_on is None


_OPEN_TRANSFER = (
    PlaceTransfer.Status.APPLIED,
    PlaceTransfer.Status.APPROVED,
    PlaceTransfer.Status.HANDED_OVER,
)


def open_transfer(subject: CorrectionSubject) -> PlaceTransfer | None:
    """The subject's unfinished change of the place of execution (one at most), read once."""
    cache = subject.__dict__
    if "_open_transfer" not in cache:
        cache["_open_transfer"] = (
            subject.place_transfers.filter(status__in=_OPEN_TRANSFER)
            .select_related("to_region")
            .first()
        )
    transfer: PlaceTransfer | None = cache["_open_transfer"]
    return transfer


def _transfer_at(subject: CorrectionSubject, status: str) -> bool:
    transfer = open_transfer(subject)
    return transfer is not None and transfer.status == status


def _transfer_id(user: Any, subject_pk: int) -> int:
    transfer = transfer_list(user=user).filter(subject_id=subject_pk, status__in=_OPEN_TRANSFER)
    return transfer.values_list("pk", flat=True).get()


def _leave_done(request: ApprovalRequest) -> str:
    days = (request.ends_on - request.starts_on).days + 1 if request.ends_on else 0
    return f"已登记外出申请（{days}日），审批层级：{request.get_tier_display()}"


# 社区矫正法 art. 25: a female subject's correction team must include a woman.
FEMALE_MEMBER_WARNING = "社区矫正对象为女性的，矫正小组中应有女性成员，请增加女性成员"


def _has_current_device(subject: CorrectionSubject) -> bool:
    return subject.is_active and location_device_current(subject) is not None


def _current_device_id(user: Any, subject_id: int) -> int:
    """The device period an extension or removal acts on (the page shows it under 电子定位装置)."""
    device = location_device_current(access_subject_by_id(user, subject_id))
    if device is None:
        raise ValidationError("该社区矫正对象没有在用的电子定位装置")
    return device.pk


def _team_member_done(member: TeamMember) -> str:
    done = f"已增加矫正小组成员：{member.name}（{member.get_role_display()}）"
    if intake.team_lacks_female_member(member.subject):
        done += f"。{FEMALE_MEMBER_WARNING}"
    return done


STEPS: dict[str, Step] = {
    "notice": Step(
        "登记收到决定机关通知",
        "primary",
        NoticeReceivedForm,
        "notice_received_on",
        lambda user, pk, data: intake.subject_record_notice(
            acting_user=user, subject_id=pk, on=data["notice_received_on"]
        ),
        lambda _: "已登记收到决定机关通知",
        lambda s: s.notice_received_on is None and _not_ended(s),
        by_body=False,
    ),
    "documents": Step(
        "登记收到法律文书",
        "primary",
        DocumentsReceivedForm,
        "documents_received_on",
        lambda user, pk, data: intake.subject_record_documents(
            acting_user=user, subject_id=pk, on=data["documents_received_on"]
        ),
        lambda _: "已登记收到法律文书",
        lambda s: s.documents_received_on is None and _not_ended(s),
        by_body=False,
    ),
    "report": Step(
        "登记报到（移交）",
        "primary",
        ReportForm,
        "reported_on",
        lambda user, pk, data: intake.subject_record_report(
            acting_user=user, subject_id=pk, on=data["reported_on"]
        ),
        lambda s: "已登记报到（移交）" + ("，逾期报到" if s.reported_late else ""),
        lambda s: s.reported_on is None and s.status == Subject.Status.PENDING,
        by_body=False,
    ),
    "register": Step(
        "接收登记",
        "success",
        RegisterForm,
        "registered_on",
        lambda user, pk, data: intake.subject_register(
            acting_user=user, subject_id=pk, on=data["registered_on"]
        ),
        lambda _: "已接收登记，建立档案，实行严管",
        lambda s: (
            s.status == Subject.Status.PENDING
            and s.documents_received_on is not None
            and s.reported_on is not None
        ),
        by_body=True,
    ),
    "announce": Step(
        "宣告",
        "success",
        AnnounceForm,
        "announced_on",
        lambda user, pk, data: intake.subject_announce(
            acting_user=user, subject_id=pk, on=data["announced_on"]
        ),
        lambda _: "已宣告，社区矫正对象在矫",
        lambda s: s.status == Subject.Status.REGISTERED,
        by_body=False,
    ),
    "leave": Step(
        "登记外出申请",
        "primary",
        LeaveApplyForm,
        "applied_on",
        lambda user, pk, data: approvals.leave_apply(acting_user=user, subject_id=pk, **data),
        _leave_done,
        lambda s: s.is_active,
        by_body=False,
    ),
    "reward-sanction": Step(
        "登记考核奖惩",
        "warning",
        RewardSanctionForm,
        "decided_on",
        lambda user, pk, data: approvals.reward_sanction_record(
            acting_user=user, subject_id=pk, **data
        ),
        lambda record: f"已登记{record.get_kind_display()}",
        lambda s: s.is_active,
        by_body=True,
    ),
    "residence-change": Step(
        "登记迁居申请",
        "primary",
        ResidenceChangeApplyForm,
        "applied_on",
        lambda user, pk, data: approvals.residence_change_apply(
            acting_user=user, subject_id=pk, **data
        ),
        lambda _: "已登记迁居申请，由县级社区矫正机构审批",
        lambda s: s.is_active,
        by_body=False,
    ),
    "device-order": Step(
        "使用电子定位装置",
        "warning",
        DeviceOrderForm,
        "starts_on",
        lambda user, pk, data: approvals.device_order(acting_user=user, subject_id=pk, **data),
        lambda device: (
            f"已登记使用电子定位装置，期限{device.starts_on:%Y-%m-%d}至{device.ends_on:%Y-%m-%d}"
        ),
        lambda s: s.is_active,
        by_body=True,
    ),
    "device-extend": Step(
        "延长电子定位期限",
        "warning",
        DeviceExtendForm,
        "",
        lambda user, pk, data: approvals.device_extend(
            acting_user=user, device_id=_current_device_id(user, pk), **data
        ),
        lambda device: f"已延长电子定位期限至{device.ends_on:%Y-%m-%d}",
        _has_current_device,
        by_body=True,
    ),
    "device-remove": Step(
        "解除电子定位装置",
        "secondary",
        DeviceRemoveForm,
        "removed_on",
        lambda user, pk, data: approvals.device_remove(
            acting_user=user, device_id=_current_device_id(user, pk), on=data["removed_on"]
        ),
        lambda device: f"已解除电子定位装置（{device.removed_on:%Y-%m-%d}）",
        _has_current_device,
        by_body=True,
    ),
    "team-member": Step(
        "增加矫正小组成员",
        "primary",
        TeamMemberForm,
        "joined_on",
        lambda user, pk, data: intake.team_member_add(acting_user=user, subject_id=pk, **data),
        _team_member_done,
        _not_ended,
        by_body=False,
    ),
    "plan": Step(
        "制定（调整）矫正方案",
        "primary",
        PlanForm,
        "effective_on",
        lambda user, pk, data: intake.plan_revise(acting_user=user, subject_id=pk, **data),
        lambda plan: f"已登记矫正方案第{plan.version}版",
        _not_ended,
        by_body=False,
    ),
    "level": Step(
        "调整管理等级",
        "secondary",
        LevelSetForm,
        "effective_on",
        lambda user, pk, data: intake.level_set(
            acting_user=user,
            subject_id=pk,
            level=data["level"],
            rule=data["rule"],
            on=data["effective_on"],
            reason=data["reason"],
        ),
        lambda change: f"管理等级已调整为{change.get_level_display()}",
        lambda s: s.is_active,
        by_body=True,
    ),
    "release": Step(
        "解除矫正",
        "success",
        ReleaseForm,
        "ended_on",
        lambda user, pk, data: intake.subject_release(
            acting_user=user,
            subject_id=pk,
            on=data["ended_on"],
            reason=data["end_reason"],
            certificate_number=data["release_certificate_number"],
        ),
        lambda s: f"已解除矫正，解除社区矫正证明书编号：{s.release_certificate_number}",
        lambda s: s.is_active,
        by_body=True,
    ),
    "terminate": Step(
        "终止矫正",
        "danger",
        TerminateForm,
        "ended_on",
        lambda user, pk, data: intake.subject_terminate(
            acting_user=user, subject_id=pk, on=data["ended_on"], reason=data["end_reason"]
        ),
        lambda s: f"已终止矫正：{s.get_end_reason_display()}",
        _not_ended,
        by_body=True,
    ),
    "visit": Step(
        "登记会客申请",
        "primary",
        VisitApplyForm,
        "applied_on",
        lambda user, pk, data: visits.visit_apply(acting_user=user, subject_id=pk, **data),
        lambda request: f"已登记会客申请，审批层级：{request.get_tier_display()}",
        lambda s: s.is_active,
        by_body=False,
    ),
    "education": Step(
        "登记教育学习、公益活动",
        "primary",
        EducationSessionForm,
        "held_on",
        lambda user, pk, data: education.education_session_record(
            acting_user=user, subject_id=pk, **data
        ),
        lambda session: f"已登记{session.get_kind_display()}{session.hours.normalize():f}小时",
        lambda s: s.registered_on is not None and _not_ended(s),
        by_body=False,
    ),
    "transfer": Step(
        "登记变更执行地申请",
        "primary",
        TransferApplyForm,
        "applied_on",
        lambda user, pk, data: transfers.transfer_apply(acting_user=user, subject_id=pk, **data),
        lambda transfer: (
            f"已登记变更执行地申请（至{transfer.to_region.name}），报县级社区矫正机构审批"
        ),
        lambda s: s.is_active and open_transfer(s) is None,
        by_body=False,
    ),
    "transfer-decide": Step(
        "审批变更执行地",
        "primary",
        ApprovalDecideForm,
        "decided_on",
        lambda user, pk, data: transfers.transfer_decide(
            acting_user=user, transfer_id=_transfer_id(user, pk), **data
        ),
        lambda transfer: (
            f"变更执行地申请：{transfer.get_status_display()}"
            + (
                f"，{transfer.handover_due_on:%Y-%m-%d}前通知新执行地并移交档案"
                if transfer.handover_due_on
                else ""
            )
        ),
        lambda s: _transfer_at(s, PlaceTransfer.Status.APPLIED),
        by_body=True,
    ),
    "transfer-notify": Step(
        "书面通知新执行地",
        "primary",
        TransferNotifyForm,
        "notified_on",
        lambda user, pk, data: transfers.transfer_notify(
            acting_user=user, transfer_id=_transfer_id(user, pk), on=data["notified_on"]
        ),
        lambda transfer: f"已书面通知{transfer.to_region.name}",
        lambda s: (
            _transfer_at(s, PlaceTransfer.Status.APPROVED)
            and getattr(open_transfer(s), "notified_on", None) is None
        ),
        by_body=True,
    ),
    "transfer-handover": Step(
        "移交档案",
        "success",
        TransferHandoverForm,
        "handed_over_on",
        lambda user, pk, data: transfers.transfer_hand_over(
            acting_user=user,
            transfer_id=_transfer_id(user, pk),
            on=data["handed_over_on"],
            received_by=data["received_by"],
        ),
        lambda transfer: f"档案已移交，该对象改由{transfer.to_office.name}负责",
        lambda s: (
            _transfer_at(s, PlaceTransfer.Status.APPROVED)
            and getattr(open_transfer(s), "notified_on", None) is not None
        ),
        by_body=True,
    ),
    "transfer-report": Step(
        "登记到新执行地报到",
        "success",
        TransferReportForm,
        "reported_on",
        lambda user, pk, data: transfers.transfer_record_report(
            acting_user=user, transfer_id=_transfer_id(user, pk), on=data["reported_on"]
        ),
        lambda transfer: "已登记到新执行地报到" + ("，逾期报到" if transfer.reported_late else ""),
        lambda s: _transfer_at(s, PlaceTransfer.Status.HANDED_OVER),
        by_body=False,
    ),
}


def step_may_take(user: Any, subject: CorrectionSubject, name: str) -> bool:
    """Whether the step shows for the user: the state allows it and the user's role takes it."""
    step = STEPS[name]
    if not step.possible(subject):
        return False
    if step.by_body:
        return is_corrections_body_for(user, subject.region)
    return can_supervise_in(user, subject.region)


def step_require_role(user: Any, subject: CorrectionSubject, name: str) -> None:
    """PermissionDenied (audited) unless the user's role takes the step, before its input is read.

    The same gates the services apply; checked first so that a user who may not act gets 403
    whatever they submit.
    """
    if STEPS[name].by_body:
        require_corrections_body_for(user, subject.region, STEPS[name].label)
    else:
        require_supervisor_for(user, subject, STEPS[name].label)


def step_form(name: str, data: Any = None) -> forms.Form:
    """The step's form, bound to `data` or proposing today for its date."""
    step = STEPS[name]
    if data is not None:
        return step.form_class(data, prefix=name)
    initial = {step.date_field: timezone.localdate()} if step.date_field else {}
    return step.form_class(prefix=name, initial=initial)


def approval_may_decide(user: Any, request: ApprovalRequest, subject: CorrectionSubject) -> bool:
    """A pending application, for the county body (both tiers) or the office (its tier)."""
    if request.status != ApprovalRequest.Status.APPLIED:
        return False
    if request.tier == ApprovalRequest.Tier.COUNTY:
        return is_corrections_body_for(user, subject.region)
    return can_supervise_in(user, subject.region)


def approval_require_role(user: Any, request: ApprovalRequest) -> None:
    """PermissionDenied (audited) unless the user decides at the application's tier."""
    if request.tier == ApprovalRequest.Tier.COUNTY:
        require_corrections_body_for(user, request.subject.region, "该审批事项")
    else:
        require_supervisor_for(user, request.subject, "外出审批")


def approval_form(request: ApprovalRequest, data: Any = None) -> forms.Form:
    prefix = f"approval-{request.pk}"
    if data is not None:
        return ApprovalDecideForm(data, prefix=prefix)
    return ApprovalDecideForm(prefix=prefix, initial={"decided_on": timezone.localdate()})


def approval_decide(user: Any, request: ApprovalRequest, data: dict[str, Any]) -> ApprovalRequest:
    return approvals.approval_decide(
        acting_user=user,
        approval_id=request.pk,
        approve=data["approve"],
        decided_on=data["decided_on"],
        opinion=data["opinion"],
    )


def _period(request: ApprovalRequest) -> str:
    start: datetime.date = request.starts_on
    end = f"至{request.ends_on:%Y-%m-%d}" if request.ends_on else "起"
    return f"{start:%Y-%m-%d}{end}"


def approval_label(request: ApprovalRequest) -> str:
    return (
        f"审批{request.get_kind_display()}：{_period(request)}，{request.destination}"
        f"（{request.get_tier_display()}）"
    )


def subject_steps(
    user: Any,
    subject: CorrectionSubject,
    approval_requests: list[ApprovalRequest],
    *,
    bound: tuple[str, forms.Form] | None = None,
) -> list[dict[str, Any]]:
    """The step cards of the subject's page; `bound` replaces one card's form (with errors)."""
    cards: list[dict[str, Any]] = [
        {
            "name": name,
            "form": step_form(name),
            "label": STEPS[name].label,
            "style": STEPS[name].style,
            "url": reverse("corrections:subject-step", args=[subject.pk, name]),
        }
        for name in STEPS
        if step_may_take(user, subject, name)
    ]
    cards += [
        {
            "name": f"approval-{request.pk}",
            "form": approval_form(request),
            "label": approval_label(request),
            "style": "primary",
            "url": reverse("corrections:approval-decide", args=[subject.pk, request.pk]),
        }
        for request in approval_requests
        if approval_may_decide(user, request, subject)
    ]
    if bound is not None:
        name, form = bound
        for card in cards:
            if card["name"] == name:
                card["form"] = form
    return cards


def visit_may_decide(user: Any, request: VisitRequest, subject: CorrectionSubject) -> bool:
    """A pending visit, for the county body (both tiers) or the office (its tier)."""
    if request.status != VisitRequest.Status.APPLIED:
        return False
    if request.tier == VisitRequest.Tier.COUNTY:
        return is_corrections_body_for(user, subject.region)
    return can_supervise_in(user, subject.region)


def visit_form(request: VisitRequest, data: Any = None) -> forms.Form:
    prefix = f"visit-{request.pk}"
    if data is not None:
        return VisitDecideForm(data, prefix=prefix)
    return VisitDecideForm(prefix=prefix, initial={"decided_on": timezone.localdate()})


def visit_decide(user: Any, request: VisitRequest, data: dict[str, Any]) -> VisitRequest:
    return visits.visit_decide(acting_user=user, visit_id=request.pk, **data)


def visit_cards(
    user: Any,
    subject: CorrectionSubject,
    visit_requests: list[VisitRequest],
    *,
    bound: tuple[str, forms.Form] | None = None,
) -> list[dict[str, Any]]:
    """The decision cards of the pending visits the user decides; `bound` as in subject_steps."""
    cards = [
        {
            "name": f"visit-{request.pk}",
            "form": visit_form(request),
            "label": (
                f"审批会客：{request.visit_on:%Y-%m-%d} {request.visitor_name}"
                f"（{request.get_visitor_kind_display()}，{request.get_tier_display()}）"
            ),
            "style": "primary",
            "url": reverse("corrections:visit-decide", args=[subject.pk, request.pk]),
        }
        for request in visit_requests
        if visit_may_decide(user, request, subject)
    ]
    if bound is not None:
        name, form = bound
        for card in cards:
            if card["name"] == name:
                card["form"] = form
    return cards
