import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import Transition
from fazhi.decisions import services
from fazhi.decisions.models import (
    CatalogAdjustment,
    DecisionCatalog,
    DecisionProposal,
    DecisionStep,
    MajorDecision,
    StepKind,
)
from fazhi.decisions.selectors import archive_checklist, decision_missing_steps
from fazhi.decisions.tests.conftest import Flow
from fazhi.legality.models import LegalityReview
from fazhi.legality.services import review_accept, review_conclude

pytestmark = pytest.mark.django_db
D = datetime.date


# -- catalog ----------------------------------------------------------------------------------


def test_bureau_compiles_adopts_and_publishes_the_catalog(world, bureau_staff, department_officer):
    catalog = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2022)
    proposal = services.proposal_submit(
        acting_user=department_officer,
        catalog_id=catalog.pk,
        lead_organization=world.market,
        title="荣成市农贸市场布局规划",
        reason="布局不均衡",
        basis="有关规定",
        on=D(2022, 1, 5),
    )
    assert proposal.organization == world.market
    included = services.proposal_include(
        acting_user=bureau_staff, proposal_id=proposal.pk, on=D(2022, 1, 20)
    )
    assert (included.status, included.number, included.is_addition) == ("included", 1, False)
    services.catalog_adopt(
        acting_user=bureau_staff,
        catalog_id=catalog.pk,
        adopted_on=D(2022, 2, 10),
        adopted_document="荣政字〔2022〕6号",
    )
    published = services.catalog_publish(
        acting_user=bureau_staff, catalog_id=catalog.pk, on=D(2022, 2, 15)
    )

    assert published.status == DecisionCatalog.Status.PUBLISHED
    assert published.published_on == D(2022, 2, 15)
    assert catalog.title == "荣成市2022年度重大行政决策事项目录"
    assert Transition.objects.filter(action="公布目录", actor=bureau_staff).exists()


def test_catalog_cannot_be_published_before_the_government_adopts_it(world, bureau_staff):
    catalog = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2022)

    with pytest.raises(ValidationError, match="须经政府审定"):
        services.catalog_publish(acting_user=bureau_staff, catalog_id=catalog.pk)

    catalog = DecisionCatalog.objects.get(pk=catalog.pk)
    assert catalog.status == DecisionCatalog.Status.DRAFT


def test_adoption_refused_while_proposals_wait(world, bureau_staff, department_officer):
    catalog = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2022)
    Flow(world, department_officer, bureau_staff, catalog).item()
    services.proposal_submit(
        acting_user=department_officer,
        catalog_id=catalog.pk,
        lead_organization=world.market,
        title="另一项",
        reason="理由",
        basis="依据",
    )

    with pytest.raises(ValidationError, match="未作处理"):
        services.catalog_adopt(
            acting_user=bureau_staff, catalog_id=catalog.pk, adopted_on=D(2022, 2, 1)
        )


def test_department_cannot_compile_the_catalog(world, department_officer, bureau_staff):
    with pytest.raises(PermissionDenied):
        services.catalog_create(acting_user=department_officer, region=world.county, year=2022)
    catalog = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2022)
    proposal = services.proposal_submit(
        acting_user=department_officer,
        catalog_id=catalog.pk,
        lead_organization=world.market,
        title="事项",
        reason="理由",
        basis="依据",
    )

    with pytest.raises(PermissionDenied):
        services.proposal_include(acting_user=department_officer, proposal_id=proposal.pk)
    assert DecisionProposal.objects.get().status == DecisionProposal.Status.PROPOSED


def test_other_county_bureau_sees_no_catalog(world, bureau_staff, other_county_bureau):
    catalog = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2022)

    with pytest.raises(Http404):
        services.catalog_publish(acting_user=other_county_bureau, catalog_id=catalog.pk)
    with pytest.raises(PermissionDenied):
        services.catalog_create(acting_user=other_county_bureau, region=world.county, year=2023)


def test_rejection_needs_a_reason(world, bureau_staff, department_officer):
    catalog = services.catalog_create(acting_user=bureau_staff, region=world.county, year=2022)
    proposal = services.proposal_submit(
        acting_user=department_officer,
        catalog_id=catalog.pk,
        lead_organization=world.market,
        title="事项",
        reason="理由",
        basis="依据",
    )
    with pytest.raises(ValidationError, match="理由"):
        services.proposal_reject(acting_user=bureau_staff, proposal_id=proposal.pk, reason=" ")

    rejected = services.proposal_reject(
        acting_user=bureau_staff, proposal_id=proposal.pk, reason="不属于重大行政决策事项"
    )
    assert rejected.status == DecisionProposal.Status.REJECTED


