"""Daily supervision: scheduled location checks, city spot checks, alerts and contact records.

社区矫正法 art. 26 (通信联络、信息化核查、实地查访); art. 30 (out of contact → search). The
judicial office checks each subject three times a week (rule parameter CHECKS_PER_WEEK): the
platform plans the checks, performs them through the location source, records each result and
raises an alert for an out-of-area or unreachable result.
"""

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Organization, Region, User
from fazhi.core.parameters import parameter_value
from fazhi.core.permissions import deny, organizations_acting_with
from fazhi.core.roles import Capability
from fazhi.corrections.location import (
    LocationReading,
    LocationSource,
    LocationSourceUnavailable,
    location_source,
)
from fazhi.corrections.models import (
    CheckResult,
    CorrectionSubject,
    LocationCheck,
    LocationSpotCheck,
    SupervisionAlert,
    SupervisionRecord,
)
from fazhi.corrections.parameters import CHECKS_PER_WEEK
from fazhi.corrections.permissions import (
    access_alert_by_id,
    access_check_by_id,
    access_subject_by_id,
    can_supervise_in,
    require_corrections_body_for,
    require_supervisor_for,
)

_ALERT_KINDS = {
    CheckResult.OUT_OF_AREA: SupervisionAlert.Kind.OUT_OF_AREA,
    CheckResult.UNREACHABLE: SupervisionAlert.Kind.UNREACHABLE,
}
# The hour of the day a planned check is made when the platform runs the day's checks.
_CHECK_HOUR = 10


def week_start_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def planned_days(week_start: datetime.date, count: int) -> list[datetime.date]:
    """`count` days spread over the week: three checks fall on Monday, Wednesday and Friday."""
    return [week_start + datetime.timedelta(days=(index * 7) // count) for index in range(count)]


def subjects_under_correction(
    *, on_or_after: datetime.date, on_or_before: datetime.date
) -> QuerySet[CorrectionSubject]:
    """Subjects registered by `on_or_before` whose correction had not ended by `on_or_after`."""
    return CorrectionSubject.objects.filter(
        registered_on__lte=on_or_before,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on_or_after))


@transaction.atomic
def location_checks_schedule(
    *, acting_user: User | None, office: Organization, week_start: datetime.date
) -> int:
    """Plan the week's information checks of every subject the office supervises.

    CHECKS_PER_WEEK (value in force on the week's Monday) checks per subject, spread over the
    week; checks already planned are kept. acting_user None: the weekly system job. Returns the
    number of checks planned.
    """
    if acting_user is not None and not can_supervise_in(acting_user, office.region):
        raise deny(acting_user, office, "您不能为该司法所安排信息化核查")
    week_start = week_start_of(week_start)
    week_end = week_start + datetime.timedelta(days=6)
    count = parameter_value(CHECKS_PER_WEEK, on=week_start).amount
    subjects = list(
        subjects_under_correction(on_or_after=week_start, on_or_before=week_end)
        .filter(office=office)
        .values_list("pk", flat=True)
    )
    existing = set(
        LocationCheck.objects.filter(
            subject_id__in=subjects,
            kind=LocationCheck.Kind.SCHEDULED,
            planned_on__range=(week_start, week_end),
        ).values_list("subject_id", "planned_on")
    )
    rows = [
        LocationCheck(
            subject_id=subject_id,
            office=office,
            kind=LocationCheck.Kind.SCHEDULED,
            planned_on=day,
            created_by=acting_user,
        )
        for subject_id in subjects
        for day in planned_days(week_start, count)
        if (subject_id, day) not in existing
    ]
    LocationCheck.objects.bulk_create(rows, batch_size=1000)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        username="" if acting_user is not None else "system:corrections",
        target=office,
        changes={"planned": len(rows), "week_start": week_start.isoformat()},
        message=f"安排{week_start:%Y-%m-%d}起一周信息化核查{len(rows)}次",
    )
    return len(rows)


