"""Filters of the rules lists."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest

from fazhi.core.listing import ListFilterSet, YesNoFilter
from fazhi.core.models import Organization
from fazhi.rules.models import DraftingPlan, NormativeDocument, PrecheckRule
from fazhi.rules.selectors import IN_FORCE_STATES


class PrecheckRuleFilterSet(ListFilterSet):
    search_fields = ("code", "name", "explanation", "legal_basis")
    search_placeholder = "编号、名称、说明或依据"

    category = django_filters.ChoiceFilter(
        label="类别", choices=PrecheckRule.Category.choices, empty_label="全部类别"
    )
    enabled = YesNoFilter(label="启用", yes="已启用", no="已停用", empty_label="启用与停用")

    class Meta:
        model = PrecheckRule
        fields = ("q", "category", "enabled")


def _document_units(request: HttpRequest | None, field: str) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    units = NormativeDocument.objects.visible_to(request.user).values(field)
    return Organization.objects.filter(pk__in=units).order_by("code")


def _issuers(request: HttpRequest | None) -> QuerySet[Organization]:
    return _document_units(request, "issuer")


def _drafting_units(request: HttpRequest | None) -> QuerySet[Organization]:
    return _document_units(request, "organization")


class FiledLateFilter(YesNoFilter):
    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        late = Q(filed_on__gt=F("filing_due_on"))
        if value == self.YES:
            return qs.filter(late)
        return qs.filter(filed_on__isnull=False).exclude(late)


class DocumentFilterSet(ListFilterSet):
    search_fields = ("title", "doc_number", "registration_number")
    search_placeholder = "文件名称、文号或登记号"

    issuer = django_filters.ModelChoiceFilter(label="制定机关", queryset=_issuers)
    organization = django_filters.ModelChoiceFilter(label="起草单位", queryset=_drafting_units)
    level = django_filters.ChoiceFilter(
        label="文件类别", choices=NormativeDocument.Level.choices, empty_label="全部类别"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=NormativeDocument.Status.choices, empty_label="全部状态"
    )
    year = django_filters.NumberFilter(
        label="签发年度", field_name="signed_on", lookup_expr="year", min_value=1949
    )
    in_force_on = django_filters.DateFilter(
        label="在某日有效", method="filter_in_force_on", widget=forms.DateInput({"type": "date"})
    )
    filed_late = FiledLateFilter(label="备案逾期", yes="逾期备案", no="按期备案")

    class Meta:
        model = NormativeDocument
        fields = (
            "q",
            "issuer",
            "organization",
            "level",
            "status",
            "year",
            "in_force_on",
            "filed_late",
        )

    def filter_in_force_on(
        self, queryset: QuerySet[Any], name: str, value: datetime.date
    ) -> QuerySet[Any]:
        return queryset.filter(
            status__in=IN_FORCE_STATES, effective_on__lte=value, valid_until__gte=value
        )


class PlanFilterSet(ListFilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year")
    status = django_filters.ChoiceFilter(
        label="状态", choices=DraftingPlan.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = DraftingPlan
        fields = ("year", "status")
