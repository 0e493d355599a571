"""The applications API: opening to decision, slow sources, scope, assisted and spot checks."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.proofs.models import (
    ApplicationProof,
    FalseCommitment,
    ServiceApplication,
    Verification,
)
from fazhi.proofs.services import verifications
from fazhi.proofs.tests.conftest import APPLICANT, APPLICANT_ID, MATTER

BASE = "/api/v1/proofs"
# The ID number's middle digits: never in any answer (only 371082********1239 is).
HIDDEN = APPLICANT_ID[6:-4]


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def _post(client, path, data=None):
    response = client.post(f"{BASE}{path}", data or {}, content_type="application/json")
    assert HIDDEN not in response.content.decode()
    return response


def _get(client, path, params=None):
    response = client.get(f"{BASE}{path}", params or {})
    assert HIDDEN not in response.content.decode()
    return response


def _open(client, world, **overrides):
    payload = {
        "organization_id": world.market.pk,
        "matter": MATTER,
        **APPLICANT,
        "applicant_phone": "13863000000",
        **overrides,
    }
    return _post(client, "/applications", payload)


def _proof_ids(body):
    return {line["item_code"]: line["id"] for line in body["proofs"]}


def _error_fields(response):
    return {error["field"] for error in response.json()["errors"]}


def test_commitment_and_verification_take_an_application_to_approval(
    world, department_officer, housing_catalog
):
    officer = _api(department_officer)
    response = _open(officer, world)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open"
    assert body["masked_applicant_id"] == "371082********1239"
    assert body["masked_applicant_phone"] == "138****0000"
    assert {line["item_code"]: line["route"] for line in body["proofs"]} == {
        "GZ01": "not_needed",
        "GZ02": "commitment",
        "GZ03": "verification",
        "GZ04": "paper",
    }
    assert len(body["decision_blockers"]) == 3
    proofs = _proof_ids(body)
    application_id = body["id"]

    letter = _get(officer, f"/application-proofs/{proofs['GZ02']}/letter").json()
    assert letter["signed"] is False
    assert "张三" in letter["text"]
    assert "（现场签字或电子签名）" in letter["text"]

    signed = _post(officer, f"/application-proofs/{proofs['GZ02']}/sign", {"signature": "电子签名"})
    assert signed.status_code == 200, signed.content
    assert signed.json()["state"] == "satisfied"
    assert len(signed.json()["letter_digest"]) == 64
    letter = _get(officer, f"/application-proofs/{proofs['GZ02']}/letter").json()
    assert letter["signed"] is True
    assert letter["digest"] == signed.json()["letter_digest"]
    assert "电子签名" in letter["text"]

    verified = _post(officer, f"/application-proofs/{proofs['GZ03']}/verify")
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "confirmed"
    assert verified.json()["source"] == "household"
    assert "荣成" in verified.json()["answer"]

    paper = _post(officer, f"/application-proofs/{proofs['GZ04']}/paper", {"note": "原件已核"})
    assert paper.status_code == 200
    assert paper.json()["state"] == "satisfied"

    decided = _post(officer, f"/applications/{application_id}/decide", {"approve": True})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    assert decided.json()["decision_blockers"] == []
    assert ServiceApplication.objects.get(pk=application_id).status == "approved"

    detail = _get(officer, f"/applications/{application_id}").json()
    assert [v["status"] for v in detail["verifications"]] == ["confirmed"]
    assert _get(officer, "/applications", {"status": "approved"}).json()["count"] == 1
    assert _get(officer, "/applications", {"status": "open"}).json()["count"] == 0
    assert _get(officer, "/applications", {"matter": "别的事项"}).json()["count"] == 0
    again = _post(officer, f"/applications/{application_id}/decide", {"approve": True})
    assert again.status_code == 409


def test_a_source_that_times_out_answers_pending_and_the_retry_confirms(
    world, department_officer, housing_catalog, flaky
):
    housing_catalog.versions["GZ03"].data_source = "flaky"
    housing_catalog.versions["GZ03"].save()
    officer = _api(department_officer)
    body = _open(officer, world).json()
    proofs = _proof_ids(body)
    flaky.failures = 1
    response = _post(officer, f"/application-proofs/{proofs['GZ03']}/verify")
    assert response.status_code == 200, response.content
    pending = response.json()
    assert pending["status"] == "pending"
    assert pending["attempts"] == 1
    assert "超时" in pending["last_error"]
    assert pending["next_attempt_at"] is not None

    detail = _get(officer, f"/applications/{body['id']}")
    assert detail.status_code == 200
    assert detail.json()["status"] == "open"
    _post(officer, f"/application-proofs/{proofs['GZ02']}/sign", {"signature": "现场签字"})
    _post(officer, f"/application-proofs/{proofs['GZ04']}/paper", {"note": ""})
    refused = _post(officer, f"/applications/{body['id']}/decide", {"approve": True})
    assert refused.status_code == 422
    assert "户籍证明" in refused.json()["errors"][0]["message"]

    due = Verification.objects.get(pk=pending["id"]).next_attempt_at
    assert verifications.verifications_retry_due(now=due) == 1
    detail = _get(officer, f"/applications/{body['id']}").json()
    assert detail["verifications"][0]["status"] == "confirmed"
    assert detail["verifications"][0]["attempts"] == 2
    decided = _post(officer, f"/applications/{body['id']}/decide", {"approve": True})
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"


def test_wrong_id_number_or_unknown_organization_names_the_field(
    world, department_officer, housing_catalog
):
    officer = _api(department_officer)
    response = _open(officer, world, applicant_id="371082199001011234")
    assert response.status_code == 422
    assert _error_fields(response) == {"applicant_id"}
    response = _open(officer, world, organization_id=999999)
    assert response.status_code == 422
    assert _error_fields(response) == {"organization_id"}
    response = _open(officer, world, matter="不存在的事项")
    assert response.status_code == 422
    assert "不存在的事项" in response.json()["message"]
    assert not ServiceApplication.objects.exists()


def test_other_department_sees_nothing_and_changes_nothing(
    world, department_officer, other_department_officer, housing_catalog
):
    body = _open(_api(department_officer), world).json()
    proofs = _proof_ids(body)
    other = _api(other_department_officer)
    assert _get(other, f"/applications/{body['id']}").status_code == 404
    assert _get(other, "/applications").json()["count"] == 0
    assert _get(other, f"/application-proofs/{proofs['GZ02']}/letter").status_code == 404
    attempts = [
        (f"/application-proofs/{proofs['GZ02']}/sign", {"signature": "电子签名"}),
        (f"/application-proofs/{proofs['GZ02']}/route", {"route": "paper"}),
        (f"/application-proofs/{proofs['GZ03']}/verify", {}),
        (f"/application-proofs/{proofs['GZ04']}/paper", {"note": "x"}),
        (f"/applications/{body['id']}/decide", {"approve": False, "note": "不符合条件"}),
        (f"/applications/{body['id']}/terminate", {"reason": "撤回"}),
        (
            "/false-commitments",
            {"proof_id": proofs["GZ02"], "finding": "x", "measure": "terminate"},
        ),
    ]
    for path, data in attempts:
        assert _post(other, path, data).status_code in (403, 404), path
    response = _open(other, world)
    assert response.status_code == 403
    states = {p.item.code: (p.route, p.state) for p in ApplicationProof.objects.all()}
    assert states["GZ02"] == ("commitment", "waiting")
    assert states["GZ04"] == ("paper", "waiting")
    assert not Verification.objects.exists()
    assert not FalseCommitment.objects.exists()
    assert ServiceApplication.objects.get().status == "open"
    assert ServiceApplication.objects.count() == 1


def test_the_requested_department_answers_an_assisted_request(
    world, department_officer, other_department_officer, housing_catalog
):
    officer = _api(department_officer)
    body = _open(officer, world).json()
    proof_id = _proof_ids(body)["GZ03"]
    routed = _post(officer, f"/application-proofs/{proof_id}/route", {"route": "assisted"})
    assert routed.status_code == 200
    assert routed.json()["route"] == "assisted"
    own = _post(
        officer,
        f"/application-proofs/{proof_id}/assist",
        {"organization_id": world.market.pk, "question": "请核查户籍"},
    )
    assert own.status_code == 422
    assert _error_fields(own) == {"organization_id"}
    response = _post(
        officer,
        f"/application-proofs/{proof_id}/assist",
        {"organization_id": world.ecology.pk, "question": "请核查申请人户籍"},
    )
    assert response.status_code == 201, response.content
    request = response.json()
    assert request["status"] == "pending"
    assert request["requested_organization"] == world.ecology.name
    assert request["due_on"] is not None

    assert _get(officer, "/assisted").json()["count"] == 0
    assert (
        _post(
            officer, f"/assisted/{request['id']}/answer", {"confirmed": True, "answer": "x"}
        ).status_code
        == 404
    )
    ecology = _api(other_department_officer)
    inbox = _get(ecology, "/assisted").json()
    assert inbox["count"] == 1
    assert inbox["items"][0]["question"] == "请核查申请人户籍"
    assert inbox["items"][0]["masked_applicant_id"] == "371082********1239"
    blank = _post(ecology, f"/assisted/{request['id']}/answer", {"confirmed": True, "answer": " "})
    assert blank.status_code == 422
    assert _error_fields(blank) == {"answer"}
    answered = _post(
        ecology, f"/assisted/{request['id']}/answer", {"confirmed": True, "answer": "经查属实"}
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "confirmed"
    detail = _get(officer, f"/applications/{body['id']}").json()
    assert {p["item_code"]: p["state"] for p in detail["proofs"]}["GZ03"] == "satisfied"


def test_spot_check_finds_an_untrue_commitment_and_credit_is_repaired(
    world, department_officer, housing_catalog, flaky
):
    officer = _api(department_officer)
    body = _open(officer, world).json()
    proofs = _proof_ids(body)
    _post(officer, f"/application-proofs/{proofs['GZ02']}/sign", {"signature": "电子签名"})
    _post(officer, f"/application-proofs/{proofs['GZ03']}/verify")
    _post(officer, f"/application-proofs/{proofs['GZ04']}/paper")
    decided = _post(officer, f"/applications/{body['id']}/decide", {"approve": True})
    assert decided.status_code == 200
    today = timezone.localdate()
    announced = _post(
        officer,
        "/spot-checks",
        {
            "organization_id": world.market.pk,
            "period_start": str(today - datetime.timedelta(days=30)),
            "period_end": str(today),
            "seed_rule": "次日上证指数收盘点位",
        },
    )
    assert announced.status_code == 201, announced.content
    spot_check = announced.json()
    assert spot_check["population_size"] == 1
    flaky.confirmed = False
    drawn = _post(officer, f"/spot-checks/{spot_check['id']}/draw", {"seed_value": "3050.12"})
    assert drawn.status_code == 200, drawn.content
    assert drawn.json()["status"] == "checking"
    assert [v["status"] for v in drawn.json()["verifications"]] == ["contradicted"]
    closing = _post(officer, f"/spot-checks/{spot_check['id']}/close")
    assert closing.status_code == 422
    assert "不实承诺" in closing.json()["message"]

    response = _post(
        officer,
        "/false-commitments",
        {
            "proof_id": proofs["GZ02"],
            "finding": "收入与承诺不符",
            "measure": "correct",
            "correction_due_on": str(today + datetime.timedelta(days=15)),
        },
    )
    assert response.status_code == 201, response.content
    record = response.json()
    assert record["status"] == "correcting"
    assert record["masked_applicant_id"] == "371082********1239"
    twice = _post(
        officer,
        "/false-commitments",
        {"proof_id": proofs["GZ02"], "finding": "x", "measure": "revoke"},
    )
    assert _error_fields(twice) == {"proof_id"}
    assert _post(officer, f"/spot-checks/{spot_check['id']}/close").json()["status"] == "closed"
    assert _get(officer, "/spot-checks").json()["count"] == 1

    concluded = _post(
        officer,
        f"/false-commitments/{record['id']}/correction",
        {"corrected": False, "note": "逾期未整改"},
    )
    assert concluded.status_code == 200
    assert concluded.json()["status"] == "settled"
    assert ServiceApplication.objects.get(pk=body["id"]).status == "revoked"
    repaired = _post(officer, f"/false-commitments/{record['id']}/repair", {"reason": "已履行"})
    assert repaired.json()["status"] == "repaired"
    assert _get(officer, "/false-commitments", {"status": "repaired"}).json()["count"] == 1


def test_application_list_queries_do_not_grow_with_the_page(
    world, department_officer, housing_catalog, django_assert_max_num_queries
):
    officer = _api(department_officer)
    for name in ("张三", "李四", "王五"):
        _open(officer, world, applicant_name=name)
    with django_assert_max_num_queries(4):
        body = _get(officer, "/applications").json()
    assert body["count"] == 3


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/applications"),
        ("get", "/applications/1"),
        ("post", "/applications"),
        ("post", "/application-proofs/1/verify"),
        ("get", "/assisted"),
        ("post", "/spot-checks"),
        ("get", "/false-commitments"),
    ],
)
def test_unauthenticated_requests_answer_401(db, method, path):
    response = getattr(Client(), method)(f"{BASE}{path}", content_type="application/json")
    assert response.status_code == 401
