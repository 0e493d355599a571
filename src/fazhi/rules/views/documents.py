"""Pages of normative documents (行政规范性文件): lists, detail, create, import.

The detail page shows the 办理记录 and the action forms allowed now for the user.

Every rule lives in services.documents; a refused step shows the service's Chinese message on
the form it came from (status 400) and nothing is saved.
"""

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import (
    Action,
    add_service_errors,
    denials_as_403,
    render_detail,
    render_list,
)
from fazhi.core.permissions import deny
from fazhi.legality.models import PASSING_OPINIONS, LegalityReview
from fazhi.legality.selectors import comment_period_latest_of, review_history_of
from fazhi.rules import selectors
from fazhi.rules.filters import DocumentFilterSet
from fazhi.rules.forms import (
    CommentOpenForm,
    DeliberateForm,
    DocumentCreateForm,
    DocumentEditForm,
    EvaluateForm,
    FairCompetitionForm,
    FileForm,
    IssueForm,
    PublishForm,
    ReviseForm,
    SubmitReviewForm,
)
from fazhi.rules.models import NormativeDocument
from fazhi.rules.permissions import (
    access_document_by_id,
    can_compile_plans,
    can_draft_for,
    may_import_documents,
    organizations_drafting_for,
    require_document_desk,
)
from fazhi.rules.precheck import flags_by_paragraph, precheck_text
from fazhi.rules.selectors_ui import (
    document_counts_by_issuer_and_year,
    issuers_for,
    plan_items_to_draft,
)
from fazhi.rules.services import documents
from fazhi.rules.subjects import DOCUMENT_MATERIALS
from fazhi.rules.tables import DOCUMENT_STATUS_BADGES, DocumentTable

Status = NormativeDocument.Status


# Lists --------------------------------------------------------------------------------------


def _list(
    request: HttpRequest,
    queryset: QuerySet[NormativeDocument],
    *,
    title: str,
    note: str = "",
) -> HttpResponse:
    require_document_desk(request.user)
    user = request.user
    return render_list(
        request,
        queryset=queryset,
        table_class=DocumentTable,
        filterset_class=DocumentFilterSet,
        title=title,
        export_name=title,
        import_url=reverse("rules:document-import") if may_import_documents(user) else None,
        template="rules/document_list.html",
        extra_context={
            "create_url": (
                reverse("rules:document-create") if organizations_drafting_for(user) else None
            ),
            "quick_lists": _quick_lists(request),
            "note": note,
            "by_issuer_and_year": document_counts_by_issuer_and_year(queryset),
        },
    )


def _quick_lists(request: HttpRequest) -> list[tuple[str, str, bool]]:
    names = [
        ("全部文件", "rules:document-list"),
        ("现行有效", "rules:document-list-in-force"),
        ("即将到期", "rules:document-list-expiring"),
        ("逾期未备案", "rules:document-list-filing-overdue"),
        ("逾期备案", "rules:document-list-filed-late"),
    ]
    return [(label, reverse(name), request.path == reverse(name)) for label, name in names]


@require_GET
@denials_as_403
def document_list(request: HttpRequest) -> HttpResponse:
    return _list(request, selectors.document_list(user=request.user), title="规范性文件")


