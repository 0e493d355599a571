"""Columns of the rules lists."""

import django_tables2 as tables
from django.utils.html import format_html

from fazhi.core.listing import YesNoColumn
from fazhi.rules.models import PrecheckRule


class PrecheckRuleTable(tables.Table):
    code = tables.Column(
        linkify=("rules:precheck-rule-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap"}},
    )
    name = tables.Column()
    category = tables.Column()
    legal_basis = tables.Column()
    enabled = YesNoColumn()

    class Meta:
        model = PrecheckRule
        fields = ("order", "code", "name", "category", "legal_basis", "enabled", "updated_at")
        order_by = ("order", "code")
        empty_text = "没有符合条件的预审规则"

    def render_code(self, value: str) -> str:
        return format_html('<span class="font-monospace">{}</span>', value)
