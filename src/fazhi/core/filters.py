"""Search and filters of core's lists. Choice lists come from the user's own scope."""

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest

from fazhi.core.listing import ListFilterSet, YesNoFilter
from fazhi.core.models import AuditLog, Enterprise, Organization, Person, Region, User
from fazhi.core.roles import Role
from fazhi.core.selectors import person_find_by_id_number, region_list

_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
_DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def _towns_in_scope(request: HttpRequest | None) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return region_list(user=request.user).filter(level=Region.Level.TOWN).order_by("code")


def _parents_in_scope(request: HttpRequest | None) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return region_list(user=request.user).exclude(level=Region.Level.VILLAGE).order_by("code")


def _within_region(queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
    if value is None:
        return queryset
    return queryset.filter(**{f"{name}__code__startswith": value.prefix})


class OrganizationFilterSet(ListFilterSet):
    search_fields = ("name", "short_name", "code")
    search_placeholder = "单位名称、简称或编码"

    kind = django_filters.ChoiceFilter(
        label="类型", choices=Organization.Kind.choices, empty_label="全部类型"
    )
    is_enforcement = YesNoFilter(label="行政执法部门", empty_label="执法部门：全部")

    class Meta:
        model = Organization
        fields = ("q", "kind", "is_enforcement")


class EnterpriseFilterSet(ListFilterSet):
    search_fields = ("name", "uscc")
    search_placeholder = "企业名称或统一社会信用代码"

    town = django_filters.ModelChoiceFilter(
        label="镇街",
        queryset=_towns_in_scope,
        empty_label="全部镇街",
        field_name="region",
        method=_within_region,
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=Enterprise.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = Enterprise
        fields = ("q", "town", "status")


class PersonFilterSet(ListFilterSet):
    """Search by name, or by a full ID number through its keyed hash (never by a fragment)."""

    search_placeholder = "姓名，或完整的18位身份证号"
    sensitive_filters = ("q",)

    town = django_filters.ModelChoiceFilter(
        label="镇街",
        queryset=_towns_in_scope,
        empty_label="全部镇街",
        field_name="region",
        method=_within_region,
    )

    class Meta:
        model = Person
        fields = ("q", "town")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if _ID_NUMBER.match(value):
            return queryset & person_find_by_id_number(user=self.request.user, id_number=value)
        return queryset.filter(name__icontains=value)


class RegionFilterSet(ListFilterSet):
    search_fields = ("name", "code")
    search_placeholder = "名称或区划代码"

    level = django_filters.ChoiceFilter(
        label="层级", choices=Region.Level.choices, empty_label="全部层级"
    )
    parent = django_filters.ModelChoiceFilter(
        label="上级", queryset=_parents_in_scope, empty_label="全部上级"
    )

    class Meta:
        model = Region
        fields = ("q", "level", "parent")


class UserFilterSet(ListFilterSet):
    search_fields = ("username", "full_name")
    search_placeholder = "用户名或姓名"

    role = django_filters.ChoiceFilter(
        label="角色", choices=Role.choices, empty_label="全部角色", method="filter_role"
    )

    class Meta:
        model = User
        fields = ("q", "role")

    def filter_role(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if not value:
            return queryset
        return queryset.filter(pk__in=queryset.filter(memberships__role=value).values("pk"))


class AuditLogFilterSet(ListFilterSet):
    username = django_filters.CharFilter(label="用户", lookup_expr="icontains")
    event = django_filters.ChoiceFilter(
        label="事件", choices=AuditLog.Event.choices, empty_label="全部事件"
    )
    date_from = django_filters.DateFilter(
        label="起始日期", field_name="occurred_at", lookup_expr="date__gte", widget=_DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label="截止日期", field_name="occurred_at", lookup_expr="date__lte", widget=_DATE_WIDGET
    )
    success = django_filters.ChoiceFilter(
        label="结果",
        choices=[("1", "成功"), ("0", "失败")],
        empty_label="全部结果",
        method="filter_success",
    )

    class Meta:
        model = AuditLog
        fields = ("username", "event", "date_from", "date_to", "success")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["username"].widget.attrs.setdefault("placeholder", "用户名")

    def filter_success(
        self, queryset: QuerySet[AuditLog], name: str, value: str
    ) -> QuerySet[AuditLog]:
        return queryset.filter(success=value == "1") if value else queryset
