import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.core.exceptions import AccountLocked, InvalidCredentials, PermissionDenied
from fazhi.core.models import AuditLog, PasswordHistory, User
from fazhi.core.services.accounts import (
    user_authenticate,
    user_change_password,
    user_create,
    user_unlock,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Rongcheng-Law-2023"


def _fail(username, times):
    errors = []
    for _ in range(times):
        with pytest.raises((InvalidCredentials, AccountLocked)) as refused:
            user_authenticate(username=username, password="wrong-password")
        errors.append(refused.value)
    return errors


def _fresh(user):
    return User.objects.get(pk=user.pk)


# Lockout: S1.


def test_the_right_password_logs_in(world, town_staff):
    assert user_authenticate(username="town-yatou", password=PASSWORD) == town_staff


def test_each_failure_says_how_many_attempts_are_left(world, town_staff):
    errors = _fail("town-yatou", 2)

    assert [error.message for error in errors] == [
        "用户名或密码错误，再失败4次账户将被锁定",
        "用户名或密码错误，再失败3次账户将被锁定",
    ]


def test_an_unknown_username_gets_the_plain_message(world):
    with pytest.raises(InvalidCredentials, match=r"^用户名或密码错误$"):
        user_authenticate(username="nobody", password=PASSWORD)


def test_the_sixth_attempt_is_refused_even_with_the_right_password(world, town_staff):
    assert settings.LOGIN_FAILURE_LIMIT == 5
    errors = _fail("town-yatou", 5)

    with pytest.raises(AccountLocked) as refused:
        user_authenticate(username="town-yatou", password=PASSWORD)

    assert isinstance(errors[-1], AccountLocked)
    assert "连续5次登录失败被锁定" in refused.value.message
    assert _fresh(town_staff).failed_login_count == 5


def test_the_account_opens_again_after_thirty_minutes(world, town_staff):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail("town-yatou", 5)
        traveller.shift(datetime.timedelta(minutes=29))
        with pytest.raises(AccountLocked):
            user_authenticate(username="town-yatou", password=PASSWORD)

        traveller.shift(datetime.timedelta(minutes=1, seconds=1))
        user = user_authenticate(username="town-yatou", password=PASSWORD)

    assert user == town_staff
    assert (_fresh(town_staff).failed_login_count, _fresh(town_staff).locked_until) == (0, None)


def test_a_success_resets_the_failure_count(world, town_staff):
    _fail("town-yatou", 4)
    user_authenticate(username="town-yatou", password=PASSWORD)

    errors = _fail("town-yatou", 1)

    assert isinstance(errors[0], InvalidCredentials)
    assert errors[0].message.endswith("再失败4次账户将被锁定")


def test_an_inactive_account_cannot_log_in(world, town_staff):
    User.objects.filter(pk=town_staff.pk).update(is_active=False)

    with pytest.raises(InvalidCredentials):
        user_authenticate(username="town-yatou", password=PASSWORD)


def test_the_security_admin_unlocks_an_account(world, town_staff, security_admin):
    _fail("town-yatou", 5)

    user_unlock(user_id=town_staff.pk, acting_user=security_admin)

    assert user_authenticate(username="town-yatou", password=PASSWORD) == town_staff
    assert AuditLog.objects.filter(event=AuditLog.Event.UNLOCKED, user=security_admin).exists()


@pytest.mark.parametrize("persona_name", ["department_officer", "sysadmin", "audit_admin"])
def test_others_cannot_unlock_an_account(request, world, town_staff, persona_name):
    acting_user = request.getfixturevalue(persona_name)
    _fail("town-yatou", 5)
    locked_until = _fresh(town_staff).locked_until

    with pytest.raises(PermissionDenied):
        user_unlock(user_id=town_staff.pk, acting_user=acting_user)

    assert (_fresh(town_staff).failed_login_count, _fresh(town_staff).locked_until) == (
        5,
        locked_until,
    )
    assert not AuditLog.objects.filter(event=AuditLog.Event.UNLOCKED).exists()
    with pytest.raises(AccountLocked):
        user_authenticate(username="town-yatou", password=PASSWORD)


# Password policy: S4.


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!xyz", "密码长度太短，至少需要8个字符"),
        ("abcdefgh2023", "密码须至少包含小写字母、大写字母、数字、符号中的三类"),
        ("RONGCHENG2023", "密码须至少包含小写字母、大写字母、数字、符号中的三类"),
        ("Admin@123", "该密码过于常见，容易被猜到"),
        ("P@ssw0rd", "该密码过于常见，容易被猜到"),
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(world, town_staff, password, message):
    with pytest.raises(ValidationError) as refused:
        user_change_password(user=town_staff, old_password=PASSWORD, new_password=password)

    assert list(refused.value.message_dict) == ["new_password"]
    assert any(text.startswith(message) for text in refused.value.message_dict["new_password"])
    assert _fresh(town_staff).check_password(PASSWORD)


def test_a_strong_password_is_accepted_and_clears_the_forced_change(world):
    user = user_create(acting_user=None, username="newcomer", full_name="新同事", password=PASSWORD)
    assert user.must_change_password

    user_change_password(user=user, old_password=PASSWORD, new_password=NEW_PASSWORD)

    changed = _fresh(user)
    assert changed.check_password(NEW_PASSWORD)
    assert not changed.must_change_password
    assert AuditLog.objects.filter(event=AuditLog.Event.PASSWORD_CHANGED, user=user).exists()


def test_the_old_password_must_be_right(world, town_staff):
    with pytest.raises(ValidationError) as refused:
        user_change_password(user=town_staff, old_password="wrong", new_password=NEW_PASSWORD)

    assert refused.value.message_dict == {"old_password": ["原密码不正确"]}


def test_the_new_password_must_differ(world, town_staff):
    with pytest.raises(ValidationError) as refused:
        user_change_password(user=town_staff, old_password=PASSWORD, new_password=PASSWORD)

    assert refused.value.message_dict == {"new_password": ["新密码不能与原密码相同"]}


# Password history: S4.

LATER_PASSWORDS = [f"Rongcheng-Law-{year}" for year in range(2031, 2039)]


def _change_through(user, passwords):
    """Change the password to each of `passwords` in turn; return the last one."""
    current = PASSWORD
    for password in passwords:
        user_change_password(user=user, old_password=current, new_password=password)
        current = password
    return current


def test_a_recently_used_password_is_refused_and_nothing_changes(world):
    user = user_create(acting_user=None, username="clerk", full_name="办事员", password=PASSWORD)
    current = _change_through(user, LATER_PASSWORDS[:2])
    history_before = list(PasswordHistory.objects.filter(user=user).values_list("pk", flat=True))
    changes_before = AuditLog.objects.filter(event=AuditLog.Event.PASSWORD_CHANGED).count()

    with pytest.raises(ValidationError) as refused:
        user_change_password(user=user, old_password=current, new_password=PASSWORD)

    assert refused.value.message_dict == {"new_password": ["新密码不能与最近5次使用过的密码相同"]}
    assert _fresh(user).check_password(current)
    assert list(PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)) == (
        history_before
    )
    assert AuditLog.objects.filter(event=AuditLog.Event.PASSWORD_CHANGED).count() == changes_before