def _alert_for(check: LocationCheck) -> SupervisionAlert | None:
    kind = _ALERT_KINDS.get(CheckResult(check.result)) if check.result else None
    if kind is None or check.performed_at is None:
        return None
    return SupervisionAlert(
        subject_id=check.subject_id,
        kind=kind,
        location_check=check,
        raised_at=check.performed_at,
    )


def _apply(
    check: LocationCheck, reading: LocationReading, at: datetime.datetime, name: str
) -> None:
    check.performed_at = at
    check.result = reading.result
    check.place = reading.place
    check.source = name


@transaction.atomic
def location_check_perform(
    *,
    acting_user: User,
    check_id: int,
    at: datetime.datetime | None = None,
    source: LocationSource | None = None,
) -> LocationCheck:
    """Perform one planned check now; an out-of-area or unreachable result raises an alert.

    Raises ValidationError when the check was already made or the location source is down
    (the check then stays planned, and the office behind schedule).
    """
    check = access_check_by_id(acting_user, check_id, for_update=True)
    require_supervisor_for(acting_user, check.subject, "信息化核查")
    if check.is_done:
        raise ValidationError({"performed_at": "该次核查已完成"})
    source = source or location_source()
    at = at or timezone.now()
    try:
        reading = source.locate(check.subject, at)
    except LocationSourceUnavailable:
        raise ValidationError(
            {"source": "定位平台暂时无法访问，本次核查未完成，请稍后重试"}
        ) from None
    _apply(check, reading, at, source.name)
    check.save(update_fields=["performed_at", "result", "place", "source", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=check,
        changes={"result": ["", check.result]},
        message=f"信息化核查：{check.get_result_display()}",
    )
    alert = _alert_for(check)
    if alert is not None:
        alert.save()
        audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=alert)
    return check


@transaction.atomic
def location_checks_perform_due(
    *,
    acting_user: User | None,
    office: Organization,
    on: datetime.date,
    source: LocationSource | None = None,
) -> int:
    """Perform the office's planned checks due by `on` that are not done yet, each on its day.

    The daily system job (acting_user None) or an officer pressing "run the checks". If the
    source goes down the remaining checks stay planned and show as behind schedule. Returns the
    number of checks performed.
    """
    if acting_user is not None and not can_supervise_in(acting_user, office.region):
        raise deny(acting_user, office, "您不能执行该司法所的信息化核查")
    source = source or location_source()
    due = list(
        LocationCheck.objects.filter(
            office=office,
            kind=LocationCheck.Kind.SCHEDULED,
            planned_on__lte=on,
            performed_at__isnull=True,
        ).select_related("subject__region")
    )
    done: list[LocationCheck] = []
    zone = timezone.get_current_timezone()
    for check in due:
        at = datetime.datetime.combine(check.planned_on, datetime.time(_CHECK_HOUR), tzinfo=zone)
        try:
            reading = source.locate(check.subject, at)
        except LocationSourceUnavailable:
            break
        _apply(check, reading, at, source.name)
        done.append(check)
    LocationCheck.objects.bulk_update(
        done, ["performed_at", "result", "place", "source", "updated_at"], batch_size=1000
    )
    alerts = [alert for check in done if (alert := _alert_for(check)) is not None]
    SupervisionAlert.objects.bulk_create(alerts, batch_size=1000)
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        username="" if acting_user is not None else "system:corrections",
        target=office,
        changes={"performed": len(done), "alerts": len(alerts), "left": len(due) - len(done)},
        message=f"执行信息化核查{len(done)}次，产生预警{len(alerts)}条",
    )
    return len(done)


