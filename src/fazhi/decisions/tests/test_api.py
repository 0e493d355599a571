import datetime

import pytest
from django.test import Client

from fazhi.conftest import PASSWORD
from fazhi.decisions.models import DecisionStep, MajorDecision
from fazhi.legality.models import LegalityReview
from fazhi.legality.services import review_accept, review_conclude

pytestmark = pytest.mark.django_db


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def test_list_and_detail(flow, department_officer, other_department_officer):
    decision = flow.start(risk_to_stability=True)
    api = _api(department_officer)

    listed = api.get("/api/v1/decisions/")
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [decision.pk]
    detail = api.get(f"/api/v1/decisions/{decision.pk}").json()
    assert detail["organization"] == "荣成市市场监督管理局"
    assert detail["mandatory"] == ["草案拟订", "风险评估"]
    assert detail["missing"] == ["草案拟订", "风险评估", "合法性审查（尚未送司法局合法性审核）"]
    assert {entry["label"] for entry in detail["archive_checklist"]} >= {"风险评估报告"}

    other = _api(other_department_officer)
    assert other.get("/api/v1/decisions/").json()["count"] == 0
    assert other.get(f"/api/v1/decisions/{decision.pk}").status_code == 404


def test_without_the_capability_403(flow, sysadmin):
    assert _api(sysadmin).get("/api/v1/decisions/").status_code == 403


def test_record_steps_submit_and_decide_through_the_api(flow, department_officer, bureau_staff):
    decision = flow.start()
    api = _api(department_officer)

    step = api.post(
        f"/api/v1/decisions/{decision.pk}/steps",
        {"kind": "drafting", "done_on": "2022-03-10", "evidence": "决策草案"},
        content_type="application/json",
    )
    assert step.status_code == 201, step.content
    assert step.json()["kind_label"] == "草案拟订"

    refused = api.post(
        f"/api/v1/decisions/{decision.pk}/decide",
        {
            "meeting_name": "常务会议",
            "decided_on": "2022-05-27",
            "outcome": "adopted",
            "evidence": "纪要",
        },
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "outcome",
            "message": "决策草案不能提交集体讨论决定，尚缺：合法性审查（尚未送司法局合法性审核）",
        }
    ]

    submitted = api.post(
        f"/api/v1/decisions/{decision.pk}/legality-review",
        {"materials_provided": ["draft", "legal_basis", "procedure_note"], "on": "2022-05-05"},
        content_type="application/json",
    )
    assert submitted.status_code == 201, submitted.content
    review = LegalityReview.objects.get(pk=submitted.json()["id"])
    review_accept(acting_user=bureau_staff, review_id=review.pk, on=datetime.date(2022, 5, 6))
    review_conclude(
        acting_user=bureau_staff,
        review_id=review.pk,
        opinion="lawful",
        on=datetime.date(2022, 5, 20),
    )
    decided = api.post(
        f"/api/v1/decisions/{decision.pk}/decide",
        {
            "meeting_name": "常务会议",
            "decided_on": "2022-05-27",
            "outcome": "adopted",
            "evidence": "纪要",
        },
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "decided"
    assert decided.json()["missing"] == []


def test_api_errors_for_late_hearing_materials_and_second_submission(flow, department_officer):
    decision = flow.start(hearing_required=True)
    api = _api(department_officer)

    late = api.post(
        f"/api/v1/decisions/{decision.pk}/steps",
        {
            "kind": "hearing",
            "done_on": "2022-04-20",
            "hearing_on": "2022-04-20",
            "materials_sent_on": "2022-04-18",
            "evidence": "听证记录",
        },
        content_type="application/json",
    )
    assert late.status_code == 422
    assert late.json()["errors"][0]["field"] == "materials_sent_on"
    assert not DecisionStep.objects.exists()

    flow.draft(decision)
    body = {"materials_provided": ["draft", "legal_basis", "procedure_note"]}
    first = api.post(
        f"/api/v1/decisions/{decision.pk}/legality-review", body, content_type="application/json"
    )
    second = api.post(
        f"/api/v1/decisions/{decision.pk}/legality-review", body, content_type="application/json"
    )
    assert first.status_code == 201
    assert second.status_code == 409
    assert MajorDecision.objects.get(pk=decision.pk).status == MajorDecision.Status.DRAFTING


def test_bureau_cannot_record_the_lead_units_steps(flow, bureau_staff):
    decision = flow.start()

    response = _api(bureau_staff).post(
        f"/api/v1/decisions/{decision.pk}/steps",
        {"kind": "drafting", "done_on": "2022-03-10", "evidence": "草案"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not DecisionStep.objects.exists()
