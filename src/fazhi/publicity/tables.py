"""Columns and filters of the publicity ledger lists."""

from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator

from fazhi.core.listing import DateColumn, ListFilterSet, YesNoColumn, YesNoFilter
from fazhi.core.models import Organization, Region
from fazhi.publicity.models import (
    Campaign,
    CaseEpisode,
    PublicityActivity,
    ResponsibilityList,
    Venue,
)
from fazhi.publicity.selectors import (
    ActivityTotals,
    activity_totals,
    campaign_list,
    list_completion_percent,
    task_progress_by_list,
)

_YEARS_SHOWN = 10


def _date_column(**kwargs: Any) -> DateColumn:
    return DateColumn(format="Y-m-d", attrs={"td": {"class": "text-nowrap"}}, **kwargs)


def _years() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year, this_year - _YEARS_SHOWN, -1)]


def _year_filter(field_name: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label="年度",
        field_name=field_name,
        lookup_expr="year",
        choices=_years,
        empty_label="全部年度",
    )


def _units_of(rows: QuerySet[Any]) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=rows.values("organization")).order_by("code")


def _activity_units(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    return _units_of(PublicityActivity.objects.visible_to(request.user))


def _activity_towns(request: HttpRequest | None) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    held_in = PublicityActivity.objects.visible_to(request.user).values("region")
    return Region.objects.filter(pk__in=held_in, level=Region.Level.TOWN).order_by("code")


def _campaigns(request: HttpRequest | None) -> QuerySet[Campaign]:
    if request is None:
        return Campaign.objects.none()
    return campaign_list(user=request.user)


def _list_units(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    return _units_of(ResponsibilityList.objects.visible_to(request.user))


def _episode_units(request: HttpRequest | None) -> QuerySet[Organization]:
    if request is None:
        return Organization.objects.none()
    return _units_of(CaseEpisode.objects.visible_to(request.user))


# Activities (普法活动台账) ------------------------------------------------------------------


class ActivityTable(tables.Table):
    title = tables.Column(linkify=("publicity:activity-detail", [tables.A("pk")]))
    held_on = _date_column()
    organization = tables.Column(accessor="organization__name", verbose_name="责任单位")
    place = tables.Column(accessor="region__name", verbose_name="活动地点")
    online = YesNoColumn(verbose_name="线上")
    campaign = tables.Column(accessor="campaign__title", verbose_name="集中宣传活动")

    class Meta:
        model = PublicityActivity
        fields = (
            "title",
            "held_on",
            "organization",
            "venue",
            "place",
            "target_group",
            "online",
            "participants",
            "materials_distributed",
            "campaign",
        )
        order_by = ("-held_on",)
        empty_text = "没有普法活动"

    @cached_property
    def totals(self) -> ActivityTotals:
        """The activities and participants of every row listed (all pages), in one query."""
        return activity_totals(activities=self.data.data)


class ActivityFilterSet(ListFilterSet):
    search_fields = ("title", "organization__name")
    search_placeholder = "活动名称或责任单位"

    year = _year_filter("held_on")
    organization = django_filters.ModelChoiceFilter(
        label="责任单位", queryset=_activity_units, empty_label="全部单位"
    )
    venue = django_filters.ChoiceFilter(
        label="活动场所", choices=Venue.choices, empty_label="全部场所"
    )
    campaign = django_filters.ModelChoiceFilter(
        label="集中宣传活动", queryset=_campaigns, empty_label="全部集中宣传活动"
    )
    town = django_filters.ModelChoiceFilter(
        label="活动镇街", field_name="region", queryset=_activity_towns, empty_label="全部镇街"
    )
    online = YesNoFilter(label="线上或线下", yes="线上", no="线下", empty_label="线上和线下")

    class Meta:
        model = PublicityActivity
        fields = ("q", "year", "organization", "venue", "campaign", "town", "online")


# Responsibility lists (普法责任清单) ---------------------------------------------------------


class ResponsibilityListTable(tables.Table):
    """Lists with their tasks' progress, fetched in one query for the rows shown (or exported)."""

    title = tables.Column(linkify=("publicity:list-detail", [tables.A("pk")]))
    organization = tables.Column(accessor="organization__name", verbose_name="责任单位")
    issued_on = _date_column()
    task_count = tables.Column(verbose_name="任务数")
    planned_total = tables.Column(verbose_name="计划场次", default=0)
    held_total = tables.Column(verbose_name="已开展场次", accessor="pk", orderable=False)
    completion = tables.Column(verbose_name="完成率", accessor="pk", orderable=False)

    class Meta:
        model = ResponsibilityList
        fields = (
            "title",
            "year",
            "organization",
            "issued_on",
            "task_count",
            "planned_total",
            "held_total",
            "completion",
        )
        order_by = ("-year", "organization")
        empty_text = "没有普法责任清单"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._progress: dict[int, list[tuple[int, int]]] = {}
        self._every_row_fetched = False

    def _progress_of(self, record: ResponsibilityList) -> list[tuple[int, int]]:
        """The record's tasks' (planned, held).

        Fetched for the page shown, or for every row once a record beyond it is asked for
        (the export).
        """
        if record.pk not in self._progress and not self._every_row_fetched:
            page = getattr(self, "page", None)
            shown = [row.record.pk for row in page.object_list] if page is not None else []
            if record.pk in shown:
                self._progress.update({pk: [] for pk in shown})
                self._progress.update(task_progress_by_list(lists=shown))
            else:
                self._progress.update(task_progress_by_list(lists=self.data.data))
                self._every_row_fetched = True
        return self._progress.get(record.pk, [])

    def _completion(self, record: ResponsibilityList) -> Decimal | None:
        return list_completion_percent(self._progress_of(record))

    def render_held_total(self, record: ResponsibilityList) -> int:
        return self.value_held_total(record)

    def value_held_total(self, record: ResponsibilityList) -> int:
        return sum(held for _planned, held in self._progress_of(record))

    def render_completion(self, record: ResponsibilityList) -> str:
        rate = self._completion(record)
        if rate is None:
            return "—"
        style = "bg-green-lt" if rate >= 100 else "bg-yellow-lt" if rate >= 50 else "bg-red-lt"
        return format_html('<span class="badge {} list-completion">{}%</span>', style, rate)

    def value_completion(self, record: ResponsibilityList) -> str:
        rate = self._completion(record)
        return "" if rate is None else f"{rate}%"


class ResponsibilityListFilterSet(ListFilterSet):
    search_fields = ("title", "organization__name")
    search_placeholder = "清单名称或责任单位"

    year = django_filters.ChoiceFilter(label="年度", choices=_years, empty_label="全部年度")
    organization = django_filters.ModelChoiceFilter(
        label="责任单位", queryset=_list_units, empty_label="全部单位"
    )

    class Meta:
        model = ResponsibilityList
        fields = ("q", "year", "organization")


# Campaigns (集中普法宣传活动) ----------------------------------------------------------------


def _campaign_activities_url(record: Campaign) -> str:
    return f"{reverse('publicity:activity-list')}?campaign={record.pk}"


class CampaignTable(tables.Table):
    title = tables.Column(linkify=_campaign_activities_url)
    starts_on = _date_column()
    ends_on = _date_column()
    organization = tables.Column(accessor="organization__name", verbose_name="组织单位")
    unit_count = tables.Column(verbose_name="参加单位")
    activity_count = tables.Column(verbose_name="活动场次")

    class Meta:
        model = Campaign
        fields = (
            "title",
            "theme",
            "starts_on",
            "ends_on",
            "organization",
            "unit_count",
            "activity_count",
        )
        order_by = ("-starts_on",)
        empty_text = "没有集中宣传活动"


class CampaignFilterSet(ListFilterSet):
    search_fields = ("title", "theme")
    search_placeholder = "活动名称或宣传主题"

    year = _year_filter("starts_on")

    class Meta:
        model = Campaign
        fields = ("q", "year")


# Case-explained-by-law episodes (以案释法) ----------------------------------------------------


class EpisodeTable(tables.Table):
    published_on = _date_column()
    organization = tables.Column(
        accessor="organization__name",
        verbose_name="制作单位",
        attrs={"td": {"class": "text-nowrap"}},
    )
    case_summary = tables.Column(orderable=False)
    link = tables.Column(orderable=False)

    class Meta:
        model = CaseEpisode
        fields = ("title", "outlet", "published_on", "organization", "case_summary", "link")
        order_by = ("-published_on",)
        empty_text = "没有以案释法专题"

    def render_case_summary(self, value: str) -> str:
        return Truncator(value).chars(40)

    def value_case_summary(self, value: str) -> str:
        return value

    def render_link(self, value: str) -> str:
        return format_html('<a href="{}" target="_blank" rel="noopener noreferrer">查看</a>', value)

    def value_link(self, value: str) -> str:
        return value


class EpisodeFilterSet(ListFilterSet):
    search_fields = ("title", "outlet", "case_summary")
    search_placeholder = "专题名称、媒体或案情"

    year = _year_filter("published_on")
    organization = django_filters.ModelChoiceFilter(
        label="制作单位", queryset=_episode_units, empty_label="全部单位"
    )

    class Meta:
        model = CaseEpisode
        fields = ("q", "year", "organization")
