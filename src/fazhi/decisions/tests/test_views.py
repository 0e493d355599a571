import datetime
import io

import openpyxl
import pytest

from fazhi.conftest import login_client
from fazhi.decisions.models import (
    DecisionProposal,
    DecisionStep,
    MajorDecision,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_decision_list_shows_the_units_decisions_and_exports(
    flow, department_officer, django_assert_max_num_queries
):
    decisions = [flow.start(flow.item(f"事项{n}")) for n in range(3)]
    client = login_client(department_officer)

    with django_assert_max_num_queries(20):
        page = client.get("/decisions/")

    assert page.status_code == 200
    html = page.content.decode()
    for decision in decisions:
        assert f'href="/decisions/{decision.pk}/"' in html
    export = client.get("/decisions/", {"export": "xlsx"})
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "事项0",
        "事项1",
        "事项2",
    ]


def test_decision_list_filters_by_status(flow, department_officer):
    drafting = flow.start(flow.item("草拟中的事项"))
    decided = flow.decide(flow.ready())
    client = login_client(department_officer)

    html = client.get("/decisions/", {"status": "decided"}).content.decode()

    assert f'href="/decisions/{decided.pk}/"' in html
    assert f'href="/decisions/{drafting.pk}/"' not in html


@pytest.mark.parametrize("persona_name", ["sysadmin", "officer", "security_admin"])
def test_decision_pages_refused_without_the_capability(request, flow, persona_name):
    decision = flow.start()
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get("/decisions/").status_code == 403
    assert client.get(f"/decisions/{decision.pk}/").status_code in (403, 404)


def test_detail_shows_missing_steps_checklist_and_timeline(flow, department_officer):
    decision = flow.start(affects_public_interest=True, risk_to_stability=True)
    flow.draft(decision)

    page = login_client(department_officer).get(f"/decisions/{decision.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "提交集体讨论决定前尚缺：公众参与、风险评估、合法性审查（尚未送司法局合法性审核）" in html
    )
    assert "归档材料清单" in html
    assert "风险评估报告" in html
    assert "办理记录" in html
    assert f"/decisions/{decision.pk}/steps/risk_assessment/" in html
    assert f"/decisions/{decision.pk}/do/review/" in html


def test_other_department_and_other_county_get_404(
    flow, other_department_officer, other_county_bureau
):
    decision = flow.start()

    for user in (other_department_officer, other_county_bureau):
        client = login_client(user)
        assert client.get(f"/decisions/{decision.pk}/").status_code == 404
        assert client.get(f"/decisions/{decision.pk}/do/decide/").status_code == 404


def test_bureau_sees_the_decision_but_cannot_act(flow, bureau_staff):
    decision = flow.start()
    client = login_client(bureau_staff)

    page = client.get(f"/decisions/{decision.pk}/")
    assert page.status_code == 200
    assert f"/decisions/{decision.pk}/do/" not in page.content.decode()
    assert client.get(f"/decisions/{decision.pk}/do/decide/").status_code == 403
    response = client.post(
        f"/decisions/{decision.pk}/steps/drafting/",
        {"done_on": "2022-03-10", "evidence": "草案"},
    )
    assert response.status_code == 403
    assert not DecisionStep.objects.exists()


def test_lead_records_a_step_through_the_form(flow, department_officer):
    decision = flow.start()
    client = login_client(department_officer)

    assert client.get(f"/decisions/{decision.pk}/steps/drafting/").status_code == 200
    response = client.post(
        f"/decisions/{decision.pk}/steps/drafting/",
        {"done_on": "2022-03-10", "evidence": "决策草案第一稿", "summary": ""},
    )

    assert response.status_code == 302
    assert DecisionStep.objects.get(decision=decision).evidence == "决策草案第一稿"


def test_hearing_form_refuses_late_materials(flow, department_officer):
    decision = flow.start(hearing_required=True)

    response = login_client(department_officer).post(
        f"/decisions/{decision.pk}/steps/hearing/",
        {
            "done_on": "2022-04-20",
            "hearing_on": "2022-04-20",
            "materials_sent_on": "2022-04-15",
            "participants": "居民代表",
            "evidence": "听证记录",
        },
    )

    assert response.status_code == 400
    assert "7日前送达" in response.content.decode()
    assert not DecisionStep.objects.exists()


def test_decide_form_lists_the_missing_steps(flow, department_officer):
    decision = flow.start(professional_technical=True)
    flow.draft(decision)

    response = login_client(department_officer).post(
        f"/decisions/{decision.pk}/do/decide/",
        {
            "meeting_name": "常务会议",
            "decided_on": "2022-05-27",
            "outcome": "adopted",
            "evidence": "纪要",
        },
    )

    assert response.status_code == 400
    assert "尚缺：专家论证、合法性审查（尚未送司法局合法性审核）" in response.content.decode()
    assert MajorDecision.objects.get(pk=decision.pk).status == MajorDecision.Status.DRAFTING


def test_decide_form_records_the_decision(flow, department_officer):
    decision = flow.ready()

    response = login_client(department_officer).post(
        f"/decisions/{decision.pk}/do/decide/",
        {
            "meeting_name": "市政府第10次常务会议",
            "decided_on": "2022-05-27",
            "outcome": "adopted_after_changes",
            "evidence": "纪要",
            "dissent": "",
        },
    )

    assert response.status_code == 302
    assert MajorDecision.objects.get(pk=decision.pk).status == MajorDecision.Status.DECIDED


