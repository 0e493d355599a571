import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import Transition
from fazhi.core.todos import todos_for
from fazhi.corrections.models import RemoteHearing, RemoteVisit
from fazhi.corrections.services import remote
from fazhi.corrections.services.remote import HearingRequestRow, VisitApplicationRow

pytestmark = pytest.mark.django_db

Visit = RemoteVisit
APPLIED = datetime.date(2022, 6, 1)


@pytest.fixture(autouse=True)
def mid_june():
    with time_machine.travel(datetime.datetime.fromisoformat("2022-06-15T10:00:00+08:00")):
        yield


def application(region, **overrides) -> VisitApplicationRow:
    values = {
        "region": region,
        "applicant_name": "王秀英",
        "id_number": "11010519491231002X",
        "relationship": Visit.Relationship.PARENT,
        "visitors": 2,
        "prisoner_name": "王小军",
        "prison": "山东省潍北监狱",
        "channel": Visit.Channel.DESK,
        "applied_on": APPLIED,
    }
    values.update(overrides)
    return VisitApplicationRow(**values)


def apply(user, region, **overrides) -> Visit:
    return remote.remote_visit_apply(acting_user=user, row=application(region, **overrides))


def review(user, visit, on=APPLIED, documents_verified=True) -> Visit:
    return remote.remote_visit_review(
        acting_user=user, visit_id=visit.pk, on=on, documents_verified=documents_verified
    )


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def scheduled(user, region, **overrides) -> Visit:
    visit = review(user, apply(user, region, **overrides))
    return remote.remote_visit_schedule(
        acting_user=user, visit_id=visit.pk, scheduled_at=at(datetime.date(2022, 6, 6)), minutes=30
    )


# Application and eligibility ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"visitors": 4}, "visitors"),
        ({"visitors": 0}, "visitors"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"phone": "1381234"}, "phone"),
        ({"prisoner_name": ""}, "prisoner_name"),
        ({"applied_on": datetime.date(2022, 6, 16)}, "applied_on"),
    ],
    ids=["four_visitors", "nobody", "bad_id", "bad_phone", "no_prisoner", "after_today"],
)
def test_refuses_a_bad_application_naming_the_field(world, bureau_staff, overrides, field):
    with pytest.raises(ValidationError) as refused:
        apply(bureau_staff, world.yatou_village, **overrides)

    assert field in refused.value.message_dict
    assert not Visit.objects.exists()


@pytest.mark.parametrize("persona_name", ["town_staff", "department_officer", "bureau_reviewer"])
def test_only_the_county_body_receives_applications(request, world, persona_name):
    with pytest.raises(PermissionDenied):
        apply(request.getfixturevalue(persona_name), world.yatou_village)

    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "relationship",
    ["spouse", "parent", "child", "sibling", "grandparent", "grandchild", "guardian"],
)
def test_close_relatives_and_guardians_are_forwarded_to_the_prison(
    world, bureau_staff, relationship
):
    visit = review(
        bureau_staff, apply(bureau_staff, world.yatou_village, relationship=relationship)
    )

    assert visit.status == Visit.Status.FORWARDED
    assert visit.forwarded_on == APPLIED


def test_other_relatives_and_friends_may_not_visit(world, bureau_staff):
    visit = review(bureau_staff, apply(bureau_staff, world.yatou_village, relationship="other"))

    assert visit.status == Visit.Status.REFUSED
    assert "不是服刑人员的配偶" in visit.refusal_reason
    assert visit.forwarded_on is None


def test_an_applicant_without_proof_of_identity_and_relationship_is_refused(world, bureau_staff):
    visit = review(bureau_staff, apply(bureau_staff, world.yatou_village), documents_verified=False)

    assert visit.status == Visit.Status.REFUSED
    assert "亲属关系证明" in visit.refusal_reason


# The session and its outcome ----------------------------------------------------------------


def test_a_session_lasts_at_most_thirty_minutes(world, bureau_staff):
    visit = review(bureau_staff, apply(bureau_staff, world.yatou_village))

    with pytest.raises(ValidationError) as refused:
        remote.remote_visit_schedule(
            acting_user=bureau_staff, visit_id=visit.pk, scheduled_at=at(APPLIED), minutes=45
        )

    assert refused.value.message_dict["scheduled_minutes"] == ["每次会见时长应为1至30分钟"]
    assert Visit.objects.get().status == Visit.Status.FORWARDED


def test_a_session_cannot_come_before_the_forwarding(world, bureau_staff):
    visit = review(bureau_staff, apply(bureau_staff, world.yatou_village))

    with pytest.raises(ValidationError) as refused:
        remote.remote_visit_schedule(
            acting_user=bureau_staff,
            visit_id=visit.pk,
            scheduled_at=at(datetime.date(2022, 5, 31)),
            minutes=30,
        )

    assert "scheduled_at" in refused.value.message_dict


def test_a_held_visit_is_counted_as_having_taken_place(world, bureau_staff):
    visit = scheduled(bureau_staff, world.yatou_village)

    visit = remote.remote_visit_conclude(
        acting_user=bureau_staff, visit_id=visit.pk, outcome="held", on=datetime.date(2022, 6, 6)
    )

    assert visit.status == Visit.Status.COMPLETED
    assert [row.action for row in Transition.objects.order_by("pk")][-1] == "会见结果：会见完成"


def test_a_family_that_does_not_come_forfeits_the_visit(world, bureau_staff):
    visit = scheduled(bureau_staff, world.yatou_village)

    visit = remote.remote_visit_conclude(
        acting_user=bureau_staff, visit_id=visit.pk, outcome="no_show", on=datetime.date(2022, 6, 6)
    )

    assert visit.status == Visit.Status.NOT_HELD


