import pytest

from fazhi.core.todos import todos_for
from fazhi.decisions import services

pytestmark = pytest.mark.django_db


def _decision_todos(user):
    return [item for item in todos_for(user) if item.module == "重大行政决策"]


def test_bureau_gets_the_proposals_to_compile(flow, bureau_staff, other_county_bureau, world):
    services.proposal_submit(
        acting_user=flow.lead,
        catalog_id=flow.catalog.pk,
        lead_organization=world.market,
        title="待编制建议",
        reason="理由",
        basis="依据",
    )

    titles = [item.title for item in _decision_todos(bureau_staff)]

    assert titles == ["编制决策事项目录：待编制建议（荣成市市场监督管理局建议）"]
    assert _decision_todos(other_county_bureau) == []


def test_lead_unit_sees_what_its_decisions_still_need(
    flow, department_officer, other_department_officer
):
    drafting = flow.start(flow.item("草拟中"), risk_to_stability=True)
    flow.draft(drafting)
    ready = flow.ready()
    decided = flow.decide(flow.ready())

    items = {item.title: item for item in _decision_todos(department_officer)}

    assert set(items) == {
        "履行决策程序：草拟中（尚缺：风险评估、合法性审查（尚未送司法局合法性审核））",
        f"提交集体讨论决定：{ready.title}",
        f"公布决策：{decided.title}",
    }
    assert items[f"公布决策：{decided.title}"].url == f"/decisions/{decided.pk}/"
    assert _decision_todos(other_department_officer) == []
