"""Columns and filters of the corrections lists. Identifying fields only ever masked here."""

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from fazhi.core.listing import DateColumn, DateTimeColumn, ListFilterSet
from fazhi.core.models import Organization
from fazhi.corrections.models import (
    CorrectionFile,
    CorrectionSubject,
    ManagementLevel,
    SupervisionAlert,
)

_NOWRAP = {"td": {"class": "text-nowrap"}}


def _offices(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    visible = CorrectionSubject.objects.visible_to(request.user).values("office")
    return Organization.objects.filter(pk__in=visible).order_by("code")


class SubjectTable(tables.Table):
    display_name = tables.Column(
        "姓名", linkify=("corrections:subject-detail", [tables.A("pk")]), order_by=("name",)
    )
    masked_id = tables.Column("身份证号", accessor="masked_id_number", orderable=False)
    category = tables.Column("矫正类别", attrs=_NOWRAP)
    level = tables.Column("管理等级", attrs=_NOWRAP)
    office = tables.Column("负责司法所", accessor="office__name")
    term = tables.Column("矫正期限", empty_values=(), order_by=("term_start",), attrs=_NOWRAP)
    status = tables.Column("状态", attrs=_NOWRAP)

    class Meta:
        model = CorrectionSubject
        fields = ("display_name", "masked_id", "category", "level", "office", "term", "status")
        attrs = {"class": "table table-vcenter card-table"}

    def render_display_name(self, record: CorrectionSubject, value: str) -> str:
        if record.is_minor:
            return format_html('{} <span class="badge bg-purple-lt">未成年</span>', value)
        return value

    def value_display_name(self, record: CorrectionSubject) -> str:
        return record.display_name

    def render_masked_id(self, record: CorrectionSubject) -> str:
        # A minor's ID number is not shown even masked: it carries the birth date (art. 54).
        return "******" if record.is_minor else record.masked_id_number

    def value_masked_id(self, record: CorrectionSubject) -> str:
        return self.render_masked_id(record)

    def render_term(self, record: CorrectionSubject) -> str:
        return f"{record.term_start:%Y-%m-%d} 至 {record.term_end:%Y-%m-%d}"

    def value_term(self, record: CorrectionSubject) -> str:
        return self.render_term(record)


class SubjectFilterSet(ListFilterSet):
    search_fields = ("name", "crime", "decision_number")
    search_placeholder = "姓名、罪名或文书号"

    office = django_filters.ModelChoiceFilter(
        label="司法所", queryset=_offices, empty_label="全部司法所"
    )
    category = django_filters.ChoiceFilter(
        label="矫正类别", choices=CorrectionSubject.Category.choices, empty_label="全部类别"
    )
    level = django_filters.ChoiceFilter(
        label="管理等级", choices=ManagementLevel.choices, empty_label="全部等级"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=CorrectionSubject.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = CorrectionSubject
        fields = ("office", "category", "level", "status")


class AlertTable(tables.Table):
    subject = tables.Column(
        "社区矫正对象",
        accessor="subject__display_name",
        linkify=("corrections:subject-detail", [tables.A("subject_id")]),
        order_by=("subject__name",),
    )
    kind = tables.Column("预警类型", attrs=_NOWRAP)
    raised_at = DateTimeColumn(format="Y-m-d H:i", verbose_name="预警时间", attrs=_NOWRAP)
    office = tables.Column("司法所", accessor="subject__office__name")
    status = tables.Column("状态", attrs=_NOWRAP)
    outcome = tables.Column("处置结果")
    action = tables.Column("", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        model = SupervisionAlert
        fields = ("subject", "kind", "raised_at", "office", "status", "outcome")
        attrs = {"class": "table table-vcenter card-table"}
        row_attrs = {"id": lambda record: f"alert-{record.pk}"}

    def render_action(self, record: SupervisionAlert) -> str:
        if record.status != SupervisionAlert.Status.OPEN:
            return ""
        return format_html(
            '<a class="btn btn-sm btn-primary" href="/corrections/alerts/{}/close/">处置</a>',
            record.pk,
        )


class AlertFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label="状态", choices=SupervisionAlert.Status.choices, empty_label="全部状态"
    )
    kind = django_filters.ChoiceFilter(
        label="预警类型", choices=SupervisionAlert.Kind.choices, empty_label="全部类型"
    )

    class Meta:
        model = SupervisionAlert
        fields = ("status", "kind")


class ArchiveTable(tables.Table):
    subject = tables.Column(
        "社区矫正对象",
        accessor="subject__display_name",
        linkify=("corrections:subject-detail", [tables.A("subject_id")]),
        order_by=("subject__name",),
    )
    kind = tables.Column("档案类别")
    keeper = tables.Column("保管单位", accessor="keeper__name")
    ended_on = DateColumn(
        format="Y-m-d", verbose_name="解除（终止）日期", accessor="subject__ended_on"
    )
    end_reason = tables.Column("原因", accessor="subject__end_reason")

    class Meta:
        model = CorrectionFile
        fields = ("subject", "kind", "keeper", "ended_on", "end_reason")
        attrs = {"class": "table table-vcenter card-table"}

    def render_end_reason(self, record: CorrectionFile) -> Any:
        return record.subject.get_end_reason_display()
