"""One helper for every state change: the Transition row (办理记录) and the audit row."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from fazhi.core.audit import audit_record
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
) -> Transition:
    """Log a state change of `target` in the caller's transaction (STYLE §5 step 4)."""
    transition = Transition.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        from_state=from_state,
        to_state=to_state,
        action=action,
        actor=actor,
        opinion=opinion,
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
