import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from stdnum.cn import ric

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import RuleParameterValue, Transition
from fazhi.core.todos import todos_for
from fazhi.core.workflow import transitions_of
from fazhi.corrections.models import ReleasedPerson, SupportPathway, SupportVisit
from fazhi.corrections.resettlement_parameters import SUPPORT_YEARS
from fazhi.corrections.resettlement_resources import NOTICE_IMPORT, notice_rows_import
from fazhi.corrections.services import resettlement as services
from fazhi.corrections.services.resettlement import (
    HandoverRow,
    NoticeRow,
    ReleasedPersonRow,
    VerificationRow,
    VisitRow,
)

pytestmark = pytest.mark.django_db

Person = ReleasedPerson
TODAY = datetime.date(2022, 6, 15)
RELEASE = datetime.date(2022, 6, 1)  # a Wednesday; a week later is a working day


@pytest.fixture(autouse=True)
def mid_june():
    with time_machine.travel(datetime.datetime.fromisoformat("2022-06-15T10:00:00+08:00")):
        yield


def id_number(serial: int) -> str:
    body = f"37108219800101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def notice(region, serial=1, **overrides) -> NoticeRow:
    values = {
        "region": region,
        "name": "王建国",
        "gender": Person.Gender.MALE,
        "id_number": id_number(serial),
        "prison": "山东省潍北监狱",
        "offence": "盗窃罪",
        "sentence": "2年",
        "release_on": RELEASE,
        "notice_received_on": datetime.date(2022, 4, 25),
        "phone": "13812345678",
        "address": "荣成市崖头街道东王家村8号",
    }
    values.update(overrides)
    return NoticeRow(**values)


def notify(user, region, **overrides) -> Person:
    return services.released_person_notify(acting_user=user, row=notice(region, **overrides))


def verified(user, person) -> Person:
    return services.released_person_verify_residence(
        acting_user=user,
        person_id=person.pk,
        row=VerificationRow(verified_on=datetime.date(2022, 4, 28), confirmed=True),
    )


def handed_over(user, person, method=Person.HandoverMethod.FAMILY_COLLECTED, staff="") -> Person:
    verified(user, person)
    return services.released_person_hand_over(
        acting_user=user,
        person_id=person.pk,
        row=HandoverRow(method=method, handed_over_on=RELEASE, staff=staff),
    )


# The notice --------------------------------------------------------------------------------


def test_notice_starts_the_clocks_and_the_five_pathways(world, town_staff):
    person = notify(town_staff, world.yatou_village)

    assert person.status == Person.Status.NOTIFIED
    # one month before release (§11.1), the support period of 5 years [S]
    assert person.notice_due_on == datetime.date(2022, 5, 2)
    assert not person.is_notice_late
    assert person.support_until == datetime.date(2027, 6, 1)
    assert sorted(
        SupportPathway.objects.filter(person=person).values_list("pathway", flat=True)
    ) == [
        "employment",
        "health",
        "housing",
        "skills",
        "social_assistance",
    ]
    assert [step.action for step in transitions_of(person)] == ["收到刑满释放人员通知书"]


def test_a_notice_arriving_within_the_last_month_is_late(world, town_staff):
    person = notify(town_staff, world.yatou_village, notice_received_on=datetime.date(2022, 5, 20))

    assert person.is_notice_late


