"""Rule violations raised by services; views and the API turn them into Chinese messages."""


class FazhiError(Exception):
    code = "error"
    message = "操作失败"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message


class AuditLogImmutable(FazhiError):
    code = "audit_immutable"
    message = "审计日志只能追加，不能修改或删除"


class PermissionDenied(FazhiError):
    code = "permission_denied"
    message = "您没有执行此操作的权限"


class AccountLocked(FazhiError):
    code = "account_locked"


class InvalidCredentials(FazhiError):
    code = "invalid_credentials"


class SecondFactorRequired(FazhiError):
    """The password was right, but the account has a confirmed TOTP device: its code is due."""

    code = "otp_required"
    message = "该账户已启用双因素认证，请提供动态口令"

    def __init__(self, user_id: int, message: str | None = None) -> None:
        super().__init__(message)
        self.user_id = user_id


class InvalidOtp(InvalidCredentials):
    """A wrong TOTP code; it counts towards the lockout like a wrong password."""

    code = "otp_required"


class InvalidTransition(FazhiError):
    code = "invalid_transition"
