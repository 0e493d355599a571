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


class InvalidTransition(FazhiError):
    code = "invalid_transition"
