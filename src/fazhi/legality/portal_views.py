"""The public portal's comment pages (公开征求意见): no login, CSRF on.

Anyone reads a draft open for comment, quotes a passage and comments on it; after the period ends
the form is gone; once the drafting unit publishes its answers, each comment is shown with its
answer and reason (优化营商环境条例 art. 62; 重大行政决策程序暂行条例 art. 14–16).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.listing import add_service_errors
from fazhi.legality import selectors, services
from fazhi.legality.forms import PublicCommentForm
from fazhi.legality.models import CommentPeriod, PublicComment


@require_GET
def comment_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    periods = list(selectors.comment_period_list_public(today=today))
    context = {
        "open_periods": [p for p in periods if p.starts_on <= today <= p.ends_on],
        "closed_periods": [p for p in periods if p.ends_on < today],
        "today": today,
    }
    return render(request, "legality/portal/comment_list.html", context)


def _public_period(pk: int) -> CommentPeriod:
    """A draft the public may see: one whose comment period has begun."""
    today = timezone.localdate()
    period = (
        selectors.comment_periods_with_counts(CommentPeriod.objects.filter(pk=pk))
        .select_related("organization")
        .first()
    )
    if period is None or period.starts_on > today:
        raise Http404("征求意见不存在")
    return period


@require_http_methods(["GET", "POST"])
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = _public_period(pk)
    today = timezone.localdate()
    is_open = period.starts_on <= today <= period.ends_on
    form = PublicCommentForm(request.POST or None) if is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, f"征求意见已于{period.ends_on:%Y年%m月%d日}截止，不再接收意见")
            return redirect("portal:comment-detail", pk=pk)
        if form.is_valid():
            try:
                services.comment_submit(
                    period_id=period.pk,
                    quoted_passage=form.cleaned_data["quoted_passage"],
                    text=form.cleaned_data["text"],
                    commenter_name=form.cleaned_data["commenter_name"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "您的意见已提交，感谢您的参与！起草单位将逐条研究答复。")
                return redirect("portal:comment-detail", pk=pk)
    comments = (
        list(selectors.comment_list_of(period)) if period.summary_published_on is not None else []
    )
    context = {
        "period": period,
        "is_open": is_open,
        "form": form,
        "comments": comments,
        "not_adopted": sum(1 for c in comments if c.answer == PublicComment.Answer.NOT_ADOPTED),
    }
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "legality/portal/comment_detail.html", context, status=status)
