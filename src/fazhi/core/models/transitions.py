from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Transition(models.Model):
    """One state change of a workflow object: the 办理记录 shown on every detail page."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32)
    action = models.CharField("操作", max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField("办理时间", auto_now_add=True)
    # The day the step took effect when it is not the day it was recorded: a historic record
    # entered later, or a date the law counts from (signed on, filed on). Null: the same day.
    step_on = models.DateField("办理日期", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="transition_target_idx")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"
