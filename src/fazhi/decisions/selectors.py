"""Reads of the decisions app: catalogs, decisions, what a decision still lacks, its archive."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from fazhi.decisions.models import (
    ADOPTING_OUTCOMES,
    CatalogAdjustment,
    DecisionCatalog,
    DecisionProposal,
    DecisionStep,
    MajorDecision,
    Outcome,
    StepKind,
)
from fazhi.decisions.permissions import catalogs_visible_to, proposals_visible_to
from fazhi.legality.models import CommentPeriod, LegalityReview
from fazhi.legality.selectors import comment_period_latest_of, review_missing_reason

LEGALITY_REVIEW_LABEL = "合法性审查"


# -- catalogs -------------------------------------------------------------------------------


def catalog_list(*, user: Any) -> QuerySet[DecisionCatalog]:
    return catalogs_visible_to(user).annotate(
        included=Count("items", filter=Q(items__status=DecisionProposal.Status.INCLUDED)),
        pending=Count("items", filter=Q(items__status=DecisionProposal.Status.PROPOSED)),
    )


def catalog_item_list(*, catalog: DecisionCatalog) -> QuerySet[DecisionProposal]:
    """The items in the catalog now: included, in-year additions counted, removed ones not."""
    return (
        catalog.items.filter(status=DecisionProposal.Status.INCLUDED)
        .select_related("organization", "lead_organization", "decision")
        .order_by("number", "pk")
    )


def catalog_proposal_list(*, catalog: DecisionCatalog, user: Any) -> QuerySet[DecisionProposal]:
    """Every proposal for the catalog the user may see (own unit's, or all for the bureau)."""
    return (
        proposals_visible_to(user)
        .filter(catalog=catalog)
        .select_related("organization", "lead_organization")
        .order_by("status", "proposed_on", "pk")
    )


def proposal_list(*, user: Any) -> QuerySet[DecisionProposal]:
    """The proposals in the user's scope (the proposing unit's own, the county's for the bureau)."""
    return DecisionProposal.objects.visible_to(user).select_related(
        "catalog", "organization", "lead_organization"
    )


def catalog_adjustment_list(*, catalog: DecisionCatalog) -> QuerySet[CatalogAdjustment]:
    return catalog.adjustments.select_related("item", "created_by").order_by("adjusted_on", "pk")


def catalog_item_list_published(*, region_prefix: str, year: int) -> QuerySet[DecisionProposal]:
    """Items of the published catalogs of `year` in the region (figure decisions.catalog_items)."""
    return DecisionProposal.objects.filter(
        catalog__region__code__startswith=region_prefix,
        catalog__year=year,
        catalog__status=DecisionCatalog.Status.PUBLISHED,
        status=DecisionProposal.Status.INCLUDED,
    ).select_related("catalog", "lead_organization")


def proposal_list_waiting(*, user: Any) -> QuerySet[DecisionProposal]:
    """Proposals waiting on the bureau to include or reject them."""
    return (
        DecisionProposal.objects.visible_to(user)
        .filter(status=DecisionProposal.Status.PROPOSED)
        .select_related("catalog", "organization")
    )


# -- decisions ------------------------------------------------------------------------------


def decision_list(*, user: Any) -> QuerySet[MajorDecision]:
    return MajorDecision.objects.visible_to(user).select_related(
        "region", "organization", "catalog_item"
    )


def decision_step_list(decision: MajorDecision) -> QuerySet[DecisionStep]:
    return decision.steps.select_related("created_by").order_by("done_on", "pk")


def _recorded_kinds(decision: MajorDecision) -> set[str]:
    cache = getattr(decision, "_prefetched_objects_cache", {})
    if "steps" in cache:
        return {step.kind for step in decision.steps.all()}
    return set(decision.steps.values_list("kind", flat=True).distinct())


def decision_missing_steps(decision: MajorDecision) -> list[str]:
    """The Chinese names of what the decision lacks before collective discussion, in order.

    Every mandatory step (MajorDecision.mandatory_steps) needs its recorded evidence, and the
    legality review a passing opinion (art. 25: no discussion without it). The legality entry
    says why, e.g. "合法性审查（尚未送司法局合法性审核）".
    """
    recorded = _recorded_kinds(decision)
    missing = [
        str(StepKind(kind).label) for kind in decision.mandatory_steps() if kind not in recorded
    ]
    reason = review_missing_reason(decision)
    if reason is not None:
        missing.append(f"{LEGALITY_REVIEW_LABEL}（{reason}）")
    return missing


def decision_list_decided(*, region_prefix: str, year: int) -> QuerySet[MajorDecision]:
    """Decisions the government discussed and decided (adopted or not) in `year` in the region."""
    return (
        MajorDecision.objects.filter(
            region__code__startswith=region_prefix,
            decided_on__year=year,
            outcome__in=[*ADOPTING_OUTCOMES, Outcome.NOT_ADOPTED],
        )
        .select_related("organization")
        .prefetch_related(Prefetch("steps", queryset=DecisionStep.objects.only("decision", "kind")))
    )


def decision_complete_count(decisions: list[MajorDecision]) -> int:
    """How many of `decisions` have every mandatory step and a passing review, in one query.

    The same rule as decision_missing_steps, for many decisions at once (their steps must be
    prefetched): the latest review that was not withdrawn decides.
    """
    if not decisions:
        return 0
    latest: dict[int, LegalityReview] = {}
    reviews = (
        LegalityReview.objects.filter(
            content_type=ContentType.objects.get_for_model(MajorDecision),
            object_id__in=[decision.pk for decision in decisions],
        )
        .exclude(status=LegalityReview.Status.WITHDRAWN)
        .only("object_id", "status", "opinion", "submitted_on")
        .order_by("object_id", "-submitted_on", "-pk")
    )
    for review in reviews:
        latest.setdefault(review.object_id, review)
    complete = 0
    for decision in decisions:
        decisive = latest.get(decision.pk)
        recorded = {step.kind for step in decision.steps.all()}
        if (
            decisive is not None
            and decisive.passed
            and all(kind in recorded for kind in decision.mandatory_steps())
        ):
            complete += 1
    return complete


def decision_list_in_progress(*, user: Any) -> QuerySet[MajorDecision]:
    """Decisions still waiting on their lead unit: drafting, or decided but not yet published."""
    return decision_list(user=user).filter(
        status__in=(MajorDecision.Status.DRAFTING, MajorDecision.Status.DECIDED)
    )


def decision_comment_period(decision: MajorDecision) -> CommentPeriod | None:
    return comment_period_latest_of(decision)


# -- archive checklist (art. 33; domain notes §6.4) ------------------------------------------


@dataclass(frozen=True)
class ChecklistEntry:
    label: str
    required: bool
    present: bool
    note: str = ""

    @property
    def missing(self) -> bool:
        return self.required and not self.present


REACHED_IMPLEMENTATION = frozenset(
    {
        MajorDecision.Status.IMPLEMENTING,
        MajorDecision.Status.SUSPENDED,
        MajorDecision.Status.EVALUATED,
        MajorDecision.Status.ADJUSTED,
    }
)


def archive_checklist(decision: MajorDecision) -> list[ChecklistEntry]:
    """The records the decision's archive must hold, each required or not, present or not.

    Which records are required follows the decision's attributes (the same as the mandatory
    steps) and how far it went: a decision not yet discussed needs no meeting minutes.
    """
    kinds = _recorded_kinds(decision)
    adopted = decision.outcome in ADOPTING_OUTCOMES
    discussed = decision.outcome != ""
    published = adopted and decision.status not in (
        MajorDecision.Status.DRAFTING,
        MajorDecision.Status.DECIDED,
    )
    implemented = decision.status in REACHED_IMPLEMENTATION or (
        StepKind.IMPLEMENTATION_REPORT in kinds
    )
    period = comment_period_latest_of(decision) if decision.affects_public_interest else None
    participation_note = ""
    participation_present = StepKind.PUBLIC_PARTICIPATION in kinds
    if period is not None and period.summary_published_on is None:
        participation_note = "意见采纳情况尚未公布"
    elif period is not None:
        participation_note = f"收到意见{period.received}条，采纳{period.adopted}条"  # type: ignore[attr-defined]
    review_reason = review_missing_reason(decision)
    return [
        ChecklistEntry(
            "决策建议及启动文件（承办单位确定）",
            True,
            decision.catalog_item_id is not None or decision.is_historic,
        ),
        ChecklistEntry("调研材料及决策草案各稿", True, StepKind.DRAFTING in kinds),
        ChecklistEntry(
            "征求意见公告、意见汇总及采纳情况说明",
            decision.affects_public_interest,
            participation_present,
            participation_note,
        ),
        ChecklistEntry(
            "听证公告、参加人遴选办法和名单、听证记录（签字）",
            decision.hearing_required,
            StepKind.HEARING in kinds,
        ),
        ChecklistEntry(
            "专家名单、书面论证意见（签字盖章）及采纳说明",
            decision.professional_technical,
            StepKind.EXPERT_REVIEW in kinds,
        ),
        ChecklistEntry(
            "风险评估报告", decision.risk_to_stability, StepKind.RISK_ASSESSMENT in kinds
        ),
        ChecklistEntry(
            "公平竞争审查材料", decision.concerns_market, StepKind.FAIR_COMPETITION in kinds
        ),
        ChecklistEntry(
            "合法性审查送审材料及审查意见", True, review_reason is None, review_reason or ""
        ),
        ChecklistEntry(
            "集体讨论会议通知、纪要及记录（含不同意见）",
            discussed,
            StepKind.COLLECTIVE_DECISION in kinds,
        ),
        ChecklistEntry("向党委请示报告", adopted, StepKind.PARTY_REPORT in kinds),
        ChecklistEntry("公布文本及解读材料", published, StepKind.PUBLICATION in kinds),
        ChecklistEntry("决策执行情况报告", implemented, StepKind.IMPLEMENTATION_REPORT in kinds),
        ChecklistEntry(
            "决策后评估报告",
            decision.status == MajorDecision.Status.EVALUATED,
            StepKind.POST_EVALUATION in kinds,
        ),
        ChecklistEntry(
            "中止执行或调整决定",
            decision.status in (MajorDecision.Status.SUSPENDED, MajorDecision.Status.ADJUSTED),
            bool(kinds & {StepKind.SUSPENSION, StepKind.ADJUSTMENT}),
        ),
    ]


def archive_missing(decision: MajorDecision) -> list[str]:
    return [entry.label for entry in archive_checklist(decision) if entry.missing]


def step_labels(kinds: Iterable[str]) -> str:
    return "、".join(str(StepKind(kind).label) for kind in kinds)


def catalog_list_published() -> QuerySet[DecisionCatalog]:
    """Published catalogs, newest year first, for the public portal (art. 3: 向社会公布)."""
    return (
        DecisionCatalog.objects.filter(status=DecisionCatalog.Status.PUBLISHED)
        .select_related("region")
        .order_by("-year", "region__code")
    )
