"""Filters of the legality lists."""

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from fazhi.core.listing import ListFilterSet, YesNoFilter
from fazhi.core.models import Organization
from fazhi.legality.models import CommentPeriod, LegalityReview, SubjectKind


def _review_organizations(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    units = LegalityReview.objects.visible_to(request.user).values("organization")
    return Organization.objects.filter(pk__in=units).order_by("code")


def _period_organizations(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    units = CommentPeriod.objects.visible_to(request.user).values("organization")
    return Organization.objects.filter(pk__in=units).order_by("code")


def overdue_condition(today: Any) -> Q:
    """Open reviews past their deadline, and reviews concluded after it."""
    return Q(status=LegalityReview.Status.UNDER_REVIEW, due_on__lt=today) | Q(
        status=LegalityReview.Status.CONCLUDED, concluded_on__gt=F("due_on")
    )


class OverdueFilter(YesNoFilter):
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        condition = overdue_condition(timezone.localdate())
        return qs.filter(condition) if value == self.YES else qs.exclude(condition)


class PublishedFilter(YesNoFilter):
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        return qs.filter(summary_published_on__isnull=value != self.YES)


class ReviewFilterSet(ListFilterSet):
    search_fields = ("title", "organization__name", "opinion_text")
    search_placeholder = "名称、送审单位或意见内容"

    kind = django_filters.ChoiceFilter(label="审核对象", choices=SubjectKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=LegalityReview.Status.choices)
    organization = django_filters.ModelChoiceFilter(
        label="送审单位", queryset=_review_organizations
    )
    overdue = OverdueFilter(label="超期")
    year = django_filters.NumberFilter(label="送审年度", field_name="submitted_on__year")

    class Meta:
        model = LegalityReview
        fields = ("q", "kind", "status", "organization", "overdue", "year")


class CommentPeriodFilterSet(ListFilterSet):
    search_fields = ("title", "organization__name")
    search_placeholder = "征求意见稿名称或起草单位"

    kind = django_filters.ChoiceFilter(label="事项类别", choices=SubjectKind.choices)
    organization = django_filters.ModelChoiceFilter(
        label="起草单位", queryset=_period_organizations
    )
    year = django_filters.NumberFilter(label="年度", field_name="starts_on__year")
    summary_published = PublishedFilter(label="已公布采纳情况")

    class Meta:
        model = CommentPeriod
        fields = ("q", "kind", "organization", "year", "summary_published")
