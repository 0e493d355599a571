"""Accounts: authentication with lockout, passwords, roles and API tokens (§B7 S1–S6)."""

import datetime
import enum
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.exceptions import (
    AccountLocked,
    InvalidCredentials,
    InvalidOtp,
    SecondFactorRequired,
)
from fazhi.core.models import (
    ApiToken,
    AuditLog,
    Membership,
    Organization,
    PasswordHistory,
    User,
)
from fazhi.core.permissions import access_user_by_id, require_capability
from fazhi.core.roles import ADMIN_ROLES, Capability, Role
from fazhi.core.selectors import organization_list_grantable, totp_device_is_confirmed
from fazhi.core.services.mfa import totp_verify


def _locked_message(user: User) -> str:
    until = timezone.localtime(user.locked_until)
    return (
        f"账户已因连续{settings.LOGIN_FAILURE_LIMIT}次登录失败被锁定，"
        f"请于{until:%H:%M}后再试，或联系安全管理员解锁"
    )


class _Attempt(enum.Enum):
    SUCCEEDED = enum.auto()
    SECOND_FACTOR_DUE = enum.auto()
    LOCKED = enum.auto()
    WRONG_PASSWORD = enum.auto()
    WRONG_OTP = enum.auto()


def user_authenticate(*, username: str, password: str, otp: str | None = None) -> User:
    """Check a username and password, counting failures and locking the account at the limit.

    An account with a confirmed authenticator also needs `otp`, its current TOTP code (S5).
    Without one, SecondFactorRequired is raised and the failure count is left as it is: a right
    password alone must not reset it, or codes could be guessed without limit. The login is then
    completed by user_authenticate_second_factor.

    Raises AccountLocked while the account is locked (even with the right password), InvalidOtp
    for a wrong code (counted like a wrong password) and InvalidCredentials otherwise. Every
    attempt is audited; LOGIN only once every factor has been given.
    """
    # The failure count and the audit rows must be committed although an exception follows:
    # raise only after the atomic block, and never call this inside another transaction.
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            audit_record(event=AuditLog.Event.LOGIN_FAILED, username=username[:150], success=False)
            attempt = _Attempt.WRONG_PASSWORD
        elif user.is_locked():
            attempt = _refuse_locked(user)
        elif user.is_active and user.check_password(password):
            attempt = _second_factor_attempt(user, otp or None)
        else:
            _count_failure(user)
            attempt = _Attempt.WRONG_PASSWORD
    if user is None:
        raise InvalidCredentials("用户名或密码错误")
    return _attempt_outcome(user, attempt)


