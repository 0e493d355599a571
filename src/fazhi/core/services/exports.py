"""Background list exports (导出任务, "我的导出"): ask for one, run it, download it, purge it.

A list whose filtered rows exceed the rule parameter core.export_background_rows is exported by
a job instead of in the request (core.listing.render_list). The job stores the list's address and
query string and runs the list's own view again as the requesting user (`export_job_run`), so
the scope, filters, columns, watermark, capability checks and EXPORT audit row are exactly those
of the inline export: a list defines its export once. How the job gets a thread of its own is
ADR 0012: a thread of the web process after the commit when Celery is eager (the embedded
default), a Celery worker otherwise.
"""

import datetime
import logging
import secrets
import threading
from functools import partial
from pathlib import Path
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.exports import ExportJobRequest
from fazhi.core.models import AuditLog, ExportJob
from fazhi.core.parameters import EXPORT_RETENTION_DAYS, parameter_value
from fazhi.core.permissions import access_export_job_by_id
from fazhi.core.requestcontext import client_ip, client_ip_bound

logger = logging.getLogger(__name__)

RUN_TASK = "core.export_job_run"
INTERRUPTED = "导出中断（服务重启或进程退出），请重新导出"


@transaction.atomic
def export_job_start(
    *,
    acting_user: Any,
    path: str,
    query: str,
    title: str,
    export_name: str,
    filters: str,
    format: str,
    rows_total: int,
) -> ExportJob:
    """Queue the export of the list at `path` with `query`; it starts once this commits.

    `filters` are the list's filters in words (sensitive values hidden), shown on "我的导出".
    Raises ValidationError naming `format` for a format other than xlsx or csv.
    """
    if format not in ExportJob.Format.values:
        raise ValidationError({"format": "导出格式只能是Excel（.xlsx）或CSV（.csv）"})
    job = ExportJob(
        requested_by=acting_user,
        created_by=acting_user,
        title=title,
        export_name=export_name,
        path=path,
        query=query,
        filters=filters,
        format=format,
        rows_total=rows_total,
        ip_address=client_ip(),
    )
    job.full_clean()
    job.save()
    transaction.on_commit(partial(export_job_dispatch, job.pk))
    return job


def export_job_dispatch(job_id: int) -> None:
    """Start the job where EXPORT_JOB_RUNNER says, without waiting for it (ADR 0012)."""
    runner = settings.EXPORT_JOB_RUNNER
    if runner == "celery":
        current_app.send_task(RUN_TASK, args=[job_id])
    elif runner == "inline":
        export_job_run(job_id=job_id)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job_id,), name=f"export-job-{job_id}", daemon=True
        ).start()


def _run_in_thread(job_id: int) -> None:
    try:
        export_job_run(job_id=job_id)
    finally:
        connections.close_all()


def _file_name(job: ExportJob) -> str:
    return f"{job.requested_by_id}/{job.pk}-{secrets.token_hex(8)}.{job.format}"


def _claim(job_id: int) -> ExportJob | None:
    """The queued job `job_id`, now running; None when another runner already took it."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    job.file.name = _file_name(job)
    job.save(update_fields=["file", "updated_at"])
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Run the queued job `job_id`: its list, as its user, writes the file; a system job.

    The list's own view is called again with the stored query string (ExportJobRequest), so a
    user who has since lost the capability or the scope gets a failed job saying so. Any error
    fails the job with a reason in Chinese and removes the partial file; a job already taken
    by another runner is left alone.
    """
    job = _claim(job_id)
    if job is None:
        return ExportJob.objects.get(pk=job_id)
    with client_ip_bound(job.ip_address):
        try:
            _list_run(job)
        except (PermissionDenied, HttpPermissionDenied) as denial:
            logger.info("export job %s refused: %s", job_id, denial)
            export_job_fail(
                job=job, reason="您现在没有导出该列表的权限（角色或数据范围已变更），导出未完成"
            )
        except (Http404, Resolver404):
            export_job_fail(job=job, reason="该列表已不存在，或所选记录已不在您的数据范围内")
        except Exception as error:
            logger.exception("export job %s failed", job_id)
            export_job_fail(
                job=job,
                reason=f"导出时发生错误（{type(error).__name__}），请稍后重试；"
                "如仍失败请联系系统管理员",
            )
    job.refresh_from_db()
    if job.status == ExportJob.Status.RUNNING:
        export_job_fail(job=job, reason="该列表没有生成导出文件，请在列表页重新导出")
        job.refresh_from_db()
    return job


