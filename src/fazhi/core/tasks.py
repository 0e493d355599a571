"""Celery entry points of core: background exports (ADR 0012) and their hourly purge."""

from celery import shared_task

from fazhi.core.services.exports import RUN_TASK, export_job_run, export_jobs_purge


@shared_task(name=RUN_TASK)
def export_job_run_task(job_id: int) -> str:
    """Run a queued background export on a worker (EXPORT_JOB_RUNNER = "celery")."""
    return export_job_run(job_id=job_id).status


@shared_task(name="core.exports_purge")
def exports_purge_hourly() -> int:
    """Delete export files past their retention; fail the exports a restart interrupted."""
    return export_jobs_purge()
