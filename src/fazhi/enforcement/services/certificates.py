"""The certificate lifecycle: application, issue, annual review, suspension, revocation, expiry.

山东省行政执法监督条例 art. 10: certificates are issued by the provincial government after
training and an examination, and staff on labour contracts, dispatched or temporarily seconded
may not enforce, so they may not apply. The department applies; the Justice Bureau's enforcement
supervision function records the issued card (its number and validity) and the annual reviews
(年审, cycle: parameter enforcement.review_cycle_months), and suspends, reinstates or revokes it.
A daily job expires cards whose validity has passed.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.deadlines import add_months, day_or_today
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.parameters import parameter_value
from fazhi.core.workflow import record_transition, transition_run
from fazhi.enforcement.models import FORMAL_STAFFING, Certificate, StaffingType
from fazhi.enforcement.parameters import REVIEW_CYCLE_MONTHS
from fazhi.enforcement.permissions import (
    access_certificate_by_id,
    access_officer_by_id,
    require_issuing,
    require_officers_for,
)
from fazhi.enforcement.selectors import (
    certificates_open,
    certificates_to_expire,
    review_conditions,
)

MAX_REASON_LENGTH = 500


def _review_cycle(on: datetime.date) -> int:
    return parameter_value(REVIEW_CYCLE_MONTHS, on=on).amount


def _reason(value: str, field: str, what: str) -> str:
    reason = value.strip()
    if not reason:
        raise ValidationError({field: f"请填写{what}"})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({field: f"{what}不超过{MAX_REASON_LENGTH}个字"})
    return reason


@transaction.atomic
def certificate_apply(
    *, acting_user: Any, officer_id: int, on: datetime.date | None = None, opinion: str = ""
) -> Certificate:
    """The department applies for a certificate for one of its officers (申领).

    Refused (ValidationError on `staffing_type`) for staff who are not formal staff, and for an
    officer who is no longer in post or already holds or awaits a certificate.
    """
    officer = access_officer_by_id(acting_user, officer_id, for_update=True)
    require_officers_for(acting_user, officer.organization, officer)
    if officer.staffing_type not in FORMAL_STAFFING:
        label = StaffingType(officer.staffing_type).label
        raise ValidationError(
            {
                "staffing_type": (
                    f"{officer.name}为{label}人员，不能申领行政执法证件：依《山东省行政执法监督"
                    "条例》第十条，劳动合同制、劳务派遣、临时聘用等人员不得从事行政执法"
                )
            }
        )
    if not officer.active:
        raise ValidationError({"officer": f"{officer.name}已不在执法岗位，不能申领执法证"})
    current = certificates_open(officer=officer).first()
    if current is not None:
        raise ValidationError(
            {"officer": f"{officer.name}已有{current.get_status_display()}的执法证，不能重复申领"}
        )
    day = day_or_today(on)
    certificate = Certificate(officer=officer, applied_on=day, created_by=acting_user)
    certificate.full_clean(exclude=["status"])
    certificate.save()
    record_transition(
        certificate,
        "",
        certificate.status,
        action="提交执法证申领",
        actor=acting_user,
        opinion=opinion,
        on=on,
    )
    return certificate


@transaction.atomic
def certificate_issue(
    *,
    acting_user: Any,
    certificate_id: int,
    number: str,
    valid_until: datetime.date,
    on: datetime.date | None = None,
    opinion: str = "",
) -> Certificate:
    """The bureau approves the application and records the issued card (核发).

    The first annual review falls due one review cycle after the issue day.
    """
    certificate = access_certificate_by_id(acting_user, certificate_id, for_update=True)
    require_issuing(acting_user, certificate)
    day = day_or_today(on)
    number = number.strip().upper()
    if not number:
        raise ValidationError({"number": "请填写执法证证号"})
    if Certificate.objects.filter(number=number).exclude(pk=certificate.pk).exists():
        raise ValidationError({"number": f"证号{number}已被其他执法证使用"})
    if valid_until <= day:
        raise ValidationError({"valid_until": "有效期截止日期应晚于发证日期"})
    if certificate.status != Certificate.Status.APPLIED:
        raise InvalidTransition(f"当前状态为“{certificate.get_status_display()}”，不能核发执法证")
    certificate.number = number
    certificate.issued_on = day
    certificate.valid_until = valid_until
    certificate.next_review_due_on = add_months(day, _review_cycle(day))
    certificate.full_clean(exclude=["status"])
    certificate.save(
        update_fields=["number", "issued_on", "valid_until", "next_review_due_on", "updated_at"]
    )
    transition_run(
        certificate, "issue", action="核发执法证", actor=acting_user, opinion=opinion, on=on
    )
    return certificate


def _require_review_conditions(certificate: Certificate, day: datetime.date) -> None:
    """Refuse the review unless the officer meets `selectors.review_conditions` on `day`."""
    conditions = review_conditions(certificate, day)
    name = certificate.officer.name
    errors: dict[str, str] = {}
    if not conditions.hours_met:
        errors["training_hours"] = (
            f"{name}近一年（{conditions.year_start:%Y-%m-%d}至{day:%Y-%m-%d}）认定培训学时为"
            f"{conditions.hours.normalize():f}学时，未达到年审要求的{conditions.hours_required}学时"
        )
    if not conditions.exam_passed:
        errors["exam"] = f"{name}自{conditions.exam_since:%Y-%m-%d}以来没有考试合格记录，不能年审"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def certificate_review(
    *, acting_user: Any, certificate_id: int, on: datetime.date | None = None, opinion: str = ""
) -> Certificate:
    """Record a passed annual review (年审); the next one falls due a cycle after the due date.

    Reviews keep their anniversary: a late review moves the due date past the review day in
    whole cycles. Refused (ValidationError) unless the officer meets the conditions of
    `_require_review_conditions`.
    """
    certificate = access_certificate_by_id(acting_user, certificate_id, for_update=True)
    require_issuing(acting_user, certificate)
    day = day_or_today(on)
    if certificate.status != Certificate.Status.ISSUED:
        raise InvalidTransition(f"当前状态为“{certificate.get_status_display()}”，不能年审")
    if certificate.valid_until is not None and day > certificate.valid_until:
        raise ValidationError({"on": "执法证已超过有效期，不能年审"})
    _require_review_conditions(certificate, day)
    cycle = _review_cycle(day)
    due = certificate.next_review_due_on or day
    due = add_months(due, cycle)
    while due <= day:
        due = add_months(due, cycle)
    certificate.last_reviewed_on = day
    certificate.next_review_due_on = due
    certificate.save(update_fields=["last_reviewed_on", "next_review_due_on", "updated_at"])
    transition_run(
        certificate, "review", action="执法证年审通过", actor=acting_user, opinion=opinion, on=on
    )
    return certificate


@transaction.atomic
def certificate_suspend(
    *, acting_user: Any, certificate_id: int, reason: str, on: datetime.date | None = None
) -> Certificate:
    """Hold the card back (暂扣); the reason is required."""
    certificate = access_certificate_by_id(acting_user, certificate_id, for_update=True)
    require_issuing(acting_user, certificate)
    certificate.suspension_reason = _reason(reason, "suspension_reason", "暂扣原因")
    certificate.save(update_fields=["suspension_reason", "updated_at"])
    transition_run(
        certificate,
        "suspend",
        action="暂扣执法证",
        actor=acting_user,
        opinion=certificate.suspension_reason,
        on=on,
    )
    return certificate


@transaction.atomic
def certificate_reinstate(
    *, acting_user: Any, certificate_id: int, on: datetime.date | None = None, opinion: str = ""
) -> Certificate:
    """Return a suspended card (发还), if it is still within its validity."""
    certificate = access_certificate_by_id(acting_user, certificate_id, for_update=True)
    require_issuing(acting_user, certificate)
    day = day_or_today(on)
    if certificate.valid_until is not None and day > certificate.valid_until:
        raise ValidationError({"on": "执法证已超过有效期，不能发还"})
    transition_run(
        certificate, "reinstate", action="发还执法证", actor=acting_user, opinion=opinion, on=on
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *, acting_user: Any, certificate_id: int, reason: str, on: datetime.date | None = None
) -> Certificate:
    """Cancel the card (注销/收回): transfer, departure or misconduct; the reason is required."""
    certificate = access_certificate_by_id(acting_user, certificate_id, for_update=True)
    require_issuing(acting_user, certificate)
    certificate.revocation_reason = _reason(reason, "revocation_reason", "注销原因")
    certificate.ended_on = day_or_today(on)
    certificate.save(update_fields=["revocation_reason", "ended_on", "updated_at"])
    transition_run(
        certificate,
        "revoke",
        action="注销执法证",
        actor=acting_user,
        opinion=certificate.revocation_reason,
        on=on,
    )
    return certificate


@transaction.atomic
def certificates_expire(*, on: datetime.date | None = None) -> int:
    """The daily job: cards whose validity ended before `on` expire. A system action (no user).

    Returns the number of certificates expired.
    """
    day = day_or_today(on)
    expired = 0
    for certificate in certificates_to_expire(on=day).select_for_update():
        certificate.ended_on = certificate.valid_until
        certificate.save(update_fields=["ended_on", "updated_at"])
        transition_run(certificate, "expire", action="执法证有效期届满", actor=None, on=on)
        expired += 1
    return expired