def test_the_prison_declines_before_scheduling_only(world, bureau_staff):
    forwarded = review(bureau_staff, apply(bureau_staff, world.yatou_village))
    visit = remote.remote_visit_conclude(
        acting_user=bureau_staff,
        visit_id=forwarded.pk,
        outcome="prison_declined",
        on=datetime.date(2022, 6, 3),
    )
    assert visit.status == Visit.Status.NOT_HELD

    other = scheduled(bureau_staff, world.yatou_village, prisoner_name="李四")
    with pytest.raises(InvalidTransition):
        remote.remote_visit_conclude(
            acting_user=bureau_staff,
            visit_id=other.pk,
            outcome="prison_declined",
            on=datetime.date(2022, 6, 6),
        )


def test_a_visit_cannot_be_held_before_the_prison_schedules_it(world, bureau_staff):
    visit = review(bureau_staff, apply(bureau_staff, world.yatou_village))

    with pytest.raises(InvalidTransition):
        remote.remote_visit_conclude(
            acting_user=bureau_staff, visit_id=visit.pk, outcome="held", on=APPLIED
        )


def test_a_violation_stops_the_visit_and_suspends_the_prisoners_visits(world, bureau_staff):
    visit = scheduled(bureau_staff, world.yatou_village)
    with pytest.raises(ValidationError) as refused:
        remote.remote_visit_conclude(
            acting_user=bureau_staff,
            visit_id=visit.pk,
            outcome="stopped",
            on=datetime.date(2022, 6, 6),
        )
    assert "outcome_note" in refused.value.message_dict

    visit = remote.remote_visit_conclude(
        acting_user=bureau_staff,
        visit_id=visit.pk,
        outcome="stopped",
        on=datetime.date(2022, 6, 6),
        note="使用暗语",
    )

    # a stopped visit did take place; the family's visits are suspended 3 months [S]
    assert visit.status == Visit.Status.COMPLETED
    assert visit.suspended_until == datetime.date(2022, 9, 6)
    again = review(
        bureau_staff,
        apply(bureau_staff, world.yatou_village, applied_on=datetime.date(2022, 6, 10)),
        on=datetime.date(2022, 6, 10),
    )
    assert again.status == Visit.Status.REFUSED
    assert "暂停至2022-09-06" in again.refusal_reason
    # another prisoner's family is not concerned
    other = review(
        bureau_staff,
        apply(
            bureau_staff,
            world.yatou_village,
            prisoner_name="李四",
            applied_on=datetime.date(2022, 6, 10),
        ),
        on=datetime.date(2022, 6, 10),
    )
    assert other.status == Visit.Status.FORWARDED


def test_the_county_body_sees_applications_waiting_on_it(world, bureau_staff, town_staff):
    apply(bureau_staff, world.yatou_village)

    assert "远程视频会见待审核：王秀英会见王小军（山东省潍北监狱）" in [
        item.title for item in todos_for(bureau_staff)
    ]
    assert not [item for item in todos_for(town_staff) if item.module == "远程视频会见"]


# Remote hearings ----------------------------------------------------------------------------


def hearing_row(region, **overrides) -> HearingRequestRow:
    values = {
        "region": region,
        "body_kind": RemoteHearing.BodyKind.CUSTOMS,
        "body_name": "荣成海关",
        "kind": RemoteHearing.Kind.INTERROGATION,
        "person_name": "赵某",
        "facility": "荣成市看守所",
        "requested_on": APPLIED,
        "scheduled_on": datetime.date(2022, 6, 3),
    }
    values.update(overrides)
    return HearingRequestRow(**values)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scheduled_on": datetime.date(2022, 5, 30)}, "scheduled_on"),
        ({"body_kind": "army"}, "body_kind"),
        ({"body_name": ""}, "body_name"),
        (
            {
                "requested_on": datetime.date(2022, 6, 16),
                "scheduled_on": datetime.date(2022, 6, 20),
            },
            "requested_on",
        ),
    ],
    ids=["scheduled_before_request", "unknown_body", "no_body_name", "after_today"],
)
def test_refuses_a_bad_hearing_request(world, bureau_staff, overrides, field):
    with pytest.raises(ValidationError) as refused:
        remote.remote_hearing_request(
            acting_user=bureau_staff, row=hearing_row(world.county, **overrides)
        )

    assert field in refused.value.message_dict
    assert not RemoteHearing.objects.exists()


def test_hearings_are_the_countys_not_a_towns(world, bureau_staff):
    with pytest.raises(ValidationError) as refused:
        remote.remote_hearing_request(acting_user=bureau_staff, row=hearing_row(world.yatou))

    assert "region" in refused.value.message_dict


def test_a_cancelled_hearing_gives_its_reason(world, bureau_staff):
    hearing = remote.remote_hearing_request(acting_user=bureau_staff, row=hearing_row(world.county))

    with pytest.raises(ValidationError):
        remote.remote_hearing_conclude(
            acting_user=bureau_staff,
            hearing_id=hearing.pk,
            held=False,
            on=datetime.date(2022, 6, 3),
        )
    hearing = remote.remote_hearing_conclude(
        acting_user=bureau_staff,
        hearing_id=hearing.pk,
        held=False,
        on=datetime.date(2022, 6, 3),
        note="被告人已另行提解",
    )

    assert hearing.status == RemoteHearing.Status.CANCELLED
    with pytest.raises(InvalidTransition):
        remote.remote_hearing_conclude(
            acting_user=bureau_staff, hearing_id=hearing.pk, held=True, on=datetime.date(2022, 6, 3)
        )
