import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from fazhi.core.crypto import EncryptedTextField
from fazhi.core.roles import ROLE_CAPABILITIES, Capability, Role
from fazhi.core.validators import validate_mobile


class ScopedUserManager(UserManager["User"]):
    def visible_to(self, user: Any) -> "models.QuerySet[User]":
        """Accounts an administrator manages; anyone else sees only their own account."""
        queryset = self.get_queryset()
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        if user.has_any_capability(
            Capability.MANAGE_USERS, Capability.GRANT_ROLES, Capability.UNLOCK_ACCOUNTS
        ):
            return queryset
        return queryset.filter(pk=user.pk)


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships (role × organization)."""

    full_name = models.CharField("姓名", max_length=64, blank=True)
    phone = models.CharField("手机号", max_length=11, blank=True, validators=[validate_mobile])
    must_change_password = models.BooleanField("须修改初始密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    is_demo = models.BooleanField("演示账号", default=False)

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def memberships_cached(self) -> list["Membership"]:
        cached: list[Membership] | None = getattr(self, "_memberships_cache", None)
        if cached is None:
            cached = list(self.memberships.select_related("organization__region"))
            self._memberships_cache = cached
        return cached

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(membership.role for membership in self.memberships_cached())

    @property
    def capabilities(self) -> frozenset[Capability]:
        granted: set[Capability] = set()
        for role in self.roles:
            granted |= ROLE_CAPABILITIES[role]
        return frozenset(granted)

    def has_capability(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def has_any_capability(self, *capabilities: Capability) -> bool:
        return bool(self.capabilities.intersection(capabilities))

    @property
    def primary_organization(self) -> "Organization | None":
        memberships = self.memberships_cached()
        return memberships[0].organization if memberships else None

    def is_locked(self, now: datetime.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    def password_expired(self, now: datetime.datetime | None = None) -> bool:
        max_age = settings.PASSWORD_MAX_AGE_DAYS
        if not max_age or self.is_demo or self.password_changed_at is None:
            return False
        return (now or timezone.now()) - self.password_changed_at > datetime.timedelta(days=max_age)

    def mfa_required(self) -> bool:
        """Whether one of the user's roles requires a second factor (§B7 S5, MFA_REQUIRED_ROLES).

        Demo accounts are exempt, so that `make demo` stays one click; demo only.
        """
        if self.is_demo:
            return False
        return not self.roles.isdisjoint(settings.MFA_REQUIRED_ROLES)


from fazhi.core.models.organizations import Organization  # noqa: E402


class Membership(models.Model):
    """One role held by a user in an organization. The organization fixes the data scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, verbose_name="单位", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class PasswordHistory(models.Model):
    """The hash of one of a user's recent passwords, current one included (§B7 S4)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """A user's authenticator app: the TOTP second factor (RFC 6238, 6 digits, 30 s; §B7 S5).

    Unconfirmed until the user has entered one right code; only a confirmed device is asked for
    at login. `last_used_step` is the time step of the last accepted code: a code of that step or
    an earlier one is refused, so an overheard code cannot be replayed.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField("密钥")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("启用时间", null=True, blank=True)
    last_used_step = models.PositiveBigIntegerField("最近使用的时间步", null=True, blank=True)

    class Meta:
        verbose_name = "动态口令设备"
        verbose_name_plural = "动态口令设备"

    def __str__(self) -> str:
        return f"{self.user} 动态口令"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
