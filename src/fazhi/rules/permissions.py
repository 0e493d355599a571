"""Who may run the legality pre-check and who may maintain its rules.

Pre-check rules are one city-wide list, not scoped rows: anyone who may pre-check a draft
(PRECHECK_DRAFT: departments and the bureau's reviewers) may read them, so a drafter can see
why a sentence was flagged; only the bureau's legality reviewers (REVIEW_LEGALITY) change them.
"""

from typing import Any

from fazhi.core.permissions import access_by_id, require_capability
from fazhi.core.roles import Capability
from fazhi.rules.models import PrecheckRule


def _holds(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_capability(capability))


def can_run_precheck(user: Any) -> bool:
    return _holds(user, Capability.PRECHECK_DRAFT)


def can_view_precheck_rules(user: Any) -> bool:
    return _holds(user, Capability.PRECHECK_DRAFT) or _holds(user, Capability.REVIEW_LEGALITY)


def can_manage_precheck_rules(user: Any) -> bool:
    return _holds(user, Capability.REVIEW_LEGALITY)


def require_precheck(user: Any) -> None:
    """Raise PermissionDenied (audited) unless the user may pre-check drafts."""
    require_capability(user, Capability.PRECHECK_DRAFT)


def require_precheck_rule_management(user: Any) -> None:
    """Raise PermissionDenied (audited) unless the user may create and change pre-check rules."""
    require_capability(user, Capability.REVIEW_LEGALITY)


def require_precheck_rule_reading(user: Any) -> None:
    """Raise PermissionDenied (audited) unless the user may read the pre-check rules."""
    if not can_view_precheck_rules(user):
        require_capability(user, Capability.PRECHECK_DRAFT)


def access_precheck_rule_by_id(user: Any, pk: Any, *, for_update: bool = False) -> PrecheckRule:
    """The rule `pk` for a user who may read the rules; PermissionDenied or Http404 (audited)."""
    require_precheck_rule_reading(user)
    return access_by_id(PrecheckRule.objects.all(), user, pk, for_update=for_update)
