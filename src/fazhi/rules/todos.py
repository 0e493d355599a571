"""To-dos of normative documents: filings due, evaluations due, proposals to decide."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.rules.models import NormativeDocument, PlanItem
from fazhi.rules.permissions import can_compile_plans, can_draft_documents, can_draft_for
from fazhi.rules.selectors import document_list, document_list_expiring

MODULE = "规范性文件"


def _document_url(document: NormativeDocument) -> str:
    return reverse("rules:document-detail", args=[document.pk])


def drafting_unit_todos(user: Any) -> Iterable[TodoItem]:
    if not can_draft_documents(user):
        return
    today = timezone.localdate()
    unfiled = document_list(user=user).filter(
        status=NormativeDocument.Status.PUBLISHED, filed_on__isnull=True
    )
    for document in unfiled:
        if can_draft_for(user, document.organization):
            yield TodoItem(
                f"报送备案：{document.title}",
                _document_url(document),
                MODULE,
                document.filing_due_on,
            )
    for document in document_list_expiring(user=user, on=today):
        if can_draft_for(user, document.organization):
            yield TodoItem(
                f"到期前评估：{document.title}",
                _document_url(document),
                MODULE,
                document.valid_until,
            )


def bureau_todos(user: Any) -> Iterable[TodoItem]:
    if not can_compile_plans(user):
        return
    proposals = PlanItem.objects.visible_to(user).filter(status=PlanItem.Status.PROPOSED)
    for item in proposals.select_related("plan"):
        yield TodoItem(
            f"处理制定计划申报：{item.title}",
            reverse("rules:plan-detail", args=[item.plan_id]),
            MODULE,
        )


def register_rules_todos() -> None:
    register_todo_provider("rules.drafting_units", drafting_unit_todos)
    register_todo_provider("rules.bureau", bureau_todos)
