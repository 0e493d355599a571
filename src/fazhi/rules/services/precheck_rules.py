"""Writes of the rules app: maintaining the pre-check rules (STYLE §5)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.audit import audit_record, changed_fields, field_snapshot
from fazhi.core.models import AuditLog
from fazhi.rules.models import PrecheckRule
from fazhi.rules.permissions import access_precheck_rule_by_id, require_precheck_rule_management

EDITABLE_FIELDS = (
    "code",
    "name",
    "category",
    "pattern",
    "exclusion",
    "explanation",
    "legal_basis",
    "enabled",
    "order",
)
_TEXT_FIELDS = frozenset({"code", "name", "pattern", "exclusion", "explanation", "legal_basis"})


def _cleaned(name: str, value: Any) -> Any:
    # Leading and trailing blanks in an expression are almost always a paste accident.
    return value.strip() if isinstance(value, str) and name in _TEXT_FIELDS else value


@transaction.atomic
def precheck_rule_create(
    *,
    acting_user: Any,
    code: str,
    name: str,
    category: str,
    pattern: str,
    explanation: str,
    legal_basis: str,
    exclusion: str = "",
    enabled: bool = True,
    order: int = 0,
) -> PrecheckRule:
    """Add a pre-check rule; it takes part in every pre-check from now on if enabled.

    Raises PermissionDenied (audited) without REVIEW_LEGALITY, ValidationError naming the field
    for a duplicate code, an unknown category or an invalid expression. Audited with its fields.
    """
    require_precheck_rule_management(acting_user)
    values = {
        "code": code,
        "name": name,
        "category": category,
        "pattern": pattern,
        "exclusion": exclusion,
        "explanation": explanation,
        "legal_basis": legal_basis,
        "enabled": enabled,
        "order": order,
    }
    rule = PrecheckRule(
        **{key: _cleaned(key, value) for key, value in values.items()}, created_by=acting_user
    )
    rule.full_clean()
    rule.save()
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=rule,
        changes=changed_fields(
            dict.fromkeys(EDITABLE_FIELDS), field_snapshot(rule, EDITABLE_FIELDS)
        ),
    )
    return rule


@transaction.atomic
def precheck_rule_update(*, acting_user: Any, rule_id: int, **values: Any) -> PrecheckRule:
    """Change a pre-check rule (also how a rule is switched off: enabled=False).

    Raises PermissionDenied (audited) without REVIEW_LEGALITY, Http404 for an unknown rule,
    ValidationError naming the field for unknown fields or bad values; nothing is saved then.
    Audited with the changed fields (before and after); no change, no audit row.
    """
    require_precheck_rule_management(acting_user)
    rule = access_precheck_rule_by_id(acting_user, rule_id, for_update=True)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该字段不可修改"))
    before = field_snapshot(rule, EDITABLE_FIELDS)
    for name, value in values.items():
        setattr(rule, name, _cleaned(name, value))
    rule.full_clean()
    changes = changed_fields(before, field_snapshot(rule, EDITABLE_FIELDS))
    if not changes:
        return rule
    rule.save(update_fields=[*changes, "updated_at"])
    audit_record(event=AuditLog.Event.UPDATE, user=acting_user, target=rule, changes=changes)
    return rule
