import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog
from fazhi.legalservice.models import LegalLiaison, ServiceStation, VillageAdviser
from fazhi.legalservice.services import (
    AdviserRow,
    LiaisonRow,
    adviser_appoint,
    liaison_register,
    liaisons_register,
    station_create,
    stations_create,
)
from fazhi.legalservice.tests.conftest import station_row

pytestmark = pytest.mark.django_db

ID_NUMBER = "371082198001011234"
DAY = datetime.date(2022, 5, 10)


def _liaison(world, **overrides):
    values = {
        "village": world.yatou_village,
        "name": "王建国",
        "id_number": ID_NUMBER,
        "source": LegalLiaison.Source.PARTY_MEMBER,
        "selected_on": DAY,
        "phone": "13812345678",
    }
    values.update(overrides)
    return LiaisonRow(**values)


def test_the_bureau_sets_up_a_village_room_with_an_audit_row(world, bureau_staff):
    station = station_create(acting_user=bureau_staff, row=station_row(world.yatou_village))

    assert station.level == ServiceStation.Level.VILLAGE
    assert AuditLog.objects.filter(
        object_id=str(station.pk), message="设立公共法律服务站点"
    ).exists()


@pytest.mark.parametrize(
    ("level_case", "place"),
    [(ServiceStation.Level.VILLAGE, "yatou"), (ServiceStation.Level.TOWN, "yatou_village")],
)
def test_a_station_must_sit_at_its_level(world, bureau_staff, level_case, place):
    with pytest.raises(ValidationError) as error:
        station_create(acting_user=bureau_staff, row=station_row(getattr(world, place), level_case))

    assert "不能设在" in error.value.message_dict["region"][0]


def test_a_village_has_one_room(world, bureau_staff, network):
    with pytest.raises(ValidationError) as error:
        station_create(acting_user=bureau_staff, row=station_row(world.yatou_village))

    assert "已设有" in error.value.message_dict["region"][0]


def test_a_town_office_does_not_set_up_stations(world, town_staff):
    with pytest.raises(PermissionDenied):
        station_create(acting_user=town_staff, row=station_row(world.yatou_village))

    assert not ServiceStation.objects.exists()


def test_a_batch_of_stations_names_every_bad_row_and_writes_nothing(world, bureau_staff):
    with pytest.raises(ValidationError) as error:
        stations_create(
            acting_user=bureau_staff,
            rows=[
                station_row(world.yatou_village),
                station_row(world.yatou_village),
                station_row(world.ningjin_village, name=""),
            ],
            first_line=2,
        )

    assert error.value.message_dict["rows"] == [
        "第3行“所在区划”“东王家村”已设有村居公共法律服务工作室",
        "第4行“名称”此字段不能为空。",
    ]
    assert not ServiceStation.objects.exists()


def test_an_adviser_term_cannot_end_before_it_starts(world, bureau_staff):
    row = AdviserRow(
        village=world.yatou_village,
        name="张律师",
        profession=VillageAdviser.Profession.LAWYER,
        workplace="山东荣成正义律师事务所",
        term_start=DAY,
        term_end=DAY - datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as error:
        adviser_appoint(acting_user=bureau_staff, row=row)

    assert error.value.message_dict == {"term_end": ["聘期结束日期不能早于开始日期"]}


def test_a_liaisons_id_number_and_phone_are_encrypted_and_masked(world, town_staff):
    liaison = liaison_register(acting_user=town_staff, row=_liaison(world))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone FROM legalservice_legalliaison WHERE id = %s", [liaison.pk]
        )
        stored = cursor.fetchone()
    assert ID_NUMBER not in stored[0]
    assert "13812345678" not in stored[1]
    assert liaison.masked_id_number == "371082********1234"
    assert liaison.masked_phone == "138****5678"
    assert LegalLiaison.objects.get(id_number_digest=liaison.id_number_digest) == liaison


@pytest.mark.parametrize(
    ("overrides_case", "field", "words"),
    [
        ({"id_number": "371082198001011235"}, "id_number", "校验码"),
        ({"id_number": "3710821980"}, "id_number", "18位"),
        ({"phone": "0631-123"}, "phone", "手机号"),
        ({"trained_on": DAY - datetime.timedelta(days=1)}, "trained_on", "不能早于认定日期"),
        ({"selected_on": datetime.date(2099, 1, 1)}, "selected_on", "不能晚于今天"),
        ({"source": "neighbour"}, "source", "遴选来源"),
    ],
)
def test_a_liaison_is_refused_naming_the_field(world, town_staff, overrides_case, field, words):
    with pytest.raises(ValidationError) as error:
        liaison_register(acting_user=town_staff, row=_liaison(world, **overrides_case))

    assert words in " ".join(error.value.message_dict[field])
    assert not LegalLiaison.objects.exists()


def test_a_person_is_registered_as_liaison_once(world, town_staff):
    liaison_register(acting_user=town_staff, row=_liaison(world))

    with pytest.raises(ValidationError) as error:
        liaisons_register(acting_user=town_staff, rows=[_liaison(world, name="王建国")])

    assert error.value.message_dict["rows"] == ["第1行“身份证号”该身份证号已登记为法律明白人"]


def test_a_town_office_registers_liaisons_only_in_its_town(world, town_staff):
    with pytest.raises(PermissionDenied):
        liaisons_register(
            acting_user=town_staff,
            rows=[_liaison(world), _liaison(world, village=world.ningjin_village)],
        )

    assert not LegalLiaison.objects.exists()
