"""To-dos of the legal aid centre: applications awaiting a decision or an assignment.

Notices of criminal cases (通知辩护/通知代理) show with the notifying body and the notice's
number, due 3 days after they arrived (法律援助法 art. 36); advance aid (art. 44) awaits its
decision.

Each item links to the application's card, where the step is taken.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.legalservice.aid_selectors import legal_aid_list_awaiting_action
from fazhi.legalservice.models import LegalAidApplication

Aid = LegalAidApplication
MODULE = "法律援助"


def legal_aid_awaiting_action(user: Any) -> Iterable[TodoItem]:
    """Applications to decide (art. 43, 7 days) or to assign (3 days), overdue ones marked."""
    if not (
        getattr(user, "is_authenticated", False)
        and user.has_capability(Capability.MANAGE_LEGAL_SERVICE_NETWORK)
    ):
        return
    today = timezone.localdate()
    for application in legal_aid_list_awaiting_action(user=user):
        if application.status == Aid.Status.GRANTED:
            step, due_on = "待指派", application.assignment_due_on
        elif application.status == Aid.Status.ADVANCED:
            step, due_on = "已先行援助，待审查决定", application.decision_due_on
        else:
            step, due_on = "待审查决定", application.decision_due_on
        late = "（已逾期）" if due_on is not None and due_on < today else ""
        yield TodoItem(
            f"{_subject(application)}{step}{late}：{application.applicant_name}"
            f"（{_detail(application)}）",
            reverse("legalservice:aid-detail", args=[application.pk]),
            MODULE,
            due_on,
        )


def _subject(application: Aid) -> str:
    if not application.is_notified:
        return "法律援助申请"
    if application.notice_ground == Aid.NoticeGround.COMPULSORY_TREATMENT:
        return "通知代理"
    return "通知辩护"


def _detail(application: Aid) -> str:
    """The matter, or for a notice who sent it and its number (arts. 25, 36: 3 days to assign)."""
    if application.is_notified:
        return f"{application.notifying_authority}{application.notice_number}"
    return str(application.get_matter_display())


def register_legal_aid_todos() -> None:
    register_todo_provider("legalservice.legal_aid_awaiting_action", legal_aid_awaiting_action)
