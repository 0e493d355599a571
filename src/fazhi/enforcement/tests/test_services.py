"""Registering officers and the certificate lifecycle, with the refusals."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import Transition
from fazhi.enforcement.models import Certificate, Officer, StaffingType
from fazhi.enforcement.services import certificates, officers
from fazhi.enforcement.tests.factories import id_number, issued_certificate, officer
from fazhi.enforcement.tests.qualification import exam_passed, hours_credited, qualified_for_review

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_id_number_is_stored_encrypted_and_shown_masked(world, department_officer):
    number = id_number()
    registered = officer(department_officer, world.market, id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM enforcement_officer WHERE id = %s", [registered.pk])
        stored = cursor.fetchone()[0]
    assert number not in stored
    assert Officer.objects.get(pk=registered.pk).id_number == number
    assert registered.masked_id_number == number[:6] + "********" + number[-4:]


def test_a_wrong_id_number_is_refused_on_the_id_number_field(world, department_officer):
    with pytest.raises(ValidationError) as refused:
        officer(department_officer, world.market, id_number="371082198001011235")
    assert "id_number" in refused.value.message_dict
    assert not Officer.objects.exists()


def test_the_same_person_twice_in_a_department_is_refused(world, department_officer):
    number = id_number()
    officer(department_officer, world.market, id_number=number)
    with pytest.raises(ValidationError) as refused:
        officer(department_officer, world.market, id_number=number.lower())
    assert refused.value.message_dict["id_number"] == ["该身份证号已在本部门执法人员名册中"]


def test_another_department_may_not_register_in_the_market_register(
    world, other_department_officer
):
    with pytest.raises(PermissionDenied):
        officer(other_department_officer, world.market)


@pytest.mark.parametrize(
    ("staffing", "label"),
    [
        (StaffingType.CONTRACT, "合同制"),
        (StaffingType.DISPATCHED, "劳务派遣"),
        (StaffingType.TEMPORARY, "临时聘用"),
    ],
)
def test_non_formal_staff_are_registered_but_may_not_apply_for_a_certificate(
    world, department_officer, staffing, label
):
    worker = officer(department_officer, world.market, name="李协管", staffing_type=staffing)
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_apply(acting_user=department_officer, officer_id=worker.pk)
    message = refused.value.message_dict["staffing_type"][0]
    assert f"李协管为{label}人员，不能申领行政执法证件" in message
    assert "《山东省行政执法监督条例》第十条" in message
    assert not Certificate.objects.exists()


def test_the_full_lifecycle_logs_every_step(world, department_officer, bureau_staff):
    holder = officer(department_officer, world.market)
    certificate = issued_certificate(department_officer, bureau_staff, holder)
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.next_review_due_on == D(2023, 1, 10)

    qualified_for_review(bureau_staff, world.county, holder, on=D(2022, 12, 20))
    certificates.certificate_review(
        acting_user=bureau_staff, certificate_id=certificate.pk, on=D(2022, 12, 20)
    )
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.last_reviewed_on == D(2022, 12, 20)
    assert certificate.next_review_due_on == D(2024, 1, 10)

    certificates.certificate_suspend(
        acting_user=bureau_staff, certificate_id=certificate.pk, reason="调查期间暂扣"
    )
    certificates.certificate_reinstate(acting_user=bureau_staff, certificate_id=certificate.pk)
    certificates.certificate_revoke(
        acting_user=bureau_staff, certificate_id=certificate.pk, reason="调离执法岗位"
    )
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "调离执法岗位"
    actions = list(
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "提交执法证申领",
        "核发执法证",
        "执法证年审通过",
        "暂扣执法证",
        "发还执法证",
        "注销执法证",
    ]


def test_a_late_review_moves_the_due_date_past_the_review_day(
    world, department_officer, bureau_staff
):
    holder = officer(department_officer, world.market)
    certificate = issued_certificate(department_officer, bureau_staff, holder)
    qualified_for_review(bureau_staff, world.county, holder, on=D(2024, 3, 1))
    certificates.certificate_review(
        acting_user=bureau_staff, certificate_id=certificate.pk, on=D(2024, 3, 1)
    )
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.next_review_due_on == D(2025, 1, 10)


def test_the_review_wants_the_years_training_hours_and_names_them(
    world, department_officer, bureau_staff
):
    holder = officer(department_officer, world.market, name="赵学时")
    certificate = issued_certificate(department_officer, bureau_staff, holder)
    exam_passed(bureau_staff, [holder], on=D(2022, 11, 1))
    # 40 hours within the year, 30 more just over a year before the review: they do not count.
    hours_credited(
        bureau_staff, world.county, world.market, [holder], hours=40, held_on=D(2022, 6, 1)
    )
    hours_credited(
        bureau_staff, world.county, world.market, [holder], hours=30, held_on=D(2021, 12, 19)
    )
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_review(
            acting_user=bureau_staff, certificate_id=certificate.pk, on=D(2022, 12, 19)
        )
    assert refused.value.message_dict == {
        "training_hours": [
            "赵学时近一年（2021-12-20至2022-12-19）认定培训学时为40学时，未达到年审要求的60学时"
        ]
    }
    assert Certificate.objects.get(pk=certificate.pk).last_reviewed_on is None

    hours_credited(
        bureau_staff, world.county, world.market, [holder], hours=20, held_on=D(2022, 12, 1)
    )
    certificates.certificate_review(
        acting_user=bureau_staff, certificate_id=certificate.pk, on=D(2022, 12, 19)
    )
    assert Certificate.objects.get(pk=certificate.pk).last_reviewed_on == D(2022, 12, 19)


def test_the_review_wants_an_exam_passed_since_the_last_review(
    world, department_officer, bureau_staff
):
    holder = officer(department_officer, world.market, name="钱考试")
    certificate = issued_certificate(department_officer, bureau_staff, holder)
    qualified_for_review(bureau_staff, world.county, holder, on=D(2022, 12, 20))
    certificates.certificate_review(
        acting_user=bureau_staff, certificate_id=certificate.pk, on=D(2022, 12, 20)
    )
    # A year on: the hours are there again, but the only exam passed is before the last review.
    hours_credited(bureau_staff, world.county, world.market, [holder], held_on=D(2023, 11, 1))
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_review(
            acting_user=bureau_staff, certificate_id=certificate.pk, on=D(2023, 12, 20)
        )
    assert refused.value.message_dict == {
        "exam": ["钱考试自2022-12-20以来没有考试合格记录，不能年审"]
    }


def test_invalid_transitions_are_refused(world, department_officer, bureau_staff):
    holder = officer(department_officer, world.market)
    applied = certificates.certificate_apply(acting_user=department_officer, officer_id=holder.pk)
    with pytest.raises(InvalidTransition):
        certificates.certificate_review(acting_user=bureau_staff, certificate_id=applied.pk)
    with pytest.raises(InvalidTransition):
        certificates.certificate_suspend(
            acting_user=bureau_staff, certificate_id=applied.pk, reason="原因"
        )
    with pytest.raises(InvalidTransition):
        certificates.certificate_reinstate(acting_user=bureau_staff, certificate_id=applied.pk)
    with pytest.raises(ValidationError) as twice:
        certificates.certificate_apply(acting_user=department_officer, officer_id=holder.pk)
    assert "officer" in twice.value.message_dict
    applied = Certificate.objects.get(pk=applied.pk)
    assert applied.status == Certificate.Status.APPLIED
    assert applied.suspension_reason == ""


def test_a_department_may_not_issue_and_the_bureau_needs_a_free_number(
    world, department_officer, bureau_staff
):
    first = issued_certificate(
        department_officer, bureau_staff, officer(department_officer, world.market), number="A1"
    )
    second = officer(department_officer, world.market, name="赵执法")
    applied = certificates.certificate_apply(acting_user=department_officer, officer_id=second.pk)
    with pytest.raises(PermissionDenied):
        certificates.certificate_issue(
            acting_user=department_officer,
            certificate_id=applied.pk,
            number="A2",
            valid_until=D(2030, 1, 1),
        )
    with pytest.raises(ValidationError) as taken:
        certificates.certificate_issue(
            acting_user=bureau_staff,
            certificate_id=applied.pk,
            number=first.number,
            valid_until=D(2030, 1, 1),
        )
    assert "number" in taken.value.message_dict


def test_suspending_needs_a_reason(world, department_officer, bureau_staff):
    certificate = issued_certificate(
        department_officer, bureau_staff, officer(department_officer, world.market)
    )
    with pytest.raises(ValidationError) as refused:
        certificates.certificate_suspend(
            acting_user=bureau_staff, certificate_id=certificate.pk, reason="  "
        )
    assert "suspension_reason" in refused.value.message_dict


def test_the_daily_job_expires_cards_past_their_validity(world, department_officer, bureau_staff):
    old = issued_certificate(
        department_officer,
        bureau_staff,
        officer(department_officer, world.market),
        valid_until=D(2022, 6, 30),
    )
    current = issued_certificate(
        department_officer, bureau_staff, officer(department_officer, world.market, name="钱执法")
    )
    assert certificates.certificates_expire(on=D(2022, 7, 1)) == 1
    old = Certificate.objects.get(pk=old.pk)
    current = Certificate.objects.get(pk=current.pk)
    assert old.status == Certificate.Status.EXPIRED
    assert old.ended_on == D(2022, 6, 30)
    assert current.status == Certificate.Status.ISSUED
    assert certificates.certificates_expire(on=D(2022, 7, 1)) == 0


def test_import_rows_are_all_or_nothing(world, department_officer):
    rows = [
        officers.OfficerRow("甲", id_number(), StaffingType.ADMINISTRATIVE),
        officers.OfficerRow("乙", "123", StaffingType.ADMINISTRATIVE),
    ]
    with pytest.raises(ValidationError) as refused:
        officers.officers_register(
            acting_user=department_officer, organization=world.market, rows=rows
        )
    assert refused.value.message_dict["rows"][0].startswith("第2行：")
    assert not Officer.objects.exists()
