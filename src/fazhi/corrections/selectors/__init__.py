"""Reads of community corrections: scoped lists for the pages, and the counts behind the figures.

Lists start from `visible_to(user)`. The figure selectors take a region prefix and a year and
count in SQL (one query each).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from fazhi.core.deadlines import add_years
from fazhi.core.models import Organization
from fazhi.core.parameters import parameter_value
from fazhi.corrections.models import (
    CorrectionFile,
    CorrectionPlan,
    CorrectionSubject,
    FileReview,
    LevelChange,
    LocationCheck,
    LocationDevice,
    LocationSpotCheck,
    SupervisionAlert,
    TeamMember,
)
from fazhi.corrections.parameters import ARCHIVE_AFTER_YEARS, CHECKS_PER_WEEK


def subject_list(*, user: Any) -> QuerySet[CorrectionSubject]:
    """The subjects the user may see, with what the list shows."""
    return CorrectionSubject.objects.visible_to(user).select_related("region", "office")


def alert_list(*, user: Any) -> QuerySet[SupervisionAlert]:
    """The alerts the user may see, open ones first."""
    return SupervisionAlert.objects.visible_to(user).select_related(
        "subject__region", "subject__office", "location_check"
    )


def alert_list_open(*, user: Any) -> QuerySet[SupervisionAlert]:
    return alert_list(user=user).filter(status=SupervisionAlert.Status.OPEN)


def subject_files_with_counts(subject: CorrectionSubject) -> QuerySet[CorrectionFile]:
    """The subject's files with their keeper and document counts, in one query.

    `documents_filed` of `documents_total`, however many files there are.
    """
    return subject.files.select_related("keeper").annotate(
        documents_total=Count("documents"),
        documents_filed=Count("documents", filter=Q(documents__filed_on__isnull=False)),
    )


def location_device_current(subject: CorrectionSubject) -> LocationDevice | None:
    """The subject's current device period: the latest one neither removed nor extended.

    The period an extension or a removal acts on (社区矫正法 art. 29). Reads
    `subject.location_devices.all()`, so a prefetch of it serves this without a query.
    """
    devices = list(subject.location_devices.all())
    extended = {device.extends_id for device in devices if device.extends_id is not None}
    current = [d for d in devices if d.removed_on is None and d.pk not in extended]
    return max(current, key=lambda device: (device.starts_on, device.pk), default=None)


def team_member_list_for(subject: CorrectionSubject) -> QuerySet[TeamMember]:
    """The subject's correction team (art. 25), in the order the members joined."""
    return subject.team_members.order_by("joined_on", "pk")


def plan_versions_for(subject: CorrectionSubject) -> QuerySet[CorrectionPlan]:
    """Every version of the subject's individual plan (art. 24), the latest first."""
    return subject.plans.order_by("-version")


def file_list_due_for_archiving(*, user: Any, on: datetime.date) -> QuerySet[CorrectionFile]:
    """Files of subjects whose correction ended ARCHIVE_AFTER_YEARS ago or more, not archived.

    Listed for the archive (移交归档); nothing is deleted.
    """
    years = parameter_value(ARCHIVE_AFTER_YEARS, on=on).amount
    cutoff = add_years(on, -years)
    return (
        CorrectionFile.objects.visible_to(user)
        .filter(archived_on__isnull=True, subject__ended_on__lte=cutoff)
        .select_related("subject__region", "subject__office", "keeper")
        .order_by("subject__ended_on", "pk")
    )


@dataclass(frozen=True)
class OfficeCheckRow:
    """One judicial office on the check schedule board for a week."""

    office: Organization
    subjects: int
    required: int
    planned: int
    done: int
    done_on_day: int
    overdue: int

    @property
    def is_behind(self) -> bool:
        """Behind schedule: a planned check past its day not done, or fewer planned than due."""
        return self.overdue > 0 or self.planned < self.required


