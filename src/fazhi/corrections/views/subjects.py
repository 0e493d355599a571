"""The subject list (masked), receiving a decision, and the subject's page with its steps.

The page shows the clocks, the date of each step recorded, level history, checks, alerts,
approvals, visits, changes of the place of execution, the months' education and public-interest
hours, devices, rewards and sanctions, the correction team, the plan's versions and the files;
identifying fields stay masked until revealed for a stated purpose.
The steps the user may take now are small forms (views.intake); a refusal shows next to the
fields it names (status 400), success redirects to the page with a message.
"""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import DEADLINE_STATE_LABELS, deadline_state
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.models import AuditLog
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.corrections.forms import RevealForm, SubjectReceiveForm
from fazhi.corrections.models import (
    ApprovalRequest,
    CorrectionSubject,
    LevelChange,
    LocationDevice,
    PlaceTransfer,
    VisitRequest,
)
from fazhi.corrections.permissions import (
    access_approval_by_id,
    access_subject_by_id,
    access_visit_by_id,
    require_corrections_desk,
)
from fazhi.corrections.selectors import (
    file_list_due_for_archiving,
    plan_versions_for,
    subject_files_with_counts,
    subject_list,
    team_member_list_for,
)
from fazhi.corrections.selectors.education import MonthHours, subject_month_hours
from fazhi.corrections.selectors.resettlement import towns_and_villages_acting_with
from fazhi.corrections.services.intake import subject_receive_decision, team_lacks_female_member
from fazhi.corrections.services.visits import visit_require_decider
from fazhi.corrections.tables import ArchiveTable, SubjectFilterSet, SubjectTable
from fazhi.corrections.views import intake
from fazhi.corrections.views.reveal import identity_fields, reveal_context, reveal_submitted


