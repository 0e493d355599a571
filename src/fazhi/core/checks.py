"""Start-up checks of core's settings that env parsing alone cannot make."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from fazhi.core.roles import Role


def mfa_required_roles_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A misspelt role in FAZHI_MFA_REQUIRED_ROLES would silently exempt that role from MFA."""
    unknown = [role for role in settings.MFA_REQUIRED_ROLES if role not in Role.values]
    if not unknown:
        return []
    return [
        Error(
            f"FAZHI_MFA_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
            hint=f"Known roles: {', '.join(Role.values)}.",
            id="fazhi.E001",
        )
    ]
