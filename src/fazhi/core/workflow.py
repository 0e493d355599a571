"""One helper for every state change: the Transition row (办理记录) and the audit row."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django_fsm import can_proceed

from fazhi.core.audit import audit_record
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog, Transition


@transaction.atomic
def record_transition(
    target: models.Model,
    from_state: str,
    to_state: str,
    *,
    action: str,
    actor: Any,
    opinion: str = "",
    on: datetime.date | None = None,
) -> Transition:
    """Log a state change of `target` in the caller's transaction (STYLE §5 step 4).

    `on` is the day the step took effect when it differs from today (see Transition.step_on).
    """
    transition = Transition.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        from_state=from_state,
        to_state=to_state,
        action=action,
        actor=actor,
        opinion=opinion,
        step_on=on,
    )
    audit_record(
        event=AuditLog.Event.TRANSITION,
        user=actor,
        target=target,
        changes={"status": [from_state, to_state]},
        message=action,
    )
    return transition


def transitions_of(target: models.Model) -> models.QuerySet[Transition]:
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")


def transition_run(
    target: models.Model,
    transition: str,
    *,
    action: str,
    actor: Any,
    opinion: str = "",
    field: str = "status",
    on: datetime.date | None = None,
) -> Transition:
    """Run the FSM transition method `transition` on `target`, save it and log it (STYLE §5 2–4).

    The caller has fetched `target` through its access gate with for_update=True and checked
    who may act. Raises InvalidTransition with a Chinese message when the current state does
    not allow `action`.
    """
    method = getattr(target, transition)
    if not can_proceed(method):
        state = getattr(target, f"get_{field}_display")()
        raise InvalidTransition(f"当前状态为“{state}”，不能{action}")
    previous = getattr(target, field)
    method()
    target.save(update_fields=[field, "updated_at"])
    return record_transition(
        target,
        previous,
        getattr(target, field),
        action=action,
        actor=actor,
        opinion=opinion.strip(),
        on=on,
    )
