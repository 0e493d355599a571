"""To-dos of the legality review: submissions to accept or conclude, returns to complete."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.legality.models import LegalityReview
from fazhi.legality.permissions import (
    can_act_as_submitter,
    can_answer_comments,
    can_review_legality,
)
from fazhi.legality.selectors import comment_list_pending_answer, review_list

MODULE = "合法性审核"


def reviews_waiting(user: Any) -> Iterable[TodoItem]:
    if can_review_legality(user):
        for review in review_list(user).filter(
            status__in=(LegalityReview.Status.SUBMITTED, LegalityReview.Status.UNDER_REVIEW)
        ):
            verb = "受理" if review.status == LegalityReview.Status.SUBMITTED else "出具审核意见"
            yield TodoItem(
                f"{verb}：{review.title}",
                reverse("legality:review-detail", args=[review.pk]),
                MODULE,
                review.due_on,
                review.due_provisional,
            )
    for review in review_list(user).filter(status=LegalityReview.Status.RETURNED):
        if not can_act_as_submitter(user, review):
            continue
        yield TodoItem(
            f"补正送审材料：{review.title}",
            reverse("legality:review-detail", args=[review.pk]),
            MODULE,
        )


def comments_to_answer(user: Any) -> Iterable[TodoItem]:
    """Comment periods of the user's units with comments still unanswered."""
    pending = comment_list_pending_answer(user).select_related("period__organization")
    periods = {comment.period_id: comment.period for comment in pending}
    for period in periods.values():
        if can_answer_comments(user, period):
            yield TodoItem(
                f"答复公众意见：{period.title}",
                reverse("legality:comment-period-detail", args=[period.pk]),
                MODULE,
                period.ends_on,
            )


def register_legality_todos() -> None:
    register_todo_provider("legality.reviews", reviews_waiting)
    register_todo_provider("legality.comments", comments_to_answer)
