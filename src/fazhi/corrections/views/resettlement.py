"""Staff pages of resettlement (安置帮教): the register, entering and importing notices, the card.

The card shows the person masked, the clocks, the handover, the support pathways and the
visits, and, as small forms, the steps the state allows now; each step calls its service. A
refusal shows next to the fields it names (status 400), success redirects to the card. The
identifying fields are revealed for a stated purpose, audited, as on the subject's page
(views.reveal).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.importing_views import (
    WholeFilePage,
    import_template_response,
    render_whole_file_import,
)
from fazhi.core.imports import WholeFileOutcome
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.corrections.forms import RevealForm
from fazhi.corrections.models import ReleasedPerson
from fazhi.corrections.resettlement_forms import (
    ArchiveForm,
    CloseForm,
    HandoverForm,
    NoticeForm,
    NoticeImportForm,
    PathwayForm,
    ReportForm,
    RiskForm,
    SupportTeamForm,
    VerifyForm,
    VisitForm,
)
from fazhi.corrections.resettlement_permissions import (
    access_released_person_by_id,
    can_record_resettlement_in,
)
from fazhi.corrections.resettlement_resources import NOTICE_IMPORT, notice_rows_import
from fazhi.corrections.resettlement_tables import (
    ReleasedPersonArchiveTable,
    ReleasedPersonFilterSet,
    ReleasedPersonTable,
    next_due_text,
    town_of,
)
from fazhi.corrections.selectors.resettlement import (
    region_list_for_resettlement,
    released_person_list,
    released_person_list_due_for_archiving,
    support_pathway_list_for,
    support_visit_list_for,
)
from fazhi.corrections.services import resettlement as services
from fazhi.corrections.services.resettlement_archive import released_person_archive
from fazhi.corrections.views.reveal import identity_fields, reveal_context, reveal_submitted

SECTION = "安置帮教"
Person = ReleasedPerson


@require_GET
@denials_as_403
def released_person_list_view(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    archived = request.GET.get("archived") == ReleasedPersonFilterSet.ARCHIVED
    return render_list(
        request,
        queryset=released_person_list(user=request.user, archived=archived),
        table_class=ReleasedPersonTable,
        filterset_class=ReleasedPersonFilterSet,
        title="刑满释放人员",
        export_name="刑满释放人员",
        personal_data=True,
        import_url=reverse("corrections:released-person-import"),
        template="corrections/resettlement/released_person_list.html",
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def released_person_create(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    form = NoticeForm(
        request.POST if request.method == "POST" else None,
        regions=region_list_for_resettlement(user=request.user),
        initial={"notice_received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.released_person_notify(
                acting_user=request.user, row=services.NoticeRow(**form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已登记刑满释放人员通知：{person.name}")
            return redirect("corrections:released-person-detail", pk=person.pk)
    return _form_page(
        request,
        form,
        title="登记刑满释放人员通知",
        cancel_url=reverse("corrections:released-person-list"),
    )


def _form_page(
    request: HttpRequest, form: forms.Form, *, title: str, cancel_url: str
) -> HttpResponse:
    context = {
        "title": title,
        "pretitle": SECTION,
        "form": form,
        "cancel_url": cancel_url,
        "submit_label": "登记",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "form_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
@denials_as_403
def released_person_import(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)

    def run(source: Path) -> WholeFileOutcome:
        return notice_rows_import(acting_user=request.user, source=source)  # type: ignore[arg-type]

    return render_whole_file_import(
        request,
        form=NoticeImportForm(request.POST or None, request.FILES or None),
        spec=NOTICE_IMPORT,
        page=WholeFilePage(
            title="导入刑满释放人员通知",
            pretitle=SECTION,
            back_url=reverse("corrections:released-person-list"),
            back_label="返回名册",
            noun="刑满释放人员通知",
            note="居住地应在您的辖区内；同一人员未解除帮教的不能重复登记。"
            "文件中任何一行有误，全部不导入。",
            template_url=reverse("corrections:released-person-import-template"),
        ),
        run=run,
        succeeded=lambda name, written: (
            f"已从“{name}”导入刑满释放人员通知{written}条",
            reverse("corrections:released-person-list"),
        ),
    )


@require_GET
@denials_as_403
def released_person_import_template(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    return import_template_response(NOTICE_IMPORT)


# The card's steps ------------------------------------------------------------------------------

Perform = Callable[[Any, int, dict[str, Any]], object]


@dataclass(frozen=True)
class Step:
    label: str
    style: str
    form_class: type[forms.Form]
    perform: Perform
    done: str
    date_field: str


def _pathway(user: Any, pk: int, data: dict[str, Any]) -> object:
    person = access_released_person_by_id(user, pk)
    if not any(row.pk == data["pathway"] for row in support_pathway_list_for(person)):
        raise ValidationError({"status": "该帮扶事项不属于此人员"})
    return services.support_pathway_update(
        acting_user=user,
        pathway_id=data["pathway"],
        status=data["status"],
        on=data["changed_on"],
        note=data["note"],
    )


STEPS: dict[str, Step] = {
    "verify": Step(
        "核查居住地",
        "primary",
        VerifyForm,
        lambda user, pk, data: services.released_person_verify_residence(
            acting_user=user,
            person_id=pk,
            row=services.VerificationRow(
                verified_on=data["residence_verified_on"],
                confirmed=data["residence_confirmed"],
                note=data["residence_note"],
            ),
        ),
        "已登记居住地核查",
        "residence_verified_on",
    ),
    "hand-over": Step(
        "办理衔接",
        "primary",
        HandoverForm,
        lambda user, pk, data: services.released_person_hand_over(
            acting_user=user,
            person_id=pk,
            row=services.HandoverRow(
                method=data["handover_method"],
                handed_over_on=data["handed_over_on"],
                staff=data["handover_staff"],
                note=data["handover_note"],
            ),
        ),
        "已登记衔接",
        "handed_over_on",
    ),
    "report": Step(
        "登记报到",
        "primary",
        ReportForm,
        lambda user, pk, data: services.released_person_report(
            acting_user=user, person_id=pk, on=data["reported_on"]
        ),
        "已登记报到，开始帮教",
        "reported_on",
    ),
    "risk": Step(
        "风险评估",
        "secondary",
        RiskForm,
        lambda user, pk, data: services.released_person_assess_risk(
            acting_user=user, person_id=pk, level=data["risk_level"], on=data["risk_assessed_on"]
        ),
        "已登记风险评估",
        "risk_assessed_on",
    ),
    "team": Step(
        "帮教小组",
        "secondary",
        SupportTeamForm,
        lambda user, pk, data: services.released_person_set_support_team(
            acting_user=user, person_id=pk, members=data["support_team"]
        ),
        "已调整帮教小组",
        "",
    ),
    "visit": Step(
        "登记走访",
        "primary",
        VisitForm,
        lambda user, pk, data: services.support_visit_record(
            acting_user=user, person_id=pk, row=services.VisitRow(**data)
        ),
        "已登记走访",
        "visited_on",
    ),
    "pathway": Step("调整帮扶事项", "secondary", PathwayForm, _pathway, "已调整帮扶事项", ""),
    "end": Step(
        "期满解除帮教",
        "success",
        CloseForm,
        lambda user, pk, data: services.released_person_end_support(
            acting_user=user, person_id=pk, on=data["on"], note=data["outcome_note"]
        ),
        "已解除帮教",
        "on",
    ),
    "reoffence": Step(
        "登记重新犯罪",
        "danger",
        CloseForm,
        lambda user, pk, data: services.released_person_record_reoffence(
            acting_user=user, person_id=pk, on=data["on"], note=data["outcome_note"]
        ),
        "已登记重新犯罪",
        "on",
    ),
    "lost-contact": Step(
        "登记失联",
        "warning",
        CloseForm,
        lambda user, pk, data: services.released_person_record_lost_contact(
            acting_user=user, person_id=pk, on=data["on"], note=data["outcome_note"]
        ),
        "已登记失联",
        "on",
    ),
    "restore-contact": Step(
        "恢复联系",
        "primary",
        CloseForm,
        lambda user, pk, data: services.released_person_restore_contact(
            acting_user=user, person_id=pk, on=data["on"], note=data["outcome_note"]
        ),
        "已登记恢复联系",
        "on",
    ),
}


def _steps_open(person: Person) -> list[str]:
    """The steps the person's state allows now."""
    status = person.status
    if status == Person.Status.NOTIFIED:
        return ["hand-over", "verify", "risk", "team"]
    if status == Person.Status.HANDED_OVER:
        return ["report", "visit", "risk", "team", "reoffence", "lost-contact"]
    if status == Person.Status.IN_SUPPORT:
        steps = ["visit", "risk", "team", "reoffence", "lost-contact"]
        return ["end", *steps] if person.support_until <= timezone.localdate() else steps
    if status == Person.Status.LOST_CONTACT:
        return ["restore-contact", "visit", "reoffence"]
    return []


