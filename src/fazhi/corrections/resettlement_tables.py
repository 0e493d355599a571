"""Tables and filters of the resettlement register and the remote visit and hearing ledgers.

Identifying fields appear only masked (身份证号 371082********1234, phone 138****5678), on the
page and in the Excel export alike; a search by ID number goes through the keyed hash.
"""

import datetime
import re
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.crypto import blind_index
from fazhi.core.listing import DateColumn, DateTimeColumn, ListFilterSet, YesNoColumn, YesNoFilter
from fazhi.core.models import Region
from fazhi.corrections.models import ReleasedPerson, RemoteHearing, RemoteVisit
from fazhi.corrections.selectors.resettlement import region_list_for_resettlement

_NOWRAP = {"td": {"class": "text-nowrap"}}
_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


def town_of(region: Region) -> str:
    """The town of a village, or the town itself ("" at the county level)."""
    if region.level == Region.Level.TOWN:
        return region.name
    if region.level == Region.Level.VILLAGE and region.parent is not None:
        return region.parent.name
    return ""


def _years() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year, 2017, -1)]


def _towns(request: HttpRequest | None) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return region_list_for_resettlement(user=request.user).filter(level=Region.Level.TOWN)


def _in_town(queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
    if value is None:
        return queryset
    return queryset.filter(region__code__startswith=value.prefix)


def _badge(text: str, colour: str = "blue") -> str:
    return format_html('<span class="badge bg-{}-lt">{}</span>', colour, text)


class ReleasedPersonTable(tables.Table):
    name = tables.Column(
        linkify=("corrections:released-person-detail", [tables.A("pk")]), attrs=_NOWRAP
    )
    masked_id_number = tables.Column(verbose_name="身份证号", orderable=False, attrs=_NOWRAP)
    town = tables.Column(verbose_name="镇街", accessor="region", order_by=("region__code",))
    prison = tables.Column()
    release_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    is_key = YesNoColumn()
    handover_method = tables.Column(attrs=_NOWRAP)
    handed_over_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    status = tables.Column(attrs=_NOWRAP)
    support_until = DateColumn(format="Y-m-d", attrs=_NOWRAP)

    class Meta:
        model = ReleasedPerson
        fields = (
            "name",
            "masked_id_number",
            "town",
            "prison",
            "release_on",
            "is_key",
            "handover_method",
            "handed_over_on",
            "status",
            "support_until",
        )
        order_by = ("-release_on",)
        empty_text = "没有符合条件的刑满释放人员"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)

    def render_status(self, record: ReleasedPerson) -> str:
        colour = "orange" if record.status == ReleasedPerson.Status.NOTIFIED else "blue"
        return _badge(record.get_status_display(), colour)

    def value_status(self, record: ReleasedPerson) -> str:
        return str(record.get_status_display())


