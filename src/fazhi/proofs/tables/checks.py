"""Columns of the spot-check and untrue-commitment lists."""

from typing import Any

import django_tables2 as tables

from fazhi.core.listing import YesNoColumn
from fazhi.proofs.models import FalseCommitment, SpotCheck


class SpotCheckTable(tables.Table):
    period = tables.Column(
        verbose_name="承诺签署期间",
        accessor="period_start",
        linkify=("proofs:spot-check-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap spot-check-row"}},
    )
    organization = tables.Column(
        accessor="organization__name",
        verbose_name="抽查单位",
        linkify=("proofs:spot-check-detail", {"pk": tables.A("pk")}),
    )
    population = tables.Column(
        accessor="draw__population_size", verbose_name="承诺总数", orderable=False
    )
    sampled = tables.Column(accessor="draw__selected_keys", verbose_name="抽中", orderable=False)

    class Meta:
        model = SpotCheck
        fields = ("organization", "period", "population", "sampled", "status", "closed_on")
        order_by = ("-period",)
        empty_text = "还没有事后抽查"

    def render_period(self, record: SpotCheck) -> str:
        return f"{record.period_start:%Y-%m-%d}至{record.period_end:%Y-%m-%d}"

    def value_period(self, record: SpotCheck) -> str:
        return self.render_period(record)

    def render_sampled(self, record: SpotCheck) -> str:
        if record.status == SpotCheck.Status.ANNOUNCED:
            return "待抽取"
        return f"{len(record.draw.selected_keys)}件"

    def value_sampled(self, record: SpotCheck) -> Any:
        return self.render_sampled(record)


class FalseCommitmentTable(tables.Table):
    credit_record = tables.Column(
        linkify=("proofs:false-commitment-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap false-commitment-row"}},
    )
    applicant = tables.Column(accessor="application__applicant_name", verbose_name="申请人")
    application = tables.Column(accessor="application__number", verbose_name="办件编号")
    organization = tables.Column(
        accessor="application__organization__name", verbose_name="受理单位"
    )
    proof = tables.Column(accessor="proof__version__name", verbose_name="证明名称")
    barred = YesNoColumn(verbose_name="申请人仍不适用告知承诺", orderable=False)

    class Meta:
        model = FalseCommitment
        fields = (
            "credit_record",
            "applicant",
            "application",
            "organization",
            "proof",
            "found_on",
            "measure",
            "correction_due_on",
            "status",
            "credit_repaired_on",
            "barred",
        )
        order_by = ("-found_on",)
        empty_text = "没有认定的不实承诺"