def test_review_submission_form(flow, department_officer):
    decision = flow.start()
    flow.draft(decision)
    client = login_client(department_officer)

    page = client.get(f"/decisions/{decision.pk}/do/review/")
    assert "履行决策法定程序的说明" in page.content.decode()
    response = client.post(
        f"/decisions/{decision.pk}/do/review/",
        {"materials_provided": ["draft", "legal_basis"], "on": "2022-05-05"},
    )
    assert response.status_code == 400
    assert "缺少：履行决策法定程序的说明" in response.content.decode()


def test_catalog_pages_for_the_bureau_and_a_department(flow, bureau_staff, department_officer):
    proposal = DecisionProposal.objects.create(
        catalog=flow.catalog,
        organization=flow.world.market,
        lead_organization=flow.world.market,
        title="待编制的建议",
        reason="理由",
        basis="依据",
        proposed_on=D(2022, 3, 1),
    )
    bureau = login_client(bureau_staff)
    department = login_client(department_officer)

    assert bureau.get("/decisions/catalogs/").status_code == 200
    page = bureau.get(f"/decisions/catalogs/{flow.catalog.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "荣成市城区老旧小区改造提升方案" in html
    assert f"/decisions/proposals/{proposal.pk}/include/" in html

    department_page = department.get(f"/decisions/catalogs/{flow.catalog.pk}/").content.decode()
    assert f"/decisions/proposals/{proposal.pk}/include/" not in department_page
    assert (
        department.post(
            f"/decisions/proposals/{proposal.pk}/include/", {"reason": "增补", "on": "2022-03-05"}
        ).status_code
        == 403
    )

    response = bureau.post(
        f"/decisions/proposals/{proposal.pk}/include/", {"reason": "", "on": "2022-03-05"}
    )
    assert response.status_code == 400  # an in-year addition needs its reason
    response = bureau.post(
        f"/decisions/proposals/{proposal.pk}/include/",
        {"reason": "市政府新部署", "on": "2022-03-05"},
    )
    assert response.status_code == 302
    assert DecisionProposal.objects.get(pk=proposal.pk).status == DecisionProposal.Status.INCLUDED


def test_department_proposes_through_the_form(flow, department_officer):
    client = login_client(department_officer)

    response = client.post(
        f"/decisions/catalogs/{flow.catalog.pk}/propose/",
        {
            "title": "荣成市停车设施专项规划",
            "lead_organization": flow.world.market.pk,
            "reason": "停车难",
            "basis": "有关规定",
            "plan": "",
        },
    )

    assert response.status_code == 302
    proposal = DecisionProposal.objects.get(title="荣成市停车设施专项规划")
    assert proposal.organization == flow.world.market


def test_lead_unit_starts_the_decision_from_the_catalog(flow, department_officer):
    item = flow.item("新事项")
    client = login_client(department_officer)

    assert (
        f"/decisions/items/{item.pk}/start/"
        in client.get(f"/decisions/catalogs/{flow.catalog.pk}/").content.decode()
    )
    response = client.post(
        f"/decisions/items/{item.pk}/start/",
        {"on": "2022-03-01", "affects_public_interest": "on"},
    )

    decision = MajorDecision.objects.get(catalog_item=item)
    assert response.status_code == 302
    assert decision.affects_public_interest
    assert not decision.risk_to_stability


def test_import_page_for_the_bureau_only(bureau_staff, department_officer, world):
    assert login_client(bureau_staff).get("/decisions/import/").status_code == 200
    assert login_client(department_officer).get("/decisions/import/").status_code == 403


def test_menu_entries(department_officer, world):
    html = login_client(department_officer).get("/decisions/").content.decode()

    assert 'href="/decisions/catalogs/"' in html
    assert "重大行政决策" in html


def test_published_decision_page_shows_review_comment_period_and_archive(
    flow, department_officer, django_assert_max_num_queries
):
    decision = flow.published(affects_public_interest=True)
    client = login_client(department_officer)

    with django_assert_max_num_queries(40):
        page = client.get(f"/decisions/{decision.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "已出具意见" in html
    assert "：合法（2022-05-20" in html
    assert "2022-03-11 至 2022-04-09（30日）" in html
    assert "意见采纳情况尚未公布" in html
    assert "荣政发〔2022〕8号" in html
    assert "公布决策" in html  # the timeline
    assert f"/decisions/{decision.pk}/do/report/" in html


def test_catalog_page_shows_additions_and_adjustments(flow, bureau_staff):
    flow.item("年度中增补的事项")

    html = (
        login_client(bureau_staff).get(f"/decisions/catalogs/{flow.catalog.pk}/").content.decode()
    )

    assert "年度中增补" in html
    assert "目录调整记录" in html
    assert "增补" in html


def test_proposal_list_shows_own_proposals_only(flow, department_officer, other_department_officer):
    item = flow.item("市场监管局的建议")
    marker = f'href="/decisions/catalogs/{flow.catalog.pk}/#proposal-{item.pk}"'

    own = login_client(department_officer).get("/decisions/proposals/")
    other = login_client(other_department_officer).get("/decisions/proposals/")

    assert own.status_code == 200
    assert marker in own.content.decode()
    assert other.status_code == 200
    assert marker not in other.content.decode()
