"""Columns and filters of the legal-service lists. Phones and ID numbers only ever masked."""

import datetime
from dataclasses import dataclass
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.listing import DateColumn, ListFilterSet, YesNoFilter
from fazhi.core.models import Region
from fazhi.core.parameters import parameter_get, parameter_value
from fazhi.legalservice.models import (
    AGREEMENT_OUTCOMES,
    LegalAidApplication,
    LegalLiaison,
    LegalService,
    Mediation,
    MediationCommittee,
    ServiceStation,
)
from fazhi.legalservice.parameters import (
    LEGAL_AID_ASSIGNMENT_DAYS,
    LEGAL_AID_DECISION_DAYS,
    LEGAL_AID_FORWARDING_HOURS,
    LEGAL_AID_NOTICE_ASSIGNMENT_DAYS,
    LEGAL_AID_OBJECTION_DAYS,
)
from fazhi.legalservice.selectors import station_list, town_list_for_legal_services

_MONO = {"td": {"class": "font-monospace text-nowrap"}}
_NOWRAP = {"td": {"class": "text-nowrap"}}
UNDER_WAY = "under_way"
AWAITING_FOLLOW_UP = "awaiting"


def _towns(request: HttpRequest | None) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return town_list_for_legal_services(user=request.user)


def _stations(request: HttpRequest | None) -> QuerySet[ServiceStation]:
    if request is None:
        return ServiceStation.objects.none()
    # Only what the drop-down shows, not two models per option.
    stations = station_list(user=request.user).select_related(None).only("pk", "name")
    return _stations_offered(stations, request.GET).order_by("region__code", "level")


def _stations_offered(stations: QuerySet[ServiceStation], chosen: Any) -> QuerySet[ServiceStation]:
    """The stations the filter offers: a county has ~900, one room per village.

    The centre, town and park stations always; a town's village rooms once the town is chosen.
    A link that names a station (the station's own page) keeps every station valid.
    """
    if chosen.get("station"):
        return stations
    try:
        town_id = int(chosen.get("town") or "")
    except ValueError:
        return stations.exclude(level=ServiceStation.Level.VILLAGE)
    return stations.filter(Q(region_id=town_id) | Q(region__parent_id=town_id))


def _in_town(field: str) -> Any:
    def filter_town(queryset: QuerySet[Any], name: str, value: Region | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(**{f"{field}__startswith": value.prefix})

    return filter_town


def _years() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year, this_year - 6, -1)]


def town_of(region: Region) -> str:
    """The town a station, village or committee sits in ("" at the city level)."""
    if region.level == Region.Level.TOWN:
        return region.name
    if region.level == Region.Level.VILLAGE and region.parent is not None:
        return region.parent.name
    return ""


# The network -----------------------------------------------------------------------------------


class StationTable(tables.Table):
    name = tables.Column()
    level = tables.Column()
    town = tables.Column(
        verbose_name="镇街", accessor="region", order_by=("region__code",), attrs=_NOWRAP
    )
    region = tables.Column(verbose_name="所在区划", order_by=("region__code",), attrs=_NOWRAP)
    opening_hours = tables.Column()
    staff = tables.Column()
    phone = tables.Column(attrs=_NOWRAP)
    established_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)

    class Meta:
        model = ServiceStation
        fields = (
            "name",
            "level",
            "town",
            "region",
            "address",
            "opening_hours",
            "staff",
            "phone",
            "established_on",
        )
        order_by = ("level", "region")
        empty_text = "没有符合条件的服务站点"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)


class StationFilterSet(ListFilterSet):
    search_fields = ("name", "address", "staff")
    search_placeholder = "站点名称、地址或工作人员"

    level = django_filters.ChoiceFilter(
        label="层级", choices=ServiceStation.Level.choices, empty_label="全部层级"
    )
    town = django_filters.ModelChoiceFilter(
        label="镇街", queryset=_towns, empty_label="全部镇街", method=_in_town("region__code")
    )

    class Meta:
        model = ServiceStation
        fields = ("q", "level", "town")


