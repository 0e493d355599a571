"""Columns and filters of the inspections lists."""

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from fazhi.core.listing import DateColumn, DateTimeColumn, ListFilterSet, YesNoColumn, YesNoFilter
from fazhi.core.models import Organization, RandomDraw
from fazhi.inspections.models import (
    Category,
    InspectionMatter,
    InspectionPlan,
    InspectionTarget,
    JointInspection,
    PlanItem,
    PlanningRun,
    RiskGrade,
    TargetDraw,
)
from fazhi.inspections.selectors import VisitState, joint_filter_by_state


def _units_of(model: type[Any], path: str) -> Any:
    def units(request: HttpRequest | None) -> QuerySet[Organization]:
        if request is None:
            return Organization.objects.none()
        rows = model.objects.visible_to(request.user).values(path)
        return Organization.objects.filter(pk__in=rows).order_by("code")

    return units


class MatterTable(tables.Table):
    code = tables.Column(attrs={"td": {"class": "text-nowrap matter-row"}})
    organization = tables.Column(accessor="organization__name", verbose_name="实施部门")
    double_random = YesNoColumn()
    sampling_rates = tables.Column(orderable=False)
    active = YesNoColumn()

    class Meta:
        model = InspectionMatter
        fields = (
            "code",
            "name",
            "organization",
            "category",
            "legal_basis",
            "double_random",
            "sampling_rates",
            "frequency_per_year",
            "qualification",
            "active",
        )
        order_by = ("organization", "code")
        empty_text = "没有检查事项"

    def render_sampling_rates(self, value: dict[str, Any]) -> str:
        labels = dict(RiskGrade.choices)
        return "；".join(f"{labels.get(grade, grade)}{rate}%" for grade, rate in value.items())


class MatterFilterSet(ListFilterSet):
    search_fields = ("code", "name", "legal_basis")
    search_placeholder = "编码、名称或依据"

    organization = django_filters.ModelChoiceFilter(
        label="实施部门", queryset=_units_of(InspectionMatter, "organization")
    )
    category = django_filters.ChoiceFilter(
        label="检查类别", choices=Category.choices, empty_label="全部类别"
    )
    double_random = YesNoFilter(label="双随机抽查", empty_label="全部")

    class Meta:
        model = InspectionMatter
        fields = ("q", "organization", "category", "double_random")


class PlanTable(tables.Table):
    title = tables.Column(
        accessor="pk",
        verbose_name="检查计划",
        linkify=("inspections:plan-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap plan-row"}},
        orderable=False,
    )
    organization = tables.Column(accessor="organization__name", verbose_name="检查部门")
    item_count = tables.Column(verbose_name="事项数")
    filed_late = YesNoColumn(verbose_name="逾期备案")

    class Meta:
        model = InspectionPlan
        fields = (
            "title",
            "organization",
            "year",
            "period",
            "status",
            "item_count",
            "filing_due_on",
            "filed_on",
            "filed_late",
            "disclosed_on",
        )
        order_by = ("-year", "organization")
        empty_text = "没有检查计划"

    def render_title(self, record: InspectionPlan) -> str:
        return f"{record.year}年{record.get_period_display()}检查计划"

    def value_title(self, record: InspectionPlan) -> str:
        return self.render_title(record)


class PlanFilterSet(ListFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label="检查部门", queryset=_units_of(InspectionPlan, "organization")
    )
    year = django_filters.NumberFilter(label="年度")
    period = django_filters.ChoiceFilter(
        label="计划期间", choices=InspectionPlan.Period.choices, empty_label="全部期间"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=InspectionPlan.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = InspectionPlan
        fields = ("organization", "year", "period", "status")


class PlanItemTable(tables.Table):
    enterprise = tables.Column(accessor="enterprise__name", verbose_name="检查对象")
    uscc = tables.Column(accessor="enterprise__uscc", verbose_name="统一社会信用代码")
    matter = tables.Column(accessor="matter__name", verbose_name="检查事项")
    joint_inspection = tables.Column(
        verbose_name="联合检查",
        linkify=("inspections:joint-detail", {"pk": tables.A("joint_inspection_id")}),
        orderable=False,
    )

    class Meta:
        model = PlanItem
        fields = (
            "enterprise",
            "uscc",
            "matter",
            "method",
            "window_start",
            "window_end",
            "joint_inspection",
        )
        order_by = ("window_start", "enterprise")
        empty_text = "计划中还没有事项"
        attrs = {"class": "table table-vcenter card-table plan-items"}

    def render_joint_inspection(self, record: PlanItem) -> str:
        joint = record.joint_inspection
        assert joint is not None
        return f"{joint.day:%Y-%m-%d}（{joint.departments}个部门）"


class RunTable(tables.Table):
    created_at = DateTimeColumn(
        verbose_name="生成时间",
        format="Y-m-d H:i",
        linkify=("inspections:run-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap run-row"}},
    )
    region = tables.Column(accessor="region__name", verbose_name="区域")
    saved = tables.Column(verbose_name="减少入企次数", orderable=False)

    class Meta:
        model = PlanningRun
        fields = (
            "created_at",
            "region",
            "year",
            "status",
            "items",
            "entries",
            "lower_bound",
            "solo_entries",
            "saved",
            "confirmed_on",
        )
        order_by = ("-created_at",)
        empty_text = "还没有联合检查统筹方案"


