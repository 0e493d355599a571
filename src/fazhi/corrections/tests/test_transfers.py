"""Change of the place of execution (变更执行地): clocks, tiers, handover, the scope change."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.conftest import login_client
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import Organization, Region
from fazhi.core.permissions import OutOfScope
from fazhi.core.services.directory import organization_create
from fazhi.core.todos import todos_for
from fazhi.corrections.models import CorrectionSubject, FileHandover, PlaceTransfer
from fazhi.corrections.permissions import access_subject_by_id
from fazhi.corrections.selectors import subject_list
from fazhi.corrections.services.transfers import (
    transfer_apply,
    transfer_decide,
    transfer_hand_over,
    transfer_notify,
    transfer_record_report,
)
from fazhi.corrections.tests.conftest import under_correction

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2022, 4, 11)
DECIDED = datetime.date(2022, 5, 11)  # a Wednesday: +5 and +7 days are working days


@pytest.fixture
def subject(world, corrections_body):
    return under_correction(corrections_body, world.yatou_village)


def _apply(user, subject, region, **overrides):
    values = {"applied_on": APPLIED, "to_region": region, "reason": "在宁津工作，举家迁居"}
    values.update(overrides)
    return transfer_apply(acting_user=user, subject_id=subject.pk, **values)


def _approved(world, town_staff, corrections_body, subject, region=None):
    transfer = _apply(town_staff, subject, region or world.ningjin)
    return transfer_decide(
        acting_user=corrections_body, transfer_id=transfer.pk, approve=True, decided_on=DECIDED
    )


def _handed_over(world, town_staff, corrections_body, subject, region=None):
    transfer = _approved(world, town_staff, corrections_body, subject, region)
    transfer_notify(acting_user=corrections_body, transfer_id=transfer.pk, on=DECIDED)
    return transfer_hand_over(
        acting_user=corrections_body,
        transfer_id=transfer.pk,
        on=DECIDED + datetime.timedelta(days=2),
        received_by="刘立新",
    )


def test_the_approval_starts_the_handover_and_report_clocks(
    world, town_staff, corrections_body, subject
):
    transfer = _approved(world, town_staff, corrections_body, subject)

    assert transfer.status == "approved"
    assert transfer.notify_due_on == transfer.handover_due_on == datetime.date(2022, 5, 16)
    assert transfer.report_due_on == datetime.date(2022, 5, 18)
    assert transfer.from_office == world.office_yatou
    assert transfer.to_office == world.office_ningjin


def test_only_the_county_body_decides_and_a_refusal_gives_its_reason(
    world, town_staff, corrections_body, subject
):
    transfer = _apply(town_staff, subject, world.ningjin)

    with pytest.raises(PermissionDenied):
        transfer_decide(
            acting_user=town_staff, transfer_id=transfer.pk, approve=True, decided_on=DECIDED
        )
    with pytest.raises(ValidationError) as unreasoned:
        transfer_decide(
            acting_user=corrections_body, transfer_id=transfer.pk, approve=False, decided_on=DECIDED
        )
    refused = transfer_decide(
        acting_user=corrections_body,
        transfer_id=transfer.pk,
        approve=False,
        decided_on=DECIDED,
        opinion="新居住地无法核实",
    )

    assert list(unreasoned.value.message_dict) == ["opinion"]
    assert refused.status == "refused"
    assert refused.report_due_on is None
    assert CorrectionSubject.objects.get(pk=subject.pk).office == world.office_yatou


def test_an_application_within_the_same_office_or_a_second_one_is_refused(
    world, town_staff, subject
):
    with pytest.raises(ValidationError) as same_office:
        _apply(town_staff, subject, world.yatou)
    _apply(town_staff, subject, world.ningjin)
    with pytest.raises(ValidationError) as second:
        _apply(town_staff, subject, world.ningjin)

    assert list(same_office.value.message_dict) == ["to_region"]
    assert list(second.value.message_dict) == ["subject"]
    assert PlaceTransfer.objects.count() == 1


def test_the_files_go_only_after_the_new_place_is_notified(
    world, town_staff, corrections_body, subject
):
    transfer = _approved(world, town_staff, corrections_body, subject)

    with pytest.raises(ValidationError) as not_notified:
        transfer_hand_over(
            acting_user=corrections_body, transfer_id=transfer.pk, on=DECIDED, received_by="刘立新"
        )

    assert list(not_notified.value.message_dict) == ["handed_over_on"]
    assert not FileHandover.objects.exists()


def test_the_handover_moves_the_work_file_and_the_subject_keeping_the_history(
    world, town_staff, corrections_body, subject
):
    transfer = _handed_over(world, town_staff, corrections_body, subject)

    subject = CorrectionSubject.objects.get(pk=subject.pk)
    handover = FileHandover.objects.get()
    # Within the county the body keeps the execution file; the work file goes to the new office.
    assert handover.file.kind == "work"
    assert (handover.from_keeper, handover.to_keeper) == (world.office_yatou, world.office_ningjin)
    assert handover.handed_over_by == corrections_body
    assert handover.received_by == "刘立新"
    assert subject.files.get(kind="work").keeper == world.office_ningjin
    assert subject.files.get(kind="execution").keeper == world.bureau
    assert (subject.region, subject.office) == (world.ningjin, world.office_ningjin)
    assert (transfer.from_region, transfer.from_office) == (world.yatou_village, world.office_yatou)
    assert transfer.status == "handed_over"


def test_after_the_handover_the_old_office_no_longer_sees_the_subject(
    world, town_staff, other_town_staff, corrections_body, subject
):
    assert subject_list(user=town_staff).filter(pk=subject.pk).exists()
    assert not subject_list(user=other_town_staff).filter(pk=subject.pk).exists()

    _handed_over(world, town_staff, corrections_body, subject)

    assert not subject_list(user=town_staff).filter(pk=subject.pk).exists()
    assert subject_list(user=other_town_staff).filter(pk=subject.pk).exists()
    assert subject_list(user=corrections_body).filter(pk=subject.pk).exists()
    with pytest.raises(OutOfScope):
        access_subject_by_id(town_staff, subject.pk)
    page = login_client(town_staff).get(f"/corrections/subjects/{subject.pk}/")
    assert page.status_code == 404


def test_a_transfer_to_another_county_hands_both_files_to_that_county(
    world, town_staff, corrections_body, subject
):
    other_town = Region.objects.get(code="371083001000")
    organization_create(
        acting_user=None,
        code="office-rushan",
        name="乳山城区司法所",
        kind=Organization.Kind.JUDICIAL_OFFICE,
        region=other_town,
        parent=world.other_bureau,
    )

    _handed_over(world, town_staff, corrections_body, subject, region=other_town)

    keepers = {h.file.kind: h.to_keeper.code for h in FileHandover.objects.all()}
    assert keepers == {"execution": "rushan-justice", "work": "office-rushan"}
    assert not subject_list(user=corrections_body).filter(pk=subject.pk).exists()


def test_the_new_office_records_the_report_and_a_late_one_is_a_to_do_until_then(
    world, town_staff, other_town_staff, corrections_body, subject
):
    transfer = _handed_over(world, town_staff, corrections_body, subject)

    late = [t.title for t in todos_for(other_town_staff) if "逾期未报到" in t.title]
    assert late == ["变更执行地逾期未报到：王建国（应于2022-05-18前到宁津司法所报到）"]
    assert not [t for t in todos_for(town_staff) if "逾期未报到" in t.title]
    with pytest.raises(OutOfScope):
        transfer_record_report(acting_user=town_staff, transfer_id=transfer.pk, on=DECIDED)

    reported = transfer_record_report(
        acting_user=other_town_staff, transfer_id=transfer.pk, on=datetime.date(2022, 5, 20)
    )

    assert reported.status == "reported"
    assert reported.reported_late is True
    assert reported.report_recorded_by == other_town_staff
    assert not [t for t in todos_for(other_town_staff) if "逾期未报到" in t.title]


def test_an_approved_transfer_waits_on_the_body_s_to_do_list(
    world, town_staff, corrections_body, subject
):
    _approved(world, town_staff, corrections_body, subject)

    titles = [t.title for t in todos_for(corrections_body) if "变更执行地" in t.title]
    assert titles == ["变更执行地待通知新执行地并移交档案：王建国（至宁津街道）"]
    assert not [t for t in todos_for(town_staff) if "变更执行地" in t.title]


def test_the_steps_on_the_page_take_the_transfer_from_application_to_report(
    world, town_staff, other_town_staff, corrections_body, subject
):
    office, body = login_client(town_staff), login_client(corrections_body)
    page_url = f"/corrections/subjects/{subject.pk}/"
    url = page_url + "steps/"

    office.post(
        url + "transfer/",
        {
            "transfer-applied_on": "2022-04-11",
            "transfer-to_region": world.ningjin.pk,
            "transfer-reason": "在宁津工作",
        },
    )
    assert 'id="step-transfer-decide"' not in office.get(page_url).content.decode()
    assert 'id="step-transfer-decide"' in body.get(page_url).content.decode()
    body.post(
        url + "transfer-decide/",
        {"transfer-decide-approve": "yes", "transfer-decide-decided_on": "2022-05-11"},
    )
    body.post(url + "transfer-notify/", {"transfer-notify-notified_on": "2022-05-12"})
    response = body.post(
        url + "transfer-handover/",
        {
            "transfer-handover-handed_over_on": "2022-05-13",
            "transfer-handover-received_by": "刘立新",
        },
        follow=True,
    )
    assert "档案已移交，该对象改由宁津司法所负责" in response.content.decode()
    login_client(other_town_staff).post(
        url + "transfer-report/", {"transfer-report-reported_on": "2022-05-16"}
    )

    transfer = PlaceTransfer.objects.get()
    assert transfer.status == "reported"
    assert transfer.reported_late is False
    page = body.get(page_url).content.decode()
    assert "2022-04-11 东王家村→宁津街道" in page
    assert "移交工作档案（接收人刘立新）" in page


def test_the_transfers_figure_counts_handovers_at_the_new_place(
    world, town_staff, corrections_body, subject
):
    _handed_over(world, town_staff, corrections_body, subject)

    assert figure_evaluate("corrections.transfers", world.county, 2022).value == 1
    assert figure_evaluate("corrections.transfers", world.ningjin, 2022).value == 1
    assert figure_evaluate("corrections.transfers", world.yatou, 2022).value == 0
    assert figure_evaluate("corrections.transfers", world.county, 2021).value == 0
