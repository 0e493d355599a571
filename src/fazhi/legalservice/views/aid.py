"""Staff pages of legal aid (法律援助): the applications, registering one, and the application card.

The card shows the time limits of the law and, as small forms, the steps the user may take now:
a town's judicial office registers applications and sends the one-time notice of missing
materials; the legal aid centre (the bureau's legal-service function) registers the notices of
criminal cases (arts. 25, 28, 36), decides, provides aid in advance (art. 44), assigns — to a
lawyer's own account when they have one —, closes, terminates (art. 48), checks the quality of
the work (art. 59) and handles objections. A lawyer sees only the cases assigned to them, and
takes no step here. Each step calls its service; a refusal shows next to the fields it names
(status 400), success redirects to the card.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.models import Region
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.legalservice import aid_followup, aid_services
from fazhi.legalservice.aid_forms import (
    LegalAidAdvanceForm,
    LegalAidAssignAccountForm,
    LegalAidNoticeForm,
    LegalAidQualityCheckForm,
    LegalAidTerminateForm,
)
from fazhi.legalservice.aid_selectors import (
    legal_aid_application_list,
    legal_aid_list_closed_unchecked,
    legal_aid_quality_checks_of,
)
from fazhi.legalservice.forms import (
    LegalAidApplyForm,
    LegalAidCloseForm,
    LegalAidDecideForm,
    LegalAidMaterialsCompleteForm,
    LegalAidMaterialsForm,
    LegalAidObjectionDecideForm,
    LegalAidObjectionForm,
)
from fazhi.legalservice.models import LegalAidApplication
from fazhi.legalservice.permissions import (
    access_legal_aid_application_by_id,
    can_decide_legal_aid_in,
    can_record_legal_services_in,
    require_legal_aid_desk,
)
from fazhi.legalservice.selectors import region_list_for_applications
from fazhi.legalservice.tables import (
    LegalAidApplicationFilterSet,
    LegalAidApplicationTable,
    legal_aid_deadlines,
    town_of,
)
from fazhi.legalservice.views.common import SECTION, form_page

Aid = LegalAidApplication


@require_GET
@denials_as_403
def legal_aid_list(request: HttpRequest) -> HttpResponse:
    require_legal_aid_desk(request.user)
    user: Any = request.user
    return render_list(
        request,
        queryset=legal_aid_application_list(user=user).select_related("region__parent"),
        table_class=LegalAidApplicationTable,
        filterset_class=LegalAidApplicationFilterSet,
        title="法律援助申请",
        export_name="法律援助申请",
        template="legalservice/aid/legal_aid_list.html",
        extra_context={
            "may_register": user.has_capability(Capability.RECORD_LEGAL_SERVICES),
            "may_notify": user.has_capability(Capability.MANAGE_LEGAL_SERVICE_NETWORK),
        },
    )


@require_GET
@denials_as_403
def legal_aid_unchecked_list(request: HttpRequest) -> HttpResponse:
    """Cases closed without any quality check (arts. 57, 59), for the centre to plan its checks."""
    require_legal_aid_desk(request.user)
    return render_list(
        request,
        queryset=legal_aid_list_closed_unchecked(user=request.user).select_related(
            "region__parent"
        ),
        table_class=LegalAidApplicationTable,
        filterset_class=LegalAidApplicationFilterSet,
        title="结案未质量检查的法律援助案件",
        export_name="结案未质量检查的法律援助案件",
        template="legalservice/aid/legal_aid_list.html",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def legal_aid_notice_create(request: HttpRequest) -> HttpResponse:
    """Register a notice of a criminal case that must have a lawyer (arts. 25, 28, 36)."""
    require_capability(request.user, Capability.MANAGE_LEGAL_SERVICE_NETWORK)
    form = LegalAidNoticeForm(
        request.POST if request.method == "POST" else None,
        regions=region_list_for_applications(user=request.user),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = aid_services.legal_aid_notify(
                acting_user=request.user,
                application=aid_services.ApplicationRow(
                    region=data["region"],
                    applicant_name=data["applicant_name"],
                    id_number=data["id_number"],
                    channel=Aid.Channel.NOTIFIED,
                    matter=Aid.Matter.CRIMINAL_MANDATORY,
                    received_on=data["received_on"],
                    summary=data["summary"],
                ),
                notice=aid_services.NoticeRow(
                    notifying_body=data["notifying_body"],
                    notifying_authority=data["notifying_authority"],
                    notice_number=data["notice_number"],
                    notice_ground=data["notice_ground"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记办案机关通知：{application.applicant_name}")
            return redirect("legalservice:aid-detail", pk=application.pk)
    return form_page(
        request,
        form,
        title="登记通知辩护、通知代理",
        cancel_url=reverse("legalservice:aid-list"),
        submit_label="登记",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def legal_aid_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_LEGAL_SERVICES)
    form = LegalAidApplyForm(
        request.POST if request.method == "POST" else None,
        regions=region_list_for_applications(user=request.user),
        initial={"received_on": timezone.localdate(), "channel": Aid.Channel.COUNTER},
    )
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "green_channel": form.cleaned_data["green_channel"] or ""}
        try:
            application = aid_services.legal_aid_apply(
                acting_user=request.user, row=aid_services.ApplicationRow(**data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记法律援助申请：{application.applicant_name}")
            return redirect("legalservice:aid-detail", pk=application.pk)
    return form_page(
        request,
        form,
        title="登记法律援助申请",
        cancel_url=reverse("legalservice:aid-list"),
        submit_label="登记",
    )


# The card's steps ------------------------------------------------------------------------------

Perform = Callable[[Any, int, dict[str, Any]], object]


@dataclass(frozen=True)
class Step:
    label: str
    style: str
    form_class: type[forms.Form]
    perform: Perform
    done: str
    by_centre: bool


def _decide(user: Any, pk: int, data: dict[str, Any]) -> object:
    row = aid_services.DecisionRow(
        decision=data["decision"],
        decided_on=data["decided_on"],
        eligibility=data["eligibility"],
        exemption=data["exemption"],
        monthly_income=data["monthly_income"],
        refusal_reasons=data["refusal_reasons"],
    )
    return aid_services.legal_aid_decide(acting_user=user, application_id=pk, row=row)


def _assignment(data: dict[str, Any], on: Any) -> aid_services.AssignmentRow:
    return aid_services.AssignmentRow(
        assignee_name=data["assignee_name"],
        assignee_kind=data["assignee_kind"],
        assignee_org=data["assignee_org"],
        assigned_on=on,
        assignee_user=data["assignee_user"],
    )


def _advance(user: Any, pk: int, data: dict[str, Any]) -> object:
    row = aid_services.AdvanceRow(
        advance_reason=data["advance_reason"],
        advanced_on=data["advanced_on"],
        assignment=_assignment(data, data["advanced_on"]),
        limitation_ends_on=data["limitation_ends_on"],
        advance_note=data["advance_note"],
    )
    return aid_services.legal_aid_advance(acting_user=user, application_id=pk, row=row)


STEPS: dict[str, Step] = {
    "materials": Step(
        "一次性告知补正",
        "warning",
        LegalAidMaterialsForm,
        lambda user, pk, data: aid_services.legal_aid_request_materials(
            acting_user=user,
            application_id=pk,
            missing=data["materials_missing"],
            on=data["materials_notice_on"],
        ),
        "已一次性告知补正材料",
        by_centre=False,
    ),
    "materials-complete": Step(
        "材料补正齐全",
        "primary",
        LegalAidMaterialsCompleteForm,
        lambda user, pk, data: aid_services.legal_aid_complete_materials(
            acting_user=user, application_id=pk, on=data["materials_completed_on"]
        ),
        "已登记材料补正齐全，审查决定期限重新起算",
        by_centre=False,
    ),
    "decide": Step("审查决定", "primary", LegalAidDecideForm, _decide, "已作出审查决定", True),
    "advance": Step(
        "先行提供法律援助", "warning", LegalAidAdvanceForm, _advance, "已决定先行提供法律援助", True
    ),
    "assign": Step(
        "指派承办人员",
        "primary",
        LegalAidAssignAccountForm,
        lambda user, pk, data: aid_services.legal_aid_assign(
            acting_user=user, application_id=pk, row=_assignment(data, data["assigned_on"])
        ),
        "已指派承办人员",
        by_centre=True,
    ),
    "terminate": Step(
        "终止法律援助",
        "danger",
        LegalAidTerminateForm,
        lambda user, pk, data: aid_followup.legal_aid_terminate(
            acting_user=user,
            application_id=pk,
            ground=data["termination_ground"],
            terminated_on=data["terminated_on"],
            notice_on=data["termination_notice_on"],
            reasons=data["termination_reasons"],
        ),
        "已终止法律援助",
        by_centre=True,
    ),
    "quality": Step(
        "登记质量检查",
        "secondary",
        LegalAidQualityCheckForm,
        lambda user, pk, data: aid_followup.legal_aid_quality_check_add(
            acting_user=user, application_id=pk, **data
        ),
        "已登记质量检查",
        by_centre=True,
    ),
    "close": Step(
        "结案",
        "success",
        LegalAidCloseForm,
        lambda user, pk, data: aid_services.legal_aid_close(
            acting_user=user,
            application_id=pk,
            closed_on=data["closed_on"],
            closing_summary=data["closing_summary"],
        ),
        "已结案",
        by_centre=True,
    ),
    "objection": Step(
        "登记异议",
        "warning",
        LegalAidObjectionForm,
        lambda user, pk, data: aid_services.legal_aid_object(
            acting_user=user, application_id=pk, received_on=data["objection_received_on"]
        ),
        "已登记对不予法律援助决定的异议",
        by_centre=True,
    ),
    "objection-decide": Step(
        "异议审查决定",
        "primary",
        LegalAidObjectionDecideForm,
        lambda user, pk, data: aid_services.legal_aid_objection_decide(
            acting_user=user,
            application_id=pk,
            outcome=data["objection_outcome"],
            decided_on=data["objection_decided_on"],
        ),
        "已作出异议审查决定",
        by_centre=True,
    ),
}

# The date each step's form proposes: today.
_DATE_FIELDS = {
    "materials": "materials_notice_on",
    "materials-complete": "materials_completed_on",
    "decide": "decided_on",
    "assign": "assigned_on",
    "close": "closed_on",
    "objection": "objection_received_on",
    "objection-decide": "objection_decided_on",
    "advance": "advanced_on",
    "terminate": "terminated_on",
    "quality": "checked_on",
}


def _steps_open(application: Aid) -> list[str]:
    """The steps the application's state allows now, whoever the user is."""
    status = application.status
    if status == Aid.Status.RECEIVED:
        first = [] if application.materials_notice_on else ["materials"]
        return [*first, "decide", "advance"]
    if status == Aid.Status.AWAITING_MATERIALS:
        return ["materials-complete"]
    if status == Aid.Status.ADVANCED:
        return ["decide", "terminate"]
    if status == Aid.Status.GRANTED:
        return ["assign", "terminate"]
    if status == Aid.Status.ASSIGNED:
        return ["close", "terminate", "quality"]
    if status == Aid.Status.CLOSED or (
        status == Aid.Status.TERMINATED and application.assigned_on is not None
    ):
        return ["quality"]
    if status == Aid.Status.REFUSED:
        if application.objection_received_on is None:
            return ["objection"]
        if not application.objection_outcome:
            return ["objection-decide"]
    return []