def _list_run(job: ExportJob) -> None:
    if not job.requested_by.is_active:
        raise PermissionDenied("账户已停用")
    match = resolve(job.path)
    match.func(ExportJobRequest(job), *match.args, **match.kwargs)


def export_job_progress(*, job: ExportJob, rows_done: int, rows_total: int | None = None) -> None:
    """Record how many rows the running job has written (one UPDATE, committed at once).

    `rows_total`: the list's filtered row count as the job found it, when it starts writing.
    """
    changes: dict[str, Any] = {"rows_done": rows_done, "updated_at": timezone.now()}
    if rows_total is not None:
        job.rows_total = changes["rows_total"] = rows_total
    ExportJob.objects.filter(pk=job.pk).update(**changes)


def export_job_finish(*, job: ExportJob, rows: int) -> ExportJob:
    """Mark the running job done with its file: kept for the retention parameter's days.

    Call inside the transaction that writes the export's audit row. The stored query string is
    cleared: only the filters in words stay.
    """
    now = timezone.now()
    days = parameter_value(EXPORT_RETENTION_DAYS, on=timezone.localdate(now)).amount
    path = Path(job.file.path)
    job.status = ExportJob.Status.DONE
    job.rows_done = job.rows_total = rows
    job.size = path.stat().st_size
    job.finished_at = now
    job.expires_at = now + datetime.timedelta(days=days)
    job.query = ""
    job.save(
        update_fields=[
            "status",
            "rows_done",
            "rows_total",
            "size",
            "finished_at",
            "expires_at",
            "query",
            "updated_at",
        ]
    )
    return job


def export_job_fail(*, job: ExportJob, reason: str) -> ExportJob:
    """Mark the job failed with `reason` (shown to its user) and remove any partial file."""
    _file_remove(job)
    job.status = ExportJob.Status.FAILED
    job.error = reason[:1000]
    job.finished_at = timezone.now()
    job.query = ""
    job.file.name = ""
    job.save(update_fields=["status", "error", "finished_at", "query", "file", "updated_at"])
    return job


def _file_remove(job: ExportJob) -> None:
    if job.file.name:
        job.file.storage.delete(job.file.name)


@transaction.atomic
def export_job_download(*, acting_user: Any, job_id: Any) -> ExportJob:
    """The finished job `job_id` of `acting_user`, its download audited (EXPORT).

    Only the user who asked for the export may download it. Raises OutOfScope (audited) for
    anyone else's job and ValidationError while the job is not done or its file was removed.
    """
    job = access_export_job_by_id(acting_user, job_id)
    if job.status != ExportJob.Status.DONE or not job.file.name:
        raise ValidationError(
            f"“{job.title}”的导出{job.get_status_display()}，没有可下载的文件"
            + ("：" + job.error if job.error else "")
        )
    audit_record(
        event=AuditLog.Event.EXPORT,
        user=acting_user,
        target=job,
        changes={"export_job": job.pk, "download": True, "rows": job.rows_total},
        message=f"下载后台导出的“{job.title}”{job.rows_total}行（{job.get_format_display()}）",
    )
    return job


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove the files past their retention and fail the jobs a restart interrupted; a system job.

    A finished job's file is deleted once `expires_at` has passed (the job stays, marked
    expired). A queued or running job that has not reported progress for EXPORT_STALE_MINUTES
    lost its thread or worker. Returns the number of files removed.
    """
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=now):
        _file_remove(job)
        job.status = ExportJob.Status.EXPIRED
        job.file.name = ""
        job.save(update_fields=["status", "file", "updated_at"])
        expired += 1
    stale = now - datetime.timedelta(minutes=settings.EXPORT_STALE_MINUTES)
    for job in ExportJob.objects.filter(
        Q(status=ExportJob.Status.QUEUED) | Q(status=ExportJob.Status.RUNNING),
        updated_at__lt=stale,
    ):
        export_job_fail(job=job, reason=INTERRUPTED)
    return expired