def test_identifying_fields_are_encrypted_at_rest(world, town_staff):
    person = notify(town_staff, world.yatou_village)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address FROM corrections_releasedperson WHERE id = %s",
            [person.pk],
        )
        stored = cursor.fetchone()
    assert id_number(1) not in stored[0]
    assert "13812345678" not in stored[1]
    assert "东王家村" not in stored[2]
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.id_number == id_number(1)
    assert fresh.masked_id_number == "371082********" + id_number(1)[-4:]
    assert fresh.masked_phone == "138****5678"
    assert fresh.masked_address == "荣成市崖头街****"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "371082198001011235"}, "id_number"),
        ({"notice_received_on": datetime.date(2022, 6, 2)}, "notice_received_on"),
        (
            {
                "notice_received_on": datetime.date(2022, 6, 16),
                "release_on": datetime.date(2022, 7, 1),
            },
            "notice_received_on",
        ),
        ({"is_key": True}, "key_reason"),
        ({"prison": " "}, "prison"),
        ({"gender": "x"}, "gender"),
    ],
    ids=[
        "bad_id_number",
        "after_release",
        "after_today",
        "key_without_reason",
        "no_prison",
        "gender",
    ],
)
def test_refuses_a_bad_notice_naming_the_field(world, town_staff, overrides, field):
    with pytest.raises(ValidationError) as refused:
        notify(town_staff, world.yatou_village, **overrides)

    assert field in refused.value.message_dict
    assert not Person.objects.exists()
    assert not SupportPathway.objects.exists()


def test_refuses_a_person_still_on_the_register(world, town_staff):
    notify(town_staff, world.yatou_village)

    with pytest.raises(ValidationError) as refused:
        notify(town_staff, world.yatou_village, name="王建国")

    assert refused.value.message_dict["id_number"] == ["该人员已在安置帮教名册中（尚未解除帮教）"]
    assert Person.objects.count() == 1


@pytest.mark.parametrize("persona_name", ["other_town_staff", "department_officer", "officer"])
def test_only_the_residents_office_or_the_bureau_registers(request, world, persona_name):
    user = request.getfixturevalue(persona_name)

    with pytest.raises(PermissionDenied):
        notify(user, world.yatou_village)

    assert not Person.objects.exists()


def test_the_bureaus_corrections_function_registers_anywhere_in_the_city(world, bureau_staff):
    person = notify(bureau_staff, world.ningjin_village)

    assert person.region == world.ningjin_village


# The handover (必接必送) ----------------------------------------------------------------------


def test_handover_needs_the_residence_verified_first(world, town_staff):
    person = notify(town_staff, world.yatou_village)

    with pytest.raises(ValidationError) as refused:
        services.released_person_hand_over(
            acting_user=town_staff,
            person_id=person.pk,
            row=HandoverRow(method="family_collected", handed_over_on=RELEASE),
        )

    assert "residence_verified_on" in refused.value.message_dict
    assert Person.objects.get().status == Person.Status.NOTIFIED


@pytest.mark.parametrize("method", ["family_collected", "self_returned"])
def test_a_key_person_is_never_left_to_come_home_alone(world, town_staff, method):
    person = notify(town_staff, world.yatou_village, is_key=True, key_reason="暴力犯罪")
    verified(town_staff, person)

    with pytest.raises(ValidationError) as refused:
        services.released_person_hand_over(
            acting_user=town_staff,
            person_id=person.pk,
            row=HandoverRow(method=method, handed_over_on=RELEASE),
        )

    assert "必接必送" in refused.value.message_dict["handover_method"][0]
    assert Person.objects.get().status == Person.Status.NOTIFIED
    assert not Transition.objects.filter(to_state=Person.Status.HANDED_OVER).exists()


def test_an_escorted_handover_names_its_staff(world, town_staff):
    person = notify(town_staff, world.yatou_village, is_key=True, key_reason="暴力犯罪")
    verified(town_staff, person)

    with pytest.raises(ValidationError) as refused:
        services.released_person_hand_over(
            acting_user=town_staff,
            person_id=person.pk,
            row=HandoverRow(method="office_collected", handed_over_on=RELEASE),
        )
    assert "handover_staff" in refused.value.message_dict

    person = services.released_person_hand_over(
        acting_user=town_staff,
        person_id=person.pk,
        row=HandoverRow(method="office_collected", handed_over_on=RELEASE, staff="张三、李四"),
    )
    assert person.status == Person.Status.HANDED_OVER
    assert person.handover_staff == "张三、李四"
    assert transitions_of(person).last().action == "衔接：司法所派员接回"


