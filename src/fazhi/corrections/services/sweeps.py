"""The daily sweep of community corrections, shared by the Celery task and the cron command."""

import datetime

from fazhi.core.models import Organization
from fazhi.corrections.services.intake import subjects_flag_missing
from fazhi.corrections.services.supervision import (
    location_checks_perform_due,
    location_checks_schedule,
    week_start_of,
)


def corrections_daily_sweep(*, on: datetime.date) -> int:
    """Search for late reporters, plan the week's checks and run the checks due on `on`.

    Returns the number of checks performed. A check the location source could not answer stays
    planned, so its office shows behind schedule on the board.
    """
    subjects_flag_missing(on=on)
    performed = 0
    for office in Organization.objects.filter(kind=Organization.Kind.JUDICIAL_OFFICE):
        location_checks_schedule(acting_user=None, office=office, week_start=week_start_of(on))
        performed += location_checks_perform_due(acting_user=None, office=office, on=on)
    return performed
