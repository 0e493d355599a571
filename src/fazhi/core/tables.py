"""Columns of core's lists. Headers are the models' Chinese verbose names unless given here."""

import datetime
import functools
from dataclasses import dataclass
from typing import Any

import django_tables2 as tables
from django.apps import apps
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from fazhi.core.listing import DateColumn, DateTimeColumn, YesNoColumn
from fazhi.core.models import AuditLog, CalendarYear, Enterprise, Organization, Person, Region, User
from fazhi.core.parameters import Parameter, ParameterValue


class OrganizationTable(tables.Table):
    name = tables.Column(linkify=("core:organization-detail", {"pk": tables.A("pk")}))
    region = tables.Column(order_by=("region__code",))
    parent = tables.Column(order_by=("parent__name",))
    is_enforcement = YesNoColumn(verbose_name="行政执法部门")

    class Meta:
        model = Organization
        fields = ("name", "short_name", "kind", "region", "parent", "is_enforcement")
        empty_text = "没有符合条件的单位"


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=("core:enterprise-detail", {"pk": tables.A("pk")}))
    uscc = tables.Column(attrs={"td": {"class": "font-monospace text-nowrap"}})
    region = tables.Column(order_by=("region__code",))
    established_on = DateColumn(format="Y-m-d")
    status = tables.Column()

    class Meta:
        model = Enterprise
        fields = (
            "name",
            "uscc",
            "region",
            "industry",
            "legal_representative",
            "established_on",
            "status",
        )
        empty_text = "没有符合条件的企业"

    def render_status(self, value: str, record: Enterprise) -> str:
        style = "bg-green-lt" if record.status == Enterprise.Status.ACTIVE else "bg-secondary-lt"
        return format_html('<span class="badge {}">{}</span>', style, value)


class PersonTable(tables.Table):
    """Persons with masked ID number and phone: the plain values never reach a list or export."""

    name = tables.Column(linkify=("core:person-detail", {"pk": tables.A("pk")}))
    masked_id_number = tables.Column(
        verbose_name="身份证号",
        orderable=False,
        attrs={"td": {"class": "font-monospace text-nowrap"}},
    )
    masked_phone = tables.Column(
        verbose_name="手机号",
        orderable=False,
        attrs={"td": {"class": "font-monospace text-nowrap"}},
    )
    region = tables.Column(order_by=("region__code",))
    organization = tables.Column(order_by=("organization__name",))

    class Meta:
        model = Person
        fields = ("name", "masked_id_number", "masked_phone", "gender", "region", "organization")
        empty_text = "没有符合条件的自然人"


class RegionTable(tables.Table):
    code = tables.Column(attrs={"td": {"class": "font-monospace"}})
    parent = tables.Column(order_by=("parent__code",))
    established_on = DateColumn(format="Y-m-d")
    abolished_on = DateColumn(format="Y-m-d")

    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent", "established_on", "abolished_on")
        empty_text = "没有符合条件的行政区划"


def _user_state(user: User) -> tuple[str, str]:
    if not user.is_active:
        return "已停用", "bg-secondary-lt"
    if user.is_locked():
        return "已锁定", "bg-red-lt"
    if user.must_change_password:
        return "待修改初始密码", "bg-yellow-lt"
    return "正常", "bg-green-lt"


class UserTable(tables.Table):
    username = tables.Column(linkify=("core:user-detail", {"pk": tables.A("pk")}))
    roles = tables.Column(verbose_name="单位 · 角色", accessor="pk", orderable=False)
    state = tables.Column(verbose_name="状态", accessor="pk", orderable=False)
    last_login = DateTimeColumn(verbose_name="最近登录", format="Y-m-d H:i")

    class Meta:
        model = User
        fields = ("username", "full_name", "roles", "state", "last_login")
        empty_text = "没有符合条件的用户"

    def render_roles(self, record: User) -> str:
        memberships = list(record.memberships.all())
        if not memberships:
            return mark_safe('<span class="text-secondary">未授予角色</span>')
        return format_html_join(
            "",
            '<div class="text-nowrap">{} · <span class="text-secondary">{}</span></div>',
            (
                (membership.organization, membership.get_role_display())
                for membership in memberships
            ),
        )

    def value_roles(self, record: User) -> str:
        return "；".join(
            f"{m.organization}·{m.get_role_display()}" for m in record.memberships.all()
        )

    def render_state(self, record: User) -> str:
        label, style = _user_state(record)
        return format_html('<span class="badge {}">{}</span>', style, label)

    def value_state(self, record: User) -> str:
        return _user_state(record)[0]

    def value_last_login(self, value: Any) -> Any:
        return value