def user_authenticate_second_factor(*, user_id: int, otp: str) -> User:
    """Complete a login whose password step passed (SecondFactorRequired) with the TOTP code.

    Wrong codes count towards the same lockout as wrong passwords. Raises AccountLocked,
    InvalidOtp, or InvalidCredentials when the account no longer exists or is disabled. Like
    user_authenticate, never call it inside another transaction.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or not user.is_active:
            audit_record(
                event=AuditLog.Event.LOGIN_FAILED,
                user=user,
                success=False,
                message="账户不存在或已停用",
            )
            attempt = _Attempt.WRONG_PASSWORD
        elif user.is_locked():
            attempt = _refuse_locked(user)
        else:
            attempt = _second_factor_attempt(user, otp)
    if user is None or not user.is_active:
        raise InvalidCredentials("登录已失效，请重新输入用户名和密码")
    return _attempt_outcome(user, attempt)


def _refuse_locked(user: User) -> _Attempt:
    audit_record(event=AuditLog.Event.LOGIN_FAILED, user=user, success=False, message="账户已锁定")
    return _Attempt.LOCKED


def _second_factor_attempt(user: User, otp: str | None) -> _Attempt:
    """After a right password: log in, wait for the code, or count a wrong code."""
    if not totp_device_is_confirmed(user=user):
        _login_succeeded(user)
        return _Attempt.SUCCEEDED
    if otp is None:
        return _Attempt.SECOND_FACTOR_DUE
    if totp_verify(user=user, code=otp):
        _login_succeeded(user)
        return _Attempt.SUCCEEDED
    _count_failure(user, message="动态口令错误")
    return _Attempt.WRONG_OTP


def _login_succeeded(user: User) -> None:
    user.failed_login_count = 0
    user.locked_until = None
    user.last_login = timezone.now()
    user.save(update_fields=["failed_login_count", "locked_until", "last_login"])
    audit_record(event=AuditLog.Event.LOGIN, user=user)


def _attempt_outcome(user: User, attempt: _Attempt) -> User:
    """The user if the attempt succeeded; otherwise the exception that tells why not."""
    if attempt is _Attempt.SUCCEEDED:
        return user
    if attempt is _Attempt.SECOND_FACTOR_DUE:
        raise SecondFactorRequired(user.pk)
    if user.is_locked():
        raise AccountLocked(_locked_message(user))
    left = settings.LOGIN_FAILURE_LIMIT - user.failed_login_count
    if attempt is _Attempt.WRONG_OTP:
        raise InvalidOtp(f"动态口令错误，再失败{left}次账户将被锁定")
    raise InvalidCredentials(f"用户名或密码错误，再失败{left}次账户将被锁定")


def _count_failure(user: User, *, message: str = "") -> None:
    user.failed_login_count += 1
    fields = ["failed_login_count"]
    audit_record(event=AuditLog.Event.LOGIN_FAILED, user=user, success=False, message=message)
    if user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = timezone.now() + datetime.timedelta(
            minutes=settings.LOGIN_LOCKOUT_MINUTES
        )
        fields.append("locked_until")
        audit_record(event=AuditLog.Event.LOCKED, user=user, target=user, success=False)
    user.save(update_fields=fields)


@transaction.atomic
def user_unlock(*, user_id: int, acting_user: User) -> User:
    """Unlock an account before its cool-off ends (security administrator)."""
    require_capability(acting_user, Capability.UNLOCK_ACCOUNTS)
    user = access_user_by_id(acting_user, user_id, for_update=True)
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["failed_login_count", "locked_until"])
    audit_record(event=AuditLog.Event.UNLOCKED, user=acting_user, target=user)
    return user


@transaction.atomic
def user_change_password(*, user: User, old_password: str, new_password: str) -> User:
    """Change one's own password and clear the forced-change flag.

    The new password may not be any of the last PASSWORD_HISTORY ones, the current one included
    (S4). Raises ValidationError naming the field.
    """
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同"})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from error
    if _password_recently_used(user, new_password):
        raise ValidationError(
            {"new_password": f"新密码不能与最近{settings.PASSWORD_HISTORY}次使用过的密码相同"}
        )
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _password_history_record(user)
    audit_record(event=AuditLog.Event.PASSWORD_CHANGED, user=user, target=user)
    return user


def _password_recently_used(user: User, raw_password: str) -> bool:
    recent = user.password_history.all()[: settings.PASSWORD_HISTORY]
    return any(check_password(raw_password, entry.password) for entry in recent)


def _password_history_record(user: User) -> None:
    """Remember the user's current password hash; forget those older than the last N (S4)."""
    PasswordHistory.objects.create(user=user, password=user.password)
    forgotten = list(
        user.password_history.values_list("pk", flat=True)[settings.PASSWORD_HISTORY :]
    )
    PasswordHistory.objects.filter(pk__in=forgotten).delete()


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    username: str,
    full_name: str,
    password: str,
    phone: str = "",
    is_demo: bool = False,
) -> User:
    """Create an account with an initial password that must be changed at first login.

    acting_user None is the demo loader or a system job.
    """
    if acting_user is not None:
        require_capability(acting_user, Capability.MANAGE_USERS)
    user = User(username=username, full_name=full_name, phone=phone, is_demo=is_demo)
    user.must_change_password = not is_demo
    user.password_changed_at = timezone.now()
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    _password_history_record(user)
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=user,
        changes={"username": [None, username]},
    )
    return user


