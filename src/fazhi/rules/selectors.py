"""Reads of the rules app: the pre-check rules and a pre-check run."""

from typing import Any

from django.db.models import QuerySet

from fazhi.rules.models import PrecheckRule
from fazhi.rules.permissions import require_precheck
from fazhi.rules.precheck import CompiledRule, PrecheckFlag, compile_rule, precheck_text


def precheck_rule_list(*, user: Any) -> QuerySet[PrecheckRule]:
    """Every pre-check rule, enabled or not, in pre-check order (the list is city-wide)."""
    return PrecheckRule.objects.order_by("order", "code")


def precheck_rules_enabled() -> list[CompiledRule]:
    """The enabled rules, compiled, in one query; a pre-check reads them once per run."""
    labels = dict(PrecheckRule.Category.choices)
    return [
        compile_rule(rule, category_label=labels.get(rule.category, rule.category))
        for rule in PrecheckRule.objects.filter(enabled=True).order_by("order", "code")
    ]


def precheck_run(*, user: Any, text: str) -> list[PrecheckFlag]:
    """The flags the enabled rules raise on `text`; advice for the reviewer, never a verdict.

    Raises PermissionDenied (audited) unless the user may pre-check drafts. Reads the rules in
    one query, whatever the length of the text.
    """
    require_precheck(user)
    return precheck_text(text, precheck_rules_enabled())