def test_in_year_addition_needs_a_reason_and_is_recorded(flow):
    proposal = services.proposal_submit(
        acting_user=flow.lead,
        catalog_id=flow.catalog.pk,
        lead_organization=flow.world.market,
        title="年度中增补事项",
        reason="理由",
        basis="依据",
    )
    with pytest.raises(ValidationError, match="增补理由"):
        services.proposal_include(acting_user=flow.bureau, proposal_id=proposal.pk)

    item = services.proposal_include(
        acting_user=flow.bureau, proposal_id=proposal.pk, reason="市政府新部署", on=D(2022, 6, 1)
    )

    assert item.is_addition
    assert item.number == 2
    adjustment = CatalogAdjustment.objects.get(item=item)
    assert (adjustment.kind, adjustment.adjusted_on, adjustment.reason) == (
        "added",
        D(2022, 6, 1),
        "市政府新部署",
    )


def test_removing_an_item_ends_its_undecided_decision(flow):
    decision = flow.start()

    services.catalog_item_remove(
        acting_user=flow.bureau,
        item_id=decision.catalog_item_id,
        reason="情况变化，不再作出决策",
        on=D(2022, 7, 1),
    )

    decision = MajorDecision.objects.get(pk=decision.pk)
    assert decision.status == MajorDecision.Status.WITHDRAWN
    assert decision.catalog_item.status == DecisionProposal.Status.REMOVED
    assert CatalogAdjustment.objects.filter(
        kind="removed", reason="情况变化，不再作出决策"
    ).exists()


def test_a_decided_item_cannot_be_removed(flow):
    decision = flow.decide(flow.ready())

    with pytest.raises(InvalidTransition, match="须依法定程序调整决策"):
        services.catalog_item_remove(
            acting_user=flow.bureau, item_id=decision.catalog_item_id, reason="调出"
        )
    assert decision.catalog_item.status == DecisionProposal.Status.INCLUDED


def test_changing_an_item_records_old_and_new(flow):
    item = flow.item("旧名称")

    services.catalog_item_change(
        acting_user=flow.bureau, item_id=item.pk, reason="名称表述调整", title="新名称"
    )

    adjustment = CatalogAdjustment.objects.get(kind="changed")
    assert adjustment.changes == {"title": ["旧名称", "新名称"]}


# -- the procedure gate -----------------------------------------------------------------------


def test_mandatory_steps_follow_the_attributes(flow):
    decision = flow.start(affects_public_interest=True, risk_to_stability=True)

    assert decision.mandatory_steps() == ["drafting", "public_participation", "risk_assessment"]


def test_decide_refused_listing_every_missing_step(flow):
    decision = flow.start(affects_public_interest=True, risk_to_stability=True)
    flow.draft(decision)

    with pytest.raises(ValidationError) as raised:
        flow.decide(decision)

    assert raised.value.message_dict["outcome"] == [
        "决策草案不能提交集体讨论决定，尚缺：公众参与、风险评估、合法性审查（尚未送司法局合法性审核）"
    ]
    decision = MajorDecision.objects.get(pk=decision.pk)
    assert decision.status == MajorDecision.Status.DRAFTING
    assert not DecisionStep.objects.filter(kind=StepKind.COLLECTIVE_DECISION).exists()


@pytest.mark.parametrize(
    ("attribute", "label"),
    [
        ("professional_technical", "专家论证"),
        ("hearing_required", "听证会"),
        ("concerns_market", "公平竞争审查"),
    ],
)
def test_each_attribute_makes_its_step_mandatory(flow, attribute, label):
    decision = flow.start(**{attribute: True})
    flow.draft(decision)
    flow.review(decision)

    with pytest.raises(ValidationError) as raised:
        flow.decide(decision)
    assert raised.value.message_dict["outcome"][0].endswith(f"尚缺：{label}")


def test_skipping_the_legality_review_is_refused(flow):
    decision = flow.start()
    flow.draft(decision)

    with pytest.raises(ValidationError, match="合法性审查（尚未送司法局合法性审核）"):
        flow.decide(decision)


