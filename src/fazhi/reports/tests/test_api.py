import pytest
from django.test import Client

from fazhi.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/annual"


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def test_without_a_token_401(world):
    response = Client().get(URL, {"region": "371082", "year": 2022})

    assert response.status_code == 401


def test_bad_token_401(world):
    response = Client(headers={"authorization": "Bearer nonsense"}).get(
        URL, {"region": "371082", "year": 2022}
    )

    assert response.status_code == 401


@pytest.mark.parametrize("persona_name", ["officer", "lawyer", "sysadmin", "security_admin"])
def test_roles_without_report_access_403(world, request, persona_name):
    response = _api(request.getfixturevalue(persona_name)).get(
        URL, {"region": "371082", "year": 2022}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_bureau_gets_the_report_as_json(world, bureau_staff):
    response = _api(bureau_staff).get(URL, {"region": "371082", "year": 2022})

    assert response.status_code == 200
    body = response.json()
    assert (body["region"], body["year"], body["title"]) == (
        "371082",
        2022,
        "荣成市2022年度法治政府建设工作情况报告",
    )
    assert body["figures"][0] == {
        "key": "core.towns",
        "label": "镇(街道)",
        "unit": "个",
        "value": 2,
        "previous": 2,
        "change": 0,
        "chapter": "core.basics",
        "sentence": "全市共有镇(街道)2个，与上年持平",
        "refreshed_at": None,
    }
    assert body["rollups_refreshed_at"] is None
    assert len(body["parts"]) == 5


def test_another_countys_bureau_gets_404(world, other_county_bureau):
    response = _api(other_county_bureau).get(URL, {"region": "371082", "year": 2022})

    assert response.status_code == 404


def test_unknown_region_404(world, bureau_staff):
    response = _api(bureau_staff).get(URL, {"region": "371099", "year": 2022})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "params", [{"region": "3710", "year": 2022}, {"region": "371082", "year": 1900}, {}]
)
def test_malformed_parameters_422(world, bureau_staff, params):
    response = _api(bureau_staff).get(URL, params)

    assert response.status_code == 422
