"""Visits that need approval (会客): tier by visitor, decision, refusal grounds, the page."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.conftest import login_client
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.permissions import OutOfScope
from fazhi.corrections.models import VisitRequest
from fazhi.corrections.services.visits import visit_apply, visit_decide
from fazhi.corrections.tests.conftest import under_correction

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 4, 6)


@pytest.fixture
def subject(world, corrections_body):
    return under_correction(corrections_body, world.yatou_village)


def _apply(user, subject, kind, **overrides):
    values = {
        "applied_on": DAY,
        "visit_on": DAY + datetime.timedelta(days=3),
        "visitor_kind": kind,
        "visitor_name": "John Smith",
        "visitor_identity": "英国籍，某贸易公司",
        "place": "崖头司法所",
        "purpose": "洽谈水产品出口业务",
    }
    values.update(overrides)
    return visit_apply(acting_user=user, subject_id=subject.pk, **values)


@pytest.mark.parametrize(
    ("kind", "tier"),
    [("foreign", "county"), ("media", "county"), ("co_offender", "office"), ("victim", "office")],
)
def test_the_tier_follows_the_kind_of_visitor(town_staff, subject, kind, tier):
    assert _apply(town_staff, subject, kind).tier == tier


def test_a_visit_is_applied_for_before_the_day_of_the_visit(town_staff, subject):
    with pytest.raises(ValidationError) as refused:
        _apply(town_staff, subject, "victim", visit_on=DAY - datetime.timedelta(days=1))

    assert list(refused.value.message_dict) == ["visit_on"]
    assert not VisitRequest.objects.exists()


def test_the_office_decides_its_tier_and_only_the_county_body_decides_foreign_visitors(
    town_staff, corrections_body, subject
):
    victim = _apply(town_staff, subject, "victim")
    foreign = _apply(town_staff, subject, "foreign")

    visit_decide(acting_user=town_staff, visit_id=victim.pk, approve=True, decided_on=DAY)
    with pytest.raises(PermissionDenied):
        visit_decide(acting_user=town_staff, visit_id=foreign.pk, approve=True, decided_on=DAY)
    assert VisitRequest.objects.get(pk=foreign.pk).status == "applied"
    visit_decide(acting_user=corrections_body, visit_id=foreign.pk, approve=True, decided_on=DAY)

    assert VisitRequest.objects.get(pk=victim.pk).decided_by == town_staff
    assert VisitRequest.objects.get(pk=foreign.pk).status == "approved"


def test_a_refusal_names_its_ground_and_other_grounds_are_explained(town_staff, subject):
    request = _apply(town_staff, subject, "co_offender")

    with pytest.raises(ValidationError) as no_ground:
        visit_decide(acting_user=town_staff, visit_id=request.pk, approve=False, decided_on=DAY)
    with pytest.raises(ValidationError) as unexplained:
        visit_decide(
            acting_user=town_staff,
            visit_id=request.pk,
            approve=False,
            decided_on=DAY,
            refusal_ground="other",
        )
    refused = visit_decide(
        acting_user=town_staff,
        visit_id=request.pk,
        approve=False,
        decided_on=DAY,
        refusal_ground="prohibition",
    )

    assert list(no_ground.value.message_dict) == ["refusal_ground"]
    assert list(unexplained.value.message_dict) == ["opinion"]
    assert refused.status == "refused"
    assert refused.get_refusal_ground_display() == "会见对象属于禁止令禁止接触的人员"


def test_a_visit_whose_day_has_passed_is_not_approved(town_staff, subject):
    request = _apply(town_staff, subject, "victim")

    with pytest.raises(ValidationError) as late:
        visit_decide(
            acting_user=town_staff,
            visit_id=request.pk,
            approve=True,
            decided_on=request.visit_on + datetime.timedelta(days=1),
        )

    assert list(late.value.message_dict) == ["decided_on"]


def test_another_town_s_office_does_not_reach_the_visit(town_staff, other_town_staff, subject):
    request = _apply(town_staff, subject, "victim")

    with pytest.raises(OutOfScope):
        visit_decide(
            acting_user=other_town_staff, visit_id=request.pk, approve=True, decided_on=DAY
        )

    assert VisitRequest.objects.get(pk=request.pk).status == "applied"


def test_the_office_applies_and_decides_on_the_subject_page(town_staff, subject):
    client = login_client(town_staff)
    response = client.post(
        f"/corrections/subjects/{subject.pk}/steps/visit/",
        {
            "visit-applied_on": "2022-04-06",
            "visit-visit_on": "2022-04-09",
            "visit-visitor_kind": "victim",
            "visit-visitor_name": "李秀兰",
            "visit-visitor_identity": "被害人",
            "visit-place": "崖头司法所调解室",
            "visit-purpose": "赔偿协商",
        },
        follow=True,
    )
    request = VisitRequest.objects.get()
    assert "已登记会客申请，审批层级：司法所（受委托）审批" in response.content.decode()
    assert f'id="step-visit-{request.pk}"' in response.content.decode()

    url = f"/corrections/subjects/{subject.pk}/visits/{request.pk}/decide/"
    refused = client.post(
        url, {f"visit-{request.pk}-approve": "no", f"visit-{request.pk}-decided_on": "2022-04-07"}
    )
    assert refused.status_code == 400
    assert "不予批准的，应选择不予批准理由" in refused.content.decode()

    client.post(
        url,
        {f"visit-{request.pk}-approve": "yes", f"visit-{request.pk}-decided_on": "2022-04-07"},
    )
    page = client.get(f"/corrections/subjects/{subject.pk}/").content.decode()
    assert "会见李秀兰（被害人、控告人、举报人及其近亲属）" in page
    assert "已批准" in page


def test_a_foreign_visit_has_no_decision_card_for_the_office(town_staff, corrections_body, subject):
    request = _apply(town_staff, subject, "foreign")

    office_page = login_client(town_staff).get(f"/corrections/subjects/{subject.pk}/")
    body_page = login_client(corrections_body).get(f"/corrections/subjects/{subject.pk}/")
    office_post = login_client(town_staff).post(
        f"/corrections/subjects/{subject.pk}/visits/{request.pk}/decide/",
        {f"visit-{request.pk}-approve": "yes", f"visit-{request.pk}-decided_on": "2022-04-07"},
    )

    assert f'id="step-visit-{request.pk}"' not in office_page.content.decode()
    assert f'id="step-visit-{request.pk}"' in body_page.content.decode()
    assert office_post.status_code == 403
    assert VisitRequest.objects.get().status == "applied"


def test_the_visits_figure_counts_decisions_of_the_year(world, town_staff, subject):
    decided = _apply(town_staff, subject, "victim")
    _apply(town_staff, subject, "co_offender")
    visit_decide(acting_user=town_staff, visit_id=decided.pk, approve=True, decided_on=DAY)

    assert figure_evaluate("corrections.visits_decided", world.county, 2022).value == 1
    assert figure_evaluate("corrections.visits_decided", world.ningjin, 2022).value == 0
