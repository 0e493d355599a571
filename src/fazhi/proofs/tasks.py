"""Scheduled work of verifications (Celery beat, or `fazhi verifications_retry` from cron)."""

from celery import shared_task

from fazhi.proofs.services.verifications import assisted_escalate_overdue, verifications_retry_due


@shared_task(name="proofs.verifications_retry")
def verifications_retry() -> int:
    """Retry the data-source lookups whose next attempt is due (every minute)."""
    return verifications_retry_due()


@shared_task(name="proofs.assisted_escalate")
def assisted_escalate() -> int:
    """Escalate assisted verifications past their reply deadline (daily)."""
    return assisted_escalate_overdue()