@transaction.atomic
def spot_check_run(
    *,
    acting_user: User,
    region: Region,
    at: datetime.datetime,
    sample_size: int | None = None,
    note: str = "",
    source: LocationSource | None = None,
    seed: int | None = None,
) -> LocationSpotCheck:
    """A city-level spot check (平台抽查) of the subjects under correction in `region` at `at`.

    Every subject covered is one person-time (人次). `sample_size` draws that many at random
    (reproducibly with `seed`); None covers them all. Alerts follow as for office checks.
    Raises ValidationError when no subject is under correction or the source is down (then
    nothing is recorded).
    """
    require_corrections_body_for(acting_user, region, "定位平台抽查")
    source = source or location_source()
    day = timezone.localdate(at)
    subjects = list(
        subjects_under_correction(on_or_after=day, on_or_before=day)
        .filter(region__code__startswith=region.prefix)
        .select_related("region", "office")
        .order_by("pk")
    )
    if sample_size is not None:
        if sample_size <= 0:
            raise ValidationError({"sample_size": "抽查人数应大于0"})
        # Not a secret: a reproducible sample (a seed the auditor can replay).
        subjects = random.Random(seed).sample(  # noqa: S311
            subjects, min(sample_size, len(subjects))
        )
    if not subjects:
        raise ValidationError({"region": "该范围内当日没有在矫对象，无法抽查"})
    try:
        readings = [(subject, source.locate(subject, at)) for subject in subjects]
    except LocationSourceUnavailable:
        raise ValidationError(
            {"source": "定位平台暂时无法访问，本次抽查未完成，请稍后重试"}
        ) from None
    spot_check = LocationSpotCheck.objects.create(
        region=region,
        organization=_corrections_body_of(acting_user, region),
        performed_at=at,
        note=note.strip(),
        subjects_covered=len(readings),
        created_by=acting_user,
    )
    checks = []
    for subject, reading in readings:
        check = LocationCheck(
            subject=subject,
            office=subject.office,
            kind=LocationCheck.Kind.SPOT,
            spot_check=spot_check,
            planned_on=day,
            created_by=acting_user,
        )
        _apply(check, reading, at, source.name)
        checks.append(check)
    LocationCheck.objects.bulk_create(checks, batch_size=1000)
    alerts = [alert for check in checks if (alert := _alert_for(check)) is not None]
    SupervisionAlert.objects.bulk_create(alerts, batch_size=1000)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=spot_check,
        changes={"covered": len(checks), "alerts": len(alerts)},
        message=f"定位平台抽查{len(checks)}人次，产生预警{len(alerts)}条",
    )
    return spot_check


@transaction.atomic
def alert_close(
    *,
    acting_user: User,
    alert_id: int,
    outcome: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> SupervisionAlert:
    """Close an alert with its outcome (处置结果); an alert without one cannot be closed."""
    alert = access_alert_by_id(acting_user, alert_id, for_update=True)
    require_supervisor_for(acting_user, alert.subject, "预警处置")
    if alert.status == SupervisionAlert.Status.CLOSED:
        raise ValidationError({"outcome": "该预警已处置"})
    if not outcome or outcome not in SupervisionAlert.Outcome.values:
        raise ValidationError({"outcome": "请选择处置结果"})
    if not note.strip():
        raise ValidationError({"outcome_note": "请写明处置经过"})
    alert.status = SupervisionAlert.Status.CLOSED
    alert.outcome = outcome
    alert.outcome_note = note.strip()
    alert.closed_at = at or timezone.now()
    alert.closed_by = acting_user
    alert.full_clean()
    alert.save(
        update_fields=["status", "outcome", "outcome_note", "closed_at", "closed_by", "updated_at"]
    )
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=alert,
        changes={"status": ["open", "closed"], "outcome": ["", outcome]},
        message=f"预警处置：{alert.get_outcome_display()}",
    )
    return alert


@transaction.atomic
def supervision_record_add(
    *,
    acting_user: User,
    subject_id: int,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    hours: Decimal | int = 0,
) -> SupervisionRecord:
    """Record a report, contact, field visit, education or public-welfare session."""
    subject = access_subject_by_id(acting_user, subject_id)
    require_supervisor_for(acting_user, subject, "监管记录")
    record = SupervisionRecord(
        subject=subject,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        hours=Decimal(hours),
        created_by=acting_user,
    )
    record.full_clean()
    record.save()
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=record)
    return record


def _corrections_body_of(user: User, region: Region) -> Organization:
    """The organization in which the user acts as the corrections body for `region`."""
    return next(
        organization
        for organization in organizations_acting_with(user, Capability.MANAGE_CORRECTIONS)
        if region.code.startswith(organization.region.prefix)
    )