def _check_separation_of_admins(user: User, role: str) -> None:
    """三员分立 (GB/T 22239-2019 8.1.4.2d): no one holds two of the three administrator roles."""
    held = (
        Membership.objects.filter(user=user, role__in=ADMIN_ROLES)
        .exclude(role=role)
        .values_list("role", flat=True)
        .first()
    )
    if held is not None:
        raise ValidationError(
            {"role": f"三员分立：{user}已是{Role(held).label}，不能再授予{Role(role).label}"}
        )


@transaction.atomic
def membership_grant(
    *, acting_user: User | None, user: User, organization: Organization, role: str
) -> Membership:
    """Give `user` a role in `organization` (security administrator). acting_user None: demo loader.

    Raises ValidationError for an unknown role, or for a second administrator role (三员分立).
    """
    if acting_user is not None:
        require_capability(acting_user, Capability.GRANT_ROLES)
    if acting_user is not None and acting_user.pk == user.pk:
        # 三员分立: the security administrator must not widen their own powers.
        raise ValidationError({"role": "三员分立：不能给自己授予角色"})
    if role not in Role.values:
        raise ValidationError({"role": f"角色“{role}”不存在"})
    if role in ADMIN_ROLES:
        _check_separation_of_admins(user, role)
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    audit_record(
        event=AuditLog.Event.PERMISSION_CHANGE,
        user=acting_user,
        target=user,
        changes={"role": [None, f"{organization.name}·{Role(role).label}"]},
    )
    return membership


@transaction.atomic
def membership_grant_by_ids(
    *, acting_user: User, user_id: int, organization_id: int, role: str
) -> Membership:
    """Grant `role` in an organization to the account `user_id` (security administrator).

    Raises ValidationError naming the field, PermissionDenied without GRANT_ROLES, Http404 for
    an unknown account.
    """
    require_capability(acting_user, Capability.GRANT_ROLES)
    user = access_user_by_id(acting_user, user_id, for_update=True)
    organization = organization_list_grantable().filter(pk=organization_id).first()
    if organization is None:
        raise ValidationError({"organization": "单位不存在或已撤销"})
    return membership_grant(
        acting_user=acting_user, user=user, organization=organization, role=role
    )


@transaction.atomic
def membership_revoke(*, acting_user: User, user_id: int, membership_id: int) -> Membership:
    """Take a role away from the account `user_id` (security administrator).

    Raises Http404 when the membership is not that account's.
    """
    require_capability(acting_user, Capability.GRANT_ROLES)
    user = access_user_by_id(acting_user, user_id, for_update=True)
    membership = user.memberships.select_related("organization").filter(pk=membership_id).first()
    if membership is None:
        raise Http404("该授权不存在")
    audit_record(
        event=AuditLog.Event.PERMISSION_CHANGE,
        user=acting_user,
        target=membership.user,
        changes={"role": [f"{membership.organization.name}·{membership.get_role_display()}", None]},
    )
    membership.delete()
    return membership


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_issue(
    *, username: str, password: str, otp: str | None = None
) -> tuple[str, ApiToken]:
    """Authenticate (with the same lockout as the login page) and issue a bearer token.

    An account with a confirmed authenticator needs `otp` as well (S5); see user_authenticate
    for what is raised. Not atomic as a whole: a failed attempt must stay counted and audited
    (S1, S10).
    """
    user = user_authenticate(username=username, password=password, otp=otp)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            digest=_token_digest(raw),
            expires_at=timezone.now() + datetime.timedelta(hours=settings.API_TOKEN_HOURS),
        )
        audit_record(event=AuditLog.Event.TOKEN, user=user, target=user)
    return raw, token


def api_token_user(raw: str) -> Any:
    """The active user a bearer token belongs to; None if unknown, expired or revoked."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_token_digest(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
