"""Helpers of the decisions tests: a published 2022 catalog and decisions at each stage.

The market department (department_officer) leads the decisions; the bureau (bureau_staff)
compiles the catalog and reviews legality. Dates are in 2022, whose holiday schedule is seeded.
"""

import datetime
from dataclasses import dataclass

import pytest

from fazhi.conftest import World
from fazhi.core.models import User
from fazhi.decisions import services
from fazhi.decisions.models import DecisionCatalog, DecisionProposal, MajorDecision, StepKind
from fazhi.legality.services import review_accept, review_conclude

D = datetime.date


@dataclass
class Flow:
    """Drives decisions through the procedure with the world's personas."""

    world: World
    lead: User
    bureau: User
    catalog: DecisionCatalog

    def item(self, title: str = "荣成市农贸市场布局规划", *, lead=None) -> DecisionProposal:
        proposal = services.proposal_submit(
            acting_user=self.lead,
            catalog_id=self.catalog.pk,
            lead_organization=lead or self.world.market,
            title=title,
            reason="农贸市场布局不均衡",
            basis="《山东省农贸市场管理办法》",
            on=D(2022, 1, 10),
        )
        published = self.catalog.status == DecisionCatalog.Status.PUBLISHED
        return services.proposal_include(
            acting_user=self.bureau,
            proposal_id=proposal.pk,
            reason="年度中增补" if published else "",
            on=D(2022, 3, 1) if published else D(2022, 1, 20),
        )

    def start(self, item: DecisionProposal | None = None, **attributes: bool) -> MajorDecision:
        item = item or self.item()
        return services.decision_start(
            acting_user=self.lead, catalog_item_id=item.pk, on=D(2022, 3, 1), **attributes
        )

    def draft(self, decision: MajorDecision) -> None:
        services.decision_step_record(
            acting_user=self.lead,
            decision_id=decision.pk,
            kind=StepKind.DRAFTING,
            done_on=D(2022, 3, 10),
            evidence="决策草案（第一稿、第二稿）、调研报告",
        )

    def participate(self, decision: MajorDecision) -> None:
        services.decision_comment_open(
            acting_user=self.lead,
            decision_id=decision.pk,
            draft_text="第一条 为规范农贸市场布局，制定本规划。",
            starts_on=D(2022, 3, 11),
            ends_on=D(2022, 4, 9),
        )
        services.decision_step_record(
            acting_user=self.lead,
            decision_id=decision.pk,
            kind=StepKind.PUBLIC_PARTICIPATION,
            done_on=D(2022, 4, 11),
            method="public_comment",
            evidence="征求意见公告、意见汇总及采纳情况说明",
        )

    def record(self, decision: MajorDecision, kind: str, **facts) -> None:
        defaults = {
            StepKind.EXPERT_REVIEW: {"method": "argumentation_meeting", "participants": "张教授"},
            StepKind.RISK_ASSESSMENT: {"risk_level": "low"},
        }
        services.decision_step_record(
            acting_user=self.lead,
            decision_id=decision.pk,
            kind=kind,
            done_on=facts.pop("done_on", D(2022, 4, 15)),
            evidence=f"{StepKind(kind).label}材料",
            **(defaults.get(kind, {}) | facts),
        )

    def review(self, decision: MajorDecision, *, opinion: str = "lawful") -> None:
        materials = ["draft", "legal_basis", "procedure_note"]
        materials += [
            key
            for attribute, key in (
                ("affects_public_interest", "public_opinions"),
                ("professional_technical", "expert_opinions"),
                ("risk_to_stability", "risk_report"),
                ("concerns_market", "fair_competition"),
            )
            if getattr(decision, attribute)
        ]
        review = services.decision_submit_for_review(
            acting_user=self.lead,
            decision_id=decision.pk,
            materials_provided=materials,
            on=D(2022, 5, 5),
        )
        review_accept(acting_user=self.bureau, review_id=review.pk, on=D(2022, 5, 6))
        review_conclude(
            acting_user=self.bureau,
            review_id=review.pk,
            opinion=opinion,
            opinion_text="" if opinion == "lawful" else "第三条缺乏依据",
            on=D(2022, 5, 20),
        )

    def decide(self, decision: MajorDecision, outcome: str = "adopted") -> MajorDecision:
        return services.decision_decide(
            acting_user=self.lead,
            decision_id=decision.pk,
            meeting_name="市政府第10次常务会议",
            decided_on=D(2022, 5, 27),
            outcome=outcome,
            evidence="会议纪要〔2022〕10号",
            dissent="一名组成人员对选址提出不同意见",
        )

    def ready(self, **attributes: bool) -> MajorDecision:
        """A decision with every mandatory step recorded and the review passed."""
        decision = self.start(**attributes)
        self.draft(decision)
        if decision.affects_public_interest:
            self.participate(decision)
        for flag, kind in (
            ("hearing_required", None),
            ("professional_technical", StepKind.EXPERT_REVIEW),
            ("risk_to_stability", StepKind.RISK_ASSESSMENT),
            ("concerns_market", StepKind.FAIR_COMPETITION),
        ):
            if getattr(decision, flag) and kind is not None:
                self.record(decision, kind)
        if decision.hearing_required:
            self.record(
                decision,
                StepKind.HEARING,
                hearing_on=D(2022, 4, 20),
                materials_sent_on=D(2022, 4, 12),
                done_on=D(2022, 4, 20),
            )
        self.review(decision)
        return MajorDecision.objects.get(pk=decision.pk)

    def published(self, **attributes: bool) -> MajorDecision:
        decision = self.decide(self.ready(**attributes))
        self.record(decision, StepKind.PARTY_REPORT, done_on=D(2022, 5, 30))
        return services.decision_publish(
            acting_user=self.lead,
            decision_id=decision.pk,
            published_on=D(2022, 6, 2),
            channel="荣成市人民政府网站",
            evidence="公布文本及政策解读",
            doc_number="荣政发〔2022〕8号",
        )


def published_catalog(world: World, bureau: User, lead: User) -> DecisionCatalog:
    catalog = services.catalog_create(acting_user=bureau, region=world.county, year=2022)
    flow = Flow(world, lead, bureau, catalog)
    flow.item("荣成市城区老旧小区改造提升方案")
    services.catalog_adopt(
        acting_user=bureau,
        catalog_id=catalog.pk,
        adopted_on=D(2022, 2, 10),
        adopted_document="荣政字〔2022〕6号",
    )
    return services.catalog_publish(acting_user=bureau, catalog_id=catalog.pk, on=D(2022, 2, 15))


@pytest.fixture
def flow(world, bureau_staff, department_officer) -> Flow:
    catalog = published_catalog(world, bureau_staff, department_officer)
    return Flow(world, department_officer, bureau_staff, catalog)