def test_an_unconcluded_review_does_not_count(flow):
    decision = flow.start()
    flow.draft(decision)
    services.decision_submit_for_review(
        acting_user=flow.lead,
        decision_id=decision.pk,
        materials_provided=["draft", "legal_basis", "procedure_note"],
        on=D(2022, 5, 5),
    )

    with pytest.raises(ValidationError, match="合法性审核尚未出具意见"):
        flow.decide(decision)


def test_an_unlawful_opinion_blocks_the_decision(flow):
    decision = flow.start()
    flow.draft(decision)
    flow.review(decision, opinion="unlawful")

    with pytest.raises(ValidationError, match="不合法"):
        flow.decide(decision)


def test_decided_with_every_step_and_the_review(flow):
    decision = flow.decide(flow.ready(affects_public_interest=True, professional_technical=True))

    assert decision.status == MajorDecision.Status.DECIDED
    assert decision.decided_on == D(2022, 5, 27)
    step = DecisionStep.objects.get(decision=decision, kind=StepKind.COLLECTIVE_DECISION)
    assert (step.meeting_name, step.outcome, step.dissent) == (
        "市政府第10次常务会议",
        "adopted",
        "一名组成人员对选址提出不同意见",
    )
    transition = Transition.objects.filter(action="集体讨论决定：通过").get()
    assert transition.actor == flow.lead
    assert transition.step_on == D(2022, 5, 27)
    assert transition.opinion == "市政府第10次常务会议。一名组成人员对选址提出不同意见"
    assert decision_missing_steps(decision) == []


def test_deferred_decision_returns_to_drafting(flow):
    decision = flow.decide(flow.ready(), outcome="deferred")
    assert decision.status == MajorDecision.Status.DEFERRED
    assert decision.decided_on is None

    resumed = services.decision_resume(
        acting_user=flow.lead, decision_id=decision.pk, reason="补充调研后重新提交"
    )
    assert resumed.status == MajorDecision.Status.DRAFTING


def test_decision_date_not_before_the_review_opinion(flow):
    decision = flow.ready()

    with pytest.raises(ValidationError) as raised:
        services.decision_decide(
            acting_user=flow.lead,
            decision_id=decision.pk,
            meeting_name="常务会议",
            decided_on=D(2022, 5, 19),
            outcome="adopted",
            evidence="纪要",
        )
    assert "decided_on" in raised.value.message_dict


# -- public participation, hearing, expert, legality materials --------------------------------


def test_comment_period_under_30_days_without_urgent_reason_is_refused(flow):
    decision = flow.start(affects_public_interest=True)

    with pytest.raises(ValidationError, match="少于法定的30日"):
        services.decision_comment_open(
            acting_user=flow.lead,
            decision_id=decision.pk,
            draft_text="草案全文",
            starts_on=D(2022, 3, 11),
            ends_on=D(2022, 4, 8),  # 29 days
        )


def test_comment_period_of_30_days_is_accepted(flow):
    decision = flow.start(affects_public_interest=True)

    period = services.decision_comment_open(
        acting_user=flow.lead,
        decision_id=decision.pk,
        draft_text="草案全文",
        starts_on=D(2022, 3, 11),
        ends_on=D(2022, 4, 9),
    )
    assert (period.length_days, period.minimum_days) == (30, 30)


def test_short_comment_period_with_urgent_reason_is_accepted(flow):
    decision = flow.start(affects_public_interest=True)

    period = services.decision_comment_open(
        acting_user=flow.lead,
        decision_id=decision.pk,
        draft_text="草案全文",
        starts_on=D(2022, 3, 11),
        ends_on=D(2022, 3, 25),
        urgent_reason="防汛工作紧急",
    )
    assert period.urgent_reason == "防汛工作紧急"


def test_public_comment_must_have_closed_before_participation_is_recorded(flow):
    decision = flow.start(affects_public_interest=True)
    with pytest.raises(ValidationError, match="须先在平台发布征求意见稿"):
        flow.record(decision, StepKind.PUBLIC_PARTICIPATION, method="public_comment")
    services.decision_comment_open(
        acting_user=flow.lead,
        decision_id=decision.pk,
        draft_text="草案全文",
        starts_on=D(2022, 3, 11),
        ends_on=D(2022, 4, 20),
    )

    with pytest.raises(ValidationError, match="截止后才能登记"):
        flow.record(decision, StepKind.PUBLIC_PARTICIPATION, method="public_comment")


