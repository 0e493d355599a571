"""Scheduled work of community corrections (Celery beat)."""

from celery import shared_task
from django.utils import timezone

from fazhi.core.models import Organization
from fazhi.corrections.services.intake import subjects_flag_missing
from fazhi.corrections.services.supervision import (
    location_checks_perform_due,
    location_checks_schedule,
    week_start_of,
)


@shared_task(name="corrections.daily_supervision")
def corrections_daily_supervision() -> int:
    """Search for late reporters, plan this week's checks and run the checks due today.

    Returns the number of checks performed. A check the location source could not answer stays
    planned, so its office shows behind schedule on the board.
    """
    today = timezone.localdate()
    subjects_flag_missing(on=today)
    performed = 0
    for office in Organization.objects.filter(kind=Organization.Kind.JUDICIAL_OFFICE):
        location_checks_schedule(acting_user=None, office=office, week_start=week_start_of(today))
        performed += location_checks_perform_due(acting_user=None, office=office, on=today)
    return performed