def _step_forms(user: Any, person: Person) -> dict[str, forms.Form]:
    if not can_record_resettlement_in(user, person.region):
        return {}
    today = timezone.localdate()
    return {
        name: STEPS[name].form_class(
            prefix=name,
            initial={STEPS[name].date_field: today} if STEPS[name].date_field else {},
        )
        for name in _steps_open(person)
    }


def _sections(person: Person) -> list[tuple[str, list[tuple[str, Any]]]]:
    today = timezone.localdate()
    return [
        (
            "释放通知与核查",
            [
                ("服刑场所", person.prison),
                ("原判罪名", person.offence),
                ("原判刑期", person.sentence),
                ("释放日期", person.release_on),
                ("收到释放通知日期", person.notice_received_on),
                ("通知是否迟到", "是（晚于释放前一个月）" if person.is_notice_late else "否"),
                ("通知登记方式", person.get_notice_source_display()),
                ("居住地核查日期", person.residence_verified_on),
                (
                    "核查结果",
                    None
                    if person.residence_confirmed is None
                    else ("核实一致" if person.residence_confirmed else "不一致"),
                ),
                ("核查情况", person.residence_note),
            ],
        ),
        (
            "衔接与报到",
            [
                (
                    "衔接方式",
                    person.get_handover_method_display() if person.handover_method else None,
                ),
                ("衔接日期", person.handed_over_on),
                ("接送人员", person.handover_staff),
                ("衔接情况", person.handover_note),
                ("报到期限", person.report_due_on),
                ("报到日期", person.reported_on),
                (
                    "是否逾期报到",
                    None
                    if person.is_report_late is None
                    else ("是" if person.is_report_late else "否"),
                ),
                ("首次走访期限", person.first_visit_due_on),
                ("下一步", next_due_text(person, today)),
            ],
        ),
        (
            "帮教",
            [
                ("风险等级", person.get_risk_level_display() if person.risk_level else None),
                ("风险评估日期", person.risk_assessed_on),
                ("帮教小组成员", person.support_team),
                ("帮教期止", person.support_until),
                ("解除帮教日期", person.ended_on),
                ("重新犯罪日期", person.reoffended_on),
                ("失联日期", person.lost_contact_on),
                ("情况说明", person.outcome_note),
                ("归档日期", person.archived_on),
            ],
        ),
    ]


