"""Staff pages of the legality review (合法性审核) and of public comment (公开征求意见).

The review desk serves the bureau's reviewers (accept, return, conclude) and the submitting
units (complete returned materials, withdraw); the comment pages serve the drafting units, who
answer each comment and publish the answers. Every rule is in the services; a refused step shows
the service's Chinese message on the form it came from.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaks_filter
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.deadlines import DEADLINE_STATE_LABELS, DeadlineState, deadline_state
from fazhi.core.deadlines import working_days_between as count_working_days
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.listing import add_service_errors, denials_as_403, render_detail, render_list
from fazhi.core.parameters import parameter_get, parameter_value
from fazhi.core.permissions import deny
from fazhi.legality import selectors, services
from fazhi.legality.filters import CommentPeriodFilterSet, ReviewFilterSet
from fazhi.legality.forms import (
    CommentAnswerForm,
    ReviewAcceptForm,
    ReviewConcludeForm,
    ReviewResubmitForm,
    ReviewReturnForm,
    ReviewWithdrawForm,
)
from fazhi.legality.models import CommentPeriod, LegalityReview, PublicComment
from fazhi.legality.permissions import (
    access_comment_period_by_id,
    access_public_comment_by_id,
    access_review_by_id,
    can_act_as_submitter,
    can_answer_comments,
    can_review_legality,
    require_legality_desk,
)
from fazhi.legality.subjects import ReviewSubject, review_subject_of_kind
from fazhi.legality.tables import CommentPeriodTable, ReviewTable

DEADLINE_BADGES = {
    DeadlineState.ON_TIME: "bg-green-lt",
    DeadlineState.DUE_SOON: "bg-yellow-lt",
    DeadlineState.OVERDUE: "bg-red-lt",
    DeadlineState.DONE: "bg-green-lt",
    DeadlineState.DONE_LATE: "bg-red-lt",
}


def _subject_link(kind: str, subject: models.Model | None, title: str) -> Any:
    """The subject's title, linked to its own page when its app tells us where that is."""
    if subject is None:
        return title
    try:
        url = review_subject_of_kind(kind).detail_url(subject)
    except (KeyError, NoReverseMatch):
        return title
    return format_html('<a href="{}">{}</a>', url, title)


def _precheck_link(review: LegalityReview, subject: models.Model | None) -> Any:
    """The pre-check's count at submission, linked to the flags on the subject's page."""
    text = f"{review.precheck_flag_count}处（仅供参考）"
    if subject is None or not review.precheck_flag_count:
        return text
    try:
        url = review_subject_of_kind(review.kind).detail_url(subject)
    except (KeyError, NoReverseMatch):
        return text
    return format_html('<a href="{}#precheck">{}</a>', url, text)


def _registry(kind: str) -> ReviewSubject | None:
    try:
        return review_subject_of_kind(kind)
    except KeyError:
        return None


# Review desk --------------------------------------------------------------------------------


@require_GET
@denials_as_403
def review_list(request: HttpRequest) -> HttpResponse:
    require_legality_desk(request.user)
    return render_list(
        request,
        queryset=selectors.review_list(request.user),
        table_class=ReviewTable,
        filterset_class=ReviewFilterSet,
        title="合法性审核台账",
        export_name="合法性审核台账",
    )


def _checklist(review: LegalityReview, registry: ReviewSubject | None) -> list[dict[str, Any]]:
    if registry is None:
        return []
    provided = set(review.materials_provided)
    return [
        {
            "label": material.label,
            "required": material.required,
            "provided": material.key in provided,
        }
        for material in registry.materials
    ]