def _step_forms(user: Any, application: Aid) -> dict[str, forms.Form]:
    is_centre = can_decide_legal_aid_in(user, application.region)
    is_recorder = can_record_legal_services_in(user, application.region)
    today = timezone.localdate()
    initial: dict[str, dict[str, Any]] = {
        "terminate": {"termination_notice_on": today},
        "quality": {"checker": str(user)},
    }
    return {
        name: STEPS[name].form_class(
            prefix=name, initial={_DATE_FIELDS[name]: today, **initial.get(name, {})}
        )
        for name in _steps_open(application)
        if (is_centre if STEPS[name].by_centre else is_recorder)
    }


def _same_day(application: Aid) -> object:
    if not application.green_channel:
        return None
    if application.same_day_met is None:
        return "待指派"
    if application.same_day_met:
        return format_html('<span class="badge bg-green-lt aid-same-day">{}</span>', "是")
    return format_html('<span class="badge bg-red-lt aid-same-day">{}</span>', "否")


def _region_text(region: Region) -> str:
    town = town_of(region)
    return f"{town} · {region.name}" if town and town != region.name else region.name


def _notice_section(application: Aid) -> tuple[str, list[tuple[str, Any]]]:
    return (
        "办案机关通知",
        [
            ("通知机关类别", application.get_notifying_body_display()),
            ("通知机关", application.notifying_authority),
            ("通知书文号", application.notice_number),
            ("应当通知的情形", application.get_notice_ground_display()),
            ("收到通知日期", application.received_on),
        ],
    )


