"""Columns of the legality review and comment-period lists."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.deadlines import DEADLINE_STATE_LABELS, DeadlineState, deadline_state
from fazhi.legality.models import CommentPeriod, LegalityReview

REVIEW_STATUS_BADGES = {
    LegalityReview.Status.SUBMITTED: "bg-blue-lt",
    LegalityReview.Status.RETURNED: "bg-orange-lt",
    LegalityReview.Status.UNDER_REVIEW: "bg-azure-lt",
    LegalityReview.Status.CONCLUDED: "bg-green-lt",
    LegalityReview.Status.WITHDRAWN: "bg-secondary-lt",
}


LATE_STATES = frozenset({DeadlineState.OVERDUE, DeadlineState.DONE_LATE})


def review_deadline_label(review: LegalityReview) -> str:
    """正常 / 即将到期 / 已逾期 / 按期办结 / 逾期办结, or "" before acceptance."""
    if review.due_on is None or review.status not in (
        LegalityReview.Status.UNDER_REVIEW,
        LegalityReview.Status.CONCLUDED,
    ):
        return ""
    state = deadline_state(review.due_on, today=timezone.localdate(), done_on=review.concluded_on)
    return DEADLINE_STATE_LABELS[state]


class ReviewTable(tables.Table):
    title = tables.Column(linkify=("legality:review-detail", {"pk": tables.A("pk")}))
    organization = tables.Column(order_by=("organization__name",))
    status = tables.Column()
    deadline = tables.Column(verbose_name="期限状态", empty_values=(), orderable=False)

    class Meta:
        model = LegalityReview
        fields = (
            "title",
            "kind",
            "organization",
            "submitted_on",
            "accepted_on",
            "due_on",
            "status",
            "opinion",
            "concluded_on",
            "working_days_used",
            "deadline",
        )
        order_by = ("-submitted_on",)
        empty_text = "没有符合条件的合法性审核"

    def render_status(self, value: str, record: LegalityReview) -> str:
        return format_html(
            '<span class="badge {}">{}</span>', REVIEW_STATUS_BADGES.get(record.status, ""), value
        )

    def render_deadline(self, record: LegalityReview) -> str:
        label = review_deadline_label(record)
        if not label:
            return "—"
        late = label in {DEADLINE_STATE_LABELS[state] for state in LATE_STATES}
        return format_html(
            '<span class="badge {}">{}</span>', "bg-red-lt" if late else "bg-green-lt", label
        )

    def value_deadline(self, record: LegalityReview) -> str:
        return review_deadline_label(record)


class CommentPeriodTable(tables.Table):
    title = tables.Column(linkify=("legality:comment-period-detail", {"pk": tables.A("pk")}))
    organization = tables.Column(order_by=("organization__name",))
    received = tables.Column(verbose_name="收到意见")
    adopted = tables.Column(verbose_name="采纳")
    pending = tables.Column(verbose_name="待答复")
    summary_published_on = tables.Column(verbose_name="公布采纳情况")

    class Meta:
        model = CommentPeriod
        fields = (
            "title",
            "kind",
            "organization",
            "starts_on",
            "ends_on",
            "received",
            "adopted",
            "pending",
            "summary_published_on",
        )
        order_by = ("-starts_on",)
        empty_text = "没有符合条件的征求意见"
