from django.conf import settings
from django.db import models

from fazhi.core.models.base import TimeStampedModel


class Todo(TimeStampedModel):
    """A stored to-do for one user. Apps may also compute to-dos on the fly (core.todos)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        on_delete=models.CASCADE,
        related_name="todos",
    )
    title = models.CharField("事项", max_length=200)
    url = models.CharField("链接", max_length=300, blank=True)
    module = models.CharField("模块", max_length=32)
    due_on = models.DateField("期限", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办"
        verbose_name_plural = "待办"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["user", "done_at"], name="todo_open_idx")]

    def __str__(self) -> str:
        return self.title
