from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models.base import TimeStampedModel


class Attachment(TimeStampedModel):
    """A file attached to any record, stored with its size, type and SM3 digest."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小(字节)")
    mime_type = models.CharField("类型", max_length=100)
    digest = models.CharField("SM3摘要", max_length=64)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_target_idx")]

    def __str__(self) -> str:
        return self.original_name
