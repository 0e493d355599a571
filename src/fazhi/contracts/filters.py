"""Filters of the contract lists."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from fazhi.contracts.models import Contract, ContractCategory, ContractType
from fazhi.core.listing import ListFilterSet, YesNoFilter
from fazhi.core.models import Organization


def _organizations(request: Any) -> QuerySet[Organization]:
    """The units whose contracts the user can see, for the 承办单位 choice."""
    if request is None:
        return Organization.objects.none()
    units = Contract.objects.visible_to(request.user).values("organization")
    return Organization.objects.filter(pk__in=units).order_by("name")


class _YearFilter(django_filters.NumberFilter):
    """A contract's year: the year it was signed, or filed, or (unsigned) created."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        year = int(value)
        return qs.filter(
            Q(signed_on__year=year)
            | Q(filed_on__year=year)
            | Q(signed_on__isnull=True, created_at__year=year)
        )


class _FiledLateFilter(YesNoFilter):
    """逾期备案 是: filed after the deadline; 否: filed on time; unfiled contracts match neither."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        return qs.filter(filed_on_time=value != self.YES)


class ContractFilterSet(ListFilterSet):
    search_fields = ("title", "number", "counterparty_name", "counterparty_uscc")
    search_placeholder = "合同名称、编号、相对方或信用代码"

    category = django_filters.ChoiceFilter(label="合同类别", choices=ContractCategory.choices)
    contract_type = django_filters.ChoiceFilter(label="合同类型", choices=ContractType.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Contract.Status.choices)
    organization = django_filters.ModelChoiceFilter(label="承办单位", queryset=_organizations)
    is_major = YesNoFilter(label="重大合同")
    filed_late = _FiledLateFilter(label="逾期备案")
    year = _YearFilter(label="年度")

    class Meta:
        model = Contract
        fields = ("q", "category", "contract_type", "status", "organization", "is_major", "year")


class FilingRegisterFilterSet(ListFilterSet):
    search_fields = ("title", "number", "counterparty_name", "counterparty_uscc")
    search_placeholder = "合同名称、编号、相对方或信用代码"

    organization = django_filters.ModelChoiceFilter(label="承办单位", queryset=_organizations)
    filed_on_time = YesNoFilter(label="按期备案", yes="按期", no="逾期")
    year = django_filters.NumberFilter(label="备案年度", field_name="filed_on", lookup_expr="year")

    class Meta:
        model = Contract
        fields = ("q", "organization", "filed_on_time", "year")