@require_GET
@denials_as_403
def document_list_in_force(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _list(
        request,
        selectors.document_list_in_force(user=request.user, on=today),
        title="现行有效的规范性文件",
        note=f"截至{today:%Y年%m月%d日}已施行且在有效期内的文件",
    )


@require_GET
@denials_as_403
def document_list_expiring(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    horizon = selectors.expiry_horizon(today)
    return _list(
        request,
        selectors.document_list_expiring(user=request.user, on=today),
        title="即将到期的规范性文件",
        note=(
            f"有效期在{horizon:%Y年%m月%d日}前届满的现行有效文件，应在届满前组织评估"
            "（提醒期限见规则参数“有效期届满前评估提醒”）"
        ),
    )


@require_GET
@denials_as_403
def document_list_filing_overdue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _list(
        request,
        selectors.document_list_filing_overdue(user=request.user, on=today),
        title="逾期未报送备案的规范性文件",
        note="已公布、超过报送备案期限仍未报送备案的文件",
    )


@require_GET
@denials_as_403
def document_list_filed_late(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        selectors.document_list_filed_late(user=request.user),
        title="逾期报送备案的规范性文件",
        note="报送备案日期晚于报送备案期限的文件",
    )


# Create -------------------------------------------------------------------------------------


def _create_form(request: HttpRequest) -> DocumentCreateForm:
    organizations = organizations_drafting_for(request.user)
    return DocumentCreateForm(
        request.POST or None,
        organizations=organizations,
        issuers=issuers_for(organizations),
        plan_items=plan_items_to_draft(request.user),
    )


@require_http_methods(["GET", "POST"])
@denials_as_403
def document_create(request: HttpRequest) -> HttpResponse:
    if not organizations_drafting_for(request.user):
        raise deny(request.user, None, "您没有起草规范性文件的权限")
    form = _create_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = documents.document_create(
                acting_user=request.user,
                organization=data["organization"],
                issuer=data["issuer"],
                title=data["title"],
                kind=data["kind"],
                concerns_market=data["concerns_market"],
                draft_text=data["draft_text"],
                plan_item_id=data["plan_item"].pk if data["plan_item"] else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"已新建规范性文件“{document.title}”，进入起草阶段")
            return redirect("rules:document-detail", pk=document.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "rules/form_page.html",
        {
            "form": form,
            "title": "新建规范性文件",
            "cancel_url": reverse("rules:document-list"),
            "submit_label": "新建",
        },
        status=status,
    )


# Detail and its steps -----------------------------------------------------------------------


@dataclasses.dataclass
class Situation:
    """What the page knows about the document now, shared by the step predicates."""

    user: Any
    document: NormativeDocument
    may_draft: bool
    latest_review: LegalityReview | None


@dataclasses.dataclass(frozen=True)
class Step:
    """One action form of the detail page: when it is offered, how it runs, what it says."""

    name: str
    title: str
    button: str
    icon: str
    form: Callable[[Situation, Any], forms.Form]
    offered: Callable[[Situation], bool]
    run: Callable[[Any, NormativeDocument, dict[str, Any]], object]
    done: str
    hint: str = ""
    style: str = "primary"


def _drafting(situation: Situation, *states: str) -> bool:
    return situation.may_draft and situation.document.status in states


def _review_concluded(situation: Situation, passing: bool) -> bool:
    review = situation.latest_review
    if review is None or review.status != LegalityReview.Status.CONCLUDED:
        return False
    return (review.opinion in PASSING_OPINIONS) is passing


def _edit_form(situation: Situation, data: Any) -> forms.Form:
    document = situation.document
    return DocumentEditForm(
        data,
        initial={name: getattr(document, name) for name in documents.EDITABLE_FIELDS},
    )


def _simple(form_class: type[forms.Form]) -> Callable[[Situation, Any], forms.Form]:
    return lambda situation, data: form_class(data)


def _comment_form(situation: Situation, data: Any) -> forms.Form:
    today = timezone.localdate()
    days = documents.comment_minimum_days(situation.document, today) or 30
    return CommentOpenForm(
        data, initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=days)}
    )


def _submit_form(situation: Situation, data: Any) -> forms.Form:
    return SubmitReviewForm(
        data,
        materials=DOCUMENT_MATERIALS,
        initial={"comment_skip_reason": situation.document.comment_skip_reason},
    )


