"""To-dos of certificate-free services.

Assisted requests to answer, lookups that gave up, spot checks to finish, corrections falling
due, and (for the bureau) assisted requests past their deadline.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.proofs.models import SpotCheck, Verification
from fazhi.proofs.selectors import (
    assisted_overdue,
    assisted_requests_for,
    corrections_due,
    spot_check_list,
    verifications_needing_clerk,
)

MODULE = "证明事项"


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def assisted_to_answer(user: Any) -> Iterable[TodoItem]:
    if not _holds(user, Capability.HANDLE_SERVICE_APPLICATIONS):
        return
    pending = assisted_requests_for(user=user).filter(status=Verification.Status.PENDING)
    for verification in pending:
        late = "（已逾期，督办）" if verification.escalated_on else ""
        application = verification.proof.application
        yield TodoItem(
            f"协助核查{late}：{application.organization.name}—{verification.proof.version.name}",
            reverse("proofs:assisted-detail", args=[verification.pk]),
            MODULE,
            verification.due_on,
            verification.due_provisional,
        )


def lookups_given_up(user: Any) -> Iterable[TodoItem]:
    if not _holds(user, Capability.HANDLE_SERVICE_APPLICATIONS):
        return
    for verification in verifications_needing_clerk(user=user):
        application = verification.proof.application
        yield TodoItem(
            f"数据核查未果，请改用协助核查或纸质证明：{application.number}",
            reverse("proofs:application-detail", args=[application.pk]),
            MODULE,
        )


def spot_checks_open(user: Any) -> Iterable[TodoItem]:
    if not _holds(user, Capability.HANDLE_SERVICE_APPLICATIONS):
        return
    for spot_check in spot_check_list(user=user).exclude(status=SpotCheck.Status.CLOSED):
        action = "待抽取" if spot_check.status == SpotCheck.Status.ANNOUNCED else "待完成核查"
        yield TodoItem(
            f"告知承诺事后抽查{action}：{spot_check}",
            reverse("proofs:spot-check-detail", args=[spot_check.pk]),
            MODULE,
        )


def corrections_falling_due(user: Any) -> Iterable[TodoItem]:
    if not _holds(user, Capability.HANDLE_SERVICE_APPLICATIONS):
        return
    for record in corrections_due(user=user):
        yield TodoItem(
            f"不实承诺整改期限届满后确认整改情况：{record.application.number}",
            reverse("proofs:false-commitment-detail", args=[record.pk]),
            MODULE,
            record.correction_due_on,
        )


def overdue_for_bureau(user: Any) -> Iterable[TodoItem]:
    """The bureau sees every overdue assisted request in its region, by department."""
    if not _holds(user, Capability.REVIEW_PROOF_CATALOG):
        return
    for verification in assisted_overdue(user=user, today=timezone.localdate()):
        yield TodoItem(
            f"协助核查逾期未答复：{verification.requested_organization}"
            f"（{verification.proof.application.organization.name}请求）",
            reverse("proofs:dashboard"),
            MODULE,
            verification.due_on,
        )


def register_proofs_todos() -> None:
    register_todo_provider("proofs.assisted_to_answer", assisted_to_answer)
    register_todo_provider("proofs.lookups_given_up", lookups_given_up)
    register_todo_provider("proofs.spot_checks_open", spot_checks_open)
    register_todo_provider("proofs.corrections_due", corrections_falling_due)
    register_todo_provider("proofs.assisted_overdue", overdue_for_bureau)
