import datetime

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import Transition
from fazhi.legalservice.models import LegalService, Mediation, MediationCommittee, Mediator
from fazhi.legalservice.selectors import legal_service_list, mediation_list, station_list
from fazhi.legalservice.services import (
    CommitteeRow,
    MediationRow,
    ServiceRow,
    committee_create,
    legal_service_record,
    legal_services_record,
    mediation_conclude,
    mediation_record,
    mediations_record,
)
from fazhi.legalservice.tests.conftest import members

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 6, 1)


def _service(station, **overrides):
    values = {
        "station": station,
        "kind": LegalService.Kind.CONSULTATION,
        "channel": LegalService.Channel.WALK_IN,
        "served_on": DAY,
        "person_name": "王建国",
        "subject": "土地承包",
        "person_phone": "13812345678",
    }
    values.update(overrides)
    return ServiceRow(**values)


def _mediation(committee, station, **overrides):
    values = {
        "committee": committee,
        "station": station,
        "intake": Mediation.Intake.APPLICATION,
        "dispute_type": Mediation.DisputeType.NEIGHBOUR,
        "parties": "王某、李某",
        "summary": "宅基地边界争执",
        "received_on": DAY,
    }
    values.update(overrides)
    return MediationRow(**values)


def test_records_a_consultation_with_its_phone_masked(town_staff, network):
    service = legal_service_record(acting_user=town_staff, row=_service(network["yatou_room"]))

    assert service.masked_phone == "138****5678"
    assert LegalService.objects.get().channel == LegalService.Channel.WALK_IN


@pytest.mark.parametrize(
    ("overrides_case", "field", "words"),
    [
        ({"channel": ""}, "channel", "咨询方式"),
        ({"kind": LegalService.Kind.DOCUMENT}, "channel", "只有法律咨询"),
        ({"kind": LegalService.Kind.MEDIATION, "channel": ""}, "kind", "人民调解案件"),
        ({"served_on": datetime.date(2021, 2, 1)}, "served_on", "未开展服务"),
        ({"served_on": datetime.date(2099, 2, 1)}, "served_on", "不能晚于今天"),
        ({"person_phone": "12345"}, "person_phone", "手机号"),
        ({"subject": " "}, "subject", "不能为空"),
    ],
)
def test_a_service_is_refused_naming_the_field(town_staff, network, overrides_case, field, words):
    with pytest.raises(ValidationError) as error:
        legal_service_record(
            acting_user=town_staff, row=_service(network["yatou_room"], **overrides_case)
        )

    assert words in " ".join(error.value.message_dict[field])
    assert not LegalService.objects.exists()


def test_a_batch_of_services_is_all_or_nothing_naming_row_and_column(town_staff, network):
    room = network["yatou_room"]

    with pytest.raises(ValidationError) as error:
        legal_services_record(
            acting_user=town_staff,
            rows=[_service(room), _service(room, channel=""), _service(room, person_phone="1")],
            first_line=2,
        )

    assert error.value.message_dict["rows"] == [
        "第3行“咨询方式”法律咨询应注明咨询方式：来访、电话、网络",
        "第4行“联系电话”手机号应为以1开头的11位数字",
    ]
    assert not LegalService.objects.exists()


def test_a_town_office_keeps_only_its_own_ledger(town_staff, other_town_staff, network):
    legal_services_record(acting_user=town_staff, rows=[_service(network["yatou_room"])] * 2)

    with pytest.raises(PermissionDenied):
        legal_service_record(acting_user=other_town_staff, row=_service(network["yatou_room"]))

    assert legal_service_list(user=town_staff).count() == 2
    assert not legal_service_list(user=other_town_staff).exists()
    assert {station.name for station in station_list(user=other_town_staff)} == {
        "西李家村公共法律服务站点"
    }
    # The park station sits at the city's level: neither town sees or records it.
    assert network["park"] not in station_list(user=town_staff)
    with pytest.raises(PermissionDenied):
        legal_service_record(acting_user=town_staff, row=_service(network["park"]))


@pytest.mark.parametrize(
    ("size", "woman", "words"),
    [
        (2, True, "由委员3至9人组成，当前2人"),
        (10, True, "由委员3至9人组成，当前10人"),
        (3, False, "应当有妇女成员"),
    ],
)
def test_a_committee_has_three_to_nine_members_and_a_woman(world, town_staff, size, woman, words):
    row = CommitteeRow(
        name="东王家村人民调解委员会",
        kind=MediationCommittee.Kind.VILLAGE,
        region=world.yatou_village,
        established_on=datetime.date(2020, 1, 6),
        members=members(size, woman=woman),
    )

    with pytest.raises(ValidationError) as error:
        committee_create(acting_user=town_staff, row=row)

    assert words in " ".join(error.value.message_dict["members"])
    assert not MediationCommittee.objects.exists()


