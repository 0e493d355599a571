"""Catalog versioning, the exclusion rule, review of proposals, scoping, API, views, portal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.conftest import PASSWORD, login_client
from fazhi.core.exceptions import InvalidTransition
from fazhi.proofs.models import CatalogChange, HandlingMode, ProofField, ProofItemVersion
from fazhi.proofs.selectors import items_in_force
from fazhi.proofs.services import catalog
from fazhi.proofs.services.catalog import Proposal

D = datetime.date
FIELDS = {
    "name": "婚姻状况证明",
    "legal_basis": "《中华人民共和国婚姻法》第八条",
    "issuing_authority": "民政部门",
    "service_matters": ["公租房申请"],
    "field": ProofField.HOUSING,
    "handling_mode": HandlingMode.COMMITMENT,
    "verification_method": "online",
    "verification_days": 5,
    "template_version": "2021版",
}


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def _add(world, officer, code, **fields):
    return catalog.change_propose(
        acting_user=officer,
        organization=world.market,
        proposal=Proposal(kind="add", code=code, reason="需要", fields={**FIELDS, **fields}),
    )


def _publish(bureau_staff, world, number, changes, effective, on):
    release = catalog.release_open(acting_user=bureau_staff, region=world.county, number=number)
    for change in changes:
        catalog.change_accept(acting_user=bureau_staff, change_id=change.pk, release_id=release.pk)
    return catalog.release_publish(
        acting_user=bureau_staff, release_id=release.pk, effective_on=effective, on=on
    )


@pytest.fixture
def published(world, department_officer, bureau_staff):
    changes = [_add(world, department_officer, f"ZM{i}") for i in range(3)]
    _publish(bureau_staff, world, "2021-1", changes, D(2021, 3, 15), D(2021, 3, 1))
    return changes


def test_versions_count_before_and_after_effective_date(
    world, department_officer, bureau_staff, published
):
    modify = catalog.change_propose(
        acting_user=department_officer,
        organization=world.market,
        proposal=Proposal(
            kind="modify", code="ZM0", reason="改为保留", fields={"handling_mode": "retained"}
        ),
    )
    remove = catalog.change_propose(
        acting_user=department_officer,
        organization=world.market,
        proposal=Proposal(kind="remove", code="ZM1", reason="依据废止"),
    )
    _publish(bureau_staff, world, "2022-1", [modify, remove], D(2022, 5, 1), D(2022, 4, 1))
    county = world.county
    assert items_in_force(county, D(2021, 3, 14)).count() == 0
    assert items_in_force(county, D(2021, 3, 15), HandlingMode.COMMITMENT).count() == 3
    assert items_in_force(county, D(2022, 4, 30), HandlingMode.COMMITMENT).count() == 3
    assert items_in_force(county, D(2022, 5, 1), HandlingMode.COMMITMENT).count() == 1
    assert items_in_force(county, D(2022, 5, 1), HandlingMode.RETAINED).count() == 1
    assert items_in_force(county, D(2022, 5, 1)).count() == 2
    assert ProofItemVersion.objects.filter(item__code="ZM0").count() == 2
    assert items_in_force(world.other_county, D(2022, 5, 1)).count() == 0


def test_excluded_field_cannot_be_commitment(world, department_officer):
    with pytest.raises(ValidationError) as error:
        _add(world, department_officer, "ZMX", field=ProofField.PUBLIC_SAFETY)
    message = error.value.message_dict["handling_mode"][0]
    assert "公共安全" in message
    assert "第二十九条" in message
    # Retained is allowed in the same field.
    _add(world, department_officer, "ZMY", field=ProofField.PUBLIC_SAFETY, handling_mode="retained")


def test_modify_into_commitment_of_excluded_item_refused(world, department_officer, bureau_staff):
    change = _add(
        world, department_officer, "ZME", field=ProofField.ECOLOGY, handling_mode="retained"
    )
    _publish(bureau_staff, world, "1", [change], D(2021, 3, 15), D(2021, 3, 1))
    with pytest.raises(ValidationError, match="生态环境保护"):
        catalog.change_propose(
            acting_user=department_officer,
            organization=world.market,
            proposal=Proposal(
                kind="modify", code="ZME", reason="x", fields={"handling_mode": "commitment"}
            ),
        )


def test_reject_needs_reason_and_accepts_only_once(world, department_officer, bureau_staff):
    change = _add(world, department_officer, "ZMR")
    with pytest.raises(ValidationError):
        catalog.change_reject(acting_user=bureau_staff, change_id=change.pk, reason=" ")
    catalog.change_reject(acting_user=bureau_staff, change_id=change.pk, reason="无设定依据")
    assert CatalogChange.objects.get(pk=change.pk).status == CatalogChange.Status.REJECTED
    release = catalog.release_open(acting_user=bureau_staff, region=world.county, number="r")
    with pytest.raises(InvalidTransition):
        catalog.change_accept(acting_user=bureau_staff, change_id=change.pk, release_id=release.pk)
    with pytest.raises(InvalidTransition):
        catalog.release_publish(
            acting_user=bureau_staff, release_id=release.pk, effective_on=D(2030, 1, 1)
        )


def test_department_cannot_accept(world, department_officer):
    change = _add(world, department_officer, "ZMD")
    from django.core.exceptions import PermissionDenied

    from fazhi.core.permissions import CapabilityDenied

    with pytest.raises((PermissionDenied, CapabilityDenied)):
        catalog.change_reject(acting_user=department_officer, change_id=change.pk, reason="x")


def test_scoping_of_proposals(
    world, department_officer, other_department_officer, other_county_bureau, bureau_staff
):
    change = _add(world, department_officer, "ZMS")
    assert CatalogChange.objects.visible_to(department_officer).filter(pk=change.pk).exists()
    assert not CatalogChange.objects.visible_to(other_department_officer).exists()
    assert not CatalogChange.objects.visible_to(other_county_bureau).exists()
    assert CatalogChange.objects.visible_to(bureau_staff).filter(pk=change.pk).exists()
    assert (
        login_client(other_department_officer)
        .get(reverse("proofs:change-detail", args=[change.pk]))
        .status_code
        == 404
    )


def test_api_list_detail_and_propose(world, department_officer, bureau_staff, published):
    client = _api(bureau_staff)
    response = client.get(
        "/api/v1/proofs/items", {"on": "2021-04-01", "handling_mode": "commitment"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    assert client.get("/api/v1/proofs/items", {"on": "2021-03-01"}).json()["count"] == 0
    item_id = body["items"][0]["item_id"]
    detail = client.get(f"/api/v1/proofs/items/{item_id}").json()
    assert len(detail["versions"]) == 1
    officer = _api(department_officer)
    response = officer.post(
        "/api/v1/proofs/changes",
        {
            "organization_id": world.market.pk,
            "kind": "add",
            "code": "ZMA",
            "reason": "x",
            "fields": {**FIELDS, "field": "personal_health"},
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "人身健康" in str(response.json())
    response = officer.post(
        "/api/v1/proofs/changes",
        {
            "organization_id": world.market.pk,
            "kind": "add",
            "code": "ZMA",
            "reason": "x",
            "fields": FIELDS,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    change_id = response.json()["id"]
    response = client.post(
        f"/api/v1/proofs/changes/{change_id}/reject",
        {"reason": "重复"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


def test_views_and_portal(world, department_officer, bureau_staff, published, client):
    page = login_client(bureau_staff).get(reverse("proofs:catalog"), {"on": "2021-04-01"})
    assert page.status_code == 200
    assert page.content.decode().count("proof-row") == 3
    export = login_client(bureau_staff).get(reverse("proofs:catalog"), {"export": "xlsx"})
    assert export.status_code == 200
    officer = login_client(department_officer)
    assert officer.get(reverse("proofs:change-propose")).status_code == 200
    response = officer.post(
        reverse("proofs:change-propose"),
        {
            "organization": world.market.pk,
            "kind": "add",
            "code": "ZMV",
            "reason": "x",
            **{k: v for k, v in FIELDS.items() if k != "service_matters"},
            "field": "public_safety",
        },
    )
    assert response.status_code == 400
    assert "第二十九条" in response.content.decode()
    assert officer.get(reverse("proofs:release-list")).status_code == 403
    assert login_client(bureau_staff).get(reverse("proofs:release-list")).status_code == 200
    item = published[0].item or ProofItemVersion.objects.first().item
    assert (
        login_client(bureau_staff).get(reverse("proofs:item-detail", args=[item.pk])).status_code
        == 200
    )
    assert client.get(reverse("proofs:catalog")).status_code in (302, 403)


def test_portal_anonymous_lists_items_in_force(client, published):
    response = client.get("/portal/proofs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("proof-portal-row") == 3
    assert "告知承诺" in text
    assert (
        client.get("/portal/proofs/", {"q": "ZM1"}).content.decode().count("proof-portal-row") == 1
    )
    assert (
        client.get("/portal/proofs/", {"handling_mode": "retained"})
        .content.decode()
        .count("proof-portal-row")
        == 0
    )
