"""Columns and filters of the officer register."""

import datetime
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.listing import ListFilterSet, YesNoColumn
from fazhi.core.models import Organization
from fazhi.enforcement.models import Certificate, Officer, StaffingType
from fazhi.enforcement.selectors import (
    CERTIFICATE_STATES,
    DUE_SOON,
    INVALID,
    OK,
    OVERDUE,
    review_warning_days,
    state_of,
)

_BADGES = {
    OK: "bg-green-lt",
    DUE_SOON: "bg-yellow-lt",
    OVERDUE: "bg-red-lt",
    INVALID: "bg-secondary-lt",
}


def _departments(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    rows = Officer.objects.visible_to(request.user).values("organization")
    return Organization.objects.filter(pk__in=rows).order_by("code")


def badge(state: str) -> str:
    return format_html(
        '<span class="badge {} certificate-{}">{}</span>',
        _BADGES[state],
        state,
        CERTIFICATE_STATES[state],
    )


class CertificateStateColumn(tables.Column):
    """The traffic light of the officer's latest certificate (amber before review, red late)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", "证件状态")
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)
        self._warning: tuple[datetime.date, int] | None = None

    def _state(self, record: Any) -> str:
        if self._warning is None:
            today = timezone.localdate()
            self._warning = (today, review_warning_days(on=today))
        today, days = self._warning
        return state_of(
            status=record.certificate_status,
            issued_on=record.certificate_issued_on,
            valid_until=record.certificate_valid_until,
            next_review_due_on=record.certificate_review_due_on,
            today=today,
            warning_days=days,
        )

    def render(self, record: Any) -> str:
        return badge(self._state(record))

    def value(self, record: Any) -> str:
        return CERTIFICATE_STATES[self._state(record)]


class OfficerTable(tables.Table):
    name = tables.Column(linkify=("enforcement:officer-detail", [tables.A("pk")]))
    organization = tables.Column(accessor="organization__name", verbose_name="所在部门")
    legal_qualification = YesNoColumn()
    posted_region = tables.Column(accessor="posted_region__name", verbose_name="派驻镇街")
    qualifications = tables.Column(orderable=False)
    certificate_number = tables.Column(verbose_name="证号")
    certificate_valid_until = tables.DateColumn(verbose_name="有效期至")
    certificate_review_due_on = tables.DateColumn(verbose_name="年审期限")
    certificate_state = CertificateStateColumn()
    active = YesNoColumn()

    class Meta:
        model = Officer
        fields = (
            "name",
            "organization",
            "staffing_type",
            "legal_qualification",
            "enforcement_field",
            "enforcement_area",
            "posted_region",
            "qualifications",
            "certificate_number",
            "certificate_valid_until",
            "certificate_review_due_on",
            "certificate_state",
            "active",
        )
        order_by = ("organization", "name")
        empty_text = "没有执法人员"

    def render_qualifications(self, value: list[str]) -> str:
        return "；".join(value)


class OfficerFilterSet(ListFilterSet):
    search_fields = ("name", "enforcement_field", "enforcement_area")
    search_placeholder = "姓名、执法领域或区域"

    organization = django_filters.ModelChoiceFilter(label="所在部门", queryset=_departments)
    staffing_type = django_filters.ChoiceFilter(
        label="编制类型", choices=StaffingType.choices, empty_label="全部编制类型"
    )
    certificate_state = django_filters.ChoiceFilter(
        label="证件状态",
        choices=list(CERTIFICATE_STATES.items()),
        empty_label="全部证件状态",
        method="filter_certificate_state",
    )

    class Meta:
        model = Officer
        fields = ("q", "organization", "staffing_type", "certificate_state")

    def filter_certificate_state(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        """The light of CertificateStateColumn, in SQL over the annotated latest certificate."""
        if not value:
            return queryset
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=review_warning_days(on=today))
        valid = Q(
            certificate_status=Certificate.Status.ISSUED,
            certificate_issued_on__lte=today,
            certificate_valid_until__gte=today,
        )
        if value == INVALID:
            # Spelled out rather than exclude(valid): officers without a certificate have NULLs.
            return queryset.filter(
                Q(certificate_status__isnull=True)
                | ~Q(certificate_status=Certificate.Status.ISSUED)
                | Q(certificate_issued_on__gt=today)
                | Q(certificate_valid_until__lt=today)
            )
        queryset = queryset.filter(valid)
        if value == OVERDUE:
            return queryset.filter(certificate_review_due_on__lt=today)
        if value == DUE_SOON:
            return queryset.filter(
                certificate_review_due_on__gte=today, certificate_review_due_on__lte=horizon
            )
        return queryset.filter(
            Q(certificate_review_due_on__isnull=True) | Q(certificate_review_due_on__gt=horizon)
        )