def test_hearing_materials_less_than_7_days_before_are_refused(flow):
    decision = flow.start(hearing_required=True)

    with pytest.raises(ValidationError, match="7日前送达") as raised:
        flow.record(
            decision,
            StepKind.HEARING,
            hearing_on=D(2022, 4, 20),
            materials_sent_on=D(2022, 4, 14),
            done_on=D(2022, 4, 20),
        )
    assert "仅提前6日" in str(raised.value)
    assert not DecisionStep.objects.filter(kind=StepKind.HEARING).exists()


def test_hearing_materials_exactly_7_days_before_are_accepted(flow):
    decision = flow.start(hearing_required=True)

    flow.record(
        decision,
        StepKind.HEARING,
        hearing_on=D(2022, 4, 20),
        materials_sent_on=D(2022, 4, 13),
        done_on=D(2022, 4, 20),
    )
    assert DecisionStep.objects.get(kind=StepKind.HEARING).materials_sent_on == D(2022, 4, 13)


def test_expert_review_names_the_experts(flow):
    decision = flow.start(professional_technical=True)

    with pytest.raises(ValidationError) as raised:
        flow.record(decision, StepKind.EXPERT_REVIEW, participants="")
    assert "participants" in raised.value.message_dict


def test_step_needs_evidence(flow):
    decision = flow.start()

    with pytest.raises(ValidationError) as raised:
        services.decision_step_record(
            acting_user=flow.lead,
            decision_id=decision.pk,
            kind=StepKind.DRAFTING,
            done_on=D(2022, 3, 10),
            evidence="  ",
        )
    assert "evidence" in raised.value.message_dict


def test_review_submission_needs_the_attribute_materials(flow):
    decision = flow.start(risk_to_stability=True)
    flow.draft(decision)

    with pytest.raises(ValidationError, match="缺少：风险评估报告"):
        services.decision_submit_for_review(
            acting_user=flow.lead,
            decision_id=decision.pk,
            materials_provided=["draft", "legal_basis", "procedure_note"],
        )
    assert not LegalityReview.objects.exists()


def test_review_submission_needs_the_draft(flow):
    decision = flow.start()

    with pytest.raises(ValidationError, match="草案拟订"):
        services.decision_submit_for_review(
            acting_user=flow.lead,
            decision_id=decision.pk,
            materials_provided=["draft", "legal_basis", "procedure_note"],
        )


def test_review_gets_the_7_working_day_minimum(flow):
    decision = flow.start()
    flow.draft(decision)
    review = services.decision_submit_for_review(
        acting_user=flow.lead,
        decision_id=decision.pk,
        materials_provided=["draft", "legal_basis", "procedure_note"],
        on=D(2022, 9, 28),
    )
    # Accepted on Wednesday 28 September 2022: the National Day holiday (1–7 October) and the
    # make-up working days (8–9 October) lie inside the seven working days.
    accepted = review_accept(acting_user=flow.bureau, review_id=review.pk, on=D(2022, 9, 28))
    assert accepted.earliest_on == D(2022, 10, 12)

    with pytest.raises(ValidationError, match="须说明理由"):
        review_conclude(
            acting_user=flow.bureau, review_id=review.pk, opinion="lawful", on=D(2022, 10, 11)
        )


def test_only_the_lead_unit_records_steps(flow, other_department_officer, bureau_staff):
    decision = flow.start()

    with pytest.raises(Http404):
        Flow(flow.world, other_department_officer, flow.bureau, flow.catalog).draft(decision)
    with pytest.raises(PermissionDenied):
        services.decision_step_record(
            acting_user=bureau_staff,
            decision_id=decision.pk,
            kind=StepKind.DRAFTING,
            done_on=D(2022, 3, 10),
            evidence="草案",
        )
    assert not DecisionStep.objects.exists()


# -- after the decision ----------------------------------------------------------------------


def test_publication_needs_the_party_report(flow):
    decision = flow.decide(flow.ready())

    with pytest.raises(ValidationError, match="尚缺：向党委请示报告"):
        services.decision_publish(
            acting_user=flow.lead,
            decision_id=decision.pk,
            published_on=D(2022, 6, 2),
            channel="政府网站",
            evidence="公布文本",
        )


