"""Reads of legal aid applications: the user's scoped list and a region's year for the figures."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet

from fazhi.core.models import User
from fazhi.core.roles import Role
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck

Aid = LegalAidApplication
OPEN_STATUSES = (
    Aid.Status.RECEIVED,
    Aid.Status.AWAITING_MATERIALS,
    Aid.Status.ADVANCED,
    Aid.Status.GRANTED,
)
# Waiting on the centre: a decision (also after advance aid, art. 44) or an assignment.
AWAITING_CENTRE = (Aid.Status.RECEIVED, Aid.Status.ADVANCED, Aid.Status.GRANTED)


def legal_aid_application_list(*, user: Any, status: str = "") -> QuerySet[Aid]:
    """The applications the user may see, newest first, narrowed to one status when given.

    A town's office sees its town's, the centre the city's, a lawyer only the cases assigned to
    their own account.
    """
    applications = Aid.objects.visible_to(user).select_related("region")
    return applications.filter(status=status) if status else applications


def legal_aid_list_closed_unchecked(*, user: Any) -> QuerySet[Aid]:
    """The user's cases closed without any quality check (arts. 57, 59), latest closing first."""
    return (
        legal_aid_application_list(user=user, status=Aid.Status.CLOSED)
        .filter(quality_checks__isnull=True)
        .order_by("-closed_on", "-pk")
    )


def legal_aid_quality_checks_of(*, user: Any, application: Aid) -> QuerySet[LegalAidQualityCheck]:
    """The quality checks of one case that the user may see, in the order they were made."""
    return LegalAidQualityCheck.objects.visible_to(user).filter(application=application)


def legal_aid_lawyer_accounts() -> QuerySet[User]:
    """Active accounts holding the lawyer role: the accounts a case can be assigned to."""
    return (
        User.objects.filter(is_active=True, memberships__role=Role.LAWYER)
        .distinct()
        .order_by("full_name", "username")
    )


def _in_region(region_prefix: str) -> QuerySet[Aid]:
    return Aid.objects.filter(region__code__startswith=region_prefix)


def legal_aid_list_granted(*, region_prefix: str, year: int) -> QuerySet[Aid]:
    """The legal-aid cases of the year: applications granted by a decision dated in the year."""
    return _in_region(region_prefix).filter(decision=Aid.Decision.GRANTED, decided_on__year=year)


def legal_aid_list_notified(*, region_prefix: str, year: int) -> QuerySet[Aid]:
    """The year's cases notified by the court, procuratorate or police (arts. 25, 28, 36)."""
    return legal_aid_list_granted(region_prefix=region_prefix, year=year).filter(
        channel=Aid.Channel.NOTIFIED
    )


def legal_aid_list_terminated(*, region_prefix: str, year: int) -> QuerySet[Aid]:
    """Cases whose aid the centre terminated in the year (art. 48)."""
    return _in_region(region_prefix).filter(status=Aid.Status.TERMINATED, terminated_on__year=year)


def legal_aid_list_decided(*, region_prefix: str, year: int) -> QuerySet[Aid]:
    return _in_region(region_prefix).filter(decided_on__year=year)


def legal_aid_average_days_to_decision(*, region_prefix: str, year: int) -> Decimal | None:
    """Mean calendar days from receipt to decision of the year's decisions, one decimal."""
    average = legal_aid_list_decided(region_prefix=region_prefix, year=year).aggregate(
        average=Avg("days_to_decision")
    )["average"]
    if average is None:
        return None
    return Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def legal_aid_list_green_assigned(*, region_prefix: str, year: int) -> QuerySet[Aid]:
    """Green-channel applications assigned in the year."""
    return (
        _in_region(region_prefix)
        .filter(assigned_on__year=year)
        .exclude(green_channel=Aid.GreenChannel.NONE)
    )


def legal_aid_green_same_day(*, region_prefix: str, year: int) -> tuple[int, int]:
    """(met, all) of the green-channel applications assigned in the year; one query.

    Met: received, decided and assigned the same day.
    """
    counts = legal_aid_list_green_assigned(region_prefix=region_prefix, year=year).aggregate(
        met=Count("pk", filter=Q(same_day_met=True)), total=Count("pk")
    )
    return counts["met"], counts["total"]


def _open_past_due(on: datetime.date) -> Q:
    """Still to decide or to assign after the due day.

    An application awaiting materials is not late: the 7 days run again from the day the
    materials are complete (法律援助法 art. 43). Advance aid (art. 44) still awaits its decision
    (7 days from receipt) but no assignment: its assignee is at work.
    """
    return Q(status__in=[Aid.Status.RECEIVED, Aid.Status.ADVANCED], decision_due_on__lt=on) | Q(
        status=Aid.Status.GRANTED, assignment_due_on__lt=on
    )


def _overdue_condition(on: datetime.date) -> Q:
    decided_late = Q(decided_on__gt=F("decision_due_on"))
    assigned_late = Q(assigned_on__gt=F("assignment_due_on"))
    return decided_late | assigned_late | _open_past_due(on)


def legal_aid_list_overdue(*, region_prefix: str, year: int, on: datetime.date) -> QuerySet[Aid]:
    """Applications received in the year decided or assigned late, or outstanding past due.

    Outstanding is judged on `on`: the year's end, or today for the current year.
    """
    return _in_region(region_prefix).filter(_overdue_condition(on), received_on__year=year)


def legal_aid_list_open_overdue(*, user: Any, today: datetime.date) -> QuerySet[Aid]:
    """The user's applications still awaiting a decision or an assignment past the due day."""
    return legal_aid_application_list(user=user).filter(_open_past_due(today))


def legal_aid_list_awaiting_action(*, user: Any) -> QuerySet[Aid]:
    """The user's applications waiting on the centre: to decide or to assign, due first."""
    return (
        legal_aid_application_list(user=user)
        .filter(status__in=AWAITING_CENTRE)
        .order_by("decision_due_on", "pk")
    )