def released_person_page(
    request: HttpRequest,
    person: Person,
    *,
    bound: tuple[str, forms.Form] | None = None,
    refusal: ValidationError | InvalidTransition | None = None,
    revealed: dict[str, Any] | None = None,
    reveal_form: RevealForm | None = None,
) -> HttpResponse:
    """The person's card; `bound` replaces one step's form by the submitted one (with errors).

    `revealed` holds the identifying fields shown after a reveal; `reveal_form` a refused one.
    """
    step_forms = _step_forms(request.user, person)
    if bound is not None:
        name, form = bound
        step_forms[name] = form
        if refusal is not None:
            add_service_errors(form, refusal)
    pathways = support_pathway_list_for(person)
    steps = [
        {
            "name": name,
            "form": form,
            "label": STEPS[name].label,
            "style": STEPS[name].style,
            "url": reverse("corrections:released-person-step", args=[person.pk, name]),
        }
        for name, form in step_forms.items()
    ]
    may_act = "pathway" in _steps_allowed_for_pathways(request.user, person)
    town = town_of(person.region)
    response = render_detail(
        request,
        obj=person,
        title=person.name,
        pretitle="刑满释放人员",
        status=person.get_status_display(),
        fields=[
            ("姓名", person.name),
            ("性别", person.get_gender_display()),
            *identity_fields(person, revealed, masked_id_number=person.masked_id_number),
            (
                "居住地",
                f"{town} · {person.region.name}" if town and town != person.region.name else town,
            ),
            ("重点帮教对象", "是" if person.is_key else "否"),
            ("列为重点的原因", person.key_reason),
        ],
        sections=_sections(person),
        back_url=reverse("corrections:released-person-list"),
        can_upload=False,
        show_attachments=False,
        template="corrections/resettlement/released_person_detail.html",
        extra_context={
            "steps": steps,
            "pathways": pathways,
            "visits": support_visit_list_for(person),
            "pathway_url": reverse("corrections:released-person-step", args=[person.pk, "pathway"]),
            "pathway_statuses": PathwayForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "may_update_pathways": may_act,
            "today": timezone.localdate(),
            "section": SECTION,
            **reveal_context(
                request,
                url=reverse("corrections:released-person-reveal", args=[person.pk]),
                revealed=revealed,
                form=reveal_form,
            ),
        },
    )
    if bound is not None or (reveal_form is not None and revealed is None):
        response.status_code = 400
    return response


