"""Scheduled work of community corrections (Celery beat; `fazhi corrections_daily` for cron)."""

from celery import shared_task
from django.utils import timezone

from fazhi.corrections.services.sweeps import corrections_daily_sweep


@shared_task(name="corrections.daily_supervision")
def corrections_daily_supervision() -> int:
    """The day's sweep (services.sweeps); the number of checks performed."""
    return corrections_daily_sweep(on=timezone.localdate())