STEPS: tuple[Step, ...] = (
    Step(
        name="edit",
        title="修改草案",
        button="保存草案",
        icon="edit",
        form=_edit_form,
        offered=lambda s: _drafting(s, Status.DRAFTING),
        run=lambda user, document, data: documents.document_update(
            acting_user=user,
            document_id=document.pk,
            **{name: data[name] for name in documents.EDITABLE_FIELDS},
        ),
        done="草案已保存",
        style="secondary",
    ),
    Step(
        name="comment",
        title="公开征求意见",
        button="发布征求意见",
        icon="speakerphone",
        form=_comment_form,
        offered=lambda s: _drafting(s, Status.DRAFTING),
        run=lambda user, document, data: documents.document_comment_open(
            acting_user=user,
            document_id=document.pk,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            urgent_reason=data["urgent_reason"],
        ),
        done="征求意见稿已在门户网站发布",
        hint="征求意见稿将在门户网站公开，公众可对引用的原文逐条提出意见。",
    ),
    Step(
        name="fair-competition",
        title="公平竞争审查",
        button="记录审查结论",
        icon="scale",
        form=_simple(FairCompetitionForm),
        offered=lambda s: (
            _drafting(s, Status.DRAFTING, Status.PUBLIC_COMMENT, Status.FAIR_COMPETITION)
            and (s.document.concerns_market or s.document.status == Status.FAIR_COMPETITION)
        ),
        run=lambda user, document, data: documents.document_fair_competition_record(
            acting_user=user,
            document_id=document.pk,
            conclusion=data["fair_competition_conclusion"],
            on=data["on"],
        ),
        done="公平竞争审查结论已记录",
        hint="涉及市场主体经济活动的文件，须在征求意见截止后、送审前进行公平竞争审查。",
    ),
    Step(
        name="submit-review",
        title="送合法性审核",
        button="送审",
        icon="send",
        form=_submit_form,
        offered=lambda s: _drafting(
            s, Status.DRAFTING, Status.PUBLIC_COMMENT, Status.FAIR_COMPETITION
        ),
        run=lambda user, document, data: documents.document_submit_review(
            acting_user=user,
            document_id=document.pk,
            materials_provided=data["materials_provided"],
            note=data["note"],
            comment_skip_reason=data["comment_skip_reason"],
            on=data["on"],
        ),
        done="已送司法局合法性审核",
        hint="送审时系统对草案进行智能预审，提示结果仅供审核人员参考。",
    ),
    Step(
        name="revise",
        title="退回修改",
        button="退回起草",
        icon="arrow-back-up",
        form=_simple(ReviseForm),
        offered=lambda s: _drafting(s, Status.LEGALITY_REVIEW) and _review_concluded(s, False),
        run=lambda user, document, data: documents.document_revise(
            acting_user=user, document_id=document.pk, reason=data["reason"]
        ),
        done="文件已退回起草阶段，修改后可重新送审",
        hint="审核意见为“不合法”的，修改草案后须重新送审。",
        style="warning",
    ),
    Step(
        name="deliberate",
        title="集体审议",
        button="记录集体审议",
        icon="users-group",
        form=_simple(DeliberateForm),
        offered=lambda s: _drafting(s, Status.LEGALITY_REVIEW) and _review_concluded(s, True),
        run=lambda user, document, data: documents.document_deliberate(
            acting_user=user,
            document_id=document.pk,
            meeting=data["deliberation_meeting"],
            on=data["deliberation_on"],
            opinion=data["opinion"],
        ),
        done="集体审议已记录",
    ),
    Step(
        name="issue",
        title="签发印发",
        button="签发印发",
        icon="signature",
        form=_simple(IssueForm),
        offered=lambda s: _drafting(s, Status.DELIBERATION),
        run=lambda user, document, data: documents.document_issue(
            acting_user=user,
            document_id=document.pk,
            signer=data["signer"],
            signed_on=data["signed_on"],
            doc_number=data["doc_number"],
            registration_number=data["registration_number"],
        ),
        done="文件已签发印发",
        hint="统一登记、统一编号、统一印发；须已取得“合法”或“修改后合法”的审核意见并经集体审议。",
    ),
    Step(
        name="publish",
        title="公布",
        button="记录公布",
        icon="world",
        form=_simple(PublishForm),
        offered=lambda s: _drafting(s, Status.ISSUED),
        run=lambda user, document, data: documents.document_publish(
            acting_user=user,
            document_id=document.pk,
            published_on=data["published_on"],
            effective_on=data["effective_on"],
        ),
        done="文件已公布，有效期和报送备案期限已计算",
        hint="未经公布的文件不得作为行政管理依据。",
    ),
    Step(
        name="file",
        title="报送备案",
        button="记录报送备案",
        icon="archive",
        form=_simple(FileForm),
        offered=lambda s: _drafting(s, Status.PUBLISHED),
        run=lambda user, document, data: documents.document_file(
            acting_user=user,
            document_id=document.pk,
            filed_on=data["filed_on"],
            filing_authority=data["filing_authority"],
        ),
        done="报送备案已记录",
    ),
    Step(
        name="evaluate",
        title="文件评估",
        button="记录评估",
        icon="clipboard-check",
        form=_simple(EvaluateForm),
        offered=lambda s: (
            (s.may_draft or can_compile_plans(s.user))
            and s.document.status in (Status.PUBLISHED, Status.FILED)
        ),
        run=lambda user, document, data: documents.document_evaluate(
            acting_user=user,
            document_id=document.pk,
            kind=data["kind"],
            evaluated_on=data["evaluated_on"],
            conclusion=data["conclusion"],
            report=data["report"],
        ),
        done="评估已记录",
        hint="评估为“继续有效”的到期前评估，有效期自原届满日起重新计算；“修改”“废止”的，文件自评估之日起终止。",
    ),
)