def _steps_allowed_for_pathways(user: Any, person: Person) -> list[str]:
    open_states = (Person.Status.NOTIFIED, Person.Status.HANDED_OVER, Person.Status.IN_SUPPORT)
    if person.status in open_states and can_record_resettlement_in(user, person.region):
        return ["pathway"]
    return []


@require_GET
@denials_as_403
def released_person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    return released_person_page(request, access_released_person_by_id(request.user, pk))


@require_POST
@denials_as_403
def released_person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the identifying fields for a stated purpose (audited, PIPL arts. 28, 51)."""
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    person = access_released_person_by_id(request.user, pk)
    form, revealed = reveal_submitted(request, person)
    if revealed is None:
        return released_person_page(request, person, reveal_form=form)
    return released_person_page(request, person, revealed=revealed)


@require_POST
@denials_as_403
def released_person_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    person = access_released_person_by_id(request.user, pk)
    form = STEPS[step].form_class(request.POST, prefix=step)
    if not form.is_valid():
        return released_person_page(request, person, bound=(step, form))
    try:
        STEPS[step].perform(request.user, person.pk, form.cleaned_data)
    except (ValidationError, InvalidTransition) as error:
        return released_person_page(request, person, bound=(step, form), refusal=error)
    messages.success(request, STEPS[step].done)
    return redirect("corrections:released-person-detail", pk=person.pk)


# The archive -----------------------------------------------------------------------------------


@require_GET
@denials_as_403
def released_person_archive_list(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    return render_list(
        request,
        queryset=released_person_list_due_for_archiving(user=request.user, on=timezone.localdate()),
        table_class=ReleasedPersonArchiveTable,
        title="待归档安置帮教档案",
        export_name="待归档安置帮教档案",
        personal_data=True,
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def released_person_archive_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_capability(request.user, Capability.RECORD_RESETTLEMENT)
    person = access_released_person_by_id(request.user, pk)
    form = ArchiveForm(
        request.POST if request.method == "POST" else None,
        initial={"archived_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            released_person_archive(
                acting_user=request.user,
                person_id=person.pk,
                archived_on=form.cleaned_data["archived_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已归档：{person.name}")
            return redirect("corrections:released-person-archive-list")
    context = {
        "title": f"安置帮教档案归档：{person.name}",
        "pretitle": SECTION,
        "form": form,
        "cancel_url": reverse("corrections:released-person-archive-list"),
        "submit_label": "归档",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "form_page.html", context, status=status)
