import pytest
from django.test import Client

from fazhi.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/rules/precheck"
DRAFT = "第一条 为规范管理，制定本办法。\n第二条 外地施工企业不得参与本市政府投资项目投标。"


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def test_without_a_token_401(world):
    response = Client().post(URL, {"text": DRAFT}, content_type="application/json")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("persona_name", ["officer", "sysadmin", "lawyer"])
def test_without_the_capability_403(world, request, persona_name):
    response = _api(request.getfixturevalue(persona_name)).post(
        URL, {"text": DRAFT}, content_type="application/json"
    )

    assert response.status_code == 403


@pytest.mark.parametrize("persona_name", ["department_officer", "bureau_reviewer"])
def test_flags_come_back_with_rule_and_basis(world, request, persona_name):
    response = _api(request.getfixturevalue(persona_name)).post(
        URL, {"text": DRAFT}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["notice"] == "智能预审仅供审核人员参考，不作为审核结论"
    assert body["sentences"] == 2
    [flag] = body["flags"]
    assert flag["paragraph"] == 2
    assert flag["sentence"] == "第二条 外地施工企业不得参与本市政府投资项目投标。"
    assert flag["matched_text"] == "外地施工企业不得参与"
    assert (flag["rule_code"], flag["category"], flag["category_label"]) == (
        "PC-LOC-02",
        "local_protection",
        "地方保护/歧视外地经营者",
    )
    assert "招标投标法" in flag["legal_basis"]
    assert flag["explanation"]


def test_empty_text_422(world, department_officer):
    response = _api(department_officer).post(URL, {"text": ""}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"
