"""Filters of the proof-catalog lists."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest

from fazhi.core.listing import ListFilterSet
from fazhi.core.models import Organization
from fazhi.proofs.models import CatalogChange, HandlingMode, ProofField, ProofItemVersion


def _requesting_units(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    units = ProofItemVersion.objects.visible_to(request.user).values("organization")
    return Organization.objects.filter(pk__in=units).order_by("code")


class VersionFilterSet(ListFilterSet):
    search_fields = ("item__code", "name", "legal_basis", "issuing_authority")
    search_placeholder = "编码、名称、依据或开具单位"

    on = django_filters.DateFilter(label="清单日期", method="filter_on")
    handling_mode = django_filters.ChoiceFilter(
        label="办理方式", choices=HandlingMode.choices, empty_label="全部方式"
    )
    field = django_filters.ChoiceFilter(
        label="所属领域", choices=ProofField.choices, empty_label="全部领域"
    )
    organization = django_filters.ModelChoiceFilter(label="索要单位", queryset=_requesting_units)

    class Meta:
        model = ProofItemVersion
        fields = ("q", "on", "handling_mode", "field", "organization")

    def filter_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # The view already chose the day's catalog; the filter only shows the date in the form.
        return queryset


class ChangeFilterSet(ListFilterSet):
    search_fields = ("code", "reason")
    search_placeholder = "事项编码或理由"

    kind = django_filters.ChoiceFilter(
        label="类型", choices=CatalogChange.Kind.choices, empty_label="全部类型"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=CatalogChange.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = CatalogChange
        fields = ("q", "kind", "status")
