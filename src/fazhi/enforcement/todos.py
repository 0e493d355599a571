"""To-dos of the officer register: certificates whose annual review (年审) is due soon or late."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.enforcement.permissions import can_manage_officers
from fazhi.enforcement.selectors import certificates_review_due

MODULE = "行政执法"


def certificates_due_for_review(user: Any) -> Iterable[TodoItem]:
    if not can_manage_officers(user):
        return
    today = timezone.localdate()
    for certificate in certificates_review_due(user=user, today=today):
        late = (
            "已逾期"
            if certificate.next_review_due_on and certificate.next_review_due_on < today
            else "将到期"
        )
        yield TodoItem(
            f"执法证年审{late}：{certificate.officer.name}（{certificate.number}）",
            reverse("enforcement:officer-detail", args=[certificate.officer_id]),
            MODULE,
            certificate.next_review_due_on,
        )


def register_enforcement_todos() -> None:
    register_todo_provider("enforcement.certificates_review_due", certificates_due_for_review)