STEPS_BY_NAME = {step.name: step for step in STEPS}


def _situation(request: HttpRequest, document: NormativeDocument, reviews: list[Any]) -> Situation:
    latest = next((r for r in reviews if r.status != LegalityReview.Status.WITHDRAWN), None)
    return Situation(
        user=request.user,
        document=document,
        may_draft=can_draft_for(request.user, document.organization),
        latest_review=latest,
    )


def _badge(css: str, label: str) -> Any:
    return format_html('<span class="badge {}">{}</span>', css, label)


def _filing_state(document: NormativeDocument, today: datetime.date) -> Any:
    late = document.filed_late
    if late is True:
        days = (document.filed_on - document.filing_due_on).days  # type: ignore[operator]
        return _badge("bg-red-lt", f"逾期{days}日报送")
    if late is False:
        return _badge("bg-green-lt", "按期报送")
    if document.filing_due_on and document.filing_due_on < today:
        return _badge("bg-red-lt", "已超过报送备案期限，尚未报送")
    if document.filing_due_on:
        return _badge("bg-yellow-lt", "待报送")
    return None


def _validity(document: NormativeDocument) -> Any:
    if document.valid_until is None:
        return None
    suffix = "（暂行/试行）" if document.is_provisional else ""
    return f"{document.valid_until:%Y-%m-%d}{suffix}"


def _comment_fields(document: NormativeDocument) -> list[tuple[str, Any]]:
    period: Any = comment_period_latest_of(document)
    if period is None:
        if document.comment_skip_reason:
            return [("未公开征求意见的理由", document.comment_skip_reason)]
        return [("征求意见", "尚未公开征求意见")]
    minimum = f"（法定不少于{period.minimum_days}日）" if period.minimum_days else ""
    return [
        ("征求意见期间", f"{period.starts_on:%Y-%m-%d} 至 {period.ends_on:%Y-%m-%d}"),
        ("期限", f"{period.length_days}日{minimum}"),
        ("缩短期限的理由", period.urgent_reason or None),
        ("收到意见", f"{period.received}条"),
        ("采纳意见", f"{period.adopted}条"),
        ("意见采纳情况公布日期", period.summary_published_on),
        (
            "征求意见办理",
            format_html(
                '<a href="{}">查看意见并逐条答复</a>',
                reverse("legality:comment-period-detail", args=[period.pk]),
            ),
        ),
    ]


def _fields(document: NormativeDocument) -> list[tuple[str, Any]]:
    plan_item = document.plan_item
    plan_link = (
        format_html(
            '<a href="{}">{}</a>', reverse("rules:plan-detail", args=[plan_item.plan_id]), plan_item
        )
        if plan_item is not None
        else "（不在年度制定计划内）"
    )
    return [
        ("文件名称", document.title),
        ("制定机关", document.issuer.name),
        ("起草单位", document.organization.name),
        ("文件类别", document.get_level_display()),
        ("文种", document.get_kind_display()),
        ("涉及市场主体", document.concerns_market),
        ("年度制定计划", plan_link),
        ("区域", document.region.name),
        (
            "状态",
            _badge(DOCUMENT_STATUS_BADGES.get(document.status, ""), document.get_status_display()),
        ),
    ]


