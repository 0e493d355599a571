"""Reads of the rules app: pre-check rules and runs, drafting plans, normative documents."""

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from fazhi.core.deadlines import add_months
from fazhi.core.models import Region
from fazhi.core.parameters import parameter_value
from fazhi.rules.models import (
    DocumentEvaluation,
    DraftingPlan,
    NormativeDocument,
    PlanItem,
    PrecheckRule,
)
from fazhi.rules.parameters import EVALUATION_REMINDER_MONTHS
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


# -- drafting plans and normative documents ----------------------------------------------------

IN_FORCE_STATES = (NormativeDocument.Status.PUBLISHED, NormativeDocument.Status.FILED)
ISSUED_STATES = (
    NormativeDocument.Status.ISSUED,
    NormativeDocument.Status.PUBLISHED,
    NormativeDocument.Status.FILED,
    NormativeDocument.Status.AMENDED,
    NormativeDocument.Status.REPEALED,
    NormativeDocument.Status.EXPIRED,
)


def plan_list(*, user: Any) -> QuerySet[DraftingPlan]:
    return (
        DraftingPlan.objects.visible_to(user)
        .select_related("region")
        .annotate(
            item_count=Count("items"),
            issued_count=Count("items", filter=Q(items__status=PlanItem.Status.ISSUED)),
        )
    )


def plan_of(*, region: Region, year: int) -> DraftingPlan | None:
    return DraftingPlan.objects.filter(region=region, year=year).first()


def plan_item_list(*, user: Any, plan: DraftingPlan) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("organization", "issuer", "document")
    )


def document_list(*, user: Any) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.visible_to(user).select_related(
        "region", "issuer", "organization"
    )


def _in_force_on(day: datetime.date) -> Q:
    return Q(status__in=IN_FORCE_STATES, effective_on__lte=day, valid_until__gte=day)


def document_list_in_force(*, user: Any, on: datetime.date) -> QuerySet[NormativeDocument]:
    return document_list(user=user).filter(_in_force_on(on))


def expiry_horizon(on: datetime.date) -> datetime.date:
    """The last day of the evaluation window that starts today (rule parameter, in months)."""
    months = parameter_value(EVALUATION_REMINDER_MONTHS, on=on).amount
    return add_months(on, months)


def document_list_expiring(*, user: Any, on: datetime.date) -> QuerySet[NormativeDocument]:
    """Documents in force whose validity ends within the evaluation window (default 6 months)."""
    return document_list_in_force(user=user, on=on).filter(valid_until__lte=expiry_horizon(on))


def document_list_filing_overdue(*, user: Any, on: datetime.date) -> QuerySet[NormativeDocument]:
    """Published documents not yet reported for filing after their filing deadline."""
    return document_list(user=user).filter(
        status=NormativeDocument.Status.PUBLISHED, filed_on__isnull=True, filing_due_on__lt=on
    )


def document_list_filed_late(*, user: Any) -> QuerySet[NormativeDocument]:
    return document_list(user=user).filter(filed_on__gt=F("filing_due_on"))


def document_catalog_public(*, region: Region, on: datetime.date) -> QuerySet[NormativeDocument]:
    """The public catalog of documents in force in the region (for the portal)."""
    return (
        NormativeDocument.objects.filter(region__code__startswith=region.prefix)
        .filter(_in_force_on(on))
        .select_related("issuer")
        .order_by("-published_on", "-pk")
    )


def document_list_issued(
    *, region: Region, year: int, level: str | None = None
) -> QuerySet[NormativeDocument]:
    """Documents signed and issued within `year` in the region (figures read this)."""
    queryset = NormativeDocument.objects.filter(
        region__code__startswith=region.prefix,
        status__in=ISSUED_STATES,
        signed_on__year=year,
    )
    return queryset.filter(level=level) if level else queryset


def evaluation_list(*, region: Region, year: int, level: str | None = None) -> QuerySet[Any]:
    queryset = DocumentEvaluation.objects.filter(
        document__region__code__startswith=region.prefix, evaluated_on__year=year
    )
    return queryset.filter(document__level=level) if level else queryset


def evaluations_of(document: NormativeDocument) -> QuerySet[DocumentEvaluation]:
    return document.evaluations.order_by("-evaluated_on", "-pk")