@functools.cache
def _model_label(label: str) -> str:
    """The Chinese name of a model given as "app_label.Model" (the audit log's object_type)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class AuditLogTable(tables.Table):
    occurred_at = DateTimeColumn(format="Y-m-d H:i:s", attrs={"td": {"class": "text-nowrap"}})
    username = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    event = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    object_repr = tables.Column(verbose_name="对象", orderable=False)
    success = tables.Column()
    message = tables.Column(orderable=False, attrs={"td": {"class": "text-wrap small"}})

    class Meta:
        model = AuditLog
        fields = (
            "occurred_at",
            "username",
            "ip_address",
            "event",
            "object_repr",
            "success",
            "message",
        )
        order_by = ("-occurred_at",)
        empty_text = "没有符合条件的审计记录"

    def render_object_repr(self, value: str, record: AuditLog) -> str:
        if not record.object_type:
            return value
        return format_html(
            '{}<div class="small text-secondary">{} #{}</div>',
            value,
            _model_label(record.object_type),
            record.object_id,
        )

    def value_object_repr(self, value: str, record: AuditLog) -> str:
        if not record.object_type:
            return value
        return f"{value}（{_model_label(record.object_type)} #{record.object_id}）"

    def render_success(self, value: bool) -> str:
        if value:
            return mark_safe('<span class="badge bg-green-lt">成功</span>')
        return mark_safe('<span class="badge bg-red-lt">失败</span>')

    def value_success(self, value: bool) -> str:
        return "成功" if value else "失败"

    def value_occurred_at(self, value: Any) -> Any:
        return timezone.localtime(value).replace(tzinfo=None)


class CalendarYearTable(tables.Table):
    year = tables.Column()
    holiday_count = tables.Column(
        verbose_name="法定节假日(天)", attrs={"td": {"class": "text-end"}}
    )
    workday_count = tables.Column(verbose_name="调休上班(天)", attrs={"td": {"class": "text-end"}})
    updated_at = DateTimeColumn(verbose_name="录入时间", format="Y-m-d H:i")

    class Meta:
        model = CalendarYear
        fields = ("year", "source", "notice", "holiday_count", "workday_count", "updated_at")
        order_by = ("-year",)
        empty_text = "尚未录入节假日安排"

    def value_updated_at(self, value: Any) -> Any:
        return value


def confidence_badge(parameter: Parameter) -> str:
    """The verification state of a rule parameter's default as a badge (待核实 for [S]/[R])."""
    style = "bg-yellow-lt" if parameter.needs_verification else "bg-green-lt"
    if parameter.confidence == "I":
        style = "bg-secondary-lt"
    return format_html('<span class="badge {}">{}</span>', style, parameter.confidence_label)


@dataclass(frozen=True)
class RuleParameterRow:
    """One rule parameter with its value in force, as the list shows it."""

    parameter: Parameter
    current: ParameterValue

    @property
    def key(self) -> str:
        return self.parameter.key

    @property
    def label(self) -> str:
        return self.parameter.label

    @property
    def value(self) -> str:
        return self.current.display(self.parameter)

    @property
    def valid_from(self) -> datetime.date | None:
        return self.current.valid_from

    @property
    def legal_basis(self) -> str:
        return self.current.legal_basis


class RuleParameterTable(tables.Table):
    """Rule parameters declared in code and their value in force (rows, not a queryset)."""

    label = tables.Column(
        verbose_name="参数", linkify=("core:parameter-detail", {"key": tables.A("key")})
    )
    value = tables.Column(verbose_name="现行值", attrs={"td": {"class": "text-nowrap"}})
    valid_from = tables.Column(
        verbose_name="生效日期", default="默认值", attrs={"td": {"class": "text-nowrap"}}
    )
    legal_basis = tables.Column(verbose_name="法律依据", attrs={"td": {"class": "text-wrap small"}})
    confidence = tables.Column(
        verbose_name="核实情况", accessor="parameter", attrs={"td": {"class": "text-nowrap"}}
    )
    key = tables.Column(verbose_name="参数代码", attrs={"td": {"class": "font-monospace small"}})

    class Meta:
        orderable = False
        empty_text = "尚未登记规则参数"

    def render_valid_from(self, value: datetime.date) -> str:
        return f"{value:%Y-%m-%d}"

    def render_confidence(self, value: Parameter) -> str:
        return confidence_badge(value)

    def value_confidence(self, value: Parameter) -> str:
        return value.confidence_label

    def value_valid_from(self, value: datetime.date | None) -> str:
        return f"{value:%Y-%m-%d}" if value else "默认值"
