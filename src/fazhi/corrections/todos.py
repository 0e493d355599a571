"""To-dos of community corrections: open alerts, transfers, and monthly hours that fall short."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.corrections.selectors import alert_list_open
from fazhi.corrections.selectors.education import hours_shortfalls
from fazhi.corrections.selectors.transfers import (
    transfer_list_awaiting_handover,
    transfer_list_reports_late,
)

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


def _on_corrections_desk(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_any_capability(Capability.SUPERVISE_CORRECTIONS, Capability.MANAGE_CORRECTIONS)
    )


def _subject_url(subject_id: int) -> str:
    return reverse("corrections:subject-detail", args=[subject_id])


def corrections_transfers(user: Any) -> Iterable[TodoItem]:
    """Transfers to hand over (the county body), and reports at the new place past due.

    The late report shows to whoever supervises the subject now: after the handover, the new
    place's office and body.
    """
    if not _on_corrections_desk(user):
        return
    awaiting = (
        transfer_list_awaiting_handover(user=user)[:50]
        if user.has_capability(Capability.MANAGE_CORRECTIONS)
        else []
    )
    for transfer in awaiting:
        yield TodoItem(
            f"变更执行地待通知新执行地并移交档案：{transfer.subject.display_name}"
            f"（至{transfer.to_region.name}）",
            _subject_url(transfer.subject_id),
            MODULE,
            transfer.handover_due_on,
        )
    for transfer in transfer_list_reports_late(user=user, on=timezone.localdate())[:50]:
        yield TodoItem(
            f"变更执行地逾期未报到：{transfer.subject.display_name}"
            f"（应于{transfer.report_due_on:%Y-%m-%d}前到{transfer.to_office.name}报到）",
            _subject_url(transfer.subject_id),
            MODULE,
            transfer.report_due_on,
        )


def corrections_hours_shortfalls(user: Any) -> Iterable[TodoItem]:
    """Subjects whose education or public-interest hours of last month fell short."""
    if not _on_corrections_desk(user):
        return
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    for row in hours_shortfalls(user=user, month=last_month, today=today)[:50]:
        yield TodoItem(
            f"{row.month:%Y年%m月}{row.shortfall_label}：{row.subject.display_name}",
            _subject_url(row.subject.pk),
            MODULE,
            today,
        )


def register_corrections_todos() -> None:
    register_todo_provider("corrections.open_alerts", corrections_open_alerts)
    register_todo_provider("corrections.transfers", corrections_transfers)
    register_todo_provider("corrections.hours_shortfalls", corrections_hours_shortfalls)
