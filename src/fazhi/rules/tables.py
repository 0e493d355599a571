"""Columns of the rules lists."""

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from fazhi.core.listing import YesNoColumn
from fazhi.rules.models import DraftingPlan, NormativeDocument, PlanItem, PrecheckRule


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


DOCUMENT_STATUS_BADGES = {
    NormativeDocument.Status.DRAFTING: "bg-secondary-lt",
    NormativeDocument.Status.PUBLIC_COMMENT: "bg-azure-lt",
    NormativeDocument.Status.FAIR_COMPETITION: "bg-azure-lt",
    NormativeDocument.Status.LEGALITY_REVIEW: "bg-blue-lt",
    NormativeDocument.Status.DELIBERATION: "bg-indigo-lt",
    NormativeDocument.Status.ISSUED: "bg-purple-lt",
    NormativeDocument.Status.PUBLISHED: "bg-green-lt",
    NormativeDocument.Status.FILED: "bg-green-lt",
    NormativeDocument.Status.AMENDED: "bg-orange-lt",
    NormativeDocument.Status.REPEALED: "bg-red-lt",
    NormativeDocument.Status.EXPIRED: "bg-secondary-lt",
}

PLAN_ITEM_STATUS_BADGES = {
    PlanItem.Status.PROPOSED: "bg-blue-lt",
    PlanItem.Status.REJECTED: "bg-secondary-lt",
    PlanItem.Status.PLANNED: "bg-azure-lt",
    PlanItem.Status.DRAFTING: "bg-indigo-lt",
    PlanItem.Status.ISSUED: "bg-green-lt",
    PlanItem.Status.DROPPED: "bg-red-lt",
}


def _badge(css: str, label: str) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


class FiledLateColumn(tables.Column):
    """逾期 / 按期 for a filed document; blank until it is filed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", "备案是否逾期")
        kwargs.setdefault("accessor", tables.A("filed_late"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        if value is None:
            return "—"
        return _badge("bg-red-lt", "逾期") if value else _badge("bg-green-lt", "按期")

    def value(self, value: Any) -> str:
        if value is None:
            return ""
        return "逾期" if value else "按期"


class DocumentTable(tables.Table):
    title = tables.Column(linkify=("rules:document-detail", {"pk": tables.A("pk")}))
    issuer = tables.Column(order_by=("issuer__name",))
    organization = tables.Column(order_by=("organization__name",))
    status = tables.Column()
    filed_late = FiledLateColumn()

    class Meta:
        model = NormativeDocument
        fields = (
            "title",
            "issuer",
            "organization",
            "level",
            "doc_number",
            "registration_number",
            "signed_on",
            "published_on",
            "effective_on",
            "valid_until",
            "filing_due_on",
            "filed_on",
            "filed_late",
            "status",
        )
        order_by = ("-signed_on",)
        empty_text = "没有符合条件的规范性文件"

    def render_status(self, value: str, record: NormativeDocument) -> str:
        return _badge(DOCUMENT_STATUS_BADGES.get(record.status, ""), value)

    def value_status(self, value: str) -> str:
        return value


class PlanTable(tables.Table):
    year = tables.Column(linkify=("rules:plan-detail", {"pk": tables.A("pk")}))
    region = tables.Column(order_by=("region__code",))
    item_count = tables.Column(verbose_name="项目数")
    issued_count = tables.Column(verbose_name="已印发")

    class Meta:
        model = DraftingPlan
        fields = ("year", "region", "status", "published_on", "item_count", "issued_count")
        order_by = ("-year",)
        empty_text = "还没有制定计划"

    def render_year(self, value: int) -> str:
        return f"{value}年度"
