"""To-dos of community corrections: open alerts, and applications waiting for the user's tier."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.corrections.selectors import alert_list_open

MODULE = "社区矫正"


def corrections_open_alerts(user: Any) -> Iterable[TodoItem]:
    """Each open alert in the user's scope: it stays until closed with an outcome."""
    if not (
        getattr(user, "is_authenticated", False)
        and user.has_any_capability(Capability.SUPERVISE_CORRECTIONS, Capability.MANAGE_CORRECTIONS)
    ):
        return
    for alert in alert_list_open(user=user).order_by("raised_at", "pk")[:50]:
        yield TodoItem(
            f"监管预警待处置：{alert.subject.display_name}（{alert.get_kind_display()}）",
            reverse("corrections:alert-list") + f"?status=open#alert-{alert.pk}",
            MODULE,
            alert.raised_at.date(),
        )


def register_corrections_todos() -> None:
    register_todo_provider("corrections.open_alerts", corrections_open_alerts)
