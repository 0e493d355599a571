"""Scheduled work of normative documents (Celery beat, or `fazhi documents_expire` from cron)."""

from celery import shared_task

from fazhi.rules.services.documents import documents_expire


@shared_task(name="rules.documents_expire")
def documents_expire_daily() -> int:
    """Mark the documents whose validity ended yesterday as expired (山东省行政程序规定)."""
    return documents_expire()