def office_check_board(
    *, user: Any, week_start: datetime.date, today: datetime.date | None = None
) -> list[OfficeCheckRow]:
    """Each office the user sees, with the week's required, planned, done and overdue checks.

    Five queries whatever the number of offices.
    """
    today = today or timezone.localdate()
    week_end = week_start + datetime.timedelta(days=6)
    per_week = parameter_value(CHECKS_PER_WEEK, on=week_start).amount
    subjects: dict[int, int] = dict(
        CorrectionSubject.objects.visible_to(user)
        .filter(registered_on__lte=week_end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=week_start))
        .values("office")
        .annotate(n=Count("pk"))
        .values_list("office", "n")
    )
    checks: dict[int, Any] = {
        row["office"]: row
        for row in LocationCheck.objects.visible_to(user)
        .filter(kind=LocationCheck.Kind.SCHEDULED, planned_on__range=(week_start, week_end))
        .values("office")
        .annotate(
            planned=Count("pk"),
            done=Count("pk", filter=Q(performed_at__isnull=False)),
            overdue=Count("pk", filter=Q(performed_at__isnull=True, planned_on__lt=today)),
        )
    }
    on_day: dict[int, int] = dict(
        LocationCheck.objects.visible_to(user)
        .filter(kind=LocationCheck.Kind.SCHEDULED, planned_on__range=(week_start, week_end))
        .filter(performed_at__date=F("planned_on"))
        .values("office")
        .annotate(n=Count("pk"))
        .values_list("office", "n")
    )
    offices = Organization.objects.filter(pk__in=set(subjects) | set(checks)).order_by("code")
    none: dict[str, int] = {}
    return [
        OfficeCheckRow(
            office=office,
            subjects=subjects.get(office.pk, 0),
            required=subjects.get(office.pk, 0) * per_week,
            planned=checks.get(office.pk, none).get("planned", 0),
            done=checks.get(office.pk, none).get("done", 0),
            done_on_day=on_day.get(office.pk, 0),
            overdue=checks.get(office.pk, none).get("overdue", 0),
        )
        for office in offices
    ]


# Figures --------------------------------------------------------------------------------------


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def spot_check_list(*, region_prefix: str, year: int) -> QuerySet[LocationSpotCheck]:
    """City spot checks of the year in the region (平台抽查)."""
    return LocationSpotCheck.objects.filter(
        region__code__startswith=region_prefix, performed_at__year=year
    )


def spot_check_person_times(*, region_prefix: str, year: int) -> QuerySet[LocationCheck]:
    """Subjects covered by the year's spot checks, one row a person-time (人次)."""
    return LocationCheck.objects.filter(
        kind=LocationCheck.Kind.SPOT,
        subject__region__code__startswith=region_prefix,
        spot_check__performed_at__year=year,
    )


def intake_file_list(*, region_prefix: str, year: int) -> QuerySet[CorrectionFile]:
    """Execution files compiled at intake in the year (入矫执行档案)."""
    return CorrectionFile.objects.filter(
        kind=CorrectionFile.Kind.EXECUTION,
        subject__region__code__startswith=region_prefix,
        compiled_on__range=_year(year),
    )


def file_review_list(*, region_prefix: str, year: int) -> QuerySet[FileReview]:
    """File reviews (评查) dated in the year."""
    return FileReview.objects.filter(
        file__subject__region__code__startswith=region_prefix, reviewed_on__range=_year(year)
    )


def subject_list_at(*, region_prefix: str, on: datetime.date) -> QuerySet[CorrectionSubject]:
    """Subjects under correction on day `on` (registered, not yet released or terminated)."""
    return CorrectionSubject.objects.filter(
        region__code__startswith=region_prefix, registered_on__lte=on
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def subject_list_at_level(
    *, region_prefix: str, on: datetime.date, level: str
) -> QuerySet[CorrectionSubject]:
    """Subjects under correction on `on` whose management level that day was `level`.

    The level of the day comes from the level history, not the current level.
    """
    level_then = (
        LevelChange.objects.filter(subject=OuterRef("pk"), effective_on__lte=on)
        .order_by("-effective_on", "-pk")
        .values("level")[:1]
    )
    return (
        subject_list_at(region_prefix=region_prefix, on=on)
        .annotate(level_on=Subquery(level_then))
        .filter(level_on=level)
    )


def scheduled_check_list(*, region_prefix: str, year: int) -> QuerySet[LocationCheck]:
    """Office checks planned in the year up to today."""
    start, end = _year(year)
    return LocationCheck.objects.filter(
        kind=LocationCheck.Kind.SCHEDULED,
        subject__region__code__startswith=region_prefix,
        planned_on__range=(start, min(end, timezone.localdate())),
    )


def scheduled_checks_on_schedule(*, region_prefix: str, year: int) -> tuple[int, int]:
    """(done on their planned day, planned) of the year's office checks."""
    counts = scheduled_check_list(region_prefix=region_prefix, year=year).aggregate(
        planned=Count("pk"),
        on_day=Count("pk", filter=Q(performed_at__date=F("planned_on"))),
    )
    return counts["on_day"], counts["planned"]


def alert_list_closed(*, region_prefix: str, year: int) -> QuerySet[SupervisionAlert]:
    """Alerts closed with an outcome in the year."""
    return SupervisionAlert.objects.filter(
        subject__region__code__startswith=region_prefix,
        status=SupervisionAlert.Status.CLOSED,
        closed_at__year=year,
    )
