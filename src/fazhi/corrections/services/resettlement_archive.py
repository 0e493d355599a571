"""Archiving closed resettlement records (归档, the last step of §11.3).

A released person whose support ended (帮教期满解除) or who offended again (重新犯罪) goes to the
archive once ARCHIVE_AFTER_YEARS (resettlement_parameters.py, a placeholder value) have passed
since. Archiving only dates the record: nothing is deleted, the person leaves the working
register and stays findable through its "已归档" filter.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.deadlines import add_years
from fazhi.core.models import AuditLog
from fazhi.core.parameters import parameter_value
from fazhi.corrections.models import ReleasedPerson
from fazhi.corrections.resettlement_parameters import ARCHIVE_AFTER_YEARS
from fazhi.corrections.resettlement_permissions import (
    access_released_person_by_id,
    require_resettlement_keeper_for,
)

Person = ReleasedPerson


def released_person_closed_on(person: Person) -> datetime.date | None:
    """The day the person's record was closed: support ended or reoffence; None while open."""
    if person.status == Person.Status.ENDED:
        return person.ended_on
    if person.status == Person.Status.REOFFENDED:
        return person.reoffended_on
    return None


@transaction.atomic
def released_person_archive(
    *, acting_user: Any, person_id: int, archived_on: datetime.date
) -> Person:
    """Send a closed record to the archive (归档) by dating it; nothing is deleted.

    Raises PermissionDenied unless the user keeps the register of the person's residence, and
    ValidationError on `archived_on` when the record is still open, already archived, not yet
    past its retention period on that day, or the day is after today. Writes an audit row.
    """
    person = access_released_person_by_id(acting_user, person_id, for_update=True)
    require_resettlement_keeper_for(acting_user, [person.region])
    if person.archived_on is not None:
        raise ValidationError({"archived_on": f"该人员已于{person.archived_on:%Y-%m-%d}归档"})
    closed_on = released_person_closed_on(person)
    if closed_on is None:
        raise ValidationError(
            {"archived_on": f"当前状态为“{person.get_status_display()}”，帮教未结束，不能归档"}
        )
    if archived_on > timezone.localdate():
        raise ValidationError({"archived_on": "归档日期不能晚于今天"})
    years = parameter_value(ARCHIVE_AFTER_YEARS, on=archived_on).amount
    if archived_on < add_years(closed_on, years):
        raise ValidationError(
            {
                "archived_on": f"{closed_on:%Y-%m-%d}结束帮教，满{years}年"
                f"（{add_years(closed_on, years):%Y-%m-%d}）后方可归档"
            }
        )
    person.archived_on = archived_on
    person.save(update_fields=["archived_on", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=person,
        changes={"archived_on": [None, archived_on.isoformat()]},
        message="安置帮教档案归档",
    )
    return person
