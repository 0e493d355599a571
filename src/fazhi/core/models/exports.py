from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.utils import timezone

from fazhi.core.models.base import TimeStampedModel


def export_storage() -> Storage:
    """Where background export files wait for their user: EXPORT_DIR, never served directly."""
    return FileSystemStorage(location=settings.EXPORT_DIR)


class ExportJob(TimeStampedModel):
    """An export of a list too long to build during the request (导出任务, "我的导出").

    The job keeps the list's address and query string and re-runs the list as its user
    (core.listing), so scope, filters, columns, watermark and audit are the list's own. The
    query string is cleared once the job ends: the filters in words stay, with sensitive
    values hidden.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导出中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        EXPIRED = "expired", "已过期"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        CSV = "csv", "CSV"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    title = models.CharField("列表", max_length=200)
    export_name = models.CharField("文件名", max_length=200)
    path = models.CharField("列表地址", max_length=500)
    query = models.TextField("查询参数", blank=True)
    filters = models.TextField("筛选条件", blank=True)
    format = models.CharField("格式", max_length=8, choices=Format.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveBigIntegerField("已导出行数", default=0)
    rows_total = models.PositiveBigIntegerField("总行数", default=0)
    file = models.FileField("文件", storage=export_storage, blank=True, max_length=300)
    size = models.PositiveBigIntegerField("大小(字节)", default=0)
    error = models.TextField("失败原因", blank=True)
    ip_address = models.GenericIPAddressField("申请IP", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("保留至", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="core_exportjob_user_idx"),
            models.Index(fields=["status", "expires_at"], name="core_exportjob_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_format_display()}，{self.get_status_display()}）"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        """Progress in whole percent (100 once done)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def filename(self) -> str:
        """The download's name: the list's export name, the day it was asked for, the format."""
        day = timezone.localtime(self.created_at or timezone.now()).strftime("%Y%m%d")
        return f"{self.export_name}-{day}.{self.format}"
