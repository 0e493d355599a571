import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.exceptions import PermissionDenied
from fazhi.corrections.models import CorrectionSubject, LevelChange, LocationDevice
from fazhi.corrections.services.approvals import (
    approval_decide,
    device_extend,
    device_order,
    leave_apply,
    reward_sanction_record,
)
from fazhi.corrections.tests.conftest import SHANGHAI, under_correction

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 4, 6)


@pytest.fixture
def subject(world, corrections_body):
    return under_correction(corrections_body, world.yatou_village)


def _leave(user, subject, days):
    return leave_apply(
        acting_user=user,
        subject_id=subject.pk,
        applied_on=DAY,
        starts_on=DAY + datetime.timedelta(days=3),
        ends_on=DAY + datetime.timedelta(days=2 + days),
        destination="山东省济南市",
        reason="就医",
    )


@pytest.mark.parametrize(
    ("days", "tier"), [(1, "office"), (7, "office"), (8, "county"), (30, "county")]
)
def test_the_approval_tier_follows_the_length_of_the_leave(town_staff, subject, days, tier):
    assert _leave(town_staff, subject, days).tier == tier


def test_a_leave_longer_than_30_days_is_not_approved_here(town_staff, subject):
    with pytest.raises(ValidationError) as refused:
        _leave(town_staff, subject, 31)

    assert list(refused.value.message_dict) == ["ends_on"]


def test_the_office_decides_its_tier_but_not_the_county_s(town_staff, corrections_body, subject):
    short = _leave(town_staff, subject, 5)
    long = _leave(town_staff, subject, 10)

    approval_decide(acting_user=town_staff, approval_id=short.pk, approve=True, decided_on=DAY)
    with pytest.raises(PermissionDenied):
        approval_decide(acting_user=town_staff, approval_id=long.pk, approve=True, decided_on=DAY)
    with pytest.raises(ValidationError) as no_reason:
        approval_decide(
            acting_user=corrections_body, approval_id=long.pk, approve=False, decided_on=DAY
        )
    refused = approval_decide(
        acting_user=corrections_body,
        approval_id=long.pk,
        approve=False,
        decided_on=DAY,
        opinion="事由不充分",
    )

    assert list(no_reason.value.message_dict) == ["opinion"]
    assert refused.status == "refused"


def test_a_device_lasts_at_most_three_months_and_is_extended_only_after_an_assessment(
    corrections_body, subject
):
    device = device_order(
        acting_user=corrections_body,
        subject_id=subject.pk,
        ground=LocationDevice.Ground.LEFT_WITHOUT_APPROVAL,
        device_number="WD-001",
        starts_on=DAY,
    )
    assert device.ends_on == datetime.date(2022, 7, 5)
    with pytest.raises(ValidationError) as too_long:
        device_order(
            acting_user=corrections_body,
            subject_id=subject.pk,
            ground="left_without_approval",
            device_number="WD-002",
            starts_on=DAY,
            ends_on=datetime.date(2022, 7, 6),
        )
    with pytest.raises(ValidationError) as unassessed:
        device_extend(acting_user=corrections_body, device_id=device.pk, assessment=" ")
    extension = device_extend(
        acting_user=corrections_body, device_id=device.pk, assessment="仍有脱管风险，建议延长"
    )

    assert list(too_long.value.message_dict) == ["ends_on"]
    assert list(unassessed.value.message_dict) == ["assessment"]
    assert (extension.starts_on, extension.ends_on) == (
        datetime.date(2022, 7, 6),
        datetime.date(2022, 10, 5),
    )


def test_a_device_only_on_a_statutory_ground(corrections_body, subject):
    with pytest.raises(ValidationError) as refused:
        device_order(
            acting_user=corrections_body,
            subject_id=subject.pk,
            ground="convenience",
            device_number="WD-003",
            starts_on=DAY,
        )

    assert list(refused.value.message_dict) == ["ground"]
    assert not LocationDevice.objects.exists()


def test_a_warning_puts_the_subject_under_strict_management(corrections_body, subject):
    from fazhi.corrections.services.intake import level_set

    level_set(
        acting_user=corrections_body,
        subject_id=subject.pk,
        level="normal",
        rule="periodic_assessment",
        on=DAY,
    )
    reward_sanction_record(
        acting_user=corrections_body,
        subject_id=subject.pk,
        kind="warning",
        decided_on=DAY,
        facts="未经批准离开荣成市",
    )

    assert CorrectionSubject.objects.get(pk=subject.pk).level == "strict"
    assert LevelChange.objects.filter(subject=subject).latest("pk").rule == "warned"


def test_the_second_admonition_tightens_the_level(corrections_body, subject):
    from fazhi.corrections.services.intake import level_set

    level_set(
        acting_user=corrections_body,
        subject_id=subject.pk,
        level="lenient",
        rule="periodic_assessment",
        on=DAY,
    )
    for _ in range(2):
        reward_sanction_record(
            acting_user=corrections_body,
            subject_id=subject.pk,
            kind="admonition",
            decided_on=DAY,
            facts="未按时报告",
        )

    assert LevelChange.objects.filter(subject=subject).latest("pk").rule == "admonished_twice"


def test_proposals_carry_the_court_s_30_days_and_the_arrest_48_hours(corrections_body, subject):
    revocation = reward_sanction_record(
        acting_user=corrections_body,
        subject_id=subject.pk,
        kind="probation_revocation_proposal",
        decided_on=DAY,
        facts="严重违反监督管理规定",
        receiving_authority="荣成市人民法院",
    )
    submitted = datetime.datetime(2022, 4, 6, 9, 30, tzinfo=SHANGHAI)
    arrest = reward_sanction_record(
        acting_user=corrections_body,
        subject_id=subject.pk,
        kind="arrest_request",
        decided_on=DAY,
        facts="可能逃跑",
        receiving_authority="荣成市人民法院",
        submitted_at=submitted,
    )

    assert timezone.localdate(revocation.authority_due_at) == datetime.date(2022, 5, 6)
    assert arrest.authority_due_at - submitted == datetime.timedelta(hours=48)


def test_a_proposal_names_the_receiving_authority(corrections_body, subject):
    with pytest.raises(ValidationError) as refused:
        reward_sanction_record(
            acting_user=corrections_body,
            subject_id=subject.pk,
            kind="custody_proposal",
            decided_on=DAY,
            facts="病情已愈",
        )

    assert list(refused.value.message_dict) == ["receiving_authority"]