class RunFilterSet(ListFilterSet):
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(
        label="状态", choices=PlanningRun.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = PlanningRun
        fields = ("year", "status")


class TargetTable(tables.Table):
    enterprise = tables.Column(
        accessor="enterprise__name",
        verbose_name="企业名称",
        attrs={"td": {"class": "target-row"}},
    )
    uscc = tables.Column(accessor="enterprise__uscc", verbose_name="统一社会信用代码")
    organization = tables.Column(accessor="organization__name", verbose_name="监管部门")
    updated_at = DateTimeColumn(verbose_name="更新时间", format="Y-m-d")

    class Meta:
        model = InspectionTarget
        fields = ("enterprise", "uscc", "risk_grade", "organization", "updated_at")
        order_by = ("organization", "enterprise")
        empty_text = "检查对象名录中还没有企业"


class TargetFilterSet(ListFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc")
    search_placeholder = "企业名称或统一社会信用代码"

    organization = django_filters.ModelChoiceFilter(
        label="监管部门", queryset=_units_of(InspectionTarget, "organization")
    )
    risk_grade = django_filters.ChoiceFilter(
        label="风险等级", choices=RiskGrade.choices, empty_label="全部等级"
    )

    class Meta:
        model = InspectionTarget
        fields = ("q", "organization", "risk_grade")


def plan_title(plan: InspectionPlan) -> str:
    return f"{plan.year}年{plan.get_period_display()}检查计划"


class TargetDrawTable(tables.Table):
    matter = tables.Column(
        accessor="matter__name",
        verbose_name="检查事项",
        linkify=("inspections:target-draw-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "target-draw-row"}},
    )
    organization = tables.Column(accessor="matter__organization__name", verbose_name="检查部门")
    population_size = tables.Column(accessor="draw__population_size", verbose_name="抽取对象数量")
    excluded_count = tables.Column(accessor="excluded", verbose_name="排除数量", orderable=False)
    status = tables.Column(accessor="draw__status", verbose_name="抽取状态")
    plan = tables.Column(
        verbose_name="纳入的检查计划",
        linkify=("inspections:plan-detail", {"pk": tables.A("plan_id")}),
        orderable=False,
    )

    class Meta:
        model = TargetDraw
        fields = (
            "matter",
            "organization",
            "window_start",
            "window_end",
            "population_size",
            "excluded_count",
            "status",
            "plan",
        )
        order_by = ("-window_start",)
        empty_text = "还没有双随机抽取"

    def render_excluded_count(self, value: dict[str, str]) -> int:
        return len(value)

    def value_excluded_count(self, value: dict[str, str]) -> int:
        return len(value)

    def render_status(self, record: TargetDraw) -> str:
        return record.draw.get_status_display()

    def value_status(self, record: TargetDraw) -> str:
        return self.render_status(record)

    def render_plan(self, record: TargetDraw) -> str:
        assert record.plan is not None
        return plan_title(record.plan)

    def value_plan(self, record: TargetDraw) -> str:
        return plan_title(record.plan) if record.plan is not None else ""


class TargetDrawFilterSet(ListFilterSet):
    organization = django_filters.ModelChoiceFilter(
        label="检查部门",
        field_name="matter__organization",
        queryset=_units_of(TargetDraw, "matter__organization"),
    )
    status = django_filters.ChoiceFilter(
        label="抽取状态",
        field_name="draw__status",
        choices=RandomDraw.Status.choices,
        empty_label="全部状态",
    )

    class Meta:
        model = TargetDraw
        fields = ("organization", "status")


class TaskTable(tables.Table):
    """本部门检查任务: the confirmed visits a department takes part in."""

    day = DateColumn(
        verbose_name="检查日期",
        format="Y-m-d",
        linkify=("inspections:joint-detail", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "text-nowrap task-row"}},
    )
    enterprise = tables.Column(accessor="enterprise__name", verbose_name="检查对象")
    lead = tables.Column(accessor="lead__name", verbose_name="牵头部门")
    others = tables.Column(accessor="pk", verbose_name="其他参加部门", orderable=False)
    own_items = tables.Column(verbose_name="本部门事项数")
    state = tables.Column(accessor="pk", verbose_name="检查状态", orderable=False)
    disclosure = tables.Column(
        accessor="awaiting_disclosure", verbose_name="结果公示", orderable=False
    )

    class Meta:
        model = JointInspection
        fields = ("day", "enterprise", "lead", "others", "own_items", "state", "disclosure")
        order_by = ("day",)
        empty_text = "没有符合条件的检查任务"

    def value_others(self, record: JointInspection) -> str:
        names = {item.plan.organization.name: None for item in record.items.all()}
        names.pop(record.lead.name, None)
        return "、".join(names)

    def render_others(self, record: JointInspection) -> str:
        return self.value_others(record) or "—"

    def value_state(self, record: JointInspection) -> str:
        if record.left_at is not None:
            return "已结束"
        if record.arrived_at is not None:
            return "检查中"
        return "待检查"

    def render_state(self, record: JointInspection) -> str:
        styles = {"已结束": "bg-secondary-lt", "检查中": "bg-blue-lt", "待检查": "bg-yellow-lt"}
        state = self.value_state(record)
        return format_html('<span class="badge {}">{}</span>', styles[state], state)

    def value_disclosure(self, record: Any) -> str:
        if record.overdue_disclosure:
            return f"{record.overdue_disclosure}项逾期未公示（期限{record.disclosure_due_on}）"
        if record.awaiting_disclosure:
            return f"{record.awaiting_disclosure}项待公示（期限{record.disclosure_due_on}）"
        return ""

    def render_disclosure(self, record: Any) -> str:
        if record.overdue_disclosure:
            return format_html(
                '<span class="badge bg-red text-red-fg disclosure-overdue">{}项逾期未公示</span>'
                '<div class="small text-red">期限{}</div>',
                record.overdue_disclosure,
                f"{record.disclosure_due_on:%Y-%m-%d}",
            )
        if record.awaiting_disclosure:
            return format_html(
                '<span class="badge bg-orange-lt">{}项待公示</span>'
                '<div class="small text-secondary">期限{}</div>',
                record.awaiting_disclosure,
                f"{record.disclosure_due_on:%Y-%m-%d}",
            )
        return "—"


MONTH_CHOICES = [(month, f"{month}月") for month in range(1, 13)]


class TaskFilterSet(ListFilterSet):
    search_fields = ("enterprise__name", "enterprise__uscc")
    search_placeholder = "企业名称或统一社会信用代码"

    year = django_filters.NumberFilter(label="年度", field_name="day__year")
    month = django_filters.ChoiceFilter(
        label="月份", field_name="day__month", choices=MONTH_CHOICES, empty_label="全部月份"
    )
    state = django_filters.ChoiceFilter(
        label="状态", choices=VisitState.choices, empty_label="全部状态", method="filter_state"
    )

    class Meta:
        model = JointInspection
        fields = ("q", "year", "month", "state")

    def filter_state(
        self, queryset: QuerySet[JointInspection], name: str, value: str
    ) -> QuerySet[JointInspection]:
        return joint_filter_by_state(queryset, value)


class OverCapTable(tables.Table):
    """Enterprises entered more often than the yearly cap (企业检查负担), exportable."""

    enterprise = tables.Column(
        accessor="enterprise__name",
        verbose_name="企业名称",
        attrs={"td": {"class": "over-cap-row"}},
    )
    uscc = tables.Column(accessor="enterprise__uscc", verbose_name="统一社会信用代码")
    region = tables.Column(accessor="enterprise__region__name", verbose_name="所在区域")
    joint_entries = tables.Column(verbose_name="联合检查入企次数")
    solo_entries = tables.Column(verbose_name="各部门单独检查入企次数")
    departments = tables.Column(verbose_name="检查部门数")

    class Meta:
        order_by = ("-joint_entries",)
        empty_text = "没有超过年度入企上限的企业"
