"""Reads of the legality review and the public comment mechanism."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q

from fazhi.legality.models import (
    PASSING_OPINIONS,
    CommentPeriod,
    LegalityReview,
    Opinion,
    PublicComment,
)

OPEN_REVIEW_STATES = (
    LegalityReview.Status.SUBMITTED,
    LegalityReview.Status.RETURNED,
    LegalityReview.Status.UNDER_REVIEW,
)


def _of_subject(queryset: models.QuerySet[Any], subject: models.Model) -> models.QuerySet[Any]:
    return queryset.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )


def review_history_of(subject: models.Model) -> models.QuerySet[LegalityReview]:
    """Every submission of `subject` for review, newest first."""
    return _of_subject(LegalityReview.objects.all(), subject).select_related("reviewer")


def review_latest_of(subject: models.Model) -> LegalityReview | None:
    """The latest submission that was not withdrawn, or None."""
    return review_history_of(subject).exclude(status=LegalityReview.Status.WITHDRAWN).first()


def review_open_of(subject: models.Model) -> LegalityReview | None:
    return review_history_of(subject).filter(status__in=OPEN_REVIEW_STATES).first()


def review_missing_reason(subject: models.Model) -> str | None:
    """Why `subject` has no legality-review opinion it may proceed on, in Chinese; None if it has.

    The opinion must be 合法 or 修改后合法 and must be the latest review: a later resubmission
    replaces an earlier opinion.
    """
    latest = review_latest_of(subject)
    if latest is None:
        return "尚未送司法局合法性审核"
    if latest.status != LegalityReview.Status.CONCLUDED:
        return f"合法性审核尚未出具意见（当前：{latest.get_status_display()}）"
    if latest.opinion not in PASSING_OPINIONS:
        return (
            f"合法性审核意见为“{Opinion(latest.opinion).label}”，"
            "须修改后重新送审并取得“合法”或“修改后合法”的意见"
        )
    return None


def review_list(user: Any) -> models.QuerySet[LegalityReview]:
    return LegalityReview.objects.visible_to(user).select_related(
        "region", "organization", "reviewer"
    )


def review_list_waiting(user: Any) -> models.QuerySet[LegalityReview]:
    """Reviews waiting on the bureau: to accept or to conclude."""
    return review_list(user).filter(
        status__in=(LegalityReview.Status.SUBMITTED, LegalityReview.Status.UNDER_REVIEW)
    )


def review_list_concluded(
    *, region_prefix: str, kind: str, year: int
) -> models.QuerySet[LegalityReview]:
    """Reviews of `kind` concluded within `year` in the region (figures read this)."""
    return LegalityReview.objects.filter(
        region__code__startswith=region_prefix,
        kind=kind,
        status=LegalityReview.Status.CONCLUDED,
        concluded_on__year=year,
    )


def comment_period_latest_of(subject: models.Model) -> CommentPeriod | None:
    return (
        _of_subject(CommentPeriod.objects.all(), subject)
        .annotate(
            received=Count("comments"),
            adopted=Count("comments", filter=Q(comments__answer=PublicComment.Answer.ADOPTED)),
        )
        .first()
    )


def comment_periods_with_counts(queryset: models.QuerySet[CommentPeriod]) -> models.QuerySet[Any]:
    return queryset.annotate(
        received=Count("comments"),
        adopted=Count("comments", filter=Q(comments__answer=PublicComment.Answer.ADOPTED)),
        pending=Count("comments", filter=Q(comments__answer=PublicComment.Answer.PENDING)),
    )


def comment_period_list(user: Any) -> models.QuerySet[Any]:
    return comment_periods_with_counts(
        CommentPeriod.objects.visible_to(user).select_related("region", "organization")
    )


def comment_period_list_public(*, today: datetime.date) -> models.QuerySet[Any]:
    """Drafts on the portal: open for comment today, or closed with the answers published."""
    return comment_periods_with_counts(
        CommentPeriod.objects.filter(
            Q(starts_on__lte=today, ends_on__gte=today) | Q(summary_published_on__isnull=False)
        ).select_related("organization")
    ).order_by("-starts_on", "-pk")


def comment_list_of(period: CommentPeriod) -> models.QuerySet[PublicComment]:
    return period.comments.select_related("answered_by").order_by("submitted_at", "pk")


def comment_list_pending_answer(user: Any) -> models.QuerySet[PublicComment]:
    return PublicComment.objects.visible_to(user).filter(answer=PublicComment.Answer.PENDING)
