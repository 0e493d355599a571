"""Celery entry points of core: background exports (ADR 0012), their purge, the rollup refresh."""

from celery import shared_task
from django.utils import timezone

from fazhi.core.services.exports import RUN_TASK, export_job_run, export_jobs_purge
from fazhi.core.services.rollups import figure_rollups_refresh


@shared_task(name=RUN_TASK)
def export_job_run_task(job_id: int) -> str:
    """Run a queued background export on a worker (EXPORT_JOB_RUNNER = "celery")."""
    return export_job_run(job_id=job_id).status


@shared_task(name="core.exports_purge")
def exports_purge_hourly() -> int:
    """Delete export files past their retention; fail the exports a restart interrupted."""
    return export_jobs_purge()


@shared_task(name="core.figures_refresh")
def figures_refresh_nightly() -> int:
    """Recompute the rolled-up figures of this year's and last year's reports (ADR 0013)."""
    this_year = timezone.localdate().year
    return figure_rollups_refresh(years=[this_year - 1, this_year]).rows
