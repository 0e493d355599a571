"""The contracts API: list and detail in scope, create, review, sign, file, milestones."""

import datetime

import pytest
from django.test import Client

from fazhi.conftest import PASSWORD
from fazhi.contracts.models import Contract, ContractMilestone
from fazhi.legality.models import LegalityReview
from fazhi.legality.selectors import review_latest_of
from fazhi.legality.services import review_accept, review_conclude

pytestmark = pytest.mark.django_db

API = "/api/v1/contracts"


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


def test_list_needs_a_token(world):
    assert Client().get(f"{API}/").status_code == 401


def test_list_is_scoped_and_filtered(
    make_contract,
    file_department_contract,
    department_officer,
    other_department_officer,
    bureau_reviewer,
    other_county_bureau,
):
    make_contract(department_officer)
    filed = file_department_contract(
        department_officer,
        signed_on=datetime.date(2022, 9, 29),
        filed_on=datetime.date(2022, 10, 12),
    )
    make_contract(other_department_officer)

    market = _api(department_officer).get(f"{API}/").json()
    late = _api(bureau_reviewer).get(f"{API}/", {"filed_on_time": "false"}).json()

    assert market["count"] == 2
    assert _api(bureau_reviewer).get(f"{API}/").json()["count"] == 3
    assert _api(other_county_bureau).get(f"{API}/").json()["count"] == 0
    assert [item["id"] for item in late["items"]] == [filed.pk]
    assert late["items"][0]["filed_on_time"] is False
    assert late["items"][0]["filing_due_on"] == "2022-10-11"


def test_detail_outside_scope_is_404(make_contract, department_officer, other_department_officer):
    contract = make_contract(department_officer)

    response = _api(other_department_officer).get(f"{API}/{contract.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_sysadmin_is_refused(world, sysadmin):
    response = _api(sysadmin).get(f"{API}/")

    assert response.status_code == 403


def test_government_contract_from_draft_to_filing_through_the_api(
    world, department_officer, bureau_reviewer
):
    client = _api(department_officer)
    created = _post(
        client,
        f"{API}/",
        {
            "category": "government",
            "title": "石岛国有房产租赁合同",
            "contract_type": "lease",
            "counterparty_name": world.enterprise_yatou.name,
            "counterparty_uscc": world.enterprise_yatou.uscc,
            "amount": "360000.00",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    contract_id = body["id"]
    assert body["party"] == "荣成市人民政府"
    assert body["signing_missing"] == "政府合同须经合法性审核后方可签订：尚未送司法局合法性审核"

    refused = _post(client, f"{API}/{contract_id}/sign", {"signed_on": "2022-03-10"})
    assert refused.status_code == 409
    assert "尚未送司法局合法性审核" in refused.json()["message"]

    submitted = _post(
        client,
        f"{API}/{contract_id}/submit-review",
        {
            "materials_provided": ["draft", "counterparty_qualification", "approval"],
            "on": "2022-03-01",
        },
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "legality_review"
    assert submitted.json()["review_status"] == "submitted"

    contract = Contract.objects.get(pk=contract_id)
    review = review_latest_of(contract)
    review_accept(acting_user=bureau_reviewer, review_id=review.pk, on=datetime.date(2022, 3, 2))
    review_conclude(
        acting_user=bureau_reviewer,
        review_id=review.pk,
        opinion="lawful",
        on=datetime.date(2022, 3, 4),
    )

    signed = _post(client, f"{API}/{contract_id}/sign", {"signed_on": "2022-03-10"})
    assert signed.status_code == 200, signed.content
    assert signed.json()["filing_due_on"] == "2022-03-17"

    filed = _post(client, f"{API}/{contract_id}/file", {"filed_on": "2022-03-16"})
    assert filed.json()["status"] == "filed"
    assert filed.json()["filed_on_time"] is True

    milestone = _post(
        client,
        f"{API}/{contract_id}/milestones",
        {"kind": "payment", "title": "首期租金", "due_on": "2022-04-01", "amount": "90000"},
    )
    assert milestone.status_code == 201, milestone.content
    done = _post(
        client, f"{API}/milestones/{milestone.json()['id']}/done", {"done_on": "2022-04-01"}
    )
    assert done.json()["done_on"] == "2022-04-01"
    listed = client.get(f"{API}/{contract_id}/milestones").json()
    assert [item["title"] for item in listed] == ["首期租金"]


def test_invalid_credit_code_is_422_and_nothing_is_saved(world, department_officer):
    response = _post(
        _api(department_officer),
        f"{API}/",
        {
            "category": "department",
            "title": "采购合同",
            "contract_type": "procurement",
            "counterparty_name": "某公司",
            "counterparty_uscc": "91371082MA3C4TQX1X",
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "counterparty_uscc"
    assert not Contract.objects.exists()


def test_other_department_cannot_add_milestones(signed_contract, other_department_officer):
    response = _post(
        _api(other_department_officer),
        f"{API}/{signed_contract.pk}/milestones",
        {"kind": "payment", "title": "首期", "due_on": "2022-04-01"},
    )

    assert response.status_code == 404
    assert not ContractMilestone.objects.exists()


def test_bureau_cannot_submit_a_departments_contract(
    make_contract, department_officer, bureau_reviewer
):
    contract = make_contract(department_officer)

    response = _post(
        _api(bureau_reviewer),
        f"{API}/{contract.pk}/submit-review",
        {"materials_provided": ["draft"]},
    )

    assert response.status_code == 403
    assert not LegalityReview.objects.exists()
