from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.reports.selectors import (
    narrative_item_list_awaiting_review,
    narrative_item_list_returned,
)


def narrative_items_to_review(user: Any) -> Iterable[TodoItem]:
    """Submitted report passages wait on the bureau's reviewers."""
    if not user.has_capability(Capability.REVIEW_NARRATIVE):
        return
    for item in narrative_item_list_awaiting_review(user=user):
        yield TodoItem(
            title=f"审核报告素材：{item.title}（{item.organization}）",
            url=reverse("reports:narrative-detail", args=[item.pk]),
            module="年度报告",
        )


def narrative_items_to_revise(user: Any) -> Iterable[TodoItem]:
    """Returned passages wait on their authors."""
    if not user.has_capability(Capability.WRITE_NARRATIVE):
        return
    for item in narrative_item_list_returned(user=user):
        yield TodoItem(
            title=f"修改退回的报告素材：{item.title}",
            url=reverse("reports:narrative-detail", args=[item.pk]),
            module="年度报告",
        )


def register_reports_todos() -> None:
    register_todo_provider("reports.narrative_review", narrative_items_to_review)
    register_todo_provider("reports.narrative_revise", narrative_items_to_revise)
