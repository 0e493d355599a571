"""Staff pages of enforcement supervision: supervisors, contact points, visits, opinions.

The bureau's supervision function keeps the lists, records visits and issues opinions and
decisions; a department opens the opinions addressed to it and reports its correction there.
The supervisor import's spec lives here: the layering puts views and resources side by side,
and this page is its only user.
"""

from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.importing_views import render_import
from fazhi.core.imports import Column, ImportSpec, choice, date, integer, text
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.models import Enterprise, Organization, User
from fazhi.core.permissions import deny
from fazhi.core.roles import Role
from fazhi.core.validators import validate_mobile
from fazhi.core.workflow import transitions_of
from fazhi.enforcement import selectors
from fazhi.enforcement.forms import (
    ContactPointForm,
    CorrectionReportForm,
    ExecutionReportForm,
    InvitedSupervisorForm,
    OpinionForm,
    ReasonForm,
    SupervisionDecisionForm,
    SupervisionOpinionForm,
    SupervisionVisitForm,
)
from fazhi.enforcement.models import (
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
    SupervisorCategory,
)
from fazhi.enforcement.permissions import (
    access_supervision_opinion_by_id,
    access_supervision_visit_by_id,
    can_supervise_enforcement,
    may_answer_for,
    organizations_supervising_for,
    require_supervising,
    require_supervision_desk,
)
from fazhi.enforcement.services import supervision
from fazhi.enforcement.tables import (
    ContactPointTable,
    InvitedSupervisorTable,
    SupervisionOpinionTable,
    SupervisionVisitTable,
    supervision_deadline_badge,
)


def _appoint_row(values: dict[str, Any], *, acting_user: User) -> object:
    return supervision.invited_supervisor_appoint(acting_user=acting_user, **values)


SUPERVISOR_IMPORT = ImportSpec(
    key="enforcement.invited_supervisors",
    title="特邀行政执法监督员",
    columns=[
        Column("姓名", "name", text(max_length=64), required=True, example="王监督"),
        Column(
            "类别",
            "category",
            choice(SupervisorCategory.choices),
            required=True,
            example=SupervisorCategory.PEOPLES_CONGRESS.label,
            help="、".join(str(label) for label in SupervisorCategory.labels),
        ),
        Column("工作单位", "unit", text(max_length=100), example="荣成市某公司"),
        Column(
            "联系电话",
            "phone",
            text(max_length=11, validators=[validate_mobile]),
            example="13800000000",
            help="11位手机号",
        ),
        Column(
            "选聘年度",
            "batch_year",
            integer(min_value=2000, max_value=2100),
            required=True,
            example="2022",
        ),
        Column("选聘公告", "batch_announcement", text(max_length=200), example="选聘公告"),
        Column("聘期开始", "term_start", date(), required=True, example="2022-03-01"),
        Column("聘期结束", "term_end", date(), required=True, example="2027-02-28"),
    ],
    row_writer=_appoint_row,
)


# Invited supervisors and contact points ---------------------------------------------------


class InvitedSupervisorReviewsTable(InvitedSupervisorTable):
    """The supervisor list with the case-file review batches each one scored in."""

    review_batch_count = tables.Column(verbose_name="参与案卷评查批次", default=0)

    class Meta(InvitedSupervisorTable.Meta):
        pass


