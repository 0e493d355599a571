"""Columns and filters of the officer register."""

import datetime
from typing import Any, ClassVar

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from fazhi.core.listing import DateColumn, ListFilterSet, YesNoColumn
from fazhi.core.models import Organization
from fazhi.enforcement.models import (
    Certificate,
    Officer,
    StaffingType,
    StudyEvent,
    StudyList,
    TrainingCourse,
)
from fazhi.enforcement.models.supervision import (
    ContactPoint,
    InvitedSupervisor,
    SupervisionOpinion,
    SupervisionVisit,
)
from fazhi.enforcement.selectors import (
    CERTIFICATE_STATES,
    DUE_SOON,
    INVALID,
    OK,
    OVERDUE,
    SUPERVISION_DEADLINE_STATES,
    review_warning_days,
    state_of,
    supervision_deadline_state,
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
    certificate_valid_until = DateColumn(verbose_name="有效期至")
    certificate_review_due_on = DateColumn(verbose_name="年审期限")
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


# Training and study (培训与学法) ------------------------------------------------------------


class TrainingCourseTable(tables.Table):
    title = tables.Column(linkify=("enforcement:training-course-detail", [tables.A("pk")]))
    organizer = tables.Column(accessor="organizer__name", verbose_name="主办单位")
    online = YesNoColumn()
    attendee_count = tables.Column(verbose_name="参训人数", default=0)
    hours_credited = tables.Column(verbose_name="认定学时合计", default=0)

    class Meta:
        model = TrainingCourse
        fields = (
            "title",
            "kind",
            "hours",
            "held_on",
            "organizer",
            "online",
            "attendee_count",
            "hours_credited",
        )
        order_by = ("-held_on",)
        empty_text = "没有培训课程"


class TrainingCourseFilterSet(ListFilterSet):
    search_fields = ("title",)
    search_placeholder = "课程名称"

    kind = django_filters.ChoiceFilter(
        label="培训类别", choices=TrainingCourse.Kind.choices, empty_label="全部类别"
    )

    class Meta:
        model = TrainingCourse
        fields = ("q", "kind")


class OfficerTrainingHoursTable(tables.Table):
    """Hours per officer; a view sets `required` (the year's parameter) on a subclass."""

    required: ClassVar[int] = 0
    name = tables.Column(
        verbose_name="姓名", linkify=("enforcement:officer-detail", [tables.A("pk")])
    )
    organization = tables.Column(accessor="organization__name", verbose_name="所在部门")
    training_hours = tables.Column(verbose_name="年度认定学时")
    reached = tables.Column(verbose_name="达到学时要求", accessor="pk", orderable=False)

    class Meta:
        model = Officer
        fields = ("name", "organization", "training_hours", "reached")
        order_by = ("organization", "name")
        empty_text = "没有执法人员"

    def render_reached(self, record: Any) -> str:
        return YesNoColumn().render(record.training_hours >= self.required)

    def value_reached(self, record: Any) -> str:
        return "是" if record.training_hours >= self.required else "否"


class OfficerTrainingFilterSet(ListFilterSet):
    search_fields = ("name",)
    search_placeholder = "姓名"

    organization = django_filters.ModelChoiceFilter(label="所在部门", queryset=_departments)

    class Meta:
        model = Officer
        fields = ("q", "organization")


class StudyListTable(tables.Table):
    title = tables.Column(linkify=("enforcement:study-list-detail", [tables.A("pk")]))
    issuer = tables.Column(accessor="issuer__name", verbose_name="印发单位")
    assignment_count = tables.Column(verbose_name="学法作业")
    completed_count = tables.Column(verbose_name="已完成")

    class Meta:
        model = StudyList
        fields = ("title", "year", "issuer", "issued_on", "assignment_count", "completed_count")
        order_by = ("-year",)
        empty_text = "没有学法责任清单"


class StudyEventTable(tables.Table):
    organizer = tables.Column(accessor="organizer__name", verbose_name="组织单位")

    class Meta:
        model = StudyEvent
        fields = ("topic", "kind", "held_on", "organizer", "attendee_count")
        order_by = ("-held_on",)
        empty_text = "没有学法活动"


class StudyEventFilterSet(ListFilterSet):
    search_fields = ("topic",)
    search_placeholder = "主题"

    kind = django_filters.ChoiceFilter(
        label="活动类型", choices=StudyEvent.Kind.choices, empty_label="全部类型"
    )

    class Meta:
        model = StudyEvent
        fields = ("q", "kind")


# Enforcement supervision (执法监督) -----------------------------------------------------------

_SUPERVISION_BADGES = {
    "on_time": "bg-green-lt",
    "due_soon": "bg-yellow-lt",
    "overdue": "bg-red-lt",
    "done": "bg-green-lt",
    "done_late": "bg-orange-lt",
}


def supervision_deadline_badge(state: str, label: str) -> str:
    """A deadline light: amber when due soon, red when overdue (also for a late answer)."""
    return format_html(
        '<span class="badge {} deadline-{}">{}</span>', _SUPERVISION_BADGES[state], state, label
    )


class InvitedSupervisorTable(tables.Table):
    phone = tables.Column(accessor="masked_phone", verbose_name="联系电话", orderable=False)
    participation_count = tables.Column(verbose_name="参与活动次数", default=0)

    class Meta:
        model = InvitedSupervisor
        fields = (
            "name",
            "category",
            "unit",
            "phone",
            "batch_year",
            "term_start",
            "term_end",
            "status",
            "participation_count",
        )
        attrs = {"class": "table table-vcenter card-table"}


class ContactPointTable(tables.Table):
    enterprise = tables.Column(accessor="enterprise__name", verbose_name="企业")

    class Meta:
        model = ContactPoint
        fields = ("enterprise", "designated_on", "contact_person", "status", "withdrawn_on")
        attrs = {"class": "table table-vcenter card-table"}


class SupervisionVisitTable(tables.Table):
    subject = tables.Column(linkify=("enforcement:supervision-visit-detail", [tables.A("pk")]))
    departments = tables.Column(verbose_name="被监督部门", accessor="pk", orderable=False)

    class Meta:
        model = SupervisionVisit
        fields = ("subject", "visited_on", "kind", "departments")
        attrs = {"class": "table table-vcenter card-table"}

    def render_departments(self, record: SupervisionVisit) -> str:
        return "、".join(d.name for d in record.departments.all())

    def value_departments(self, record: SupervisionVisit) -> str:
        return self.render_departments(record)


class SupervisionOpinionTable(tables.Table):
    number = tables.Column(linkify=("enforcement:supervision-opinion-detail", [tables.A("pk")]))
    department = tables.Column(accessor="department__name", verbose_name="被监督部门")
    deadline = tables.Column(verbose_name="期限状态", accessor="pk", orderable=False)

    class Meta:
        model = SupervisionOpinion
        fields = ("number", "department", "issued_on", "correction_due_on", "status", "deadline")
        attrs = {"class": "table table-vcenter card-table"}

    def _state(self, record: SupervisionOpinion) -> str:
        return supervision_deadline_state(
            due_on=record.correction_due_on,
            answered_on=record.reported_on,
            today=timezone.localdate(),
        )

    def render_deadline(self, record: SupervisionOpinion) -> str:
        state = self._state(record)
        return supervision_deadline_badge(state, SUPERVISION_DEADLINE_STATES[state])

    def value_deadline(self, record: SupervisionOpinion) -> str:
        return SUPERVISION_DEADLINE_STATES[self._state(record)]
