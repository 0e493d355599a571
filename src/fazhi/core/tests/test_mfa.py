"""The TOTP second factor (§B7 S5): enrolment, the second login step, lockout, API, reset.

The personas are demo accounts, which are exempt from the MFA requirement; the accounts that
must use MFA here are real ones, made with user_create(is_demo=False) and a changed password.
"""

import datetime
import re

import pyotp
import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from fazhi.conftest import PASSWORD, login_client
from fazhi.core.checks import mfa_required_roles_check
from fazhi.core.exceptions import (
    AccountLocked,
    InvalidCredentials,
    InvalidOtp,
    PermissionDenied,
    SecondFactorRequired,
)
from fazhi.core.models import ApiToken, AuditLog, TotpDevice, User
from fazhi.core.roles import Role
from fazhi.core.services.accounts import (
    membership_grant,
    user_authenticate,
    user_authenticate_second_factor,
    user_change_password,
    user_create,
)
from fazhi.core.services.mfa import (
    totp_device_begin,
    totp_device_confirm,
    totp_device_reset,
    totp_verify,
)

pytestmark = pytest.mark.django_db

LIVE_PASSWORD = "Haibin-Road-2031"
# A whole minute: a TOTP step (30 s) starts here.
START = datetime.datetime(2026, 3, 2, 0, 30, tzinfo=datetime.UTC)
STEP = datetime.timedelta(seconds=30)
LOGIN = reverse("core:login")
LOGIN_OTP = reverse("core:login-otp")
ENROL = reverse("core:totp-enrol")
HOME = reverse("core:home")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _real_account(username, organization, role):
    """A non-demo account that has already replaced its initial password."""
    user = user_create(acting_user=None, username=username, full_name="王海", password=PASSWORD)
    membership_grant(acting_user=None, user=user, organization=organization, role=role)
    user_change_password(user=user, old_password=PASSWORD, new_password=LIVE_PASSWORD)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def admin_account(world):
    return _real_account("admin-wang", world.government, Role.SYSTEM_ADMIN)


@pytest.fixture
def staff_account(world):
    return _real_account("dept-liu", world.market, Role.DEPARTMENT)


def _code(secret):
    return pyotp.TOTP(secret).now()