def _advance_section(application: Aid) -> tuple[str, list[tuple[str, Any]]]:
    return (
        "先行提供法律援助",
        [
            ("先行援助情形", application.get_advance_reason_display()),
            ("时效或者期限届满日", application.limitation_ends_on),
            ("先行援助说明", application.advance_note),
            ("决定先行援助日期", application.advanced_on),
        ],
    )


def _termination_section(application: Aid) -> tuple[str, list[tuple[str, Any]]]:
    return (
        "终止法律援助",
        [
            ("终止情形", application.get_termination_ground_display()),
            ("终止理由", application.termination_reasons),
            ("终止日期", application.terminated_on),
            ("终止决定人", application.terminated_by),
            ("书面告知受援人日期", application.termination_notice_on),
        ],
    )


def _quality_section(checks: list[Any]) -> tuple[str, list[tuple[str, Any]]]:
    rows: list[tuple[str, Any]] = [
        (
            f"{check.checked_on:%Y-%m-%d} {check.get_kind_display()}",
            format_html(
                '<span class="aid-quality-check">{}：{}{}{}</span>',
                check.checker,
                check.get_result_display(),
                f"，{check.score}分" if check.score is not None else "",
                f"。{check.note}" if check.note else "",
            ),
        )
        for check in checks
    ]
    return ("质量检查", rows or [("质量检查", "尚未检查")])


