import datetime
from decimal import Decimal

import pytest

from fazhi.core.figures import figure_evaluate
from fazhi.decisions import services
from fazhi.decisions.models import DecisionCatalog, MajorDecision
from fazhi.decisions.tests.conftest import Flow

pytestmark = pytest.mark.django_db
D = datetime.date


def test_catalog_items_count_additions_and_not_removed_items(flow, other_county_bureau, world):
    flow.item("年度中增补事项")  # added after publication: counted
    removed = flow.item("调出的事项")
    services.catalog_item_remove(acting_user=flow.bureau, item_id=removed.pk, reason="情况变化")
    services.proposal_submit(  # a proposal still waiting: not an item
        acting_user=flow.lead,
        catalog_id=flow.catalog.pk,
        lead_organization=world.market,
        title="待处理建议",
        reason="理由",
        basis="依据",
    )
    draft_2023 = services.catalog_create(acting_user=flow.bureau, region=world.county, year=2023)
    Flow(world, flow.lead, flow.bureau, draft_2023).item("未公布目录中的事项")

    value = figure_evaluate("decisions.catalog_items", world.county, 2022)

    assert value.value == 2
    assert sorted(value.records.values_list("title", flat=True)) == [
        "年度中增补事项",
        "荣成市城区老旧小区改造提升方案",
    ]
    assert figure_evaluate("decisions.catalog_items", world.county, 2023).value == 0
    assert figure_evaluate("decisions.catalog_items", world.other_county, 2022).value == 0
    assert figure_evaluate("decisions.catalog_items", world.yatou, 2022).value == 0


def test_procedure_completion_rate_counts_decisions_missing_steps(flow, world):
    assert figure_evaluate("decisions.procedure_completion_rate", world.county, 2022).value is None
    flow.decide(flow.ready(affects_public_interest=True))
    assert figure_evaluate("decisions.procedure_completion_rate", world.county, 2022).value == 100

    # A decision recorded as decided without its steps (e.g. entered before the platform's rules)
    MajorDecision.objects.create(
        region=world.county,
        organization=world.market,
        year=2022,
        title="未履行程序的决策",
        risk_to_stability=True,
        started_on=D(2022, 1, 5),
        decided_on=D(2022, 3, 1),
        outcome="adopted",
    )

    value = figure_evaluate("decisions.procedure_completion_rate", world.county, 2022)
    assert value.value == Decimal("50.0")
    assert value.figure.is_rate
    assert value.records.count() == 2


def test_legality_reviews_concluded_in_the_year(flow, world, django_assert_max_num_queries):
    flow.decide(flow.ready())
    pending = flow.start(flow.item("送审未结的事项"))
    flow.draft(pending)
    services.decision_submit_for_review(
        acting_user=flow.lead,
        decision_id=pending.pk,
        materials_provided=["draft", "legal_basis", "procedure_note"],
    )

    with django_assert_max_num_queries(4):
        value = figure_evaluate("decisions.legality_reviews", world.county, 2022)

    assert (value.value, value.previous) == (1, 0)
    assert figure_evaluate("decisions.legality_reviews", world.other_county, 2022).value == 0


def test_decided_counts_and_query_budget(flow, world, django_assert_max_num_queries):
    for _ in range(3):
        flow.decide(flow.ready())
    with django_assert_max_num_queries(7):
        rate = figure_evaluate("decisions.procedure_completion_rate", world.county, 2022)
    assert rate.value == 100
    assert figure_evaluate("decisions.decided", world.county, 2022).value == 3
    assert DecisionCatalog.objects.count() == 1
