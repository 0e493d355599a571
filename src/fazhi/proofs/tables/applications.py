"""Columns and filters of the application (办件) list and the assisted-request inbox."""

from typing import Any

import django_filters
import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.listing import ListFilterSet
from fazhi.proofs import selectors
from fazhi.proofs.models import ServiceApplication, Verification


class ApplicationTable(tables.Table):
    number = tables.Column(
        linkify=("proofs:application-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap application-row"}},
    )
    organization = tables.Column(accessor="organization__name", verbose_name="受理单位")
    clerk = tables.Column(accessor="clerk__full_name", verbose_name="受理人")

    class Meta:
        model = ServiceApplication
        fields = (
            "number",
            "opened_on",
            "matter",
            "applicant_kind",
            "applicant_name",
            "organization",
            "channel",
            "status",
            "decided_on",
            "clerk",
        )
        order_by = ("-opened_on", "-number")
        empty_text = "没有办件"


def _matters(request: Any) -> list[tuple[str, str]]:
    if request is None:
        return []
    names = (
        selectors.application_list(user=request.user)
        .order_by()
        .values_list("matter", flat=True)
        .distinct()
    )
    return [(name, name) for name in sorted(names)]


class ApplicationFilterSet(ListFilterSet):
    search_fields = ("number", "applicant_name")
    search_placeholder = "办件编号或申请人"
    # A search by the applicant's name must not reach the audit log of an export.
    sensitive_filters = ("q",)

    status = django_filters.ChoiceFilter(
        label="状态", choices=ServiceApplication.Status.choices, empty_label="全部状态"
    )
    matter = django_filters.ChoiceFilter(label="政务服务事项", empty_label="全部事项")
    opened_from = django_filters.DateFilter(
        label="受理日期自", field_name="opened_on", lookup_expr="gte"
    )
    opened_to = django_filters.DateFilter(
        label="受理日期至", field_name="opened_on", lookup_expr="lte"
    )

    class Meta:
        model = ServiceApplication
        fields = ("q", "status", "matter", "opened_from", "opened_to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        matters = _matters(self.request)
        self.filters["matter"].extra["choices"] = matters
        self.form.fields["matter"].choices = [("", "全部事项"), *matters]
        for name in ("opened_from", "opened_to"):
            self.form.fields[name].widget.input_type = "date"


class AssistedRequestTable(tables.Table):
    requested_at = tables.Column(
        verbose_name="发起时间",
        linkify=("proofs:assisted-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap assisted-row"}},
    )
    requesting = tables.Column(
        accessor="proof__application__organization__name", verbose_name="请求单位"
    )
    proof_name = tables.Column(accessor="proof__version__name", verbose_name="证明名称")
    matter = tables.Column(accessor="proof__application__matter", verbose_name="政务服务事项")
    applicant = tables.Column(accessor="proof__application__applicant_name", verbose_name="申请人")
    due_on = tables.Column(verbose_name="答复期限")
    status = tables.Column(verbose_name="状态")
    mark = tables.Column(verbose_name="督办", accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = Verification
        fields = ("requested_at", "requesting", "proof_name", "matter", "applicant")
        sequence = (
            "requested_at",
            "requesting",
            "proof_name",
            "matter",
            "applicant",
            "due_on",
            "status",
            "mark",
        )
        order_by = ("due_on",)
        empty_text = "没有协助核查请求"

    def _overdue(self, record: Verification) -> bool:
        return bool(
            record.status == Verification.Status.PENDING
            and record.due_on is not None
            and record.due_on < timezone.localdate()
        )

    def render_mark(self, record: Verification) -> str:
        parts = []
        if self._overdue(record):
            parts.append(format_html('<span class="badge bg-red-lt">已逾期</span>'))
        if record.escalated_on:
            parts.append(
                format_html(
                    '<span class="badge bg-orange-lt">{}督办</span>',
                    f"{record.escalated_on:%Y-%m-%d}",
                )
            )
        return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else "—"

    def value_mark(self, record: Verification) -> str:
        parts = []
        if self._overdue(record):
            parts.append("已逾期")
        if record.escalated_on:
            parts.append(f"{record.escalated_on:%Y-%m-%d}督办")
        return "；".join(parts)


class AssistedFilterSet(ListFilterSet):
    search_fields = ("proof__version__name", "proof__application__matter")
    search_placeholder = "证明名称或事项"

    status = django_filters.ChoiceFilter(
        label="状态", choices=Verification.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = Verification
        fields = ("q", "status")
