"""The legality API: list and detail in scope, each review step, comment answers."""

import datetime

import pytest
from django.test import Client

from fazhi.conftest import PASSWORD
from fazhi.legality.models import LegalityReview, PublicComment
from fazhi.legality.tests.conftest import comment_on

pytestmark = pytest.mark.django_db

API = "/api/v1/legality"


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


def test_review_list_needs_a_token(world):
    response = Client().get(f"{API}/reviews")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_review_list_is_paginated_and_scoped(
    make_review, world, bureau_reviewer, other_department_officer, other_county_bureau
):
    review = make_review()
    make_review(subject=world.enterprise_ningjin, organization=world.ecology, title="生态")

    body = _api(bureau_reviewer).get(f"{API}/reviews", {"limit": 1}).json()

    assert body["count"] == 2
    assert body["limit"] == 1
    assert body["offset"] == 0
    assert len(body["items"]) == 1
    ecology = _api(other_department_officer).get(f"{API}/reviews").json()
    assert [item["title"] for item in ecology["items"]] == ["生态"]
    assert _api(other_county_bureau).get(f"{API}/reviews").json()["count"] == 0
    assert _api(other_county_bureau).get(f"{API}/reviews/{review.pk}").status_code == 404


def test_review_list_filters_by_kind_status_and_year(make_review, bureau_reviewer):
    make_review()
    client = _api(bureau_reviewer)

    assert client.get(f"{API}/reviews", {"status": "submitted", "year": 2022}).json()["count"] == 1
    assert client.get(f"{API}/reviews", {"kind": "contract"}).json()["count"] == 0
    assert client.get(f"{API}/reviews", {"year": 2021}).json()["count"] == 0


def test_review_detail_lists_the_materials(make_review, bureau_reviewer):
    review = make_review(materials=["draft"])

    body = _api(bureau_reviewer).get(f"{API}/reviews/{review.pk}").json()

    assert body["status"] == "submitted"
    assert body["status_label"] == "已送审"
    provided = {item["key"]: item["provided"] for item in body["materials"]}
    assert provided == {"draft": True, "explanation": False, "opinions": False, "risk": False}


def test_accept_with_missing_materials_is_422_naming_them(make_review, bureau_reviewer):
    review = make_review(materials=["draft"])

    response = _post(
        _api(bureau_reviewer), f"{API}/reviews/{review.pk}/accept", {"on": "2022-09-29"}
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "materials_provided"
    assert "缺少：起草说明、征求意见及采纳情况" in body["errors"][0]["message"]


def test_accept_and_conclude_through_the_api(make_review, bureau_reviewer):
    review = make_review()
    client = _api(bureau_reviewer)

    accepted = _post(client, f"{API}/reviews/{review.pk}/accept", {"on": "2022-09-29"})
    assert accepted.status_code == 200
    assert accepted.json()["due_on"] == "2022-10-25"
    assert accepted.json()["earliest_on"] == "2022-10-13"

    early = _post(
        client, f"{API}/reviews/{review.pk}/conclude", {"opinion": "lawful", "on": "2022-10-10"}
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "short_review_reason"

    concluded = _post(
        client,
        f"{API}/reviews/{review.pk}/conclude",
        {
            "opinion": "lawful",
            "on": "2022-10-10",
            "short_review_reason": "防汛应急，须当日提交常务会议",
        },
    )
    assert concluded.status_code == 200
    body = concluded.json()
    assert body["status"] == "concluded"
    assert body["opinion_label"] == "合法"
    assert body["working_days_used"] == 4
    assert body["on_time"] is True


def test_a_bad_opinion_value_is_422(make_review, bureau_reviewer):
    review = make_review(accepted_on=datetime.date(2022, 9, 29))

    response = _post(
        _api(bureau_reviewer), f"{API}/reviews/{review.pk}/conclude", {"opinion": "ok"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "opinion"


def test_concluding_before_acceptance_is_409(make_review, bureau_reviewer):
    review = make_review()
    client = _api(bureau_reviewer)

    response = _post(client, f"{API}/reviews/{review.pk}/conclude", {"opinion": "lawful"})

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_return_resubmit_withdraw_through_the_api(make_review, bureau_reviewer, department_officer):
    review = make_review(materials=["draft"])
    bureau = _api(bureau_reviewer)
    unit = _api(department_officer)

    returned = _post(bureau, f"{API}/reviews/{review.pk}/return", {"missing_materials": "起草说明"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"

    assert (
        _post(
            bureau, f"{API}/reviews/{review.pk}/resubmit", {"materials_provided": ["draft"]}
        ).status_code
        == 403
    )
    resubmitted = _post(
        unit,
        f"{API}/reviews/{review.pk}/resubmit",
        {"materials_provided": ["draft", "explanation", "opinions"], "on": "2022-09-28"},
    )
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status"] == "submitted"

    assert _post(unit, f"{API}/reviews/{review.pk}/accept").status_code == 403
    withdrawn = _post(unit, f"{API}/reviews/{review.pk}/withdraw", {"reason": "重新起草"})
    assert withdrawn.status_code == 200
    assert LegalityReview.objects.get(pk=review.pk).status == LegalityReview.Status.WITHDRAWN


def test_comment_periods_and_answers_through_the_api(
    make_period, department_officer, bureau_reviewer, other_department_officer
):
    period = make_period()
    comment = comment_on(period)
    unit = _api(department_officer)

    listed = unit.get(f"{API}/comment-periods").json()
    assert listed["count"] == 1
    assert (listed["items"][0]["received"], listed["items"][0]["pending"]) == (1, 1)
    assert _api(other_department_officer).get(f"{API}/comment-periods").json()["count"] == 0

    detail = unit.get(f"{API}/comment-periods/{period.pk}").json()
    assert detail["comments"][0]["quoted_passage"] == comment.quoted_passage

    refused = _post(unit, f"{API}/comments/{comment.pk}/answer", {"adopted": False})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "answer_reason"
    assert (
        _post(
            _api(bureau_reviewer), f"{API}/comments/{comment.pk}/answer", {"adopted": True}
        ).status_code
        == 403
    )
    answered = _post(
        unit, f"{API}/comments/{comment.pk}/answer", {"adopted": False, "reason": "已有规定"}
    )
    assert answered.status_code == 200
    assert answered.json()["answer_label"] == "不予采纳"
    assert PublicComment.objects.get(pk=comment.pk).answer_reason == "已有规定"

    published = _post(unit, f"{API}/comment-periods/{period.pk}/publish-summary")
    assert published.status_code == 200
    assert published.json()["summary_published_on"] is not None