def _wrong_code(secret):
    """A code that no step within the accepted clock drift would produce."""
    totp = pyotp.TOTP(secret)
    now = datetime.datetime.now(tz=datetime.UTC)
    accepted = {totp.at(now + STEP * shift) for shift in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222") if code not in accepted)


def _enrol(user, clock):
    """Enrol an authenticator, then move on a step so the enrolment code is not the next one."""
    device = totp_device_begin(user=user)
    totp_device_confirm(user=user, code=_code(device.secret))
    clock.shift(STEP)
    return device.secret


def _fresh(user):
    return User.objects.get(pk=user.pk)


def _text(response):
    return response.content.decode()


def _logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def _password_step(client, user):
    return client.post(LOGIN, {"username": user.username, "password": LIVE_PASSWORD})


# Who must enrol.


def test_an_administrator_without_an_authenticator_is_sent_to_enrol(admin_account):
    client = Client()

    login = _password_step(client, admin_account)

    assert login["Location"] == HOME
    assert client.get(HOME)["Location"] == ENROL
    assert client.get(reverse("core:user-list"))["Location"] == ENROL
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "请先启用动态口令" in _text(page)
    assert "<svg" in _text(page)
    secret = TotpDevice.objects.get(user=admin_account).secret
    assert " ".join(re.findall(".{4}", secret)) in _text(page)


def test_a_demo_administrator_is_exempt(sysadmin):
    assert not sysadmin.mfa_required()
    assert login_client(sysadmin).get(HOME).status_code == 200


def test_other_roles_are_not_forced_to_enrol(staff_account):
    client = login_client(staff_account)

    assert client.get(HOME).status_code == 200
    page = _text(client.get(reverse("core:account-security")))
    assert "未启用" in page
    assert ENROL in page
    assert not TotpDevice.objects.filter(user=staff_account).exists()


@override_settings(MFA_REQUIRED_ROLES=[Role.DEPARTMENT.value])
def test_the_roles_that_require_mfa_come_from_the_setting(admin_account, staff_account):
    assert staff_account.mfa_required()
    assert not admin_account.mfa_required()
    assert login_client(staff_account).get(HOME)["Location"] == ENROL
    assert login_client(admin_account).get(HOME).status_code == 200


@override_settings(MFA_REQUIRED_ROLES=["system_admin", "sytem_admin"])
def test_a_misspelt_role_in_the_setting_stops_the_start(db):
    errors = mfa_required_roles_check()

    assert [error.id for error in errors] == ["fazhi.E001"]
    assert "sytem_admin" in errors[0].msg


# Enrolment.


def test_enrolment_with_a_wrong_code_is_refused(admin_account):
    client = login_client(admin_account)
    client.get(ENROL)
    secret = TotpDevice.objects.get(user=admin_account).secret
    wrong = f"{(int(_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(ENROL, {"code": wrong})

    assert response.status_code == 400
    assert "动态口令不正确" in _text(response)
    assert TotpDevice.objects.get(user=admin_account).confirmed_at is None
    assert not AuditLog.objects.filter(event=AuditLog.Event.MFA_ENABLED).exists()
    assert client.get(HOME)["Location"] == ENROL


def test_enrolment_with_the_right_code_turns_the_authenticator_on(admin_account):
    client = login_client(admin_account)
    page = _text(client.get(ENROL))
    # The secret as the page shows it, for typing into the app: it must be the one that works.
    shown = re.search(r"fz-totp-secret[^>]*>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")

    response = client.post(ENROL, {"code": _code(shown)})

    assert response["Location"] == HOME
    assert TotpDevice.objects.get(user=admin_account).confirmed_at is not None
    assert AuditLog.objects.get(event=AuditLog.Event.MFA_ENABLED).user == admin_account
    assert client.get(HOME).status_code == 200
    assert "已启用" in _text(client.get(reverse("core:account-security")))


def test_reloading_the_enrolment_page_keeps_the_secret(staff_account):
    first = totp_device_begin(user=staff_account)
    second = totp_device_begin(user=staff_account)

    assert first.pk == second.pk
    assert first.secret == second.secret


def test_the_secret_is_stored_encrypted(staff_account):
    device = totp_device_begin(user=staff_account)

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM core_totpdevice WHERE id = %s", [device.pk])
        (stored,) = cursor.fetchone()

    assert device.secret not in stored
    assert stored.startswith(f"{settings.FIELD_CIPHER}:")


def test_an_enrolled_user_cannot_start_over_without_a_reset(staff_account, clock):
    secret = _enrol(staff_account, clock)

    with pytest.raises(ValidationError):
        totp_device_begin(user=staff_account)

    assert TotpDevice.objects.get(user=staff_account).secret == secret


# Logging in with the code.


def test_login_asks_for_the_code_once_enrolled(admin_account, clock):
    secret = _enrol(admin_account, clock)
    logins_before = AuditLog.objects.filter(event=AuditLog.Event.LOGIN).count()
    client = Client()

    password_step = _password_step(client, admin_account)

    assert password_step["Location"] == LOGIN_OTP
    assert not _logged_in(client, admin_account)
    assert client.get(HOME)["Location"].startswith(LOGIN)
    page = client.get(LOGIN_OTP)
    assert page.status_code == 200
    assert "动态口令验证" in _text(page)
    # The LOGIN row is written only once the code is right.
    assert AuditLog.objects.filter(event=AuditLog.Event.LOGIN).count() == logins_before

    code_step = client.post(LOGIN_OTP, {"code": _code(secret)})

    assert code_step["Location"] == HOME
    assert _logged_in(client, admin_account)
    assert client.get(HOME).status_code == 200
    assert AuditLog.objects.filter(event=AuditLog.Event.LOGIN).count() == logins_before + 1


def test_the_second_step_keeps_a_local_next(staff_account, clock):
    secret = _enrol(staff_account, clock)
    client = Client()

    password_step = client.post(
        f"{LOGIN}?next=/enterprises/",
        {"username": staff_account.username, "password": LIVE_PASSWORD},
    )
    code_step = client.post(password_step["Location"], {"code": _code(secret)})

    assert password_step["Location"] == f"{LOGIN_OTP}?next=%2Fenterprises%2F"
    assert code_step["Location"] == "/enterprises/"


def test_a_wrong_code_on_the_second_step_counts_and_is_audited(staff_account, clock):
    secret = _enrol(staff_account, clock)
    client = Client()
    _password_step(client, staff_account)

    response = client.post(LOGIN_OTP, {"code": _wrong_code(secret)})

    assert response.status_code == 400
    assert "动态口令错误，再失败4次账户将被锁定" in _text(response)
    assert not _logged_in(client, staff_account)
    assert _fresh(staff_account).failed_login_count == 1
    failure = AuditLog.objects.get(event=AuditLog.Event.LOGIN_FAILED)
    assert (failure.user, failure.message) == (staff_account, "动态口令错误")
    assert not failure.success


def test_the_code_step_without_the_password_step_goes_back_to_login(db):
    response = Client().get(LOGIN_OTP)

    assert response["Location"] == LOGIN


def test_a_half_finished_login_expires_after_five_minutes(staff_account, clock):
    secret = _enrol(staff_account, clock)
    client = Client()
    _password_step(client, staff_account)

    clock.shift(datetime.timedelta(minutes=5, seconds=1))
    response = client.post(LOGIN_OTP, {"code": _code(secret)})

    assert response["Location"] == LOGIN
    assert not _logged_in(client, staff_account)


def test_a_replayed_code_is_refused(staff_account, clock):
    secret = _enrol(staff_account, clock)
    code = _code(secret)
    user_authenticate(username=staff_account.username, password=LIVE_PASSWORD, otp=code)

    with pytest.raises(InvalidOtp, match="动态口令错误"):
        user_authenticate(username=staff_account.username, password=LIVE_PASSWORD, otp=code)

    assert _fresh(staff_account).failed_login_count == 1
    clock.shift(STEP)
    fresh_code = _code(secret)
    assert fresh_code != code
    user = user_authenticate(
        username=staff_account.username, password=LIVE_PASSWORD, otp=fresh_code
    )
    assert user == staff_account


def test_a_code_of_the_previous_step_is_accepted_for_clock_drift(staff_account, clock):
    secret = _enrol(staff_account, clock)
    late_code = _code(secret)

    clock.shift(STEP)
    assert totp_verify(user=staff_account, code=late_code)

    clock.shift(STEP * 2)
    stale_code = _code(secret)
    clock.shift(STEP * 2)
    assert not totp_verify(user=staff_account, code=stale_code)


def test_wrong_codes_lock_the_account_at_the_limit(staff_account, clock):
    secret = _enrol(staff_account, clock)
    with pytest.raises(SecondFactorRequired) as pending:
        user_authenticate(username=staff_account.username, password=LIVE_PASSWORD)

    refusals = []
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        with pytest.raises((InvalidOtp, AccountLocked)) as refused:
            user_authenticate_second_factor(user_id=pending.value.user_id, otp=_wrong_code(secret))
        refusals.append(refused.value)

    assert [type(refusal) for refusal in refusals] == [InvalidOtp] * 4 + [AccountLocked]
    assert refusals[0].message == "动态口令错误，再失败4次账户将被锁定"
    # Locked: even the right code is refused now.
    with pytest.raises(AccountLocked):
        user_authenticate_second_factor(user_id=staff_account.pk, otp=_code(secret))
    assert AuditLog.objects.filter(event=AuditLog.Event.LOCKED, user=staff_account).count() == 1


def test_wrong_passwords_and_wrong_codes_share_one_count(staff_account, clock):
    secret = _enrol(staff_account, clock)
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            user_authenticate(username=staff_account.username, password="wrong-password")

    wrong = _wrong_code(secret)
    with pytest.raises(InvalidOtp, match="再失败1次"):
        user_authenticate(username=staff_account.username, password=LIVE_PASSWORD, otp=wrong)
    with pytest.raises(AccountLocked):
        user_authenticate(username=staff_account.username, password=LIVE_PASSWORD, otp=wrong)


def test_a_right_password_alone_does_not_reset_the_count(staff_account, clock):
    # Otherwise re-entering the password between guesses would allow endless code guessing.
    wrong = _wrong_code(_enrol(staff_account, clock))
    for _ in range(4):
        with pytest.raises(InvalidOtp):
            user_authenticate(username=staff_account.username, password=LIVE_PASSWORD, otp=wrong)

    with pytest.raises(SecondFactorRequired):
        user_authenticate(username=staff_account.username, password=LIVE_PASSWORD)

    assert _fresh(staff_account).failed_login_count == 4


def test_the_right_code_resets_the_count(staff_account, clock):
    secret = _enrol(staff_account, clock)
    with pytest.raises(InvalidOtp):
        user_authenticate(
            username=staff_account.username, password=LIVE_PASSWORD, otp=_wrong_code(secret)
        )

    user_authenticate(username=staff_account.username, password=LIVE_PASSWORD, otp=_code(secret))

    assert _fresh(staff_account).failed_login_count == 0


def test_locking_on_the_second_step_sends_back_to_login(staff_account, clock):
    wrong = _wrong_code(_enrol(staff_account, clock))
    client = Client()
    _password_step(client, staff_account)
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post(LOGIN_OTP, {"code": wrong})

    response = client.post(LOGIN_OTP, {"code": wrong}, follow=True)

    assert response.redirect_chain[0][0] == LOGIN
    assert "账户已因连续5次登录失败被锁定" in _text(response)
    assert not _logged_in(client, staff_account)
    assert _fresh(staff_account).is_locked()


# API tokens.


def _post_token(**body):
    return Client().post("/api/v1/auth/token", body, content_type="application/json")


def test_an_api_token_needs_the_code_of_an_enrolled_account(staff_account, clock):
    secret = _enrol(staff_account, clock)
    credentials = {"username": staff_account.username, "password": LIVE_PASSWORD}

    without = _post_token(**credentials)
    wrong = _post_token(**credentials, otp=_wrong_code(secret))
    right = _post_token(**credentials, otp=_code(secret))

    assert without.status_code == 401
    assert without.json()["code"] == "otp_required"
    assert without.json()["message"] == "该账户已启用双因素认证，请提供动态口令"
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "otp_required"
    assert wrong.json()["message"] == "动态口令错误，再失败4次账户将被锁定"
    assert right.status_code == 200
    assert ApiToken.objects.filter(user=staff_account).count() == 1


def test_an_api_token_needs_no_code_without_an_authenticator(staff_account):
    response = _post_token(username=staff_account.username, password=LIVE_PASSWORD)

    assert response.status_code == 200


def test_an_api_token_with_a_wrong_password_never_asks_for_the_code(staff_account, clock):
    _enrol(staff_account, clock)

    response = _post_token(username=staff_account.username, password="wrong-password")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


# Reset by the security administrator.


def test_the_security_admin_resets_an_authenticator(admin_account, security_admin, clock):
    _enrol(admin_account, clock)
    client = login_client(security_admin)
    detail = _text(client.get(reverse("core:user-detail", args=[admin_account.pk])))
    assert "重置动态口令" in detail

    response = client.post(reverse("core:user-totp-reset", args=[admin_account.pk]))

    assert response["Location"] == reverse("core:user-detail", args=[admin_account.pk])
    assert not TotpDevice.objects.filter(user=admin_account).exists()
    reset = AuditLog.objects.get(event=AuditLog.Event.MFA_RESET)
    assert (reset.user, reset.object_id) == (security_admin, str(admin_account.pk))
    # Password alone again, then straight to enrolling a new authenticator.
    admin_client = Client()
    assert _password_step(admin_client, admin_account)["Location"] == HOME
    assert admin_client.get(HOME)["Location"] == ENROL


@pytest.mark.parametrize("persona_name", ["department_officer", "sysadmin", "audit_admin"])
def test_others_cannot_reset_an_authenticator(request, staff_account, clock, persona_name):
    _enrol(staff_account, clock)
    acting_user = request.getfixturevalue(persona_name)

    with pytest.raises(PermissionDenied):
        totp_device_reset(acting_user=acting_user, user_id=staff_account.pk)

    assert TotpDevice.objects.get(user=staff_account).confirmed_at is not None
    assert not AuditLog.objects.filter(event=AuditLog.Event.MFA_RESET).exists()


def test_a_department_user_gets_403_from_the_reset_page(staff_account, department_officer, clock):
    _enrol(staff_account, clock)

    response = login_client(department_officer).post(
        reverse("core:user-totp-reset", args=[staff_account.pk])
    )

    assert response.status_code == 403
    assert TotpDevice.objects.filter(user=staff_account).exists()
    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=department_officer).exists()


def test_the_security_admin_cannot_reset_their_own(security_admin, clock):
    _enrol(security_admin, clock)

    with pytest.raises(ValidationError):
        totp_device_reset(acting_user=security_admin, user_id=security_admin.pk)

    assert TotpDevice.objects.filter(user=security_admin).exists()
    assert not AuditLog.objects.filter(event=AuditLog.Event.MFA_RESET).exists()