def _sections(application: Aid, checks: list[Any]) -> list[tuple[str, list[tuple[str, Any]]]]:
    sections = []
    if application.is_notified:
        sections.append(_notice_section(application))
    if application.advanced_on is not None:
        sections.append(_advance_section(application))
    if application.materials_notice_on is not None:
        sections.append(
            (
                "补正材料",
                [
                    ("需补正材料", application.materials_missing),
                    ("一次性告知日期", application.materials_notice_on),
                    ("补正齐全日期", application.materials_completed_on),
                ],
            )
        )
    if application.decision:
        sections.append(
            (
                "审查决定",
                [
                    ("审查决定", application.get_decision_display()),
                    ("决定日期", application.decided_on),
                    ("审查用时（日）", application.days_to_decision),
                    (
                        "经济困难认定依据",
                        application.get_eligibility_display() if application.eligibility else None,
                    ),
                    (
                        "免审免查情形",
                        application.get_exemption_display() if application.exemption else None,
                    ),
                    ("家庭人均月收入（元）", application.monthly_income),
                    ("经济困难标准（元/月）", application.hardship_threshold),
                    ("不予援助理由", application.refusal_reasons),
                ],
            )
        )
    if application.assigned_on is not None:
        sections.append(
            (
                "指派与结案",
                [
                    ("承办人", application.assignee_name),
                    ("承办人身份", application.get_assignee_kind_display()),
                    ("承办机构", application.assignee_org),
                    ("承办律师账号", application.assignee_user),
                    ("指派日期", application.assigned_on),
                    ("结案日期", application.closed_on),
                    ("结案报告摘要", application.closing_summary),
                    ("办案补贴（元）", application.subsidy_amount),
                ],
            )
        )
    if application.terminated_on is not None:
        sections.append(_termination_section(application))
    if application.assigned_on is not None:
        sections.append(_quality_section(checks))
    if application.objection_received_on is not None:
        outcome = application.get_objection_outcome_display() or None
        sections.append(
            (
                "异议",
                [
                    ("收到异议日期", application.objection_received_on),
                    ("异议审查结果", outcome if application.objection_outcome else None),
                    ("异议决定日期", application.objection_decided_on),
                ],
            )
        )
    return sections


