"""To-dos of major decisions: proposals the bureau must handle, procedures the lead unit runs."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from fazhi.core.roles import Capability
from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.decisions.models import MajorDecision
from fazhi.decisions.permissions import can_compile_catalog, can_handle_decision
from fazhi.decisions.selectors import (
    decision_comment_period,
    decision_list_in_progress,
    decision_missing_steps,
    proposal_list_waiting,
)

MODULE = "重大行政决策"


def proposals_to_compile(user: Any) -> Iterable[TodoItem]:
    """Proposals waiting on the bureau to be included in the catalog or rejected."""
    if not user.has_capability(Capability.REVIEW_LEGALITY):
        return
    for proposal in proposal_list_waiting(user=user):
        if not can_compile_catalog(user, proposal.catalog.region):
            continue
        yield TodoItem(
            title=f"编制决策事项目录：{proposal.title}（{proposal.organization}建议）",
            url=reverse("decisions:catalog-detail", args=[proposal.catalog_id]),
            module=MODULE,
        )


def decisions_to_carry_on(user: Any) -> Iterable[TodoItem]:
    """The lead unit's decisions: steps still missing, ready for discussion, or to publish."""
    if not user.has_capability(Capability.HANDLE_DECISIONS):
        return
    for decision in decision_list_in_progress(user=user):
        if not can_handle_decision(user, decision):
            continue
        url = reverse("decisions:decision-detail", args=[decision.pk])
        if decision.status == MajorDecision.Status.DECIDED:
            yield TodoItem(f"公布决策：{decision.title}", url, MODULE)
            continue
        period = decision_comment_period(decision)
        missing = decision_missing_steps(decision)
        if missing:
            due_on = period.ends_on if period is not None else None
            yield TodoItem(
                f"履行决策程序：{decision.title}（尚缺：{'、'.join(missing)}）", url, MODULE, due_on
            )
        else:
            yield TodoItem(f"提交集体讨论决定：{decision.title}", url, MODULE)


def register_decisions_todos() -> None:
    register_todo_provider("decisions.proposals", proposals_to_compile)
    register_todo_provider("decisions.procedures", decisions_to_carry_on)