def test_handover_starts_the_report_and_first_visit_clocks(world, town_staff):
    person = handed_over(town_staff, notify(town_staff, world.yatou_village))

    assert person.report_due_on == datetime.date(2022, 6, 8)
    assert person.first_visit_due_on == datetime.date(2022, 6, 8)


def test_a_report_clock_ending_on_a_holiday_runs_to_the_next_working_day(world, town_staff):
    # 2022-04-27 + 7 days = 2022-05-04, inside the Labour Day holiday (04-30 to 05-04).
    person = notify(
        town_staff,
        world.yatou_village,
        release_on=datetime.date(2022, 4, 27),
        notice_received_on=datetime.date(2022, 3, 20),
    )
    services.released_person_verify_residence(
        acting_user=town_staff,
        person_id=person.pk,
        row=VerificationRow(verified_on=datetime.date(2022, 3, 25), confirmed=True),
    )
    person = services.released_person_hand_over(
        acting_user=town_staff,
        person_id=person.pk,
        row=HandoverRow(method="family_collected", handed_over_on=datetime.date(2022, 4, 27)),
    )

    assert person.report_due_on == datetime.date(2022, 5, 5)


def test_handover_before_release_is_refused(world, town_staff):
    person = notify(town_staff, world.yatou_village)
    verified(town_staff, person)

    with pytest.raises(ValidationError) as refused:
        services.released_person_hand_over(
            acting_user=town_staff,
            person_id=person.pk,
            row=HandoverRow(method="family_collected", handed_over_on=datetime.date(2022, 5, 31)),
        )

    assert refused.value.message_dict["handed_over_on"] == ["衔接日期不能早于释放日期"]


def test_a_report_after_its_week_is_marked_late(world, town_staff):
    person = handed_over(town_staff, notify(town_staff, world.yatou_village))

    person = services.released_person_report(
        acting_user=town_staff, person_id=person.pk, on=datetime.date(2022, 6, 9)
    )

    assert person.status == Person.Status.IN_SUPPORT
    assert person.is_report_late
    assert transitions_of(person).last().action == "到司法所报到（逾期报到）"


def test_a_report_cannot_come_before_the_handover(world, town_staff):
    person = handed_over(town_staff, notify(town_staff, world.yatou_village))

    with pytest.raises(ValidationError) as refused:
        services.released_person_report(
            acting_user=town_staff, person_id=person.pk, on=datetime.date(2022, 5, 30)
        )

    assert "reported_on" in refused.value.message_dict


def test_reporting_twice_is_refused(world, town_staff):
    person = handed_over(town_staff, notify(town_staff, world.yatou_village))
    services.released_person_report(acting_user=town_staff, person_id=person.pk, on=RELEASE)

    with pytest.raises(InvalidTransition):
        services.released_person_report(acting_user=town_staff, person_id=person.pk, on=RELEASE)


# Support ------------------------------------------------------------------------------------


def test_a_high_risk_makes_a_key_person(world, town_staff):
    person = notify(town_staff, world.yatou_village)

    person = services.released_person_assess_risk(
        acting_user=town_staff, person_id=person.pk, level="high", on=datetime.date(2022, 5, 1)
    )

    assert person.is_key
    assert person.key_reason == "风险评估为高风险"


def test_visits_come_after_the_handover(world, town_staff):
    person = notify(town_staff, world.yatou_village)
    row = VisitRow(visited_on=datetime.date(2022, 6, 3), kind="home", visitor="司法所张三")

    with pytest.raises(ValidationError):
        services.support_visit_record(acting_user=town_staff, person_id=person.pk, row=row)

    handed_over(town_staff, person)
    visit = services.support_visit_record(acting_user=town_staff, person_id=person.pk, row=row)
    assert SupportVisit.objects.get() == visit