def legal_aid_page(
    request: HttpRequest,
    application: Aid,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: ValidationError | InvalidTransition | None = None,
) -> HttpResponse:
    """The application card; `bound` replaces one step's form by the submitted one (with errors)."""
    step_forms = _step_forms(request.user, application)
    if bound is not None:
        name, form = bound
        step_forms[name] = form
        if refusal is not None:
            add_service_errors(form, refusal)
    steps = [
        {
            "name": name,
            "form": form,
            "label": STEPS[name].label,
            "style": STEPS[name].style,
            "url": reverse("legalservice:aid-step", args=[application.pk, name]),
        }
        for name, form in step_forms.items()
    ]
    response = render_detail(
        request,
        obj=application,
        title=application.applicant_name,
        pretitle="法律援助申请",
        status=application.get_status_display(),
        fields=[
            ("申请人", application.applicant_name),
            ("身份证号", application.masked_id_number),
            ("联系电话", application.masked_phone),
            ("申请人所在区划", _region_text(application.region)),
            ("申请渠道", application.get_channel_display()),
            ("转交的监管场所", application.facility),
            (
                "监管场所收到申请时间",
                timezone.localtime(application.facility_received_at)
                if application.facility_received_at
                else None,
            ),
            ("案件类别", application.get_kind_display()),
            ("援助事项", application.get_matter_display()),
            (
                "绿色通道",
                application.get_green_channel_display() if application.green_channel else None,
            ),
            ("当天受理当天指派", _same_day(application)),
            ("案情摘要", application.summary),
            ("收到申请日期", application.received_on),
        ],
        sections=_sections(
            application,
            list(legal_aid_quality_checks_of(user=request.user, application=application)),
        ),
        back_url=reverse("legalservice:aid-list"),
        can_upload=False,
        show_attachments=False,
        template="legalservice/aid/legal_aid_detail.html",
        extra_context={
            "deadlines": legal_aid_deadlines(application, timezone.localdate()),
            "steps": steps,
            "section": SECTION,
        },
    )
    if bound is not None:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def legal_aid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_legal_aid_desk(request.user)
    return legal_aid_page(request, access_legal_aid_application_by_id(request.user, pk))


@require_POST
@denials_as_403
def legal_aid_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    require_legal_aid_desk(request.user)
    application = access_legal_aid_application_by_id(request.user, pk)
    form = STEPS[step].form_class(request.POST, prefix=step)
    if not form.is_valid():
        return legal_aid_page(request, application, bound=(step, form))
    try:
        STEPS[step].perform(request.user, application.pk, form.cleaned_data)
    except (ValidationError, InvalidTransition) as error:
        return legal_aid_page(request, application, bound=(step, form), refusal=error)
    messages.success(request, STEPS[step].done)
    return redirect("legalservice:aid-detail", pk=application.pk)
