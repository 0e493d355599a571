"""The documents and plans API: the whole lifecycle from plan to filing and evaluation, the
refusals in the central error envelope, scoping and the historic import."""

import pytest
from django.test import Client

from fazhi.conftest import PASSWORD
from fazhi.core.workflow import transitions_of
from fazhi.rules.models import NormativeDocument, PlanItem
from fazhi.rules.tests.lifecycle import MATERIALS, make_document

pytestmark = pytest.mark.django_db

BASE = "/api/v1/rules"


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def _post(client, path, payload=None):
    return client.post(f"{BASE}{path}", payload or {}, content_type="application/json")


def _ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_lifecycle_from_plan_to_filing_and_evaluation(world, department_officer, bureau_reviewer):
    drafter = _api(department_officer)
    bureau = _api(bureau_reviewer)

    plan = _ok(_post(bureau, "/plans", {"year": 2022}), 201)
    item = _ok(
        _post(
            drafter,
            f"/plans/{plan['id']}/items",
            {
                "organization_id": world.market.pk,
                "issuer_id": world.government.pk,
                "title": "荣成市农贸市场管理办法",
                "reason": "规范农贸市场秩序",
                "planned_quarter": 2,
            },
        ),
        201,
    )
    _ok(_post(bureau, f"/plan-items/{item['id']}/include", {"opinion": "同意"}))
    published_plan = _ok(_post(bureau, f"/plans/{plan['id']}/publish", {"on": "2022-02-01"}))
    assert published_plan["status"] == "published"

    document = _ok(
        _post(
            drafter,
            "/documents",
            {
                "issuer_id": world.government.pk,
                "title": "荣成市农贸市场管理办法",
                "kind": "measures",
                "concerns_market": True,
                "draft_text": "第一条 为规范农贸市场管理，制定本办法。",
                "plan_item_id": item["id"],
            },
        ),
        201,
    )
    pk = document["id"]
    assert document["level"] == "government"
    assert document["status"] == "drafting"

    _ok(
        _post(
            drafter,
            f"/documents/{pk}/comment",
            {"starts_on": "2022-03-01", "ends_on": "2022-03-31"},
        )
    )
    _ok(
        _post(
            drafter,
            f"/documents/{pk}/fair-competition",
            {"conclusion": "未发现排除限制竞争内容", "on": "2022-04-06"},
        )
    )
    submitted = _ok(
        _post(
            drafter,
            f"/documents/{pk}/submit-review",
            {"materials_provided": MATERIALS, "on": "2022-04-07"},
        )
    )
    review_id = submitted["reviews"][0]["id"]
    assert submitted["status"] == "legality_review"
    assert submitted["comment_period"]["received"] == 0

    _ok(
        bureau.post(
            f"/api/v1/legality/reviews/{review_id}/accept",
            {"on": "2022-04-08"},
            content_type="application/json",
        )
    )
    _ok(
        bureau.post(
            f"/api/v1/legality/reviews/{review_id}/conclude",
            {"opinion": "lawful", "on": "2022-04-20"},
            content_type="application/json",
        )
    )
    deliberated = _ok(
        _post(
            drafter,
            f"/documents/{pk}/deliberate",
            {"meeting": "市政府第5次常务会议", "on": "2022-04-25"},
        )
    )
    assert deliberated["issue_missing"] == []
    issued = _ok(
        _post(
            drafter,
            f"/documents/{pk}/issue",
            {
                "signer": "市长",
                "signed_on": "2022-04-28",
                "doc_number": "荣政发〔2022〕3号",
                "registration_number": "RCDR-2022-0010003",
            },
        )
    )
    assert issued["doc_number"] == "荣政发〔2022〕3号"
    published = _ok(
        _post(
            drafter,
            f"/documents/{pk}/publish",
            {"published_on": "2022-04-29", "effective_on": "2022-06-01"},
        )
    )
    assert published["valid_until"] == "2027-06-01"
    assert published["filing_due_on"] == "2022-05-30"
    filed = _ok(_post(drafter, f"/documents/{pk}/file", {"filed_on": "2022-05-20"}))
    assert filed["status"] == "filed"
    assert filed["filed_late"] is False
    evaluated = _ok(
        _post(
            bureau,
            f"/documents/{pk}/evaluate",
            {
                "kind": "before_expiry",
                "evaluated_on": "2027-01-10",
                "conclusion": "continue",
                "report": "实施效果良好，继续有效",
            },
        )
    )
    assert evaluated["valid_until"] == "2032-06-01"
    assert evaluated["evaluations"][0]["conclusion_label"] == "继续有效"
    assert PlanItem.objects.get().status == PlanItem.Status.ISSUED
    assert [t.action for t in transitions_of(NormativeDocument.objects.get())][-1] == "报送备案"