def test_the_first_visit_is_a_todo_until_made(world, town_staff):
    person = handed_over(town_staff, notify(town_staff, world.yatou_village))

    titles = [item.title for item in todos_for(town_staff)]
    assert "刑满释放人员待首次走访：王建国" in titles

    services.support_visit_record(
        acting_user=town_staff,
        person_id=person.pk,
        row=VisitRow(visited_on=datetime.date(2022, 6, 3), kind="home", visitor="司法所张三"),
    )
    titles = [item.title for item in todos_for(town_staff)]
    assert "刑满释放人员待首次走访：王建国" not in titles


def test_a_pathway_declined_needs_the_reason(world, town_staff):
    person = notify(town_staff, world.yatou_village)
    housing = SupportPathway.objects.get(person=person, pathway="housing")

    with pytest.raises(ValidationError) as refused:
        services.support_pathway_update(
            acting_user=town_staff, pathway_id=housing.pk, status="declined", on=TODAY
        )
    assert "note" in refused.value.message_dict

    services.support_pathway_update(
        acting_user=town_staff,
        pathway_id=housing.pk,
        status="in_progress",
        on=TODAY,
        note="协调廉租房",
    )
    housing.refresh_from_db()
    assert (housing.status, housing.changed_on, housing.note) == (
        "in_progress",
        TODAY,
        "协调廉租房",
    )


def test_a_pathway_of_another_town_is_out_of_scope(world, town_staff, other_town_staff):
    person = notify(town_staff, world.yatou_village)
    housing = SupportPathway.objects.get(person=person, pathway="housing")

    from django.http import Http404

    with pytest.raises(Http404):
        services.support_pathway_update(
            acting_user=other_town_staff, pathway_id=housing.pk, status="done", on=TODAY
        )

    housing.refresh_from_db()
    assert housing.status == "not_started"


# The end -----------------------------------------------------------------------------------


def _in_support(user, region, **overrides) -> Person:
    person = handed_over(user, notify(user, region, **overrides))
    return services.released_person_report(acting_user=user, person_id=person.pk, on=RELEASE)


def test_support_ends_only_at_the_end_of_the_period(world, town_staff):
    person = _in_support(town_staff, world.yatou_village)

    with pytest.raises(ValidationError) as refused:
        services.released_person_end_support(acting_user=town_staff, person_id=person.pk, on=TODAY)
    assert "期满前不能解除帮教" in refused.value.message_dict["ended_on"][0]

    with time_machine.travel(datetime.datetime.fromisoformat("2027-06-02T10:00:00+08:00")):
        titles = [item.title for item in todos_for(town_staff)]
        assert "帮教期满待解除：王建国" in titles
        person = services.released_person_end_support(
            acting_user=town_staff, person_id=person.pk, on=datetime.date(2027, 6, 1)
        )
    assert person.status == Person.Status.ENDED


def test_a_dated_support_period_applies_to_releases_from_its_day(world, town_staff):
    RuleParameterValue.objects.create(
        key=SUPPORT_YEARS,
        value=3,
        valid_from=datetime.date(2022, 6, 1),
        legal_basis="荣成市安置帮教工作规定",
        reason="本地规定",
    )

    before = notify(town_staff, world.yatou_village, release_on=datetime.date(2022, 5, 31))
    after = notify(town_staff, world.yatou_village, serial=2, release_on=datetime.date(2022, 6, 1))

    assert before.support_until == datetime.date(2027, 5, 31)
    assert after.support_until == datetime.date(2025, 6, 1)