def test_hired_mediators_do_not_count_as_members(world, town_staff):
    hired = [members(1)[0].__class__("聘任调解员", Mediator.Gender.MALE, Mediator.Position.HIRED)]
    committee = committee_create(
        acting_user=town_staff,
        row=CommitteeRow(
            name="东王家村人民调解委员会",
            kind=MediationCommittee.Kind.VILLAGE,
            region=world.yatou_village,
            established_on=datetime.date(2020, 1, 6),
            members=members(3) + hired * 7,
        ),
    )

    assert committee.mediators.count() == 10
    assert committee.term_ends_on == datetime.date(2023, 1, 5)


@pytest.mark.parametrize(
    ("agreed_on", "due_on"),
    [
        # 人民调解法 art. 33: thirty days from the agreement; 2 July 2022 is a Saturday, so the
        # window ends on the next working day (民法典 art. 203).
        (datetime.date(2022, 6, 1), datetime.date(2022, 7, 1)),
        (datetime.date(2022, 6, 2), datetime.date(2022, 7, 4)),
    ],
)
def test_an_agreement_opens_the_judicial_confirmation_window(
    town_staff, network, yatou_committee, agreed_on, due_on
):
    mediation = mediation_record(
        acting_user=town_staff,
        row=_mediation(
            yatou_committee,
            network["yatou_room"],
            outcome=Mediation.Outcome.WRITTEN_AGREEMENT,
            concluded_on=agreed_on,
        ),
    )

    assert mediation.confirmation_due_on == due_on
    assert mediation.ledger_entry.kind == LegalService.Kind.MEDIATION
    assert mediation.ledger_entry.served_on == DAY


def test_a_failed_mediation_has_no_confirmation_window(town_staff, network, yatou_committee):
    mediation = mediation_record(
        acting_user=town_staff,
        row=_mediation(
            yatou_committee,
            network["yatou_room"],
            outcome=Mediation.Outcome.FAILED,
            concluded_on=DAY,
        ),
    )

    assert mediation.confirmation_due_on is None


def test_concluding_a_mediation_logs_it_and_sets_the_deadline(town_staff, network, yatou_committee):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_room"])
    )

    mediation_conclude(
        acting_user=town_staff,
        mediation_id=mediation.pk,
        outcome=Mediation.Outcome.ORAL_AGREEMENT,
        concluded_on=datetime.date(2022, 6, 10),
    )

    mediation.refresh_from_db()
    assert mediation.confirmation_due_on == datetime.date(2022, 7, 11)
    assert Transition.objects.filter(object_id=mediation.pk, action="调解办结").exists()
    with pytest.raises(ValidationError) as error:
        mediation_conclude(
            acting_user=town_staff,
            mediation_id=mediation.pk,
            outcome=Mediation.Outcome.FAILED,
            concluded_on=datetime.date(2022, 6, 12),
        )
    assert "已于2022-06-10办结" in error.value.message_dict["outcome"][0]


def test_another_town_cannot_find_the_mediation(
    town_staff, other_town_staff, network, yatou_committee
):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_room"])
    )

    with pytest.raises(Exception) as error:  # noqa: PT011 - Http404 from the access gate
        mediation_conclude(
            acting_user=other_town_staff,
            mediation_id=mediation.pk,
            outcome=Mediation.Outcome.FAILED,
            concluded_on=DAY,
        )

    assert error.value.__class__.__name__ == "OutOfScope"
    assert Mediation.objects.get().outcome == ""
    assert not mediation_list(user=other_town_staff).exists()


def test_a_batch_of_mediations_is_all_or_nothing(town_staff, network, yatou_committee):
    room = network["yatou_room"]
    stranger = Mediator(committee=MediationCommittee(pk=0), name="外人")

    with pytest.raises(ValidationError) as error:
        mediations_record(
            acting_user=town_staff,
            rows=[
                _mediation(yatou_committee, room),
                _mediation(yatou_committee, room, outcome=Mediation.Outcome.FAILED),
                _mediation(
                    yatou_committee,
                    room,
                    outcome=Mediation.Outcome.FAILED,
                    concluded_on=DAY - datetime.timedelta(days=1),
                ),
                _mediation(yatou_committee, room, mediator=stranger),
            ],
        )

    assert error.value.message_dict["rows"] == [
        "第2行“办结日期”已有调解结果的，应填写办结日期",
        "第3行“办结日期”办结日期不能早于受理日期",
        "第4行“主持调解员”外人不是东王家村人民调解委员会的调解员",
    ]
    assert not Mediation.objects.exists()
    assert not LegalService.objects.exists()


def test_a_mediation_is_recorded_at_a_station_of_its_town(bureau_staff, network, yatou_committee):
    with pytest.raises(ValidationError) as error:
        mediation_record(
            acting_user=bureau_staff, row=_mediation(yatou_committee, network["ningjin_room"])
        )

    assert error.value.message_dict["station"] == [
        "“西李家村公共法律服务站点”不在东王家村人民调解委员会所在镇街"
    ]