@pytest.mark.parametrize(
    ("newer_passwords", "allowed"),
    [pytest.param(4, False, id="after_4_newer"), pytest.param(5, True, id="after_5_newer")],
)
def test_a_password_may_come_back_after_five_newer_ones(world, newer_passwords, allowed):
    user = user_create(acting_user=None, username="clerk", full_name="办事员", password=PASSWORD)
    current = _change_through(user, LATER_PASSWORDS[:newer_passwords])

    if allowed:
        user_change_password(user=user, old_password=current, new_password=PASSWORD)
        assert _fresh(user).check_password(PASSWORD)
    else:
        with pytest.raises(ValidationError, match="最近5次"):
            user_change_password(user=user, old_password=current, new_password=PASSWORD)
        assert _fresh(user).check_password(current)


def test_only_the_last_five_password_hashes_are_kept(world):
    user = user_create(acting_user=None, username="clerk", full_name="办事员", password=PASSWORD)
    assert PasswordHistory.objects.filter(user=user).count() == 1

    current = _change_through(user, LATER_PASSWORDS[:7])

    kept = PasswordHistory.objects.filter(user=user)
    assert kept.count() == 5
    # Newest first, and the newest is the current password: only hashes are stored.
    assert kept.first().password == _fresh(user).password
    assert current not in {entry.password for entry in kept}


@override_settings(PASSWORD_HISTORY=8)
def test_the_history_length_comes_from_the_setting(world):
    user = user_create(acting_user=None, username="clerk", full_name="办事员", password=PASSWORD)
    current = _change_through(user, LATER_PASSWORDS[:6])

    with pytest.raises(ValidationError) as refused:
        user_change_password(user=user, old_password=current, new_password=PASSWORD)

    assert refused.value.message_dict == {"new_password": ["新密码不能与最近8次使用过的密码相同"]}


def test_an_initial_password_must_meet_the_policy(world, sysadmin):
    with pytest.raises(ValidationError) as refused:
        user_create(acting_user=sysadmin, username="weak", full_name="弱口令", password="abc12345")

    assert list(refused.value.message_dict) == ["password"]
    assert not User.objects.filter(username="weak").exists()


def test_only_the_system_admin_creates_accounts(world, security_admin):
    with pytest.raises(PermissionDenied):
        user_create(
            acting_user=security_admin, username="extra", full_name="多余", password=NEW_PASSWORD
        )

    assert not User.objects.filter(username="extra").exists()


def test_a_password_expires_after_ninety_days(world):
    user = user_create(acting_user=None, username="clerk", full_name="办事员", password=PASSWORD)

    changed_at = user.password_changed_at

    assert not user.password_expired(now=changed_at + datetime.timedelta(days=90))
    assert user.password_expired(now=changed_at + datetime.timedelta(days=90, seconds=1))