def _sections(document: NormativeDocument, today: datetime.date) -> list[Any]:
    sections: list[Any] = [("公开征求意见", _comment_fields(document))]
    if document.concerns_market or document.fair_competition_conclusion:
        sections.append(
            (
                "公平竞争审查",
                [
                    ("审查结论", document.fair_competition_conclusion or None),
                    ("审查日期", document.fair_competition_on),
                ],
            )
        )
    sections.append(
        (
            "集体审议",
            [
                ("审议会议", document.deliberation_meeting or None),
                ("审议日期", document.deliberation_on),
            ],
        )
    )
    sections.append(
        (
            "签发与公布",
            [
                ("签发人", document.signer or None),
                ("签发日期", document.signed_on),
                ("文号", document.doc_number or None),
                ("登记号", document.registration_number or None),
                ("公布日期", document.published_on),
                ("施行日期", document.effective_on),
                ("有效期至", _validity(document)),
            ],
        )
    )
    sections.append(
        (
            "备案",
            [
                ("备案机关", document.filing_authority or None),
                ("报送备案期限", document.filing_due_on),
                ("报送备案日期", document.filed_on),
                ("报送情况", _filing_state(document, today)),
            ],
        )
    )
    if document.ended_on:
        sections.append(("终止", [("废止/失效日期", document.ended_on)]))
    if document.draft_text:
        sections.append(
            ("文件草案", [("全文", linebreaks_filter(document.draft_text, autoescape=True))])
        )
    return sections


def _document_page(
    request: HttpRequest,
    document: NormativeDocument,
    *,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    reviews = list(review_history_of(document))
    situation = _situation(request, document, reviews)
    action_forms: dict[str, tuple[Step, forms.Form]] = {
        step.name: (step, step.form(situation, None)) for step in STEPS if step.offered(situation)
    }
    if bound is not None:
        action_forms[bound[0]] = (STEPS_BY_NAME[bound[0]], bound[1])
    for name, (_step, form) in action_forms.items():
        # Several forms on one page: keep their element ids apart (the field names stay).
        form.auto_id = f"id_{name.replace('-', '_')}_%s"
    actions = [
        Action(step.title, f"#action-{name}", icon=step.icon, style="outline-" + step.style)
        for name, (step, _form) in action_forms.items()
    ]
    response = render_detail(
        request,
        obj=document,
        title=document.title,
        pretitle=f"规范性文件 · {document.get_level_display()}",
        status=document.get_status_display(),
        fields=_fields(document),
        sections=_sections(document, today),
        actions=actions,
        back_url=reverse("rules:document-list"),
        can_upload=situation.may_draft,
        template="rules/document_detail.html",
        extra_context={
            "document": document,
            "reviews": reviews,
            "evaluations": list(selectors.evaluations_of(document)),
            **_precheck_context(document),
            "action_forms": [
                {"step": step, "form": form, "url": _step_url(document, step)}
                for step, form in action_forms.values()
            ],
            "bound_action": bound[0] if bound else "",
        },
    )
    if bound is not None:
        response.status_code = 400
    return response


def _precheck_context(document: NormativeDocument) -> dict[str, Any]:
    """The pre-check of the draft until the document is issued: advice for drafter and reviewer."""
    if not document.draft_text or document.signed_on is not None:
        return {"precheck": None}
    flags = precheck_text(document.draft_text, selectors.precheck_rules_enabled())
    return {"precheck": flags_by_paragraph(flags), "precheck_count": len(flags)}


def _step_url(document: NormativeDocument, step: Step) -> str:
    return reverse(f"rules:document-{step.name}", args=[document.pk])


@require_http_methods(["GET", "POST"])
@denials_as_403
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_document_by_id(request.user, pk)
    return _document_page(request, document)


def document_step(request: HttpRequest, pk: int, *, step: Step) -> HttpResponse:
    """Run one step from its form; a refusal comes back on the same form (400)."""
    document = access_document_by_id(request.user, pk)
    situation = _situation(request, document, [])
    form = step.form(situation, request.POST)
    if form.is_valid():
        try:
            step.run(request.user, document, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, step.done)
            return redirect("rules:document-detail", pk=pk)
    document = access_document_by_id(request.user, pk)
    return _document_page(request, document, bound=(step.name, form))


def _step_view(step: Step) -> Callable[[HttpRequest, int], HttpResponse]:
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return document_step(request, pk, step=step)

    view.__name__ = f"document_{step.name.replace('-', '_')}"
    return require_POST(denials_as_403(view))


STEP_VIEWS = {step.name: _step_view(step) for step in STEPS}