def _deadline(review: LegalityReview, registry: ReviewSubject | None) -> dict[str, Any]:
    """The review clock: limit, due day, earliest day, working days used, on time or overdue."""
    today = timezone.localdate()
    limit = ""
    if registry is not None and registry.max_days_parameter and review.accepted_on:
        key = registry.max_days_parameter
        limit = parameter_value(key, on=review.accepted_on).display(parameter_get(key))
    minimum = ""
    if registry is not None and registry.min_days_parameter and review.accepted_on:
        key = registry.min_days_parameter
        minimum = parameter_value(key, on=review.accepted_on).display(parameter_get(key))
    used = review.working_days_used
    if used is None and review.accepted_on and review.status == LegalityReview.Status.UNDER_REVIEW:
        used = count_working_days(review.accepted_on, today)
    state = None
    if review.due_on and review.status in (
        LegalityReview.Status.UNDER_REVIEW,
        LegalityReview.Status.CONCLUDED,
    ):
        state = deadline_state(review.due_on, today=today, done_on=review.concluded_on)
    return {
        "accepted_on": review.accepted_on,
        "due_on": review.due_on,
        "provisional": review.due_provisional,
        "earliest_on": review.earliest_on,
        "limit": limit,
        "minimum": minimum,
        "used": used,
        "state": state,
        "state_label": DEADLINE_STATE_LABELS[state] if state else "",
        "state_badge": DEADLINE_BADGES[state] if state else "",
        "overdue": state in (DeadlineState.OVERDUE, DeadlineState.DONE_LATE),
    }


def _review_forms(
    request: HttpRequest, review: LegalityReview, registry: ReviewSubject | None
) -> dict[str, forms.Form]:
    """The action forms the user may use now, keyed by action name."""
    user = request.user
    status = review.status
    found: dict[str, forms.Form] = {}
    if can_review_legality(user):
        if status == LegalityReview.Status.SUBMITTED:
            found["accept"] = ReviewAcceptForm()
            missing = registry.missing_required(review.materials_provided) if registry else []
            found["return"] = ReviewReturnForm(
                initial={"missing_materials": "、".join(m.label for m in missing)}
            )
        if status == LegalityReview.Status.UNDER_REVIEW:
            found["conclude"] = ReviewConcludeForm()
    if can_act_as_submitter(user, review):
        if status == LegalityReview.Status.RETURNED and registry is not None:
            found["resubmit"] = ReviewResubmitForm(
                materials=registry.materials,
                initial={"materials_provided": review.materials_provided},
            )
        if status in (LegalityReview.Status.SUBMITTED, LegalityReview.Status.RETURNED):
            found["withdraw"] = ReviewWithdrawForm()
    return found


