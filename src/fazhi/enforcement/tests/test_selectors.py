"""Who may be drawn as an inspector, the review traffic light and the scope of the register."""

import datetime

import pytest

from fazhi.enforcement.models import Officer
from fazhi.enforcement.selectors import (
    DUE_SOON,
    INVALID,
    OK,
    OVERDUE,
    certificate_state,
    officer_list,
    officers_eligible_to_inspect,
)
from fazhi.enforcement.services import certificates
from fazhi.enforcement.tests.factories import issued_certificate, officer
from fazhi.enforcement.todos import certificates_due_for_review

pytestmark = pytest.mark.django_db
D = datetime.date
ON = D(2022, 6, 1)


def _eligible(world, qualification=""):
    return set(
        officers_eligible_to_inspect(
            organization=world.market, on_date=ON, qualification=qualification
        ).values_list("name", flat=True)
    )


def test_only_holders_of_a_card_valid_on_the_day_are_eligible(
    world, department_officer, other_department_officer, bureau_staff
):
    clerk, bureau = department_officer, bureau_staff
    issued_certificate(clerk, bureau, officer(clerk, world.market, name="有效"))
    issued_certificate(
        clerk, bureau, officer(clerk, world.market, name="已过期"), valid_until=D(2022, 5, 31)
    )
    certificates.certificates_expire(on=D(2022, 6, 1))
    issued_certificate(
        clerk, bureau, officer(clerk, world.market, name="尚未发证"), issued_on=D(2022, 6, 2)
    )
    suspended = issued_certificate(clerk, bureau, officer(clerk, world.market, name="暂扣"))
    certificates.certificate_suspend(acting_user=bureau, certificate_id=suspended.pk, reason="调查")
    applied = officer(clerk, world.market, name="申领中")
    certificates.certificate_apply(acting_user=clerk, officer_id=applied.pk)
    issued_certificate(
        other_department_officer,
        bureau,
        officer(other_department_officer, world.ecology, name="其他部门"),
    )
    gone = officer(clerk, world.market, name="离岗")
    issued_certificate(clerk, bureau, gone)
    Officer.objects.filter(pk=gone.pk).update(active=False)

    assert _eligible(world) == {"有效"}
    assert isinstance(
        officers_eligible_to_inspect(organization=world.market, on_date=ON),
        type(Officer.objects.all()),
    )


def test_the_qualification_must_be_one_of_the_officers_labels(
    world, department_officer, bureau_staff
):
    clerk = department_officer
    issued_certificate(
        clerk,
        bureau_staff,
        officer(clerk, world.market, name="食品", qualifications=("食品安全执法", "双随机")),
    )
    issued_certificate(
        clerk, bureau_staff, officer(clerk, world.market, name="特种设备", qualifications=())
    )
    assert _eligible(world, "食品安全执法") == {"食品"}
    assert _eligible(world, "食品") == set()
    assert _eligible(world) == {"食品", "特种设备"}


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2022, 12, 1), OK),
        (D(2022, 12, 20), DUE_SOON),
        (D(2023, 1, 10), DUE_SOON),
        (D(2023, 1, 11), OVERDUE),
        (D(2028, 1, 1), INVALID),
        (D(2022, 1, 1), INVALID),
    ],
)
def test_the_traffic_light_turns_amber_before_the_review_and_red_after(
    world, department_officer, bureau_staff, today, state
):
    certificate = issued_certificate(
        department_officer, bureau_staff, officer(department_officer, world.market)
    )
    assert certificate.next_review_due_on == D(2023, 1, 10)
    assert certificate_state(certificate, today) == state


def test_no_certificate_is_invalid():
    assert certificate_state(None, ON) == INVALID


def test_the_department_to_dos_list_reviews_due_and_late(
    world, department_officer, other_department_officer, bureau_staff
):
    issued_certificate(
        department_officer,
        bureau_staff,
        officer(department_officer, world.market, name="逾期者"),
        issued_on=D(2020, 1, 10),
    )
    titles = [item.title for item in certificates_due_for_review(department_officer)]
    assert len(titles) == 1
    assert "执法证年审已逾期：逾期者" in titles[0]
    assert list(certificates_due_for_review(other_department_officer)) == []


def test_a_department_sees_its_officers_and_another_county_none(
    world,
    department_officer,
    other_department_officer,
    bureau_staff,
    bureau_reviewer,
    other_county_bureau,
    officer,
):
    mine = _officer_named(department_officer, world.market, "市场甲")
    theirs = _officer_named(other_department_officer, world.ecology, "生态乙")
    assert set(officer_list(user=department_officer)) == {mine}
    assert set(officer_list(user=other_department_officer)) == {theirs}
    assert set(officer_list(user=bureau_staff)) == {mine, theirs}
    assert set(officer_list(user=bureau_reviewer)) == set()
    assert set(officer_list(user=other_county_bureau)) == set()
    assert set(officer_list(user=officer)) == set()
    Officer.objects.filter(pk=mine.pk).update(user=officer)
    assert set(officer_list(user=officer)) == {mine}


def _officer_named(clerk, organization, name):
    from fazhi.enforcement.tests.factories import officer as make

    return make(clerk, organization, name=name)