def test_publication_validates_the_document_number(flow):
    decision = flow.decide(flow.ready())
    flow.record(decision, StepKind.PARTY_REPORT, done_on=D(2022, 5, 30))

    with pytest.raises(ValidationError) as raised:
        services.decision_publish(
            acting_user=flow.lead,
            decision_id=decision.pk,
            published_on=D(2022, 6, 2),
            channel="政府网站",
            evidence="公布文本",
            doc_number="荣政发[2022]8号",
        )
    assert "doc_number" in raised.value.message_dict


def test_implementation_evaluation_and_archive(flow):
    decision = flow.published(affects_public_interest=True)
    assert decision.status == MajorDecision.Status.PUBLISHED

    services.decision_report_implementation(
        acting_user=flow.lead,
        decision_id=decision.pk,
        done_on=D(2022, 9, 1),
        summary="已完成改造12个小区",
        evidence="执行情况报告",
    )
    decision = MajorDecision.objects.get(pk=decision.pk)
    assert decision.status == MajorDecision.Status.IMPLEMENTING
    with pytest.raises(ValidationError, match="启动后评估的情形"):
        services.decision_evaluate(
            acting_user=flow.lead,
            decision_id=decision.pk,
            done_on=D(2022, 11, 1),
            trigger="",
            summary="评估",
            evidence="评估报告",
        )
    services.decision_evaluate(
        acting_user=flow.lead,
        decision_id=decision.pk,
        done_on=D(2022, 11, 1),
        trigger="many_opinions",
        summary="总体达到预期",
        evidence="后评估报告",
    )
    archived = services.decision_archive(
        acting_user=flow.lead,
        decision_id=decision.pk,
        archived_on=D(2022, 12, 1),
        archive_number="RC-JC-2022-001",
    )

    assert archived.status == MajorDecision.Status.ARCHIVED
    assert not [entry for entry in archive_checklist(archived) if entry.missing]


def test_archive_refused_listing_missing_records(flow):
    decision = flow.published(affects_public_interest=True)
    services.decision_report_implementation(
        acting_user=flow.lead,
        decision_id=decision.pk,
        done_on=D(2022, 9, 1),
        summary="执行中",
        evidence="执行情况报告",
    )
    # The comment period's answers were never published: its archive record is incomplete.
    entries = {entry.label: entry for entry in archive_checklist(decision)}
    assert entries["征求意见公告、意见汇总及采纳情况说明"].note == "意见采纳情况尚未公布"

    DecisionStep.objects.filter(kind=StepKind.IMPLEMENTATION_REPORT).delete()
    with pytest.raises(ValidationError, match="尚缺：决策执行情况报告"):
        services.decision_archive(
            acting_user=flow.lead,
            decision_id=decision.pk,
            archived_on=D(2022, 12, 1),
            archive_number="RC-JC-2022-001",
        )


def test_suspension_and_reinstatement(flow):
    decision = flow.published()
    with pytest.raises(InvalidTransition):
        services.decision_suspend(
            acting_user=flow.lead,
            decision_id=decision.pk,
            done_on=D(2022, 7, 1),
            summary="紧急情况",
            evidence="中止执行决定",
        )
    assert not DecisionStep.objects.filter(kind=StepKind.SUSPENSION).exists()
    services.decision_report_implementation(
        acting_user=flow.lead,
        decision_id=decision.pk,
        done_on=D(2022, 6, 20),
        summary="开始执行",
        evidence="执行情况报告",
    )

    suspended = services.decision_suspend(
        acting_user=flow.lead,
        decision_id=decision.pk,
        done_on=D(2022, 7, 1),
        summary="发生不可抗力",
        evidence="中止执行决定",
    )
    assert suspended.status == MajorDecision.Status.SUSPENDED
    reinstated = services.decision_reinstate(
        acting_user=flow.lead, decision_id=decision.pk, reason="情况消除"
    )
    assert reinstated.status == MajorDecision.Status.IMPLEMENTING


def test_attributes_fixed_after_the_decision(flow):
    decision = flow.decide(flow.ready())

    with pytest.raises(InvalidTransition):
        services.decision_update_attributes(
            acting_user=flow.lead, decision_id=decision.pk, risk_to_stability=True
        )
