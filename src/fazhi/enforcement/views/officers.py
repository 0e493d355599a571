"""Staff pages of the officer register: the list, registering an officer, the officer card."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import deny
from fazhi.core.workflow import transitions_of
from fazhi.enforcement import selectors
from fazhi.enforcement.forms import (
    CertificateIssueForm,
    OfficerForm,
    OpinionForm,
    ReasonForm,
    qualification_labels,
)
from fazhi.enforcement.models import Certificate, Officer
from fazhi.enforcement.permissions import (
    access_officer_by_id,
    can_issue_certificates,
    may_keep_officer,
    organizations_managing_officers_for,
    require_officers_desk,
)
from fazhi.enforcement.services import officers
from fazhi.enforcement.tables import OfficerFilterSet, OfficerTable, badge


@require_GET
@denials_as_403
def officer_list(request: HttpRequest) -> HttpResponse:
    require_officers_desk(request.user)
    may_register = bool(organizations_managing_officers_for(request.user))
    return render_list(
        request,
        queryset=selectors.officer_list(user=request.user),
        table_class=OfficerTable,
        filterset_class=OfficerFilterSet,
        title="行政执法人员名册",
        export_name="行政执法人员名册",
        template="enforcement/officer_list.html",
        extra_context={"may_register": may_register},
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def officer_create(request: HttpRequest) -> HttpResponse:
    organizations = organizations_managing_officers_for(request.user)
    if not organizations:
        raise deny(request.user, None, "只有执法部门可以登记本部门的执法人员")
    form = OfficerForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            officer = officers.officer_register(
                acting_user=request.user,
                organization=data["organization"],
                name=data["name"],
                id_number=data["id_number"],
                staffing_type=data["staffing_type"],
                legal_qualification=data["legal_qualification"],
                enforcement_field=data["enforcement_field"],
                enforcement_area=data["enforcement_area"],
                posted_region=data["posted_region"],
                qualifications=qualification_labels(data["qualifications"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记执法人员{officer.name}")
            return redirect("enforcement:officer-detail", pk=officer.pk)
    context = {
        "title": "登记执法人员",
        "form": form,
        "cancel_url": reverse("enforcement:officer-list"),
        "submit_label": "登记",
    }
    return render(
        request, "enforcement/form_page.html", context, status=400 if form.is_bound else 200
    )


def _certificate_forms(
    request: HttpRequest, officer: Officer, current: Certificate | None
) -> dict[str, forms.Form]:
    """The small forms the user may submit now, by action name."""
    shown: dict[str, forms.Form] = {}
    open_states = (
        Certificate.Status.APPLIED,
        Certificate.Status.ISSUED,
        Certificate.Status.SUSPENDED,
    )
    if may_keep_officer(request.user, officer) and (
        current is None or current.status not in open_states
    ):
        shown["apply"] = OpinionForm(prefix="apply")
    if current is None or not can_issue_certificates(request.user):
        return shown
    if current.status == Certificate.Status.APPLIED:
        shown["issue"] = CertificateIssueForm(prefix="issue")
    if current.status == Certificate.Status.ISSUED:
        shown["review"] = OpinionForm(prefix="review")
        shown["suspend"] = ReasonForm(prefix="suspend")
    if current.status == Certificate.Status.SUSPENDED:
        shown["reinstate"] = OpinionForm(prefix="reinstate")
    if current.status in (Certificate.Status.ISSUED, Certificate.Status.SUSPENDED):
        shown["revoke"] = ReasonForm(prefix="revoke")
    return shown


ACTION_LABELS = {
    "apply": ("申领执法证", "primary"),
    "issue": ("核发执法证", "primary"),
    "review": ("年审通过", "success"),
    "suspend": ("暂扣", "warning"),
    "reinstate": ("发还", "primary"),
    "revoke": ("注销", "danger"),
}


def officer_page(
    request: HttpRequest,
    officer: Officer,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: InvalidTransition | ValidationError | None = None,
) -> HttpResponse:
    """The officer card; `bound` replaces one action form by the submitted one (with errors)."""
    today = timezone.localdate()
    certificates = list(selectors.certificates_of(officer))
    current = certificates[0] if certificates else None
    warning_days = selectors.review_warning_days(on=today)
    state = selectors.certificate_state(current, today, warning_days=warning_days)
    action_forms = _certificate_forms(request, officer, current)
    if bound is not None:
        name, form = bound
        action_forms[name] = form
        if refusal is not None:
            add_service_errors(form, refusal)
    actions = [
        {
            "name": name,
            "form": form,
            "label": ACTION_LABELS[name][0],
            "style": ACTION_LABELS[name][1],
            "url": reverse(f"enforcement:certificate-{name}", args=[officer.pk]),
        }
        for name, form in action_forms.items()
    ]
    history = [
        {
            "certificate": certificate,
            "state": badge(
                selectors.certificate_state(certificate, today, warning_days=warning_days)
            ),
            "timeline": list(transitions_of(certificate)),
        }
        for certificate in certificates
    ]
    response = render_detail(
        request,
        obj=officer,
        title=officer.name,
        pretitle="行政执法人员",
        status="在岗" if officer.active else "不在岗",
        fields=[
            ("姓名", officer.name),
            ("身份证号", officer.masked_id_number),
            ("所在部门", officer.organization.name),
            ("编制类型", officer.get_staffing_type_display()),
            ("法律职业资格", officer.legal_qualification),
            ("执法领域", officer.enforcement_field),
            ("执法区域", officer.enforcement_area),
            ("派驻镇街", officer.posted_region.name if officer.posted_region else None),
            ("执法资格", "；".join(officer.qualifications)),
            ("证件状态", badge(state)),
        ],
        back_url=reverse("enforcement:officer-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="enforcement/officer_detail.html",
        extra_context={
            "history": history,
            "certificate_actions": actions,
            "hours_by_year": selectors.officer_hours_by_year(officer),
            "hours_required": selectors.training_hours_required(on=today),
            "review_conditions": (
                selectors.review_conditions(current, today)
                if current is not None and current.status == Certificate.Status.ISSUED
                else None
            ),
            "papers": selectors.officer_papers(officer),
        },
    )
    if bound is not None:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return officer_page(request, access_officer_by_id(request.user, pk))
