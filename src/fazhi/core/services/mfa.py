"""The TOTP second factor (RFC 6238, 6 digits, 30 s; §B7 S5): enrolment, checking, reset.

Logging in with it is in services.accounts (user_authenticate, user_authenticate_second_factor),
which counts wrong codes towards the same lockout as wrong passwords.
"""

import hmac
import re

import pyotp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, TotpDevice, User
from fazhi.core.permissions import access_user_by_id, require_capability
from fazhi.core.roles import Capability

TOTP_ISSUER = "法治政府建设工作平台"
# RFC 6238 §5.2: also accept the code of the step before or after, for phone clocks that drift.
_DRIFT_STEPS = 1
_CODE = re.compile(r"\d{6}")


def totp_provisioning_uri(device: TotpDevice) -> str:
    """The otpauth:// URI an authenticator app reads from the enrolment QR code."""
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.username, issuer_name=TOTP_ISSUER
    )


def _matching_step(device: TotpDevice, code: str) -> int | None:
    """The time step `code` belongs to, if it is right and newer than the last one used."""
    code = code.replace(" ", "").strip()
    if not _CODE.fullmatch(code):
        return None
    totp = pyotp.TOTP(device.secret)
    current = totp.timecode(timezone.now())
    spent = device.last_used_step if device.last_used_step is not None else -1
    for step in range(current - _DRIFT_STEPS, current + _DRIFT_STEPS + 1):
        if step > spent and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def totp_device_begin(*, user: User) -> TotpDevice:
    """The user's pending authenticator, with a new random secret if there is none yet.

    Idempotent, so reloading the enrolment page keeps the QR code already scanned. Not audited:
    a pending device takes no part in logging in until totp_device_confirm turns it on.

    Raises ValidationError when the user already has a confirmed device (it must be reset first).
    """
    device, _ = TotpDevice.objects.select_for_update().get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    if device.is_confirmed:
        raise ValidationError({"code": "已启用动态口令；更换手机请联系安全管理员重置"})
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, code: str) -> TotpDevice:
    """Turn the user's pending authenticator on with one right code from it.

    From then on every login asks for a code. Audited (MFA_ENABLED). Raises ValidationError on
    the field `code` for a wrong code or when nothing is pending.
    """
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.is_confirmed:
        raise ValidationError({"code": "没有待启用的动态口令，请刷新页面后重新扫码"})
    step = _matching_step(device, code)
    if step is None:
        raise ValidationError({"code": "动态口令不正确，请核对手机时间后输入最新的6位数字"})
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    audit_record(event=AuditLog.Event.MFA_ENABLED, user=user, target=user)
    return device


@transaction.atomic
def totp_verify(*, user: User, code: str) -> bool:
    """Whether `code` is a right, unused code of the user's confirmed authenticator; spends it.

    A code is spent with its time step: that code, or any of an earlier step, is refused
    afterwards, so an overheard code cannot be replayed. Call it with the user's row locked
    (select_for_update), as logging in does, so two requests cannot spend one code. Counting
    failures is the caller's job.
    """
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return False
    step = _matching_step(device, code)
    if step is None:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    return True


@transaction.atomic
def totp_device_reset(*, acting_user: User, user_id: int) -> User:
    """Remove an account's authenticator (security administrator), e.g. after a lost phone.

    The account logs in with its password alone again; if its roles require MFA it is sent to
    enrol a new authenticator right after. Audited (MFA_RESET).

    Raises PermissionDenied without UNLOCK_ACCOUNTS, Http404 for an account out of reach and
    ValidationError for one's own account (三员分立: no one weakens their own login) or an
    account without an authenticator.
    """
    require_capability(acting_user, Capability.UNLOCK_ACCOUNTS)
    user = access_user_by_id(acting_user, user_id, for_update=True)
    if user.pk == acting_user.pk:
        raise ValidationError("不能重置自己的动态口令，请由其他安全管理员操作")
    deleted, _ = TotpDevice.objects.filter(user=user).delete()
    if not deleted:
        raise ValidationError("该账户未启用动态口令")
    audit_record(event=AuditLog.Event.MFA_RESET, user=acting_user, target=user)
    return user
