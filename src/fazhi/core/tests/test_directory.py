import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog, Enterprise, Organization, Person, Region
from fazhi.core.services.directory import (
    enterprise_create,
    enterprise_update,
    organization_create,
    person_create,
    person_reveal,
    person_view,
    region_create,
)

pytestmark = pytest.mark.django_db

VALID_USCC = "91371082MA3C6LTP32"


# Enterprises.


def test_an_enterprise_is_registered_with_its_code_upper_cased(world, sysadmin):
    enterprise = enterprise_create(
        acting_user=sysadmin,
        uscc=f" {VALID_USCC.lower()} ",
        name=" 荣成新建食品有限公司 ",
        region=world.yatou,
    )

    assert (enterprise.uscc, enterprise.name) == (VALID_USCC, "荣成新建食品有限公司")
    assert AuditLog.objects.filter(
        event=AuditLog.Event.CREATE, user=sysadmin, object_id=str(enterprise.pk)
    ).exists()


def test_a_wrong_credit_code_names_the_field_and_saves_nothing(world, sysadmin):
    before = Enterprise.objects.count()

    with pytest.raises(ValidationError) as refused:
        enterprise_create(
            acting_user=sysadmin, uscc="91371082MA3C6LTP33", name="某公司", region=world.yatou
        )

    assert refused.value.message_dict == {"uscc": ["统一社会信用代码校验位不正确"]}
    assert Enterprise.objects.count() == before


def test_a_credit_code_is_registered_once(world, sysadmin):
    with pytest.raises(ValidationError) as refused:
        enterprise_create(
            acting_user=sysadmin, uscc="91371082MA3C4TQX1J", name="重复", region=world.yatou
        )

    assert list(refused.value.message_dict) == ["uscc"]
    assert "已存在" in refused.value.message_dict["uscc"][0]


def test_an_enterprise_update_records_the_changed_fields(world, sysadmin):
    enterprise = world.enterprise_yatou

    enterprise_update(
        acting_user=sysadmin,
        enterprise_id=enterprise.pk,
        name="荣成崖头海洋食品有限公司",
        industry="水产加工",
    )

    enterprise.refresh_from_db()
    assert enterprise.name == "荣成崖头海洋食品有限公司"
    update = AuditLog.objects.get(event=AuditLog.Event.UPDATE)
    assert update.changes == {
        "name": ["荣成崖头水产有限公司", "荣成崖头海洋食品有限公司"],
        "industry": ["", "水产加工"],
    }


def test_the_credit_code_cannot_be_changed_by_an_update(world, sysadmin):
    with pytest.raises(ValidationError) as refused:
        enterprise_update(
            acting_user=sysadmin, enterprise_id=world.enterprise_yatou.pk, uscc=VALID_USCC
        )

    assert refused.value.message_dict == {"uscc": ["该字段不可修改"]}
    assert Enterprise.objects.get(pk=world.enterprise_yatou.pk).uscc == "91371082MA3C4TQX1J"


def test_a_department_cannot_edit_the_enterprise_register(world, department_officer):
    with pytest.raises(PermissionDenied):
        enterprise_update(
            acting_user=department_officer, enterprise_id=world.enterprise_yatou.pk, name="改名"
        )

    assert Enterprise.objects.get(pk=world.enterprise_yatou.pk).name == "荣成崖头水产有限公司"
    assert not AuditLog.objects.filter(event=AuditLog.Event.UPDATE).exists()


# Regions and organizations.


def test_a_region_must_lie_inside_its_parent(world, sysadmin):
    with pytest.raises(ValidationError) as refused:
        region_create(
            acting_user=sysadmin,
            code="371083002000",
            name="错位镇",
            level=Region.Level.TOWN,
            parent=world.county,
        )

    assert refused.value.message_dict == {
        "code": ["区划代码 371083002000 不在上级 荣成市(371082000000) 之内"]
    }
    assert not Region.objects.filter(code="371083002000").exists()


def test_a_region_code_is_validated(world, sysadmin):
    with pytest.raises(ValidationError) as refused:
        region_create(acting_user=sysadmin, code="371082", name="短码", level=Region.Level.COUNTY)

    assert refused.value.message_dict["code"] == ["区划代码应为12位数字"]


def test_only_code_list_maintainers_add_organizations(world, bureau_staff):
    with pytest.raises(PermissionDenied):
        organization_create(
            acting_user=bureau_staff,
            code="new-office",
            name="新设司法所",
            kind=Organization.Kind.JUDICIAL_OFFICE,
            region=world.yatou,
        )

    assert not Organization.objects.filter(code="new-office").exists()


# Persons.


def test_a_person_gets_birth_date_and_gender_from_the_id_number(world):
    person = person_create(
        acting_user=None,
        name="刘晓梅",
        id_number="371082199505052026",
        region=world.yatou_village,
        organization=world.office_yatou,
    )

    assert person.birth_date == datetime.date(1995, 5, 5)
    assert person.gender == Person.Gender.FEMALE


def test_a_wrong_id_number_names_the_field_and_saves_nothing(world):
    with pytest.raises(ValidationError) as refused:
        person_create(
            acting_user=None,
            name="刘晓梅",
            id_number="371082199505052027",
            region=world.yatou_village,
            organization=world.office_yatou,
        )

    assert refused.value.message_dict == {"id_number": ["身份证号校验码不正确，请核对最后一位"]}
    assert not Person.objects.filter(name="刘晓梅").exists()


def test_the_audit_row_of_a_new_person_hides_the_personal_data(world):
    creation = AuditLog.objects.filter(
        event=AuditLog.Event.CREATE, object_id=str(world.person_yatou.pk)
    ).get(object_type="core.Person")

    assert creation.changes == {
        "id_number": ["***", "***"],
        "phone": ["***", "***"],
        "address": ["***", "***"],
    }


def test_viewing_a_person_is_audited(world, bureau_staff):
    person = person_view(acting_user=bureau_staff, person_id=world.person_ningjin.pk)

    assert person == world.person_ningjin
    assert AuditLog.objects.filter(
        event=AuditLog.Event.VIEW_SENSITIVE, user=bureau_staff, object_id=str(person.pk)
    ).exists()


def test_viewing_a_person_needs_the_capability(world, bureau_reviewer):
    with pytest.raises(PermissionDenied):
        person_view(acting_user=bureau_reviewer, person_id=world.person_yatou.pk)

    assert not AuditLog.objects.filter(event=AuditLog.Event.VIEW_SENSITIVE).exists()


def test_revealing_a_person_is_audited(world, town_staff):
    revealed = person_reveal(acting_user=town_staff, person_id=world.person_yatou.pk)

    assert revealed["id_number"] == "371082198001011234"
    assert AuditLog.objects.filter(event=AuditLog.Event.REVEAL, user=town_staff).count() == 1


@pytest.mark.parametrize(
    ("persona_name", "person_name", "error"),
    [
        ("other_town_staff", "person_yatou", Http404),
        ("sysadmin", "person_yatou", Http404),
        ("department_officer", "person_yatou", Http404),
        ("department_officer", "person_market", PermissionDenied),
    ],
)
def test_others_cannot_reveal_a_person(request, world, persona_name, person_name, error):
    acting_user = request.getfixturevalue(persona_name)

    with pytest.raises(error):
        person_reveal(acting_user=acting_user, person_id=getattr(world, person_name).pk)

    assert not AuditLog.objects.filter(event=AuditLog.Event.REVEAL).exists()