@require_GET
@denials_as_403
def invited_supervisor_list(request: HttpRequest) -> HttpResponse:
    require_supervising(request.user)
    return render_list(
        request,
        queryset=selectors.invited_supervisor_list_with_reviews(user=request.user),
        table_class=InvitedSupervisorReviewsTable,
        title="特邀行政执法监督员",
        export_name="特邀行政执法监督员",
        import_url=reverse("enforcement:invited-supervisor-import"),
        template="enforcement/supervision/invited_supervisor_list.html",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def invited_supervisor_create(request: HttpRequest) -> HttpResponse:
    require_supervising(request.user)
    form = InvitedSupervisorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supervisor = supervision.invited_supervisor_appoint(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已选聘特邀监督员{supervisor.name}")
            return redirect("enforcement:invited-supervisor-list")
    return _form_page(
        request, form, title="选聘特邀监督员", cancel="enforcement:invited-supervisor-list"
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def invited_supervisor_import(request: HttpRequest) -> HttpResponse:
    require_supervising(request.user)
    return render_import(
        request,
        spec=SUPERVISOR_IMPORT,
        back_url=reverse("enforcement:invited-supervisor-list"),
        title="导入特邀行政执法监督员",
    )


@require_GET
@denials_as_403
def contact_point_list(request: HttpRequest) -> HttpResponse:
    require_supervising(request.user)
    return render_list(
        request,
        queryset=selectors.contact_point_list(user=request.user),
        table_class=ContactPointTable,
        title="行政执法监督企业联系点",
        export_name="行政执法监督企业联系点",
        template="enforcement/supervision/contact_point_list.html",
    )


def _bureau(request: HttpRequest) -> Organization:
    require_supervising(request.user)
    return organizations_supervising_for(request.user)[0]


@require_http_methods(["GET", "POST"])
@denials_as_403
def contact_point_create(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    enterprises = Enterprise.objects.filter(region__code__startswith=bureau.region.prefix).order_by(
        "name"
    )
    form = ContactPointForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            point = supervision.contact_point_designate(
                acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已确定{point.enterprise.name}为执法监督企业联系点")
            return redirect("enforcement:contact-point-list")
    return _form_page(
        request, form, title="确定企业联系点", cancel="enforcement:contact-point-list"
    )


def _form_page(request: HttpRequest, form: forms.Form, *, title: str, cancel: str) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "cancel_url": reverse(cancel),
        "submit_label": "保存",
    }
    return render(
        request, "enforcement/form_page.html", context, status=400 if form.is_bound else 200
    )


# Visits -------------------------------------------------------------------------------------


@require_GET
@denials_as_403
def supervision_visit_list(request: HttpRequest) -> HttpResponse:
    require_supervision_desk(request.user)
    return render_list(
        request,
        queryset=selectors.supervision_visit_list(user=request.user),
        table_class=SupervisionVisitTable,
        title="执法监督检查",
        export_name="执法监督检查",
        template="enforcement/supervision/visit_list.html",
        extra_context={"may_record": can_supervise_enforcement(request.user)},
    )


def _supervision_staff(bureau: Organization) -> QuerySet[User]:
    return User.objects.filter(
        memberships__role=Role.BUREAU_SUPERVISION,
        memberships__organization__region__code__startswith=bureau.region.prefix,
        is_active=True,
    ).distinct()


@require_http_methods(["GET", "POST"])
@denials_as_403
def supervision_visit_create(request: HttpRequest) -> HttpResponse:
    bureau = _bureau(request)
    form = SupervisionVisitForm(
        request.POST or None,
        departments=Organization.objects.filter(
            region__code__startswith=bureau.region.prefix
        ).exclude(pk=bureau.pk),
        staff=_supervision_staff(bureau),
        invited_supervisors=InvitedSupervisor.objects.filter(
            region=bureau.region, status=InvitedSupervisor.Status.IN_OFFICE
        ),
        joint_inspections=selectors.drawn_joint_inspections(region=bureau.region),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = supervision.supervision_visit_record(
                acting_user=request.user,
                kind=data["kind"],
                visited_on=data["visited_on"],
                subject=data["subject"],
                departments=list(data["departments"]),
                staff=list(data["staff"]),
                invited_supervisors=list(data["invited_supervisors"]),
                joint_inspection=data["joint_inspection"],
                findings=data["findings"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "已登记执法监督检查")
            return redirect("enforcement:supervision-visit-detail", pk=visit.pk)
    return _form_page(
        request, form, title="登记执法监督检查", cancel="enforcement:supervision-visit-list"
    )


def _visit_page(
    request: HttpRequest, visit: SupervisionVisit, form: forms.Form | None = None
) -> HttpResponse:
    may_issue = can_supervise_enforcement(request.user)
    if may_issue and form is None:
        form = SupervisionOpinionForm(departments=visit.departments.all())
    opinions = selectors.supervision_opinion_list(user=request.user).filter(visit=visit)
    joint = visit.joint_inspection
    response = render_detail(
        request,
        obj=visit,
        title=visit.subject,
        pretitle="执法监督检查",
        status=visit.get_kind_display(),
        fields=[
            ("监督方式", visit.get_kind_display()),
            ("监督日期", visit.visited_on),
            ("被监督部门", "、".join(d.name for d in visit.departments.all())),
            (
                "监督人员",
                "、".join(u.full_name or u.username for u in visit.staff.all()),
            ),
            ("特邀监督员", "、".join(s.name for s in visit.invited_supervisors.all())),
            ("伴随的联合检查", str(joint) if joint else None),
            ("发现问题", visit.findings),
        ],
        back_url=reverse("enforcement:supervision-visit-list"),
        can_upload=False,
        show_timeline=False,
        template="enforcement/supervision/visit_detail.html",
        extra_context={
            "opinions": opinions,
            "opinion_form": form if may_issue else None,
            "opinion_url": reverse("enforcement:supervision-opinion-issue", args=[visit.pk]),
        },
    )
    if form is not None and form.is_bound:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def supervision_visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _visit_page(request, access_supervision_visit_by_id(request.user, pk))


@require_POST
@denials_as_403
def supervision_opinion_issue(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_supervision_visit_by_id(request.user, pk)
    require_supervising(request.user, visit)
    form = SupervisionOpinionForm(request.POST, departments=visit.departments.all())
    if form.is_valid():
        try:
            opinion = supervision.supervision_opinion_issue(
                acting_user=request.user, visit_id=visit.pk, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已制发{opinion}，整改期限{opinion.correction_due_on}")
            return redirect("enforcement:supervision-opinion-detail", pk=opinion.pk)
    return _visit_page(request, visit, form)


# Opinions and decisions ---------------------------------------------------------------------


@require_GET
@denials_as_403
def supervision_opinion_list(request: HttpRequest) -> HttpResponse:
    require_supervision_desk(request.user)
    return render_list(
        request,
        queryset=selectors.supervision_opinion_list(user=request.user),
        table_class=SupervisionOpinionTable,
        title="行政执法监督意见书",
        export_name="行政执法监督意见书",
    )


# action name -> (button label, style, form class, who: "bureau" or "department")
OPINION_ACTIONS: dict[str, tuple[str, str, type[forms.Form], str]] = {
    "report": ("报送整改情况", "primary", CorrectionReportForm, "department"),
    "accept": ("整改验收通过", "success", OpinionForm, "bureau"),
    "return": ("退回整改报告", "warning", ReasonForm, "bureau"),
    "decide": ("制发监督决定书", "danger", SupervisionDecisionForm, "bureau"),
    "decision-report": ("报告执行情况", "primary", ExecutionReportForm, "department"),
    "decision-close": ("确认执行完毕", "success", OpinionForm, "bureau"),
}


def _decision_of(opinion: SupervisionOpinion) -> SupervisionDecision | None:
    try:
        return opinion.decision
    except SupervisionDecision.DoesNotExist:
        return None


def _available_actions(request: HttpRequest, opinion: SupervisionOpinion) -> list[str]:
    status = opinion.status
    decision = _decision_of(opinion)
    names: list[str] = []
    if may_answer_for(request.user, opinion.department):
        if status in (SupervisionOpinion.Status.ISSUED, SupervisionOpinion.Status.OVERDUE):
            names.append("report")
        if decision is not None and decision.status in (
            SupervisionDecision.Status.ISSUED,
            SupervisionDecision.Status.OVERDUE,
        ):
            names.append("decision-report")
    if can_supervise_enforcement(request.user):
        if status == SupervisionOpinion.Status.REPORTED:
            names += ["accept", "return"]
        if status == SupervisionOpinion.Status.OVERDUE:
            names.append("decide")
        if decision is not None and decision.status == SupervisionDecision.Status.REPORTED:
            names.append("decision-close")
    return names


def _deadline_field(due_on: Any, answered_on: Any) -> str:
    state = selectors.supervision_deadline_state(
        due_on=due_on, answered_on=answered_on, today=timezone.localdate()
    )
    return supervision_deadline_badge(state, selectors.SUPERVISION_DEADLINE_STATES[state])


def _opinion_page(
    request: HttpRequest,
    opinion: SupervisionOpinion,
    *,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    decision = _decision_of(opinion)
    shown: dict[str, forms.Form] = {
        name: OPINION_ACTIONS[name][2](prefix=name) for name in _available_actions(request, opinion)
    }
    if bound is not None:
        shown[bound[0]] = bound[1]
    actions = [
        {
            "name": name,
            "form": form,
            "label": OPINION_ACTIONS[name][0],
            "style": OPINION_ACTIONS[name][1],
            "url": reverse("enforcement:supervision-opinion-action", args=[opinion.pk, name]),
        }
        for name, form in shown.items()
    ]
    sections = []
    if decision is not None:
        sections.append(
            (
                "监督决定书",
                [
                    ("文号", decision.number),
                    ("决定类型", decision.get_kind_display()),
                    ("制发日期", decision.issued_on),
                    ("决定内容", decision.content),
                    ("报告期限", decision.report_due_on),
                    ("期限状态", _deadline_field(decision.report_due_on, decision.reported_on)),
                    ("状态", decision.get_status_display()),
                    ("执行情况", decision.execution_report),
                ],
            )
        )
    response = render_detail(
        request,
        obj=opinion,
        title=str(opinion),
        pretitle="行政执法监督意见书",
        status=opinion.get_status_display(),
        fields=[
            ("被监督部门", opinion.department.name),
            ("执法监督检查", str(opinion.visit)),
            ("制发日期", opinion.issued_on),
            ("存在问题及整改要求", opinion.problems),
            ("整改期限", opinion.correction_due_on),
            ("期限状态", _deadline_field(opinion.correction_due_on, opinion.reported_on)),
            ("整改情况", opinion.correction_report),
            ("报送日期", opinion.reported_on),
        ],
        sections=sections,
        back_url=reverse("enforcement:supervision-opinion-list"),
        can_upload=may_answer_for(request.user, opinion.department),
        template="enforcement/supervision/opinion_detail.html",
        extra_context={
            "supervision_actions": actions,
            "decision_timeline": list(transitions_of(decision)) if decision else [],
        },
    )
    if bound is not None:
        response.status_code = 400
    return response


@require_http_methods(["GET", "POST"])
@denials_as_403
def supervision_opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # POST only for the evidence upload, which render_detail handles for the department.
    return _opinion_page(request, access_supervision_opinion_by_id(request.user, pk))


def _evidence(form: forms.Form) -> list[Any]:
    evidence = form.cleaned_data.get("evidence")
    return [evidence] if evidence else []


def _run_action(
    request: HttpRequest, opinion: SupervisionOpinion, name: str, form: forms.Form
) -> str:
    data = form.cleaned_data
    user = request.user
    if name == "report":
        supervision.supervision_opinion_report(
            acting_user=user,
            opinion_id=opinion.pk,
            correction_report=data["correction_report"],
            evidence=_evidence(form),
        )
        return "已报送整改情况"
    if name == "accept":
        supervision.supervision_opinion_accept(
            acting_user=user, opinion_id=opinion.pk, opinion=data["opinion"]
        )
        return "整改验收通过，监督意见书已办结"
    if name == "return":
        supervision.supervision_opinion_return(
            acting_user=user, opinion_id=opinion.pk, reason=data["reason"]
        )
        return "已退回整改报告"
    if name == "decide":
        issued = supervision.supervision_decision_issue(
            acting_user=user, opinion_id=opinion.pk, **data
        )
        return f"已制发{issued}，报告期限{issued.report_due_on}"
    decision = _decision_of(opinion)
    if decision is None:
        raise InvalidTransition("该监督意见书尚未制发监督决定书")
    if name == "decision-report":
        supervision.supervision_decision_report(
            acting_user=user,
            decision_id=decision.pk,
            execution_report=data["execution_report"],
            evidence=_evidence(form),
        )
        return "已报告执行情况"
    supervision.supervision_decision_close(
        acting_user=user, decision_id=decision.pk, opinion=data["opinion"]
    )
    return "监督决定执行完毕，已办结"


@require_POST
@denials_as_403
def supervision_opinion_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    opinion = access_supervision_opinion_by_id(request.user, pk)
    if action not in OPINION_ACTIONS:
        raise deny(request.user, opinion, "未知的办理操作")
    form_class = OPINION_ACTIONS[action][2]
    form = form_class(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            done = _run_action(request, opinion, action, form)
        except (ValidationError, InvalidTransition) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("enforcement:supervision-opinion-detail", pk=opinion.pk)
    return _opinion_page(
        request, access_supervision_opinion_by_id(request.user, pk), bound=(action, form)
    )