def _review_page(
    request: HttpRequest,
    review: LegalityReview,
    *,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    registry = _registry(review.kind)
    subject = review.subject
    action_forms = _review_forms(request, review, registry)
    if bound is not None:
        action_forms[bound[0]] = bound[1]
    history = (
        list(
            selectors.review_history_of(subject).filter(
                pk__in=LegalityReview.objects.visible_to(request.user).values("pk")
            )
        )
        if subject is not None
        else []
    )
    fields = [
        ("审核对象", review.get_kind_display()),
        ("名称", _subject_link(review.kind, subject, review.title)),
        ("送审单位", review.organization.name),
        ("区域", review.region.name),
        ("送审日期", review.submitted_on),
        ("状态", review.get_status_display()),
        ("送审说明", review.submission_note),
    ]
    if review.missing_materials:
        fields.append(("需补正的材料", review.missing_materials))
    if review.precheck_flag_count is not None:
        fields.append(("智能预审提示", _precheck_link(review, subject)))
    response = render_detail(
        request,
        obj=review,
        title=review.title,
        pretitle=f"合法性审核 · {review.get_kind_display()}",
        fields=fields,
        status=review.get_status_display(),
        back_url=reverse("legality:review-list"),
        can_upload=False,
        show_attachments=False,
        template="legality/review_detail.html",
        extra_context={
            "review": review,
            "checklist": _checklist(review, registry),
            "deadline": _deadline(review, registry),
            "history": history,
            "action_forms": action_forms,
            "bound_action": bound[0] if bound else "",
        },
    )
    if bound is not None:
        # The form came back with errors: nothing was saved.
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review_by_id(request.user, pk)
    return _review_page(request, review)


def _review_action(
    request: HttpRequest,
    pk: int,
    *,
    action: str,
    form: forms.Form,
    allowed: Callable[[LegalityReview], bool],
    refusal: str,
    run: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Run one review step from its form; show the service's refusal on the same form."""
    review = access_review_by_id(request.user, pk)
    if not allowed(review):
        raise deny(request.user, review, refusal)
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("legality:review-detail", pk=pk)
        else:
            messages.success(request, done)
            return redirect("legality:review-detail", pk=pk)
    return _review_page(request, review, bound=(action, form))


def _bureau(user: Any) -> Callable[[LegalityReview], bool]:
    return lambda review: can_review_legality(user)


def _submitter(user: Any) -> Callable[[LegalityReview], bool]:
    return lambda review: can_act_as_submitter(user, review)


@require_POST
@denials_as_403
def review_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        action="accept",
        form=ReviewAcceptForm(request.POST),
        allowed=_bureau(request.user),
        refusal="只有司法局合法性审核人员可以办理审核",
        run=lambda data: services.review_accept(
            acting_user=request.user, review_id=pk, on=data["on"]
        ),
        done="已受理，审核期限开始计算",
    )


@require_POST
@denials_as_403
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        action="return",
        form=ReviewReturnForm(request.POST),
        allowed=_bureau(request.user),
        refusal="只有司法局合法性审核人员可以办理审核",
        run=lambda data: services.review_return(
            acting_user=request.user,
            review_id=pk,
            missing_materials=data["missing_materials"],
        ),
        done="已退回送审单位补正材料",
    )


@require_POST
@denials_as_403
def review_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        action="conclude",
        form=ReviewConcludeForm(request.POST),
        allowed=_bureau(request.user),
        refusal="只有司法局合法性审核人员可以办理审核",
        run=lambda data: services.review_conclude(
            acting_user=request.user,
            review_id=pk,
            opinion=data["opinion"],
            opinion_text=data["opinion_text"],
            short_review_reason=data["short_review_reason"],
            on=data["on"],
        ),
        done="审核意见已出具",
    )


@require_POST
@denials_as_403
def review_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review_by_id(request.user, pk)
    registry = _registry(review.kind)
    return _review_action(
        request,
        pk,
        action="resubmit",
        form=ReviewResubmitForm(request.POST, materials=registry.materials if registry else ()),
        allowed=_submitter(request.user),
        refusal="只有送审单位可以补正或撤回",
        run=lambda data: services.review_resubmit(
            acting_user=request.user,
            review_id=pk,
            materials_provided=data["materials_provided"],
            note=data["note"],
            on=data["on"],
        ),
        done="已补正材料并重新送审",
    )


@require_POST
@denials_as_403
def review_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_action(
        request,
        pk,
        action="withdraw",
        form=ReviewWithdrawForm(request.POST),
        allowed=_submitter(request.user),
        refusal="只有送审单位可以补正或撤回",
        run=lambda data: services.review_withdraw(
            acting_user=request.user, review_id=pk, reason=data["reason"]
        ),
        done="已撤回送审",
    )


# Comment periods ----------------------------------------------------------------------------


def period_phase(period: CommentPeriod, today: datetime.date) -> str:
    if period.summary_published_on is not None:
        return "已公布采纳情况"
    if today < period.starts_on:
        return "尚未开始"
    if today <= period.ends_on:
        return "征求意见中"
    return "已截止"


@require_GET
@denials_as_403
def comment_period_list(request: HttpRequest) -> HttpResponse:
    require_legality_desk(request.user)
    return render_list(
        request,
        queryset=selectors.comment_period_list(request.user),
        table_class=CommentPeriodTable,
        filterset_class=CommentPeriodFilterSet,
        title="公开征求意见",
        export_name="公开征求意见",
    )


