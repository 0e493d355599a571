"""Columns of the decisions lists."""

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from fazhi.decisions.models import DecisionCatalog, DecisionProposal, MajorDecision

STATUS_BADGES = {
    MajorDecision.Status.DRAFTING: "bg-blue-lt",
    MajorDecision.Status.DECIDED: "bg-teal-lt",
    MajorDecision.Status.NOT_ADOPTED: "bg-red-lt",
    MajorDecision.Status.DEFERRED: "bg-orange-lt",
    MajorDecision.Status.PUBLISHED: "bg-green-lt",
    MajorDecision.Status.IMPLEMENTING: "bg-green-lt",
    MajorDecision.Status.SUSPENDED: "bg-orange-lt",
    MajorDecision.Status.EVALUATED: "bg-green-lt",
    MajorDecision.Status.ADJUSTED: "bg-purple-lt",
    MajorDecision.Status.WITHDRAWN: "bg-secondary-lt",
    MajorDecision.Status.ARCHIVED: "bg-secondary-lt",
}


class DecisionTable(tables.Table):
    title = tables.Column(linkify=("decisions:decision-detail", {"pk": tables.A("pk")}))
    organization = tables.Column(order_by=("organization__name",))
    status = tables.Column()

    class Meta:
        model = MajorDecision
        fields = (
            "title",
            "organization",
            "year",
            "status",
            "started_on",
            "decided_on",
            "outcome",
            "published_on",
            "doc_number",
        )
        order_by = ("-year", "-started_on")
        empty_text = "没有符合条件的重大行政决策"

    def render_status(self, value: str, record: MajorDecision) -> Any:
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGES.get(record.status, ""), value
        )


class CatalogTable(tables.Table):
    title = tables.Column(linkify=("decisions:catalog-detail", {"pk": tables.A("pk")}))
    region = tables.Column(order_by=("region__code",))
    included = tables.Column(verbose_name="列入事项", orderable=False)
    pending = tables.Column(verbose_name="待处理建议", orderable=False)

    class Meta:
        model = DecisionCatalog
        fields = (
            "title",
            "region",
            "year",
            "status",
            "included",
            "pending",
            "adopted_on",
            "adopted_document",
            "published_on",
        )
        order_by = ("-year",)
        empty_text = "还没有决策事项目录"


class ProposalTable(tables.Table):
    title = tables.Column(
        linkify=lambda record: (
            reverse("decisions:catalog-detail", args=[record.catalog_id]) + f"#proposal-{record.pk}"
        )
    )
    catalog = tables.Column(order_by=("catalog__year",))
    organization = tables.Column(order_by=("organization__name",))
    lead_organization = tables.Column(order_by=("lead_organization__name",))

    class Meta:
        model = DecisionProposal
        fields = (
            "title",
            "catalog",
            "organization",
            "lead_organization",
            "status",
            "proposed_on",
            "included_on",
            "is_addition",
        )
        order_by = ("-proposed_on",)
        empty_text = "没有决策事项建议"