def test_issue_without_a_review_is_refused_naming_what_is_missing(
    world, department_officer, bureau_reviewer
):
    document = make_document(world, department_officer, bureau_reviewer, stage="submitted")

    response = _post(
        _api(department_officer),
        f"/documents/{document.pk}/issue",
        {
            "signer": "市长",
            "signed_on": "2022-04-28",
            "doc_number": "荣政发〔2022〕3号",
            "registration_number": "RCDR-2022-0010003",
        },
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert "不能签发印发，尚缺：合法性审核意见（合法性审核尚未出具意见" in body["message"]
    assert "集体审议" in body["message"]
    assert body["errors"][0]["field"] == "status"
    assert NormativeDocument.objects.get().status == NormativeDocument.Status.LEGALITY_REVIEW


def test_detail_lists_what_issue_still_needs(world, department_officer, bureau_reviewer):
    document = make_document(world, department_officer, bureau_reviewer, stage="submitted")

    body = _ok(_api(department_officer).get(f"{BASE}/documents/{document.pk}"))

    assert body["issue_missing"][0].startswith("合法性审核意见")


def test_wrong_state_answers_409(world, department_officer, bureau_reviewer):
    document = make_document(world, department_officer, bureau_reviewer, stage="submitted")

    response = _api(department_officer).patch(
        f"{BASE}/documents/{document.pk}", {"title": "改名"}, content_type="application/json"
    )

    assert response.status_code == 409
    assert "起草阶段后不能修改草案" in response.json()["message"]


def test_update_draft(world, department_officer, bureau_reviewer):
    document = make_document(world, department_officer, bureau_reviewer)

    body = _ok(
        _api(department_officer).patch(
            f"{BASE}/documents/{document.pk}",
            {"title": "荣成市农贸市场管理暂行办法"},
            content_type="application/json",
        )
    )

    assert body["title"] == "荣成市农贸市场管理暂行办法"


def test_list_is_scoped_filtered_and_paginated(world, department_officer, bureau_reviewer):
    make_document(world, department_officer, bureau_reviewer, stage="filed")
    make_document(world, department_officer, bureau_reviewer, title="草稿文件")

    bureau = _api(bureau_reviewer).get(f"{BASE}/documents", {"limit": 1}).json()
    filed = _api(department_officer).get(f"{BASE}/documents", {"status": "filed"}).json()
    in_force = _api(department_officer).get(f"{BASE}/documents", {"in_force_on": "2023-01-01"})
    late = _api(department_officer).get(f"{BASE}/documents", {"filed_late": "true"}).json()

    assert bureau["count"] == 2
    assert len(bureau["items"]) == 1
    assert [item["status"] for item in filed["items"]] == ["filed"]
    assert [item["title"] for item in in_force.json()["items"]] == ["荣成市农贸市场管理办法"]
    assert late["count"] == 0


@pytest.mark.parametrize(
    ("persona_name", "status", "count"),
    [
        ("department_officer", 200, 1),
        ("other_department_officer", 200, 0),
        ("other_county_bureau", 200, 0),
        ("officer", 403, None),
    ],
)
def test_list_per_persona(request, draft_document, persona_name, status, count):
    response = _api(request.getfixturevalue(persona_name)).get(f"{BASE}/documents")

    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count


@pytest.fixture
def draft_document(world, department_officer, bureau_reviewer):
    return make_document(world, department_officer, bureau_reviewer)


def test_document_out_of_scope_is_404(draft_document, other_department_officer):
    response = _api(other_department_officer).get(f"{BASE}/documents/{draft_document.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_without_a_token_401(draft_document):
    assert Client().get(f"{BASE}/documents").status_code == 401


def test_create_in_another_departments_name_names_the_issuer(world, department_officer):
    response = _post(
        _api(department_officer),
        "/documents",
        {"issuer_id": world.ecology.pk, "title": "某办法", "kind": "measures"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "issuer"


def test_department_cannot_open_a_plan(department_officer):
    response = _post(_api(department_officer), "/plans", {"year": 2022})

    assert response.status_code == 403


def test_plan_publish_with_undecided_proposals_is_409(world, department_officer, bureau_reviewer):
    bureau = _api(bureau_reviewer)
    plan = _ok(_post(bureau, "/plans", {"year": 2022}), 201)
    _ok(
        _post(
            _api(department_officer),
            f"/plans/{plan['id']}/items",
            {
                "organization_id": world.market.pk,
                "issuer_id": world.market.pk,
                "title": "裁量基准",
                "reason": "规范裁量",
                "planned_quarter": 1,
            },
        ),
        201,
    )

    response = _post(bureau, f"/plans/{plan['id']}/publish")
    detail = _ok(bureau.get(f"{BASE}/plans/{plan['id']}"))

    assert response.status_code == 409
    assert "1项申报未处理" in response.json()["message"]
    assert [item["status"] for item in detail["items"]] == ["proposed"]
    assert _ok(bureau.get(f"{BASE}/plans"))["count"] == 1


def test_historic_import_all_or_nothing(world, bureau_reviewer):
    client = _api(bureau_reviewer)
    good = {
        "title": "荣成市城市绿化管理办法",
        "issuer_name": "荣成市人民政府",
        "organization_name": "荣成市市场监督管理局",
        "kind": "measures",
        "doc_number": "荣政发〔2021〕2号",
        "registration_number": "RCDR-2021-0010002",
        "signed_on": "2021-03-01",
        "published_on": "2021-03-05",
        "filed_on": "2021-03-20",
    }
    bad = {**good, "registration_number": "RCDR-2021-0010009", "issuer_name": "不存在的单位"}

    refused = _post(client, "/historic-documents", {"rows": [good, bad]})
    accepted = _post(client, "/historic-documents", {"rows": [good]})

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "rows.2.issuer"
    assert _ok(accepted, 201)[0]["status"] == "filed"
    assert NormativeDocument.objects.count() == 1
