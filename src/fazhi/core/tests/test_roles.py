import itertools

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import AuditLog, Membership
from fazhi.core.roles import ADMIN_ROLES, ROLE_CAPABILITIES, Capability, Role
from fazhi.core.services.accounts import membership_grant, user_create, user_unlock

pytestmark = pytest.mark.django_db

BUSINESS_CAPABILITIES = frozenset().union(
    *(capabilities for role, capabilities in ROLE_CAPABILITIES.items() if role not in ADMIN_ROLES)
)


def test_every_role_declares_its_capabilities():
    assert set(ROLE_CAPABILITIES) == set(Role.values)


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(sorted(ADMIN_ROLES), 2)))
def test_the_three_administrators_share_no_capability(first, second):
    # 三员分立 (GB/T 22239-2019 8.1.4.2d): system, security and audit administration are disjoint.
    assert not ROLE_CAPABILITIES[first] & ROLE_CAPABILITIES[second]


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_no_administrator_holds_a_business_capability(role):
    assert ROLE_CAPABILITIES[role]
    assert not ROLE_CAPABILITIES[role] & BUSINESS_CAPABILITIES


def test_each_administrator_persona_holds_exactly_its_function(
    world, sysadmin, security_admin, audit_admin
):
    assert sysadmin.capabilities == {
        Capability.MANAGE_USERS,
        Capability.MANAGE_CODE_LISTS,
        Capability.MANAGE_CALENDAR,
    }
    assert security_admin.capabilities == {Capability.GRANT_ROLES, Capability.UNLOCK_ACCOUNTS}
    assert audit_admin.capabilities == {Capability.VIEW_AUDIT_LOG, Capability.EXPORT_AUDIT_LOG}


def test_only_the_audit_admin_reads_the_audit_log(
    world, sysadmin, security_admin, audit_admin, bureau_staff
):
    assert AuditLog.objects.visible_to(audit_admin).exists()
    for user in (sysadmin, security_admin, bureau_staff):
        assert not AuditLog.objects.visible_to(user).exists()


def test_the_system_admin_cannot_grant_roles(world, sysadmin, town_staff):
    with pytest.raises(PermissionDenied):
        membership_grant(
            acting_user=sysadmin,
            user=town_staff,
            organization=world.bureau,
            role=Role.BUREAU_REVIEW,
        )

    assert not Membership.objects.filter(user=town_staff, role=Role.BUREAU_REVIEW).exists()


def test_the_security_admin_cannot_create_accounts(world, security_admin):
    with pytest.raises(PermissionDenied):
        user_create(
            acting_user=security_admin,
            username="shadow",
            full_name="影子",
            password="Shadow-Pass-2022",
        )


def test_the_audit_admin_cannot_unlock_accounts(world, audit_admin, town_staff):
    with pytest.raises(PermissionDenied):
        user_unlock(user_id=town_staff.pk, acting_user=audit_admin)


@pytest.mark.parametrize(
    ("holder", "second_role"),
    [
        ("sysadmin", Role.SECURITY_ADMIN),
        ("sysadmin", Role.AUDIT_ADMIN),
        ("security_admin", Role.AUDIT_ADMIN),
        ("security_admin", Role.SYSTEM_ADMIN),
        ("audit_admin", Role.SECURITY_ADMIN),
    ],
)
def test_no_one_is_granted_a_second_administrator_role(
    request, world, security_admin, holder, second_role
):
    user = request.getfixturevalue(holder)

    with pytest.raises(ValidationError) as refused:
        membership_grant(
            acting_user=security_admin, user=user, organization=world.government, role=second_role
        )

    assert list(refused.value.message_dict) == ["role"]
    assert "三员分立" in refused.value.message_dict["role"][0]
    assert not Membership.objects.filter(user=user, role=second_role).exists()


def test_the_same_administrator_role_may_be_granted_again(world, security_admin, sysadmin):
    membership_grant(
        acting_user=security_admin,
        user=sysadmin,
        organization=world.government,
        role=Role.SYSTEM_ADMIN,
    )

    assert Membership.objects.filter(user=sysadmin, role=Role.SYSTEM_ADMIN).count() == 1