# The ledger ------------------------------------------------------------------------------------


class LegalServiceTable(tables.Table):
    served_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    kind = tables.Column(attrs=_NOWRAP)
    channel = tables.Column(attrs=_NOWRAP)
    station = tables.Column(
        verbose_name="服务站点", accessor="station__name", order_by=("station__region__code",)
    )
    town = tables.Column(
        verbose_name="镇街", accessor="station__region", order_by=("station__region__code",)
    )
    person_name = tables.Column(attrs=_NOWRAP)
    masked_phone = tables.Column(verbose_name="联系电话", orderable=False, attrs=_MONO)

    class Meta:
        model = LegalService
        fields = (
            "served_on",
            "kind",
            "channel",
            "station",
            "town",
            "person_name",
            "masked_phone",
            "subject",
            "outcome",
        )
        order_by = ("-served_on",)
        empty_text = "没有符合条件的服务记录"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)


class LegalServiceFilterSet(ListFilterSet):
    search_fields = ("person_name", "subject", "outcome")
    search_placeholder = "服务对象、事项或结果"
    sensitive_filters = ("q",)

    year = django_filters.ChoiceFilter(
        label="年度", choices=_years, empty_label="全部年度", method="filter_year"
    )
    kind = django_filters.ChoiceFilter(
        label="服务类型", choices=LegalService.Kind.choices, empty_label="全部类型"
    )
    channel = django_filters.ChoiceFilter(
        label="咨询方式", choices=LegalService.Channel.choices, empty_label="全部方式"
    )
    town = django_filters.ModelChoiceFilter(
        label="镇街",
        queryset=_towns,
        empty_label="全部镇街",
        method=_in_town("station__region__code"),
    )
    station = django_filters.ModelChoiceFilter(
        label="服务站点",
        queryset=_stations,
        empty_label="全部站点",
        help_text="选择镇街后可选该镇街的村居工作室",
    )

    class Meta:
        model = LegalService
        fields = ("q", "year", "kind", "channel", "town", "station")

    def filter_year(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(served_on__year=int(value)) if value else queryset


# Legal liaisons --------------------------------------------------------------------------------


class LegalLiaisonTable(tables.Table):
    town = tables.Column(verbose_name="镇街", accessor="village", order_by=("village__code",))
    village = tables.Column(order_by=("village__code",))
    name = tables.Column(linkify=("legalservice:liaison-detail", [tables.A("pk")]), attrs=_NOWRAP)
    masked_id_number = tables.Column(verbose_name="身份证号", orderable=False, attrs=_MONO)
    masked_phone = tables.Column(verbose_name="手机号", orderable=False, attrs=_MONO)
    selected_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    trained_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    withdrawn_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)

    class Meta:
        model = LegalLiaison
        fields = (
            "town",
            "village",
            "name",
            "masked_id_number",
            "masked_phone",
            "source",
            "selected_on",
            "trained_on",
            "withdrawn_on",
        )
        order_by = ("village", "name")
        empty_text = "没有符合条件的法律明白人"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)


