"""Who may run the legality pre-check and who may maintain its rules.

Normative documents and plan items belong to their drafting unit (起草单位): its members holding
DRAFT_DOCUMENTS move them through the procedure; the bureau's reviewers (REVIEW_LEGALITY) compile
the plan and see every document of their region. Other rows answer 404 (access_*_by_id).

Pre-check rules are one city-wide list, not scoped rows: anyone who may pre-check a draft
(PRECHECK_DRAFT: departments and the bureau's reviewers) may read them, so a drafter can see
why a sentence was flagged; only the bureau's legality reviewers (REVIEW_LEGALITY) change them.
"""

from typing import Any

from fazhi.core.models import Organization
from fazhi.core.permissions import (
    access_by_id,
    acts_for,
    deny,
    organizations_acting_with,
    require_capability,
)
from fazhi.core.roles import Capability
from fazhi.rules.models import DraftingPlan, NormativeDocument, PlanItem, PrecheckRule


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


def can_compile_plans(user: Any) -> bool:
    return _holds(user, Capability.REVIEW_LEGALITY)


def can_draft_documents(user: Any) -> bool:
    return _holds(user, Capability.DRAFT_DOCUMENTS)


def can_draft_for(user: Any, organization: Organization) -> bool:
    """Whether the user drafts documents for `organization` (its legal officer, or the bureau)."""
    return acts_for(user, organization, Capability.DRAFT_DOCUMENTS)


def organizations_drafting_for(user: Any) -> list[Organization]:
    return organizations_acting_with(user, Capability.DRAFT_DOCUMENTS)


def may_see_documents(user: Any) -> bool:
    """The document pages serve the drafting units and the bureau's reviewers."""
    return can_draft_documents(user) or can_compile_plans(user)


def require_document_desk(user: Any) -> None:
    """PermissionDenied (audited) unless the user drafts documents or reviews them (the bureau)."""
    if not may_see_documents(user):
        raise deny(user, None, "您没有查看规范性文件的权限")


def may_import_documents(user: Any) -> bool:
    """Drafting units import their own historic documents; the bureau those of its region."""
    return can_compile_plans(user) or bool(organizations_drafting_for(user))


def access_plan_by_id(user: Any, pk: Any, *, for_update: bool = False) -> DraftingPlan:
    queryset = DraftingPlan.objects.visible_to(user).select_related("region")
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_plan_item_by_id(user: Any, pk: Any, *, for_update: bool = False) -> PlanItem:
    queryset = PlanItem.objects.visible_to(user).select_related(
        "plan__region", "organization", "issuer"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)


def access_document_by_id(user: Any, pk: Any, *, for_update: bool = False) -> NormativeDocument:
    queryset = NormativeDocument.objects.visible_to(user).select_related(
        "region", "issuer", "organization", "plan_item"
    )
    return access_by_id(queryset, user, pk, for_update=for_update)