@require_GET
@denials_as_403
def subject_list_view(request: HttpRequest) -> HttpResponse:
    require_corrections_desk(request.user)
    return render_list(
        request,
        queryset=subject_list(user=request.user),
        table_class=SubjectTable,
        filterset_class=SubjectFilterSet,
        title="社区矫正对象",
        export_name="社区矫正对象",
        personal_data=True,
        template="corrections/subject_list.html",
        extra_context={
            "may_receive": request.user.has_capability(Capability.MANAGE_CORRECTIONS),  # type: ignore[union-attr]
        },
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def subject_create(request: HttpRequest) -> HttpResponse:
    """Receive a decision (判决、裁定、决定) and register the subject (社区矫正法 art. 20)."""
    require_capability(request.user, Capability.MANAGE_CORRECTIONS)
    form = SubjectReceiveForm(
        request.POST if request.method == "POST" else None,
        regions=towns_and_villages_acting_with(request.user, Capability.MANAGE_CORRECTIONS),
    )
    if request.method == "POST" and form.is_valid():
        try:
            subject = subject_receive_decision(
                acting_user=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记社区矫正对象：{subject.display_name}")
            return redirect("corrections:subject-detail", pk=subject.pk)
    context = {
        "title": "登记社区矫正对象",
        "pretitle": "社区矫正",
        "form": form,
        "cancel_url": reverse("corrections:subject-list"),
        "submit_label": "登记",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "form_page.html", context, status=status)


def _clock(label: str, due_on: datetime.date, done_on: datetime.date | None) -> tuple[str, str]:
    state = deadline_state(due_on, today=timezone.localdate(), done_on=done_on)
    done = f"，{done_on:%Y-%m-%d}完成" if done_on else ""
    return label, f"{due_on:%Y-%m-%d}前（{DEADLINE_STATE_LABELS[state]}{done}）"


def _rows(queryset: Any, render: Any) -> list[tuple[str, Any]]:
    return [render(row) for row in queryset] or [("—", "暂无记录")]


def _recorded_steps(subject: CorrectionSubject) -> list[tuple[str, Any]]:
    """Each intake step with the date recorded for it (— while not yet recorded)."""
    rows: list[tuple[str, Any]] = [
        ("收到决定机关通知", subject.notice_received_on),
        ("收到法律文书", subject.documents_received_on),
        ("报到（移交）", subject.reported_on),
        ("接收登记", subject.registered_on),
        ("宣告", subject.announced_on),
    ]
    if subject.ended_on is not None:
        rows.append(
            (
                "解除（终止）矫正",
                f"{subject.ended_on:%Y-%m-%d}，{subject.get_end_reason_display()}",
            )
        )
    if subject.release_certificate_number:
        rows.append(("解除社区矫正证明书编号", subject.release_certificate_number))
    return rows


def _level_basis(change: LevelChange) -> str:
    basis = change.get_rule_display()
    if change.previous_level:
        basis = f"由{change.get_previous_level_display()}调整；{basis}"
    return f"{basis}；{change.reason}" if change.reason else basis


def _device_row(device: LocationDevice) -> tuple[str, str]:
    period = f"{device.starts_on:%Y-%m-%d}至{device.ends_on:%Y-%m-%d}"
    state = f"（{device.removed_on:%Y-%m-%d}解除）" if device.removed_on else ""
    extended = f"，延长（评估意见：{device.assessment}）" if device.extends_id else ""
    return period + extended, f"{device.get_ground_display()}，装置{device.device_number}{state}"


def _visit_row(request: VisitRequest) -> tuple[str, str]:
    outcome = request.get_status_display()
    if request.refusal_ground:
        outcome += f"：{request.get_refusal_ground_display()}"
    if request.opinion:
        outcome += f"（{request.opinion}）"
    return (
        f"{request.applied_on:%Y-%m-%d} 会见{request.visitor_name}"
        f"（{request.get_visitor_kind_display()}）",
        f"{request.visit_on:%Y-%m-%d}，{request.place}；{request.get_tier_display()}，{outcome}",
    )


def _transfer_row(transfer: PlaceTransfer) -> tuple[str, str]:
    parts = [transfer.get_status_display()]
    if transfer.opinion:
        parts.append(f"审批意见：{transfer.opinion}")
    if transfer.handover_due_on is not None:
        parts.append(
            "通知新执行地并移交档案"
            + _clock("", transfer.handover_due_on, transfer.handed_over_on)[1]
        )
    handovers = list(transfer.file_handovers.all())
    if handovers:
        parts.append(
            "移交"
            + "、".join(h.file.get_kind_display() for h in handovers)
            + f"（接收人{handovers[0].received_by}）"
        )
    if transfer.report_due_on is not None:
        late = "，逾期" if transfer.reported_late else ""
        parts.append(
            "到新执行地报到" + _clock("", transfer.report_due_on, transfer.reported_on)[1] + late
        )
    return (
        f"{transfer.applied_on:%Y-%m-%d} {transfer.from_region.name}→{transfer.to_region.name}",
        "；".join(parts),
    )


def _hours_row(row: MonthHours) -> tuple[str, str]:
    required = f"{row.required.normalize():f}"
    text = (
        f"教育学习{row.education.normalize():f}小时，公益活动{row.public_service.normalize():f}"
        f"小时（每月各需{required}小时）"
    )
    if row.is_short:
        text += f"，{row.shortfall_label}"
    elif not row.judged:
        text += "，未满整月或当月未结束，不作考核"
    return f"{row.month:%Y年%m月}", text


def _subject_page(
    request: HttpRequest,
    subject: CorrectionSubject,
    *,
    revealed: dict[str, Any] | None = None,
    reveal_form: RevealForm | None = None,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    approval_requests = list(subject.approval_requests.all())
    # The devices section and the device steps' conditions read the same rows.
    prefetch_related_objects([subject], "location_devices")
    masked_id_number = "******" if subject.is_minor else subject.masked_id_number
    visit_requests = list(subject.visit_requests.all())
    sections = [
        (
            "身份信息（默认脱敏）",
            identity_fields(subject, revealed, masked_id_number=masked_id_number),
        ),
        (
            "法定期限",
            [
                _clock("决定机关通知（5日）", subject.notice_due_on, subject.notice_received_on),
                _clock(
                    "法律文书送达（10日）", subject.documents_due_on, subject.documents_received_on
                ),
                _clock("报到或移交（10日）", subject.report_due_on, subject.reported_on),
                ("未按时报到·查找", subject.search_started_on or "—"),
            ],
        ),
        ("办理环节", _recorded_steps(subject)),
        (
            "管理等级记录",
            _rows(
                subject.level_changes.order_by("effective_on", "pk"),
                lambda c: (f"{c.effective_on:%Y-%m-%d} {c.get_level_display()}", _level_basis(c)),
            ),
        ),
        (
            "信息化核查（最近10次）",
            _rows(
                subject.location_checks.order_by("-planned_on", "-pk")[:10],
                lambda c: (
                    f"{c.planned_on:%Y-%m-%d} {c.get_kind_display()}",
                    c.get_result_display()
                    if c.result
                    else ("待核查" if c.planned_on >= today else "逾期未核查"),
                ),
            ),
        ),
        (
            "报告、通信联络、实地查访（最近10条）",
            _rows(
                subject.supervision_records.all()[:10],
                lambda r: (f"{r.occurred_on:%Y-%m-%d} {r.get_kind_display()}", r.summary),
            ),
        ),
        (
            "监管预警",
            _rows(
                subject.alerts.order_by("-raised_at"),
                lambda a: (
                    f"{timezone.localtime(a.raised_at):%Y-%m-%d %H:%M} {a.get_kind_display()}",
                    a.get_outcome_display() if a.outcome else "待处置",
                ),
            ),
        ),
        (
            "审批事项",
            _rows(
                approval_requests,
                lambda r: (
                    f"{r.applied_on:%Y-%m-%d} {r.get_kind_display()}（{r.get_tier_display()}）",
                    f"{r.destination}，{r.get_status_display()}",
                ),
            ),
        ),
        ("会客审批", _rows(visit_requests, _visit_row)),
        (
            "变更执行地",
            _rows(
                subject.place_transfers.select_related("from_region", "to_region").prefetch_related(
                    "file_handovers__file"
                ),
                _transfer_row,
            ),
        ),
        (
            "教育学习、公益活动（近6个月）",
            _rows(subject_month_hours(subject, today=today), _hours_row),
        ),
        (
            "电子定位装置",
            _rows(subject.location_devices.all(), _device_row),
        ),
        (
            "考核奖惩",
            _rows(
                subject.rewards_sanctions.all(),
                lambda r: (f"{r.decided_on:%Y-%m-%d} {r.get_kind_display()}", r.facts),
            ),
        ),
        (
            "档案（一人一档）",
            _rows(
                subject_files_with_counts(subject),
                lambda f: (
                    f.get_kind_display(),
                    f"{f.keeper.name}；文书{f.documents_filed}/{f.documents_total}件"
                    + (f"；{f.archived_on:%Y-%m-%d}归档" if f.archived_on else ""),
                ),
            ),
        ),
    ]
    lacks_female_member = team_lacks_female_member(subject)
    fields = [
        ("姓名", subject.display_name),
        ("性别", subject.get_gender_display()),
        ("未成年社区矫正对象", subject.is_minor),
        ("矫正类别", subject.get_category_display()),
        ("罪名", subject.crime),
        ("原判刑罚", subject.sentence),
        ("禁止令", subject.prohibition or "—"),
        ("决定机关及文书号", f"{subject.decision_authority} {subject.decision_number}"),
        ("矫正期限", f"{subject.term_start:%Y-%m-%d} 至 {subject.term_end:%Y-%m-%d}"),
        ("负责司法所", subject.office.name),
        ("管理等级", subject.get_level_display() or "—"),
        ("矫正小组缺少女性成员", lacks_female_member),
    ]
    response = render_detail(
        request,
        obj=subject,
        title=subject.display_name,
        status=subject.get_status_display(),
        fields=fields,
        sections=sections,
        back_url=reverse("corrections:subject-list"),
        can_upload=False,
        show_attachments=False,
        template="corrections/subject_detail.html",
        extra_context={
            **reveal_context(
                request,
                url=reverse("corrections:subject-reveal", args=[subject.pk]),
                revealed=revealed,
                form=reveal_form,
            ),
            "steps": intake.subject_steps(request.user, subject, approval_requests, bound=bound)
            + intake.visit_cards(request.user, subject, visit_requests, bound=bound),
            "team_members": team_member_list_for(subject),
            "team_warning": intake.FEMALE_MEMBER_WARNING if lacks_female_member else "",
            "plans": plan_versions_for(subject),
        },
    )
    response.status_code = status
    return response


@require_GET
@denials_as_403
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_corrections_desk(request.user)
    subject = access_subject_by_id(request.user, pk)
    # PIPL art. 51 / 等保 8.1.4.3: every view of a sensitive personal record is logged.
    audit_record(
        event=AuditLog.Event.VIEW_SENSITIVE,
        user=request.user,
        target=subject,
        message="查看社区矫正对象详情(脱敏)",
    )
    return _subject_page(request, subject)


@require_http_methods(["POST"])
@denials_as_403
def subject_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    require_corrections_desk(request.user)
    subject = access_subject_by_id(request.user, pk)
    form, revealed = reveal_submitted(request, subject)
    if revealed is None:
        return _subject_page(request, subject, reveal_form=form, status=400)
    return _subject_page(request, subject, revealed=revealed)


def _refused_page(
    request: HttpRequest,
    subject: CorrectionSubject,
    name: str,
    form: forms.Form,
    refusal: ValidationError | InvalidTransition | None = None,
) -> HttpResponse:
    if refusal is not None:
        add_service_errors(form, refusal)
    return _subject_page(request, subject, bound=(name, form), status=400)


@require_POST
@denials_as_403
def subject_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one step on the subject (notice, documents, report, intake, announcement, ...)."""
    if step not in intake.STEPS:
        raise Http404
    require_corrections_desk(request.user)
    subject = access_subject_by_id(request.user, pk)
    if not intake.STEPS[step].possible(subject):
        # A second submission or a stale page: the step is done or not yet open.
        messages.error(request, f"{intake.STEPS[step].label}：该环节已办理或当前不能办理")
        return redirect("corrections:subject-detail", pk=subject.pk)
    intake.step_require_role(request.user, subject, step)
    form = intake.step_form(step, request.POST)
    if not form.is_valid():
        return _refused_page(request, subject, step, form)
    try:
        result = intake.STEPS[step].perform(request.user, subject.pk, form.cleaned_data)
    except (ValidationError, InvalidTransition) as error:
        return _refused_page(request, subject, step, form, error)
    messages.success(request, intake.STEPS[step].done(result))
    return redirect("corrections:subject-detail", pk=subject.pk)


@require_POST
@denials_as_403
def approval_decide(request: HttpRequest, pk: int, approval_pk: int) -> HttpResponse:
    """Approve or refuse a leave or residence-change application at its tier (art. 27)."""
    require_corrections_desk(request.user)
    subject = access_subject_by_id(request.user, pk)
    application = access_approval_by_id(request.user, approval_pk)
    if application.subject_id != subject.pk:
        raise Http404
    if application.status != ApprovalRequest.Status.APPLIED:
        messages.error(request, "该申请已审批")
        return redirect("corrections:subject-detail", pk=subject.pk)
    intake.approval_require_role(request.user, application)
    form = intake.approval_form(application, request.POST)
    name = f"approval-{application.pk}"
    if not form.is_valid():
        return _refused_page(request, subject, name, form)
    try:
        decided = intake.approval_decide(request.user, application, form.cleaned_data)
    except ValidationError as error:
        return _refused_page(request, subject, name, form, error)
    messages.success(request, f"{decided.get_kind_display()}申请：{decided.get_status_display()}")
    return redirect("corrections:subject-detail", pk=subject.pk)


@require_POST
@denials_as_403
def visit_decide(request: HttpRequest, pk: int, visit_pk: int) -> HttpResponse:
    """Approve or refuse a visit application at its tier (会客)."""
    require_corrections_desk(request.user)
    subject = access_subject_by_id(request.user, pk)
    application = access_visit_by_id(request.user, visit_pk)
    if application.subject_id != subject.pk:
        raise Http404
    if application.status != VisitRequest.Status.APPLIED:
        messages.error(request, "该申请已审批")
        return redirect("corrections:subject-detail", pk=subject.pk)
    visit_require_decider(request.user, application)  # type: ignore[arg-type]
    form = intake.visit_form(application, request.POST)
    name = f"visit-{application.pk}"
    if not form.is_valid():
        return _refused_page(request, subject, name, form)
    try:
        decided = intake.visit_decide(request.user, application, form.cleaned_data)
    except ValidationError as error:
        return _refused_page(request, subject, name, form, error)
    messages.success(request, f"会客申请：{decided.get_status_display()}")
    return redirect("corrections:subject-detail", pk=subject.pk)


@require_GET
@denials_as_403
def archive_list(request: HttpRequest) -> HttpResponse:
    require_corrections_desk(request.user)
    return render_list(
        request,
        queryset=file_list_due_for_archiving(user=request.user, on=timezone.localdate()),
        table_class=ArchiveTable,
        title="待归档矫正档案",
        export_name="待归档矫正档案",
        personal_data=True,
    )
