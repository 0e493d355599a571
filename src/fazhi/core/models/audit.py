from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.exceptions import AuditLogImmutable


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: object) -> int:
        raise AuditLogImmutable

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable

    def visible_to(self, user: "models.Model") -> "AuditLogQuerySet":
        from fazhi.core.roles import Capability

        if getattr(user, "is_authenticated", False) and user.has_capability(  # type: ignore[attr-defined]
            Capability.VIEW_AUDIT_LOG
        ):
            return self
        return self.none()


class AuditLog(models.Model):
    """The append-only compliance record (GB/T 22239-2019 8.1.4.3).

    Rows are chained: row_hash = SM3(previous row's hash + this row's canonical content), so a
    changed or deleted row breaks the chain (`fazhi audit_verify`). Database triggers refuse
    UPDATE, and DELETE of rows younger than the retention floor of 180 days.
    """

    class Event(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGOUT = "logout", "退出"
        LOCKED = "locked", "账户锁定"
        UNLOCKED = "unlocked", "账户解锁"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        MFA_ENABLED = "mfa_enabled", "启用动态口令"
        MFA_RESET = "mfa_reset", "重置动态口令"
        DENIED = "denied", "拒绝访问"
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        TRANSITION = "transition", "流转"
        VIEW_SENSITIVE = "view_sensitive", "查看敏感信息"
        REVEAL = "reveal", "显示敏感字段"
        EXPORT = "export", "导出"
        PERMISSION_CHANGE = "permission_change", "权限变更"
        TOKEN = "token", "签发令牌"
        PURGE = "purge", "清理过期日志"

    occurred_at = models.DateTimeField("时间", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    event = models.CharField("事件", max_length=32, choices=Event.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    success = models.BooleanField("结果", default=True)
    changes = models.JSONField("变更字段", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    previous_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-pk"]

    def __str__(self) -> str:
        at = timezone.localtime(self.occurred_at)
        return f"{at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_event_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AuditLogImmutable
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable
