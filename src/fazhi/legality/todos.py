"""To-dos of the legality review: submissions to accept or conclude, returns to complete."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.legality.models import LegalityReview
from fazhi.legality.permissions import can_act_as_submitter, can_review_legality
from fazhi.legality.selectors import review_list

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


def register_legality_todos() -> None:
    register_todo_provider("legality.reviews", reviews_waiting)