def test_reoffending_closes_the_record_and_needs_an_account(world, town_staff):
    person = _in_support(town_staff, world.yatou_village)

    with pytest.raises(ValidationError) as refused:
        services.released_person_record_reoffence(
            acting_user=town_staff, person_id=person.pk, on=TODAY, note=""
        )
    assert "outcome_note" in refused.value.message_dict

    person = services.released_person_record_reoffence(
        acting_user=town_staff, person_id=person.pk, on=TODAY, note="因盗窃被刑事拘留"
    )
    assert person.status == Person.Status.REOFFENDED
    assert person.reoffended_on == TODAY
    # a closed record no longer blocks a new notice for the same person
    notify(town_staff, world.yatou_village, release_on=TODAY, notice_received_on=TODAY)


def test_lost_contact_can_be_restored_or_end_in_reoffending(world, town_staff):
    person = _in_support(town_staff, world.yatou_village)
    person = services.released_person_record_lost_contact(
        acting_user=town_staff, person_id=person.pk, on=datetime.date(2022, 6, 10), note="电话停机"
    )
    assert person.status == Person.Status.LOST_CONTACT

    with pytest.raises(InvalidTransition):
        services.released_person_end_support(acting_user=town_staff, person_id=person.pk, on=TODAY)

    person = services.released_person_restore_contact(
        acting_user=town_staff, person_id=person.pk, on=TODAY
    )
    assert person.status == Person.Status.IN_SUPPORT
    assert [step.action for step in transitions_of(person)][-2:] == ["失联", "恢复联系"]


# Several notices at once: the import ---------------------------------------------------------


def test_a_batch_names_each_bad_row_and_column_and_writes_nothing(world, town_staff):
    rows = [
        ReleasedPersonRow(notice=notice(world.yatou_village, serial=1)),
        ReleasedPersonRow(notice=notice(world.yatou_village, serial=2, prison="")),
        ReleasedPersonRow(notice=notice(world.yatou_village, serial=1)),
    ]

    with pytest.raises(ValidationError) as refused:
        services.released_persons_record(acting_user=town_staff, rows=rows)

    assert refused.value.message_dict["rows"] == [
        "第2行“服刑场所”请填写服刑场所",
        "第3行“身份证号”与第1行重复",
    ]
    assert not Person.objects.exists()


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in NOTICE_IMPORT.columns])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _file_row(serial: int, **overrides: object) -> list[object]:
    values = {
        "居住地区划代码": "371082007201",
        "姓名": "王建国",
        "性别": "男",
        "身份证号": id_number(serial),
        "联系电话": "13812345678",
        "居住地址": "东王家村8号",
        "服刑场所": "山东省潍北监狱",
        "原判罪名": "盗窃罪",
        "原判刑期": "2年",
        "释放日期": "2022-07-01",
        "收到通知日期": "2022-06-01",
        "重点帮教对象": "否",
        "列为重点的原因": "",
    }
    values.update(overrides)
    return list(values.values())


def test_import_takes_the_whole_file_or_nothing(world, town_staff, tmp_path):
    source = tmp_path / "notices.xlsx"
    source.write_bytes(
        _workbook(
            [
                _file_row(1),
                _file_row(2, 重点帮教对象="是"),
                _file_row(3, 居住地区划代码="371082001201"),
            ]
        )
    )

    outcome = notice_rows_import(acting_user=town_staff, source=source)

    assert outcome.written == 0
    # line 3: a key person without a reason; line 4: 宁津 is not 崖头's to register
    assert any(problem.startswith("第3行“列为重点的原因”") for problem in outcome.problems)
    assert any(problem.startswith("第4行") for problem in outcome.problems)
    assert not Person.objects.exists()


def test_a_clean_file_is_imported_as_a_whole(world, town_staff, tmp_path):
    source = tmp_path / "notices.xlsx"
    source.write_bytes(_workbook([_file_row(1), _file_row(2, 姓名="李海涛")]))

    outcome = notice_rows_import(acting_user=town_staff, source=source)

    assert (outcome.written, outcome.problems) == (2, ())
    assert set(Person.objects.values_list("name", "notice_source")) == {
        ("王建国", "imported"),
        ("李海涛", "imported"),
    }
    assert SupportPathway.objects.count() == 10
