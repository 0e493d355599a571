"""The daily enforcement sweep, one function for Celery beat and the cron command alike."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from fazhi.core.deadlines import day_or_today
from fazhi.enforcement.services.reviews import rectification_notices_escalate
from fazhi.enforcement.services.supervision import supervision_deadlines_sweep


@dataclass(frozen=True)
class DeadlinesSweep:
    opinions_overdue: int
    decisions_overdue: int
    terms_ended: int
    rectifications_escalated: int


@transaction.atomic
def enforcement_deadlines_sweep(*, on: datetime.date | None = None) -> DeadlinesSweep:
    """Flag what is overdue as of `on` (today by default).

    Supervision opinions and decisions, ended terms of invited supervisors, and case-file
    rectification notices (督办).
    """
    day = day_or_today(on)
    supervision = supervision_deadlines_sweep(on=day)
    return DeadlinesSweep(
        opinions_overdue=supervision.opinions_overdue,
        decisions_overdue=supervision.decisions_overdue,
        terms_ended=supervision.terms_ended,
        rectifications_escalated=rectification_notices_escalate(on=day),
    )
