"""Columns of the contract lists."""

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from fazhi.contracts.models import Contract
from fazhi.core.listing import DateColumn, YesNoColumn

STATUS_BADGES = {
    Contract.Status.DRAFTING: "bg-secondary-lt",
    Contract.Status.LEGALITY_REVIEW: "bg-blue-lt",
    Contract.Status.SIGNED: "bg-cyan-lt",
    Contract.Status.FILED: "bg-teal-lt",
    Contract.Status.PERFORMING: "bg-green-lt",
    Contract.Status.DISPUTED: "bg-red-lt",
    Contract.Status.COMPLETED: "bg-green-lt",
    Contract.Status.TERMINATED: "bg-orange-lt",
    Contract.Status.ARCHIVED: "bg-secondary-lt",
}


class FiledOnTimeColumn(tables.Column):
    """按期备案: 是 / 逾期 / — (not filed yet)."""

    def render(self, value: Any) -> str:
        if value:
            return format_html('<span class="badge bg-green-lt">{}</span>', "按期")
        return format_html('<span class="badge bg-red-lt">{}</span>', "逾期")

    def value(self, value: Any) -> str:
        if value is None:
            return ""
        return "按期" if value else "逾期"


class ContractTable(tables.Table):
    title = tables.Column(linkify=("contracts:contract-detail", {"pk": tables.A("pk")}))
    category = tables.Column()
    organization = tables.Column(order_by=("organization__name",))
    counterparty_name = tables.Column()
    amount = tables.Column(attrs={"td": {"class": "text-end"}})
    is_major = YesNoColumn()
    signed_on = DateColumn(format="Y-m-d")
    filed_on = DateColumn(format="Y-m-d")
    filed_on_time = FiledOnTimeColumn(verbose_name="备案情况")
    status = tables.Column()

    class Meta:
        model = Contract
        fields = (
            "title",
            "category",
            "contract_type",
            "organization",
            "counterparty_name",
            "amount",
            "is_major",
            "signed_on",
            "filed_on",
            "filed_on_time",
            "status",
        )
        order_by = ("-signed_on",)
        empty_text = "没有符合条件的合同"

    def render_status(self, value: str, record: Contract) -> str:
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGES.get(record.status, ""), value
        )


class FilingRegisterTable(tables.Table):
    title = tables.Column(linkify=("contracts:contract-detail", {"pk": tables.A("pk")}))
    number = tables.Column()
    organization = tables.Column(order_by=("organization__name",))
    counterparty_name = tables.Column()
    counterparty_uscc = tables.Column()
    amount = tables.Column(attrs={"td": {"class": "text-end"}})
    signed_on = DateColumn(format="Y-m-d")
    filing_due_on = DateColumn(format="Y-m-d")
    filed_on = DateColumn(format="Y-m-d")
    filed_on_time = FiledOnTimeColumn(verbose_name="备案情况")

    class Meta:
        model = Contract
        fields = (
            "title",
            "number",
            "organization",
            "counterparty_name",
            "counterparty_uscc",
            "amount",
            "signed_on",
            "filing_due_on",
            "filed_on",
            "filed_on_time",
        )
        order_by = ("-filed_on",)
        empty_text = "没有符合条件的备案记录"
