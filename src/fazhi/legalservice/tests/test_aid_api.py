import pytest
from django.test import Client
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.legalservice.aid_services import ApplicationRow, legal_aid_apply
from fazhi.legalservice.models import LegalAidApplication

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
API = "/api/v1/legalservice/aid"
ID_NUMBER = "11010519491231002X"


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def _post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


def _apply(user, region, **overrides):
    values = {
        "region": region,
        "applicant_name": "王秀英",
        "id_number": ID_NUMBER,
        "channel": Aid.Channel.COUNTER,
        "matter": Aid.Matter.LABOUR_PAY,
        "received_on": timezone.localdate(),
        "phone": "13800138000",
    }
    values.update(overrides)
    return legal_aid_apply(acting_user=user, row=ApplicationRow(**values))


def test_list_needs_a_token(world):
    response = Client().get(f"{API}/")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_application_from_counter_to_closing_through_the_api(world, town_staff, bureau_staff):
    # given: the town's office registers a counter application
    created = _post(
        _api(town_staff),
        f"{API}/",
        {
            "region_id": world.yatou_village.pk,
            "applicant_name": "张建军",
            "id_number": ID_NUMBER,
            "phone": "13800138000",
            "matter": "labour_pay",
            "green_channel": "migrant_wages",
        },
    )
    assert created.status_code == 201, created.content
    application = created.json()
    pk = application["id"]
    assert application["status"] == "received"
    assert application["id_number_masked"] != ID_NUMBER
    assert ID_NUMBER not in created.content.decode()
    assert "13800138000" not in created.content.decode()
    centre = _api(bureau_staff)

    # when: the centre decides, assigns and closes, each on the default day (today)
    decided = _post(
        centre,
        f"{API}/{pk}/decide",
        {"decision": "granted", "eligibility": "income", "monthly_income": "1000"},
    )
    assigned = _post(
        centre,
        f"{API}/{pk}/assign",
        {"assignee_name": "李律师", "assignee_kind": "lawyer", "assignee_org": "山东某律师事务所"},
    )
    closed = _post(centre, f"{API}/{pk}/close", {"closing_summary": "调解结案，追回工资"})

    # then
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "granted"
    assert decided.json()["decided_on_time"] is True
    assert decided.json()["assignment_due_on"] is not None
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assigned_on_time"] is True
    assert assigned.json()["same_day_met"] is True
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "closed"
    assert body["closing_summary"] == "调解结案，追回工资"
    assert [step["action"] for step in body["transitions"]] == [
        "收到法律援助申请",
        "决定给予法律援助",
        "指派承办人员",
        "结案",
    ]
    assert Aid.objects.get(pk=pk).status == Aid.Status.CLOSED


def test_list_is_scoped_paginated_and_filtered(world, town_staff, other_town_staff, bureau_staff):
    _apply(town_staff, world.yatou_village)
    _apply(town_staff, world.yatou, matter=Aid.Matter.CRIMINAL_DEFENCE)
    _apply(other_town_staff, world.ningjin_village)

    town = _api(town_staff).get(f"{API}/").json()
    bureau = _api(bureau_staff).get(f"{API}/", {"limit": 2}).json()
    criminal = _api(bureau_staff).get(f"{API}/", {"kind": "criminal"}).json()

    assert town["count"] == 2
    assert {item["region_code"] for item in town["items"]} <= {
        world.yatou.code,
        world.yatou_village.code,
    }
    assert (bureau["count"], bureau["limit"], len(bureau["items"])) == (3, 2, 2)
    assert [item["matter"] for item in criminal["items"]] == ["criminal_defence"]


def test_another_towns_application_is_not_found(world, town_staff, other_town_staff):
    application = _apply(town_staff, world.yatou_village)
    client = _api(other_town_staff)

    detail = client.get(f"{API}/{application.pk}")
    decide = _post(client, f"{API}/{application.pk}/decide", {"decision": "refused"})

    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"
    assert decide.status_code == 404
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.RECEIVED


def test_town_office_may_not_decide(world, town_staff):
    application = _apply(town_staff, world.yatou_village)

    response = _post(
        _api(town_staff),
        f"{API}/{application.pk}/decide",
        {"decision": "granted", "eligibility": "income", "monthly_income": "1000"},
    )

    assert response.status_code == 403
    assert "法律援助申请" in response.json()["message"]
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.RECEIVED


def test_other_roles_are_refused(world, department_officer):
    response = _api(department_officer).get(f"{API}/")

    assert response.status_code == 403


def test_malformed_input_names_the_fields(world, town_staff):
    response = _post(
        _api(town_staff),
        f"{API}/",
        {"region_id": world.yatou_village.pk, "id_number": ID_NUMBER, "channel": "online"},
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert {error["field"] for error in body["errors"]} == {"applicant_name", "matter", "channel"}
    assert not Aid.objects.exists()


def test_services_refusal_names_the_fields(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)

    response = _post(_api(bureau_staff), f"{API}/{application.pk}/decide", {"decision": "refused"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "refusal_reasons",
            "message": "不予法律援助的，应当书面说明理由（法律援助法第四十三条）",
        }
    ]
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.RECEIVED


def test_step_out_of_order_is_a_conflict(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)

    response = _post(
        _api(bureau_staff),
        f"{API}/{application.pk}/assign",
        {"assignee_name": "李律师", "assignee_kind": "lawyer", "assignee_org": "某律师事务所"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert "不能指派" in response.json()["message"]