def _chosen_by_the_selector(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    # The view asks released_person_list for the archived rows or the working register by this
    # value; the filter is here to show the choice and name it in an export's audit row.
    return queryset


class ReleasedPersonFilterSet(ListFilterSet):
    """Search by name, or by a full ID number through its keyed hash (never by a fragment)."""

    ARCHIVED = "1"

    search_placeholder = "姓名，或完整的18位身份证号"
    sensitive_filters = ("q",)

    town = django_filters.ModelChoiceFilter(
        label="镇街", queryset=_towns, empty_label="全部镇街", method=_in_town
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ReleasedPerson.Status.choices, empty_label="全部状态"
    )
    is_key = YesNoFilter(label="重点帮教对象", empty_label="重点帮教对象：全部")
    release_year = django_filters.ChoiceFilter(
        label="释放年度", choices=_years, empty_label="全部年度", method="filter_release_year"
    )
    handover_method = django_filters.ChoiceFilter(
        label="衔接方式",
        choices=ReleasedPerson.HandoverMethod.choices,
        empty_label="全部衔接方式",
    )
    archived = django_filters.ChoiceFilter(
        label="归档",
        choices=[(ARCHIVED, "已归档")],
        empty_label="在册（未归档）",
        method=_chosen_by_the_selector,
    )

    class Meta:
        model = ReleasedPerson
        fields = ("q", "town", "status", "is_key", "release_year", "handover_method", "archived")

    def filter_search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if _ID_NUMBER.match(value):
            return queryset.filter(id_number_digest=blind_index(value.upper()))
        return queryset.filter(name__icontains=value)

    def filter_release_year(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(release_on__year=int(value)) if value else queryset


class ReleasedPersonArchiveTable(tables.Table):
    """Closed persons past their retention period, with the button that archives one."""

    name = tables.Column(
        linkify=("corrections:released-person-detail", [tables.A("pk")]), attrs=_NOWRAP
    )
    masked_id_number = tables.Column(verbose_name="身份证号", orderable=False, attrs=_NOWRAP)
    town = tables.Column(verbose_name="镇街", accessor="region", order_by=("region__code",))
    release_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    status = tables.Column(attrs=_NOWRAP)
    closed_on = DateColumn(format="Y-m-d", verbose_name="帮教结束日期", attrs=_NOWRAP)
    action = tables.Column("", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        model = ReleasedPerson
        fields = ("name", "masked_id_number", "town", "release_on", "status", "closed_on")
        empty_text = "没有待归档的安置帮教档案"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)

    def render_action(self, record: ReleasedPerson) -> str:
        return format_html(
            '<a class="btn btn-sm btn-primary" href="{}">归档</a>',
            reverse("corrections:released-person-archive", args=[record.pk]),
        )


class RemoteVisitTable(tables.Table):
    applied_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    applicant_name = tables.Column(
        linkify=("corrections:remote-visit-detail", [tables.A("pk")]), attrs=_NOWRAP
    )
    relationship = tables.Column(attrs=_NOWRAP)
    visitors = tables.Column(attrs=_NOWRAP)
    prisoner_name = tables.Column(attrs=_NOWRAP)
    prison = tables.Column()
    channel = tables.Column(attrs=_NOWRAP)
    scheduled_at = DateTimeColumn(format="Y-m-d H:i", attrs=_NOWRAP)
    status = tables.Column(attrs=_NOWRAP)
    outcome = tables.Column(attrs=_NOWRAP)

    class Meta:
        model = RemoteVisit
        fields = (
            "applied_on",
            "applicant_name",
            "relationship",
            "visitors",
            "prisoner_name",
            "prison",
            "channel",
            "scheduled_at",
            "status",
            "outcome",
        )
        order_by = ("-applied_on",)
        empty_text = "没有符合条件的远程视频会见"

    def render_status(self, record: RemoteVisit) -> str:
        return _badge(record.get_status_display())

    def value_status(self, record: RemoteVisit) -> str:
        return str(record.get_status_display())


class RemoteVisitFilterSet(ListFilterSet):
    search_fields = ("applicant_name", "prisoner_name", "prison")
    search_placeholder = "申请人、服刑人员或监狱"
    sensitive_filters = ("q",)

    year = django_filters.ChoiceFilter(
        label="年度", choices=_years, empty_label="全部年度", method="filter_year"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=RemoteVisit.Status.choices, empty_label="全部状态"
    )
    relationship = django_filters.ChoiceFilter(
        label="关系", choices=RemoteVisit.Relationship.choices, empty_label="全部关系"
    )

    class Meta:
        model = RemoteVisit
        fields = ("q", "year", "status", "relationship")

    def filter_year(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(applied_on__year=int(value)) if value else queryset


class RemoteHearingTable(tables.Table):
    scheduled_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    body_name = tables.Column(
        linkify=("corrections:remote-hearing-detail", [tables.A("pk")]), attrs=_NOWRAP
    )
    body_kind = tables.Column(attrs=_NOWRAP)
    kind = tables.Column(attrs=_NOWRAP)
    person_name = tables.Column(attrs=_NOWRAP)
    facility = tables.Column()
    status = tables.Column(attrs=_NOWRAP)
    held_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)

    class Meta:
        model = RemoteHearing
        fields = (
            "scheduled_on",
            "body_name",
            "body_kind",
            "kind",
            "person_name",
            "facility",
            "status",
            "held_on",
        )
        order_by = ("-scheduled_on",)
        empty_text = "没有符合条件的远程庭审提审"

    def render_status(self, record: RemoteHearing) -> str:
        return _badge(record.get_status_display())

    def value_status(self, record: RemoteHearing) -> str:
        return str(record.get_status_display())


class RemoteHearingFilterSet(ListFilterSet):
    search_fields = ("body_name", "person_name", "facility")
    search_placeholder = "提出单位、涉及人员或监所"
    sensitive_filters = ("q",)

    year = django_filters.ChoiceFilter(
        label="年度", choices=_years, empty_label="全部年度", method="filter_year"
    )
    body_kind = django_filters.ChoiceFilter(
        label="提出单位类别", choices=RemoteHearing.BodyKind.choices, empty_label="全部单位"
    )
    kind = django_filters.ChoiceFilter(
        label="事项", choices=RemoteHearing.Kind.choices, empty_label="全部事项"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=RemoteHearing.Status.choices, empty_label="全部状态"
    )

    class Meta:
        model = RemoteHearing
        fields = ("q", "year", "body_kind", "kind", "status")

    def filter_year(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(scheduled_on__year=int(value)) if value else queryset


def next_due_text(person: ReleasedPerson, today: datetime.date) -> str:
    """The person's next clock in words, for the card."""
    if person.status == ReleasedPerson.Status.NOTIFIED:
        return f"{person.release_on:%Y-%m-%d}释放，待衔接"
    if person.status == ReleasedPerson.Status.HANDED_OVER and person.report_due_on:
        overdue = "（已逾期）" if person.report_due_on < today else ""
        return f"{person.report_due_on:%Y-%m-%d}前报到{overdue}"
    if person.status == ReleasedPerson.Status.IN_SUPPORT:
        return f"帮教期至{person.support_until:%Y-%m-%d}"
    return ""
