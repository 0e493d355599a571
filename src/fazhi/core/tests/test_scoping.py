import pytest

from fazhi.core.models import Enterprise, Organization, Person

pytestmark = pytest.mark.django_db


def test_town_staff_sees_only_enterprises_in_their_town(world, town_staff):
    visible = set(Enterprise.objects.visible_to(town_staff))

    assert visible == {world.enterprise_yatou}


def test_bureau_sees_its_county_but_not_the_neighbour(world, bureau_staff):
    visible = set(Enterprise.objects.visible_to(bureau_staff))

    assert visible == {world.enterprise_yatou, world.enterprise_ningjin}


def test_department_sees_persons_it_recorded_only(world, department_officer):
    assert set(Person.objects.visible_to(department_officer)) == {world.person_market}


def test_sysadmin_sees_no_sensitive_personal_records(world, sysadmin):
    assert not Person.objects.visible_to(sysadmin).exists()
    assert Organization.objects.visible_to(sysadmin).count() == Organization.objects.count()


def test_security_and_audit_admins_see_no_business_rows(world, security_admin, audit_admin):
    for admin in (security_admin, audit_admin):
        assert not Enterprise.objects.visible_to(admin).exists()
        assert not Person.objects.visible_to(admin).exists()
