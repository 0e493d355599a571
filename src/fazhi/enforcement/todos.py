"""To-dos of the officer register: certificates whose annual review (年审) is due soon or late."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from fazhi.core.todos import TodoItem, register_todo_provider
from fazhi.enforcement.models.reviews import RectificationNotice, ScoreSheet
from fazhi.enforcement.models.supervision import SupervisionDecision, SupervisionOpinion
from fazhi.enforcement.permissions import (
    can_answer_supervision,
    can_manage_officers,
    can_review_case_files,
    can_submit_case_files,
    can_supervise_enforcement,
    may_answer_for,
)
from fazhi.enforcement.selectors import (
    certificates_review_due,
    supervision_decision_list,
    supervision_opinion_list,
)

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


def supervision_answers_due(user: Any) -> Iterable[TodoItem]:
    """The department's supervision opinions to correct and decisions to report on."""
    if not can_answer_supervision(user):
        return
    open_opinions = (SupervisionOpinion.Status.ISSUED, SupervisionOpinion.Status.OVERDUE)
    for opinion in supervision_opinion_list(user=user).filter(status__in=open_opinions):
        if may_answer_for(user, opinion.department):
            yield TodoItem(
                f"监督意见书待整改：{opinion.number}",
                reverse("enforcement:supervision-opinion-detail", args=[opinion.pk]),
                MODULE,
                opinion.correction_due_on,
            )
    open_decisions = (SupervisionDecision.Status.ISSUED, SupervisionDecision.Status.OVERDUE)
    for decision in supervision_decision_list(user=user).filter(status__in=open_decisions):
        if may_answer_for(user, decision.opinion.department):
            yield TodoItem(
                f"监督决定书待报告执行：{decision.number}",
                reverse("enforcement:supervision-opinion-detail", args=[decision.opinion_id]),
                MODULE,
                decision.report_due_on,
            )


def supervision_follow_ups(user: Any) -> Iterable[TodoItem]:
    """The bureau's follow-ups: reports to check, overdue opinions to escalate (art. 29)."""
    if not can_supervise_enforcement(user):
        return
    titles = {
        SupervisionOpinion.Status.REPORTED: "整改情况待验收",
        SupervisionOpinion.Status.OVERDUE: "逾期未整改，应制发监督决定书",
    }
    for opinion in supervision_opinion_list(user=user).filter(status__in=list(titles)):
        yield TodoItem(
            f"{titles[opinion.status]}：{opinion.department.name}（{opinion.number}）",
            reverse("enforcement:supervision-opinion-detail", args=[opinion.pk]),
            MODULE,
            opinion.correction_due_on,
        )
    decision_titles = {
        SupervisionDecision.Status.REPORTED: "执行情况待确认",
        SupervisionDecision.Status.OVERDUE: "监督决定书逾期未报告执行",
    }
    decisions = supervision_decision_list(user=user).filter(status__in=list(decision_titles))
    for decision in decisions:
        yield TodoItem(
            f"{decision_titles[decision.status]}：{decision.opinion.department.name}"
            f"（{decision.number}）",
            reverse("enforcement:supervision-opinion-detail", args=[decision.opinion_id]),
            MODULE,
            decision.report_due_on,
        )


def case_file_review_todos(user: Any) -> Iterable[TodoItem]:
    """Sheets waiting on a reviewer; notices waiting on a department or on the bureau's re-check.

    Notices past their deadline are escalated (督办) to the bureau and flagged to the department.
    """
    if not getattr(user, "is_authenticated", False):
        return
    today = timezone.localdate()
    sheets = ScoreSheet.objects.filter(
        reviewer__user=user, status=ScoreSheet.Status.DRAFT
    ).select_related("batch_file__case_file", "batch_file__batch")
    for sheet in sheets:
        yield TodoItem(
            f"案卷评查待评分：{sheet.batch_file.case_file}（{sheet.batch_file.batch}）",
            reverse("enforcement:score-sheet", args=[sheet.pk]),
            MODULE,
        )
    if not (can_review_case_files(user) or can_submit_case_files(user)):
        return
    open_states = [RectificationNotice.Status.ISSUED, RectificationNotice.Status.RETURNED]
    notices = RectificationNotice.objects.visible_to(user).select_related("organization")
    for notice in notices.exclude(status=RectificationNotice.Status.CLOSED):
        url = reverse("enforcement:rectification-detail", args=[notice.pk])
        overdue = notice.status in open_states and notice.due_on < today
        if can_submit_case_files(user) and notice.status in open_states:
            late = "（已逾期）" if overdue else ""
            yield TodoItem(f"案卷评查问题待整改{late}：{notice}", url, MODULE, notice.due_on)
        elif can_review_case_files(user) and notice.status == RectificationNotice.Status.RESPONDED:
            yield TodoItem(f"案卷评查整改待复查：{notice}", url, MODULE)
        elif can_review_case_files(user) and overdue:
            yield TodoItem(f"整改逾期督办：{notice}", url, MODULE, notice.due_on)


def register_enforcement_todos() -> None:
    register_todo_provider("enforcement.certificates_review_due", certificates_due_for_review)
    register_todo_provider("enforcement.supervision_answers", supervision_answers_due)
    register_todo_provider("enforcement.supervision_follow_ups", supervision_follow_ups)
    register_todo_provider("enforcement.case_file_reviews", case_file_review_todos)
