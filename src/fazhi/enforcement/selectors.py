"""Reading the officer register and certificates; who may be drawn as an inspector."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from fazhi.core.models import Organization
from fazhi.core.parameters import parameter_value
from fazhi.enforcement.models import Certificate, Officer
from fazhi.enforcement.parameters import REVIEW_WARNING_DAYS

OK = "ok"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
INVALID = "invalid"
CERTIFICATE_STATES = {
    OK: "有效",
    DUE_SOON: "年审将到期",
    OVERDUE: "年审已逾期",
    INVALID: "无有效证件",
}


def review_warning_days(*, on: datetime.date) -> int:
    return parameter_value(REVIEW_WARNING_DAYS, on=on).amount


def state_of(
    *,
    status: str | None,
    issued_on: datetime.date | None,
    valid_until: datetime.date | None,
    next_review_due_on: datetime.date | None,
    today: datetime.date,
    warning_days: int,
) -> str:
    """The traffic light of a certificate from its fields (also used on annotated lists)."""
    if status != Certificate.Status.ISSUED or issued_on is None or valid_until is None:
        return INVALID
    if not issued_on <= today <= valid_until:
        return INVALID
    if next_review_due_on is None:
        return OK
    if next_review_due_on < today:
        return OVERDUE
    if next_review_due_on <= today + datetime.timedelta(days=warning_days):
        return DUE_SOON
    return OK


def certificate_state(
    certificate: Certificate | None, today: datetime.date, *, warning_days: int | None = None
) -> str:
    """The light of a certificate: ok, due_soon (amber), overdue (red) or invalid.

    due_soon: the review falls due within the warning days; overdue: its due date has passed;
    invalid: no certificate, or one not issued or outside its validity on `today`.

    `warning_days` defaults to the parameter enforcement.review_warning_days in force today
    (one query); pass it when judging many certificates.
    """
    if certificate is None:
        return INVALID
    if warning_days is None:
        warning_days = review_warning_days(on=today)
    return state_of(
        status=certificate.status,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        next_review_due_on=certificate.next_review_due_on,
        today=today,
        warning_days=warning_days,
    )


def _latest_certificate() -> QuerySet[Certificate]:
    return Certificate.objects.filter(officer=OuterRef("pk")).order_by("-applied_on", "-pk")


def officer_list(*, user: Any) -> QuerySet[Officer]:
    """The officers the user may see, each with its latest certificate's fields annotated."""
    latest = _latest_certificate()
    return (
        Officer.objects.visible_to(user)
        .select_related("organization", "posted_region")
        .annotate(
            certificate_number=Subquery(latest.values("number")[:1]),
            certificate_status=Subquery(latest.values("status")[:1]),
            certificate_issued_on=Subquery(latest.values("issued_on")[:1]),
            certificate_valid_until=Subquery(latest.values("valid_until")[:1]),
            certificate_review_due_on=Subquery(latest.values("next_review_due_on")[:1]),
        )
    )


def certificates_of(officer: Officer) -> QuerySet[Certificate]:
    return officer.certificates.order_by("-applied_on", "-pk")


def certificate_current(officer: Officer) -> Certificate | None:
    """The officer's latest certificate (application included), if any."""
    return certificates_of(officer).first()


def certificates_open(*, officer: Officer) -> QuerySet[Certificate]:
    """Certificates that are applied for, valid or suspended: at most one per officer."""
    return officer.certificates.filter(
        status__in=(
            Certificate.Status.APPLIED,
            Certificate.Status.ISSUED,
            Certificate.Status.SUSPENDED,
        )
    )


def certificates_review_due(*, user: Any, today: datetime.date) -> QuerySet[Certificate]:
    """Valid certificates the user may see whose review is due within the warning days or late."""
    horizon = today + datetime.timedelta(days=review_warning_days(on=today))
    return (
        Certificate.objects.visible_to(user)
        .filter(status=Certificate.Status.ISSUED, next_review_due_on__lte=horizon)
        .select_related("officer")
        .order_by("next_review_due_on", "pk")
    )


def certificates_to_expire(*, on: datetime.date) -> QuerySet[Certificate]:
    """Valid or suspended certificates whose validity ended before `on` (the daily job)."""
    return Certificate.objects.filter(
        status__in=(Certificate.Status.ISSUED, Certificate.Status.SUSPENDED),
        valid_until__lt=on,
    ).order_by("pk")


def officers_eligible_to_inspect(
    *, organization: Organization, on_date: datetime.date, qualification: str = ""
) -> QuerySet[Officer]:
    """Active officers of `organization` holding a certificate valid on `on_date`.

    A certificate is valid when it is issued (not applied for, suspended, revoked or expired)
    and issued_on <= on_date <= valid_until. With `qualification`, only officers whose
    qualification labels include it exactly. Not scoped to a user: the inspections draw calls it
    for the department it draws for.
    """
    valid = Certificate.objects.filter(
        officer=OuterRef("pk"),
        status=Certificate.Status.ISSUED,
        issued_on__lte=on_date,
        valid_until__gte=on_date,
    )
    eligible = Officer.objects.filter(organization=organization, active=True).filter(Exists(valid))
    wanted = qualification.strip()
    if not wanted:
        return eligible
    # JSON containment differs between SQLite and PostgreSQL; a department's officers are few,
    # so the labels are matched here and the result stays a queryset.
    matching = [
        pk
        for pk, labels in eligible.values_list("pk", "qualifications")
        if isinstance(labels, list) and wanted in labels
    ]
    return eligible.filter(pk__in=matching)
