import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog
from fazhi.corrections.models import (
    CorrectionFile,
    CorrectionSubject,
    LevelChange,
    ManagementLevel,
    SupervisionAlert,
)
from fazhi.corrections.services.intake import (
    level_set,
    plan_revise,
    subject_announce,
    subject_record_documents,
    subject_record_notice,
    subject_record_report,
    subject_register,
    subject_release,
    subject_terminate,
    subjects_flag_missing,
    team_lacks_female_member,
    team_member_add,
)
from fazhi.corrections.tests.conftest import EFFECTIVE, receive, under_correction

pytestmark = pytest.mark.django_db


def test_a_decision_starts_the_notice_documents_and_report_clocks(world, corrections_body):
    subject = receive(corrections_body, world.yatou_village)

    # 2022-03-01 + 5 days is Sunday 6 March: the notice is due on Monday 7 (民法典 art. 203).
    assert subject.notice_due_on == datetime.date(2022, 3, 7)
    assert subject.documents_due_on == datetime.date(2022, 3, 11)
    assert subject.report_due_on == datetime.date(2022, 3, 11)
    assert subject.office == world.office_yatou
    assert subject.status == CorrectionSubject.Status.PENDING


def test_identifying_fields_are_encrypted_at_rest(world, corrections_body):
    from django.db import connection

    subject = receive(corrections_body, world.yatou_village)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address FROM corrections_correctionsubject WHERE id = %s",
            [subject.pk],
        )
        stored = cursor.fetchone()
    assert all(value.startswith(("sm4:", "aes:")) for value in stored)
    assert subject.masked_phone == "139****5678"


def test_a_person_under_18_when_correction_begins_is_a_minor_and_masked(world, corrections_body):
    subject = receive(corrections_body, world.yatou_village, name="李小明", birth="20050601")

    assert subject.is_minor
    assert subject.display_name == "李**"


def test_only_the_county_body_registers_a_decision(world, town_staff, other_county_bureau):
    for user in (town_staff, other_county_bureau):
        with pytest.raises(PermissionDenied):
            receive(user, world.yatou_village)

    assert not CorrectionSubject.objects.exists()


def test_a_bad_id_number_names_the_field_and_saves_nothing(world, corrections_body):
    with pytest.raises(ValidationError) as refused:
        receive(corrections_body, world.yatou_village, id_number="371082198001011235")

    assert "id_number" in refused.value.message_dict
    assert not CorrectionSubject.objects.exists()


def test_a_subject_not_reported_in_time_is_searched_for_with_an_open_alert(world, corrections_body):
    subject = receive(corrections_body, world.yatou_village)

    assert subjects_flag_missing(on=datetime.date(2022, 3, 11)) == 0
    assert subjects_flag_missing(on=datetime.date(2022, 3, 12)) == 1
    assert subjects_flag_missing(on=datetime.date(2022, 3, 13)) == 0  # flagged once

    subject = CorrectionSubject.objects.get(pk=subject.pk)
    assert subject.search_started_on == datetime.date(2022, 3, 12)
    alert = SupervisionAlert.objects.get(subject=subject)
    assert (alert.kind, alert.status) == ("late_report", "open")


def test_a_late_report_stays_marked_late(world, corrections_body, town_staff):
    subject = receive(corrections_body, world.yatou_village)

    subject = subject_record_report(
        acting_user=town_staff, subject_id=subject.pk, on=datetime.date(2022, 3, 14)
    )

    assert subject.reported_late is True


def test_registration_needs_the_documents_and_the_report(world, corrections_body):
    subject = receive(corrections_body, world.yatou_village)

    with pytest.raises(ValidationError) as refused:
        subject_register(acting_user=corrections_body, subject_id=subject.pk, on=EFFECTIVE)

    assert list(refused.value.message_dict) == ["documents_received_on"]
    subject = CorrectionSubject.objects.get(pk=subject.pk)
    assert subject.status == CorrectionSubject.Status.PENDING


def test_intake_opens_both_files_and_puts_the_subject_under_strict_management(
    world, corrections_body
):
    subject = under_correction(corrections_body, world.yatou_village)

    assert subject.status == CorrectionSubject.Status.SUPERVISED
    assert subject.level == ManagementLevel.STRICT
    change = LevelChange.objects.get(subject=subject)
    assert (change.rule, change.effective_on) == ("intake", datetime.date(2022, 3, 4))
    files = {f.kind: f for f in CorrectionFile.objects.filter(subject=subject)}
    assert set(files) == {"execution", "work"}
    assert files["execution"].keeper == world.bureau
    assert files["work"].keeper == world.office_yatou
    filed = set(
        files["execution"].documents.filter(filed_on__isnull=False).values_list("code", flat=True)
    )
    assert filed == {
        "judgment",
        "execution_notice",
        "intake_form",
        "level_decisions",
        "announcement",
    }