class LegalLiaisonFilterSet(ListFilterSet):
    search_fields = ("name", "village__name")
    search_placeholder = "姓名或村居"

    town = django_filters.ModelChoiceFilter(
        label="镇街", queryset=_towns, empty_label="全部镇街", method=_in_town("village__code")
    )
    source = django_filters.ChoiceFilter(
        label="遴选来源", choices=LegalLiaison.Source.choices, empty_label="全部来源"
    )
    trained = YesNoFilter(
        label="已培训", yes="已培训", no="未培训", empty_label="培训：全部", method="filter_trained"
    )

    class Meta:
        model = LegalLiaison
        fields = ("q", "town", "source", "trained")

    def filter_trained(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in ("", None):
            return queryset
        return queryset.filter(trained_on__isnull=value != YesNoFilter.YES)


# People's mediation ----------------------------------------------------------------------------


class MediationCommitteeTable(tables.Table):
    name = tables.Column()
    town = tables.Column(verbose_name="镇街", accessor="region", order_by=("region__code",))
    region = tables.Column(order_by=("region__code",))
    established_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    term_ends_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    mediator_count = tables.Column(verbose_name="调解员人数")
    mediation_count = tables.Column(verbose_name="受理调解件数")

    class Meta:
        model = MediationCommittee
        fields = (
            "name",
            "kind",
            "town",
            "region",
            "established_on",
            "term_ends_on",
            "mediator_count",
            "mediation_count",
        )
        order_by = ("region",)
        empty_text = "没有符合条件的人民调解委员会"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)


class MediationCommitteeFilterSet(ListFilterSet):
    search_fields = ("name",)
    search_placeholder = "委员会名称"

    kind = django_filters.ChoiceFilter(
        label="类型", choices=MediationCommittee.Kind.choices, empty_label="全部类型"
    )
    town = django_filters.ModelChoiceFilter(
        label="镇街", queryset=_towns, empty_label="全部镇街", method=_in_town("region__code")
    )

    class Meta:
        model = MediationCommittee
        fields = ("q", "kind", "town")


def confirmation_days_left(mediation: Mediation, today: datetime.date) -> int | None:
    """Days until the judicial-confirmation window closes; negative once passed, None if none."""
    if mediation.confirmation_due_on is None:
        return None
    return (mediation.confirmation_due_on - today).days


class MediationTable(tables.Table):
    received_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    parties = tables.Column(linkify=("legalservice:mediation-detail", [tables.A("pk")]))
    dispute_type = tables.Column(attrs=_NOWRAP)
    committee = tables.Column(
        verbose_name="人民调解委员会", accessor="committee__name", order_by=("committee__name",)
    )
    town = tables.Column(
        verbose_name="镇街", accessor="committee__region", order_by=("committee__region__code",)
    )
    outcome = tables.Column(verbose_name="调解结果", attrs=_NOWRAP)
    confirmation_due_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    performance = tables.Column(verbose_name="履行情况", attrs=_NOWRAP)

    class Meta:
        model = Mediation
        fields = (
            "received_on",
            "parties",
            "dispute_type",
            "intake",
            "committee",
            "town",
            "outcome",
            "concluded_on",
            "confirmation_due_on",
            "performance",
        )
        order_by = ("-received_on",)
        empty_text = "没有符合条件的人民调解案件"

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)

    def render_outcome(self, record: Mediation) -> str:
        if not record.outcome:
            return format_html('<span class="badge bg-blue-lt">调解中</span>')
        style = "bg-green-lt" if record.has_agreement else "bg-secondary-lt"
        return format_html('<span class="badge {}">{}</span>', style, record.get_outcome_display())

    def value_outcome(self, record: Mediation) -> str:
        return str(record.get_outcome_display()) if record.outcome else "调解中"

    def render_performance(self, record: Mediation) -> str:
        label = record.performance_label
        if not label:
            return "—"
        style = (
            "bg-green-lt" if record.performance == Mediation.Performance.FULL else "bg-yellow-lt"
        )
        return format_html('<span class="badge {}">{}</span>', style, label)

    def value_performance(self, record: Mediation) -> str:
        return record.performance_label


