"""Staff pages of legal aid (法律援助): the applications, registering one, and the application card.

The card shows the time limits of the law and, as small forms, the steps the user may take now:
a town's judicial office registers applications and sends the one-time notice of missing
materials; the legal aid centre (the bureau's legal-service function) decides, assigns, closes
and handles objections. Each step calls its service; a refusal shows next to the fields it names
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
from fazhi.legalservice import aid_services
from fazhi.legalservice.aid_selectors import legal_aid_application_list
from fazhi.legalservice.forms import (
    LegalAidApplyForm,
    LegalAidAssignForm,
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
)
from fazhi.legalservice.selectors import region_list_for_applications
from fazhi.legalservice.tables import (
    LegalAidApplicationFilterSet,
    LegalAidApplicationTable,
    legal_aid_deadlines,
    town_of,
)
from fazhi.legalservice.views.common import SECTION, form_page, require_legal_service_desk

Aid = LegalAidApplication


@require_GET
@denials_as_403
def legal_aid_list(request: HttpRequest) -> HttpResponse:
    require_legal_service_desk(request.user)
    return render_list(
        request,
        queryset=legal_aid_application_list(user=request.user).select_related("region__parent"),
        table_class=LegalAidApplicationTable,
        filterset_class=LegalAidApplicationFilterSet,
        title="法律援助申请",
        export_name="法律援助申请",
        template="legalservice/aid/legal_aid_list.html",
        extra_context={
            "may_register": request.user.has_capability(  # type: ignore[union-attr]
                Capability.RECORD_LEGAL_SERVICES
            )
        },
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
    "assign": Step(
        "指派承办人员",
        "primary",
        LegalAidAssignForm,
        lambda user, pk, data: aid_services.legal_aid_assign(
            acting_user=user, application_id=pk, row=aid_services.AssignmentRow(**data)
        ),
        "已指派承办人员",
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
}


def _steps_open(application: Aid) -> list[str]:
    """The steps the application's state allows now, whoever the user is."""
    status = application.status
    if status == Aid.Status.RECEIVED:
        return ["decide"] if application.materials_notice_on else ["materials", "decide"]
    if status == Aid.Status.AWAITING_MATERIALS:
        return ["materials-complete"]
    if status == Aid.Status.GRANTED:
        return ["assign"]
    if status == Aid.Status.ASSIGNED:
        return ["close"]
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
    return {
        name: STEPS[name].form_class(prefix=name, initial={_DATE_FIELDS[name]: today})
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


def _sections(application: Aid) -> list[tuple[str, list[tuple[str, Any]]]]:
    sections = []
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
                    ("指派日期", application.assigned_on),
                    ("结案日期", application.closed_on),
                    ("结案报告摘要", application.closing_summary),
                ],
            )
        )
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
        sections=_sections(application),
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
    require_legal_service_desk(request.user)
    return legal_aid_page(request, access_legal_aid_application_by_id(request.user, pk))


@require_POST
@denials_as_403
def legal_aid_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    require_legal_service_desk(request.user)
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