def test_the_level_history_keeps_each_change_and_its_rule(world, corrections_body):
    subject = under_correction(corrections_body, world.yatou_village)

    level_set(
        acting_user=corrections_body,
        subject_id=subject.pk,
        level=ManagementLevel.NORMAL,
        rule=LevelChange.Rule.PERIODIC_ASSESSMENT,
        on=datetime.date(2022, 5, 4),
    )
    with pytest.raises(ValidationError):
        level_set(
            acting_user=corrections_body,
            subject_id=subject.pk,
            level=ManagementLevel.NORMAL,
            rule=LevelChange.Rule.PERIODIC_ASSESSMENT,
            on=datetime.date(2022, 5, 5),
        )

    history = list(
        LevelChange.objects.filter(subject=subject).values_list("previous_level", "level", "rule")
    )
    assert history == [("", "strict", "intake"), ("strict", "normal", "periodic_assessment")]


def test_the_plan_is_versioned_and_a_revision_gives_its_reason(world, corrections_body, town_staff):
    subject = under_correction(corrections_body, world.yatou_village)
    plan_revise(
        acting_user=town_staff, subject_id=subject.pk, content="每周报到", effective_on=EFFECTIVE
    )

    with pytest.raises(ValidationError) as refused:
        plan_revise(
            acting_user=town_staff,
            subject_id=subject.pk,
            content="每月报到",
            effective_on=EFFECTIVE,
        )
    second = plan_revise(
        acting_user=town_staff,
        subject_id=subject.pk,
        content="每月报到",
        effective_on=datetime.date(2022, 5, 4),
        change_reason="降为普管",
    )

    assert list(refused.value.message_dict) == ["change_reason"]
    assert second.version == 2
    assert list(subject.plans.values_list("version", flat=True)) == [2, 1]


def test_a_female_subject_needs_a_woman_in_her_team(world, corrections_body, town_staff):
    subject = under_correction(
        corrections_body, world.yatou_village, name="李秀兰", female=True, birth="19900202"
    )
    team_member_add(
        acting_user=town_staff,
        subject_id=subject.pk,
        name="张强",
        role="office",
        gender="male",
        joined_on=EFFECTIVE,
    )
    assert team_lacks_female_member(subject)

    team_member_add(
        acting_user=town_staff,
        subject_id=subject.pk,
        name="刘芳",
        role="village",
        gender="female",
        joined_on=EFFECTIVE,
    )
    assert not team_lacks_female_member(subject)


def test_release_comes_at_the_end_of_the_term_with_a_certificate(world, corrections_body):
    subject = under_correction(corrections_body, world.yatou_village)

    with pytest.raises(ValidationError) as early:
        subject_release(
            acting_user=corrections_body,
            subject_id=subject.pk,
            on=datetime.date(2022, 8, 30),
            certificate_number="荣矫解字〔2022〕1号",
        )
    subject = subject_release(
        acting_user=corrections_body,
        subject_id=subject.pk,
        on=datetime.date(2022, 8, 31),
        certificate_number="荣矫解字〔2022〕1号",
    )

    assert list(early.value.message_dict) == ["ended_on"]
    assert (subject.status, subject.end_reason) == ("released", "expiry")
    assert AuditLog.objects.filter(event="transition", message="解除矫正").exists()


def test_termination_names_a_reason_of_art_45(world, corrections_body):
    subject = under_correction(corrections_body, world.yatou_village)

    with pytest.raises(ValidationError):
        subject_terminate(
            acting_user=corrections_body, subject_id=subject.pk, on=EFFECTIVE, reason="expiry"
        )
    subject = subject_terminate(
        acting_user=corrections_body,
        subject_id=subject.pk,
        on=datetime.date(2022, 6, 1),
        reason="probation_revoked",
    )

    assert subject.status == "terminated"


@pytest.mark.parametrize(
    ("record", "field", "what", "recorded_on"),
    [
        pytest.param(subject_record_notice, "notice_received_on", "收到决定机关通知", "2022-03-03"),
        pytest.param(
            subject_record_documents, "documents_received_on", "收到法律文书", "2022-03-03"
        ),
        pytest.param(subject_record_report, "reported_on", "报到（移交）", "2022-03-03"),
        pytest.param(subject_register, "registered_on", "接收登记", "2022-03-04"),
        pytest.param(subject_announce, "announced_on", "宣告", "2022-03-04"),
    ],
)
def test_a_recorded_intake_step_is_refused_a_second_date(
    world, corrections_body, record, field, what, recorded_on
):
    subject = under_correction(corrections_body, world.yatou_village)

    with pytest.raises(ValidationError) as refused:
        record(acting_user=corrections_body, subject_id=subject.pk, on=datetime.date(2022, 3, 9))

    # The first date stays: the clocks of arts. 20–22 were measured against it.
    assert refused.value.message_dict == {field: [f"{what}日期已登记为{recorded_on}，不能重复登记"]}
    subject = CorrectionSubject.objects.get(pk=subject.pk)
    assert f"{getattr(subject, field):%Y-%m-%d}" == recorded_on
    assert subject.status == CorrectionSubject.Status.SUPERVISED