class MediationFilterSet(ListFilterSet):
    search_fields = ("parties", "summary", "committee__name")
    search_placeholder = "当事人、纠纷情况或委员会"
    sensitive_filters = ("q",)

    outcome = django_filters.ChoiceFilter(
        label="调解结果",
        choices=[(UNDER_WAY, "调解中"), *Mediation.Outcome.choices],
        empty_label="全部结果",
        method="filter_outcome",
    )
    dispute_type = django_filters.ChoiceFilter(
        label="纠纷类型", choices=Mediation.DisputeType.choices, empty_label="全部类型"
    )
    town = django_filters.ModelChoiceFilter(
        label="镇街",
        queryset=_towns,
        empty_label="全部镇街",
        method=_in_town("committee__region__code"),
    )
    confirmation_open = YesNoFilter(
        label="司法确认期内",
        yes="司法确认期内",
        no="不在司法确认期内",
        empty_label="司法确认：全部",
        method="filter_confirmation_open",
    )

    performance = django_filters.ChoiceFilter(
        label="履行情况",
        choices=[(AWAITING_FOLLOW_UP, "未回访"), *Mediation.Performance.choices],
        empty_label="履行情况：全部",
        method="filter_performance",
    )

    class Meta:
        model = Mediation
        fields = ("q", "outcome", "dispute_type", "town", "confirmation_open", "performance")

    def filter_performance(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Agreements by how far they are performed; "awaiting": not yet followed up (art. 31)."""
        if not value:
            return queryset
        agreements = queryset.filter(outcome__in=AGREEMENT_OUTCOMES)
        return agreements.filter(performance="" if value == AWAITING_FOLLOW_UP else value)

    def filter_outcome(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(outcome="" if value == UNDER_WAY else value)

    def filter_confirmation_open(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        if value in ("", None):
            return queryset
        today = timezone.localdate()
        window = Q(confirmation_due_on__gte=today, concluded_on__lte=today)
        return queryset.filter(window) if value == YesNoFilter.YES else queryset.exclude(window)


# Legal aid -------------------------------------------------------------------------------------

_AID = LegalAidApplication


@dataclass(frozen=True)
class AidDeadline:
    """One time limit of an application as the pages show it.

    `met` is None while the step is still open; `days_left` is set only then (negative once
    passed). A deadline that is not running (materials awaited) has neither.
    """

    label: str
    due: datetime.date | datetime.datetime | None
    unit: str
    done_on: datetime.date | None
    met: bool | None
    days_left: int | None
    note: str = ""

    @property
    def due_text(self) -> str:
        """The due moment as shown: with the time for a limit in hours, else the day."""
        if isinstance(self.due, datetime.datetime):
            return f"{self.due:%Y-%m-%d %H:%M}"
        return f"{self.due:%Y-%m-%d}" if self.due is not None else "—"

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def legal_aid_next_due(application: LegalAidApplication) -> tuple[str, datetime.date] | None:
    """The step the application waits for and its due day; None when nothing is running.

    While missing materials are awaited the decision clock does not run: it starts again on the
    day they are complete (aid_services).
    """
    if application.status in (_AID.Status.RECEIVED, _AID.Status.ADVANCED):
        return "审查决定", application.decision_due_on
    if application.status == _AID.Status.GRANTED and application.assignment_due_on is not None:
        return "指派", application.assignment_due_on
    if (
        application.status == _AID.Status.REFUSED
        and application.objection_due_on is not None
        and not application.objection_outcome
    ):
        return "异议审查", application.objection_due_on
    return None


def legal_aid_overdue_condition(today: datetime.date) -> Q:
    """The rows whose `legal_aid_next_due` has passed on `today` (the list's overdue filter)."""
    return (
        Q(status__in=[_AID.Status.RECEIVED, _AID.Status.ADVANCED], decision_due_on__lt=today)
        | Q(status=_AID.Status.GRANTED, assignment_due_on__lt=today)
        | Q(
            status=_AID.Status.REFUSED,
            objection_due_on__lt=today,
            objection_outcome=_AID.ObjectionOutcome.NONE,
        )
    )


def _limit(key: str, on: datetime.date) -> str:
    return parameter_value(key, on=on).display(parameter_get(key))


def _by_day(
    label: str,
    due: datetime.date,
    unit: str,
    done_on: datetime.date | None,
    today: datetime.date,
) -> AidDeadline:
    if done_on is not None:
        return AidDeadline(label, due, unit, done_on, done_on <= due, None)
    return AidDeadline(label, due, unit, None, None, (due - today).days)


def legal_aid_deadlines(
    application: LegalAidApplication, today: datetime.date
) -> list[AidDeadline]:
    """The application's time limits so far, in the order they run (法律援助法 arts. 39, 43, 49)."""
    deadlines = []
    if application.forward_due_at is not None and application.facility_received_at is not None:
        deadlines.append(
            AidDeadline(
                "监管场所转交",
                timezone.localtime(application.forward_due_at),
                _limit(
                    LEGAL_AID_FORWARDING_HOURS,
                    timezone.localdate(application.facility_received_at),
                ),
                application.received_on,
                application.forwarded_late is False,
                None,
                note="按法律援助机构收到申请的日期判断",
            )
        )
    decision_unit = _limit(LEGAL_AID_DECISION_DAYS, application.received_on)
    if application.status == _AID.Status.AWAITING_MATERIALS:
        deadlines.append(
            AidDeadline(
                "审查决定",
                None,
                decision_unit,
                None,
                None,
                None,
                note="待补正材料，自补正齐全之日重新起算",
            )
        )
    elif application.is_notified:
        # arts. 25, 36: a notice needs no decision; its clock is the assignment's.
        pass
    elif application.status != _AID.Status.WITHDRAWN:
        deadlines.append(
            _by_day(
                "审查决定",
                application.decision_due_on,
                decision_unit,
                application.decided_on,
                today,
            )
        )
    if application.is_notified and application.assignment_due_on is not None:
        deadlines.append(
            _by_day(
                "收到通知后指派律师",
                application.assignment_due_on,
                _limit(LEGAL_AID_NOTICE_ASSIGNMENT_DAYS, application.received_on),
                application.assigned_on,
                today,
            )
        )
    elif application.assignment_due_on is not None:
        deadlines.append(
            _by_day(
                "指派承办人员",
                application.assignment_due_on,
                _limit(LEGAL_AID_ASSIGNMENT_DAYS, application.assignment_due_on),
                application.assigned_on,
                today,
            )
        )
    elif application.advanced_on is not None:
        # art. 44: the assignee started before the decision; no assignment clock runs.
        deadlines.append(
            AidDeadline(
                "先行提供法律援助",
                None,
                "—",
                application.advanced_on,
                None,
                None,
                note="决定前已先行指派承办人员，审查决定后无需另行指派",
            )
        )
    if application.objection_due_on is not None:
        deadlines.append(
            _by_day(
                "异议审查",
                application.objection_due_on,
                _limit(LEGAL_AID_OBJECTION_DAYS, application.objection_due_on),
                application.objection_decided_on,
                today,
            )
        )
    return deadlines


def legal_aid_due_html(application: LegalAidApplication, today: datetime.date) -> str:
    next_due = legal_aid_next_due(application)
    if next_due is None:
        return "—"
    step, due_on = next_due
    days_left = (due_on - today).days
    if days_left < 0:
        return format_html(
            '{}：{} <span class="text-red fw-bold aid-due-state">已逾期{}天</span>',
            step,
            f"{due_on:%Y-%m-%d}",
            -days_left,
        )
    return format_html(
        '{}：{} <span class="text-green aid-due-state">剩余{}天</span>',
        step,
        f"{due_on:%Y-%m-%d}",
        days_left,
    )


class LegalAidApplicationTable(tables.Table):
    received_on = DateColumn(format="Y-m-d", attrs=_NOWRAP)
    applicant_name = tables.Column(
        linkify=("legalservice:aid-detail", [tables.A("pk")]), attrs=_NOWRAP
    )
    town = tables.Column(verbose_name="镇街", accessor="region", order_by=("region__code",))
    channel = tables.Column(attrs=_NOWRAP)
    kind = tables.Column(attrs=_NOWRAP)
    matter = tables.Column()
    green_channel = tables.Column(attrs=_NOWRAP)
    status = tables.Column(attrs=_NOWRAP)
    next_due = tables.Column(verbose_name="下一期限", accessor="pk", orderable=False, attrs=_NOWRAP)
    assignee_name = tables.Column(attrs=_NOWRAP)
    subsidy_amount = tables.Column(attrs=_NOWRAP)

    class Meta:
        model = LegalAidApplication
        fields = (
            "received_on",
            "applicant_name",
            "town",
            "channel",
            "kind",
            "matter",
            "green_channel",
            "status",
            "next_due",
            "assignee_name",
            "subsidy_amount",
        )
        order_by = ("-received_on",)
        empty_text = "没有符合条件的法律援助申请"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_town(self, value: Region) -> str:
        return town_of(value) or "—"

    def value_town(self, value: Region) -> str:
        return town_of(value)

    def render_channel(self, record: LegalAidApplication) -> str:
        return self.value_channel(record)

    def value_channel(self, record: LegalAidApplication) -> str:
        """A notice shows who sent it and its number (arts. 25, 36)."""
        if record.is_notified:
            notice = f"{record.notifying_authority}{record.notice_number}"
            return f"{record.get_channel_display()}：{notice}"
        return str(record.get_channel_display())

    def render_green_channel(self, record: LegalAidApplication) -> str:
        return format_html(
            '<span class="badge bg-green-lt">{}</span>', record.get_green_channel_display()
        )

    def render_status(self, record: LegalAidApplication) -> str:
        return format_html('<span class="badge bg-blue-lt">{}</span>', record.get_status_display())

    def value_status(self, record: LegalAidApplication) -> str:
        return str(record.get_status_display())

    def render_next_due(self, record: LegalAidApplication) -> str:
        return legal_aid_due_html(record, self.today)


class LegalAidApplicationFilterSet(ListFilterSet):
    search_fields = ("applicant_name", "summary", "assignee_name", "notice_number")
    search_placeholder = "申请人、案情、承办人或通知书文号"
    sensitive_filters = ("q",)

    year = django_filters.ChoiceFilter(
        label="年度", choices=_years, empty_label="全部年度", method="filter_year"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=_AID.Status.choices, empty_label="全部状态"
    )
    channel = django_filters.ChoiceFilter(
        label="申请渠道", choices=_AID.Channel.choices, empty_label="全部渠道"
    )
    kind = django_filters.ChoiceFilter(
        label="案件类别", choices=_AID.Kind.choices, empty_label="全部类别"
    )
    matter = django_filters.ChoiceFilter(
        label="援助事项", choices=_AID.Matter.choices, empty_label="全部事项"
    )
    town = django_filters.ModelChoiceFilter(
        label="镇街", queryset=_towns, empty_label="全部镇街", method=_in_town("region__code")
    )
    green = YesNoFilter(
        label="绿色通道",
        yes="绿色通道",
        no="非绿色通道",
        empty_label="绿色通道：全部",
        method="filter_green",
    )
    overdue = YesNoFilter(
        label="逾期", yes="已逾期", no="未逾期", empty_label="逾期：全部", method="filter_overdue"
    )

    class Meta:
        model = LegalAidApplication
        fields = ("q", "year", "status", "channel", "kind", "matter", "town", "green", "overdue")

    def filter_year(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(received_on__year=int(value)) if value else queryset

    def filter_green(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in ("", None):
            return queryset
        ordinary = Q(green_channel=_AID.GreenChannel.NONE)
        return queryset.exclude(ordinary) if value == YesNoFilter.YES else queryset.filter(ordinary)

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in ("", None):
            return queryset
        overdue = legal_aid_overdue_condition(timezone.localdate())
        return queryset.filter(overdue) if value == YesNoFilter.YES else queryset.exclude(overdue)
