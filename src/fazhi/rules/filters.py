"""Filters of the rules lists."""

import django_filters

from fazhi.core.listing import ListFilterSet, YesNoFilter
from fazhi.rules.models import PrecheckRule


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
