"""Filters of the rules lists."""

import django_filters
from django.db.models import QuerySet

from fazhi.core.listing import ListFilterSet
from fazhi.rules.models import PrecheckRule


class PrecheckRuleFilterSet(ListFilterSet):
    search_fields = ("code", "name", "explanation", "legal_basis")
    search_placeholder = "编号、名称、说明或依据"

    category = django_filters.ChoiceFilter(
        label="类别", choices=PrecheckRule.Category.choices, empty_label="全部类别"
    )
    enabled = django_filters.ChoiceFilter(
        label="启用",
        choices=[("true", "已启用"), ("false", "已停用")],
        empty_label="启用与停用",
        method="filter_enabled",
    )

    class Meta:
        model = PrecheckRule
        fields = ("q", "category", "enabled")

    def filter_enabled(
        self, queryset: QuerySet[PrecheckRule], name: str, value: str
    ) -> QuerySet[PrecheckRule]:
        return queryset.filter(enabled=value == "true") if value else queryset