def _comment_period_page(
    request: HttpRequest,
    period: CommentPeriod,
    *,
    bound: tuple[int, CommentAnswerForm] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    comments = list(selectors.comment_list_of(period))
    may_answer = can_answer_comments(request.user, period)
    editable = may_answer and period.summary_published_on is None
    rows = []
    for comment in comments:
        form = None
        if editable:
            if bound is not None and bound[0] == comment.pk:
                form = bound[1]
            else:
                initial = (
                    {"answer": comment.answer, "answer_reason": comment.answer_reason}
                    if comment.answer != PublicComment.Answer.PENDING
                    else {}
                )
                form = CommentAnswerForm(initial=initial, prefix=f"c{comment.pk}")
        rows.append({"comment": comment, "form": form})
    received = len(comments)
    adopted = sum(1 for c in comments if c.answer == PublicComment.Answer.ADOPTED)
    pending = sum(1 for c in comments if c.answer == PublicComment.Answer.PENDING)
    minimum = f"（法定不少于{period.minimum_days}日）" if period.minimum_days else ""
    fields = [
        ("事项类别", period.get_kind_display()),
        ("事项", _subject_link(period.kind, period.subject, period.title)),
        ("起草单位", period.organization.name),
        ("区域", period.region.name),
        ("征求意见期间", f"{period.starts_on:%Y-%m-%d} 至 {period.ends_on:%Y-%m-%d}"),
        ("期限", f"{period.length_days}日{minimum}"),
        ("缩短期限的理由", period.urgent_reason),
        ("状态", period_phase(period, today)),
        ("收到意见", f"{received}条"),
        ("采纳", f"{adopted}条"),
        ("待答复", f"{pending}条"),
        ("意见采纳情况公布日期", period.summary_published_on),
        (
            "门户网站页面",
            format_html(
                '<a href="{0}" target="_blank" rel="noopener">{0}</a>',
                reverse("portal:comment-detail", args=[period.pk]),
            ),
        ),
    ]
    response = render_detail(
        request,
        obj=period,
        title=period.title,
        pretitle=f"公开征求意见 · {period.get_kind_display()}",
        fields=fields,
        sections=[
            ("征求意见稿全文", [("全文", linebreaks_filter(period.draft_text, autoescape=True))])
        ],
        status=period_phase(period, today),
        back_url=reverse("legality:comment-period-list"),
        can_upload=False,
        show_attachments=False,
        show_timeline=False,
        template="legality/comment_period_detail.html",
        extra_context={
            "period": period,
            "rows": rows,
            "may_publish": editable,
            "publish_url": reverse("legality:comment-period-publish", args=[period.pk]),
        },
    )
    if bound is not None:
        response.status_code = 400
    return response


@require_GET
@denials_as_403
def comment_period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = access_comment_period_by_id(request.user, pk)
    return _comment_period_page(request, period)


@require_POST
@denials_as_403
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access_public_comment_by_id(request.user, pk)
    period = comment.period
    if not can_answer_comments(request.user, period):
        raise deny(request.user, comment, "只有起草单位可以答复公众意见")
    form = CommentAnswerForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.comment_answer(
                acting_user=request.user,
                comment_id=comment.pk,
                adopted=form.adopted,
                reason=form.cleaned_data["answer_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("legality:comment-period-detail", pk=period.pk)
        else:
            messages.success(request, "答复已保存")
            return redirect(
                f"{reverse('legality:comment-period-detail', args=[period.pk])}#comment-{pk}"
            )
    period = access_comment_period_by_id(request.user, period.pk)
    return _comment_period_page(request, period, bound=(comment.pk, form))


@require_POST
@denials_as_403
def comment_period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = access_comment_period_by_id(request.user, pk)
    try:
        services.comment_summary_publish(acting_user=request.user, period_id=period.pk)
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "意见采纳情况已在门户网站公布")
    return redirect("legality:comment-period-detail", pk=pk)
