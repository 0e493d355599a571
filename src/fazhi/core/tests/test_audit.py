import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory

from fazhi.conftest import PASSWORD
from fazhi.core.audit import GENESIS_HASH, audit_batch, audit_chain_verify, audit_record
from fazhi.core.exceptions import AuditLogImmutable, PermissionDenied
from fazhi.core.models import AuditLog
from fazhi.core.permissions import access_enterprise_by_id, denial_ensure_recorded
from fazhi.core.requestcontext import RequestContextMiddleware
from fazhi.core.services.accounts import user_authenticate, user_unlock

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _from_address(ip, action):
    """Run `action` as if serving a request from `ip`, the way views and the API do."""
    outcome = {}

    def view(request):
        outcome["value"] = action()
        return HttpResponse()

    RequestContextMiddleware(view)(RequestFactory().post("/", REMOTE_ADDR=ip))
    return outcome["value"]


def _request_token(username, password, ip):
    return Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def _rows(count, **values):
    return [
        audit_record(event=AuditLog.Event.EXPORT, message=f"导出{number}", **values)
        for number in range(count)
    ]


def _drop_audit_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER core_auditlog_guard ON core_auditlog")
        else:
            cursor.execute("DROP TRIGGER core_auditlog_no_update")
            cursor.execute("DROP TRIGGER core_auditlog_retention")


def _verify():
    try:
        call_command("audit_verify", stdout=(output := _Output()))
    except CommandError as error:
        return error
    return output.text


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


# Coverage: S9, S10.


def test_a_successful_login_is_logged_with_the_client_address(world, town_staff):
    _request_token("town-yatou", PASSWORD, "10.1.2.3")

    login = AuditLog.objects.get(event=AuditLog.Event.LOGIN)
    assert (login.user, login.username, login.ip_address, login.success) == (
        town_staff,
        "town-yatou",
        "10.1.2.3",
        True,
    )
    assert login.occurred_at.tzinfo is not None


def test_failed_logins_the_lock_and_attempts_while_locked_are_logged(world, town_staff):
    for _ in range(5):
        _request_token("town-yatou", "wrong-password", "10.1.2.4")
    _request_token("town-yatou", PASSWORD, "10.1.2.4")

    failures = AuditLog.objects.filter(event=AuditLog.Event.LOGIN_FAILED, user=town_staff)
    lock = AuditLog.objects.get(event=AuditLog.Event.LOCKED)
    # Five wrong passwords, then the right one refused because the account is locked.
    assert failures.count() == 6
    assert failures.first().message == "账户已锁定"  # newest first
    assert set(failures.values_list("ip_address", "success")) == {("10.1.2.4", False)}
    assert (lock.object_id, lock.ip_address) == (str(town_staff.pk), "10.1.2.4")


def test_a_login_with_an_unknown_username_is_logged(world):
    _request_token("nobody", "whatever", "10.1.2.5")

    failure = AuditLog.objects.get(event=AuditLog.Event.LOGIN_FAILED)
    assert (failure.user, failure.username, failure.ip_address) == (None, "nobody", "10.1.2.5")


def test_an_unlock_is_logged_with_the_client_address(world, town_staff, security_admin):
    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017, PT011 - InvalidCredentials, then AccountLocked
            user_authenticate(username="town-yatou", password="wrong-password")

    _from_address(
        "10.1.2.6", lambda: user_unlock(user_id=town_staff.pk, acting_user=security_admin)
    )

    unlock = AuditLog.objects.get(event=AuditLog.Event.UNLOCKED)
    assert (unlock.user, unlock.object_id, unlock.ip_address) == (
        security_admin,
        str(town_staff.pk),
        "10.1.2.6",
    )


def test_an_out_of_scope_request_is_logged_as_a_denial(world, town_staff):
    token = _request_token("town-yatou", PASSWORD, "10.1.2.7").json()["token"]

    Client(headers={"authorization": f"Bearer {token}"}).get(
        f"/api/v1/enterprises/{world.enterprise_ningjin.pk}", REMOTE_ADDR="10.1.2.7"
    )

    denial = AuditLog.objects.get(event=AuditLog.Event.DENIED)
    assert (denial.user, denial.ip_address, denial.success) == (town_staff, "10.1.2.7", False)
    assert (
        denial.message == f"不存在或不在数据范围内: core.Enterprise #{world.enterprise_ningjin.pk}"
    )


def test_a_denial_inside_a_service_transaction_is_kept(world, town_staff, department_officer):
    with pytest.raises(PermissionDenied) as refused:
        user_unlock(user_id=town_staff.pk, acting_user=department_officer)
    # The service's transaction rolled back, taking the denial row with it ...
    assert not AuditLog.objects.filter(event=AuditLog.Event.DENIED).exists()

    denial_ensure_recorded(refused.value)  # ... so the interface writes it again (S10).

    denial = AuditLog.objects.get(event=AuditLog.Event.DENIED)
    assert (denial.user, denial.message) == (department_officer, "缺少权限: unlock_accounts")
    assert audit_chain_verify().intact


def test_a_denial_is_not_recorded_twice(world, town_staff):
    with pytest.raises(Http404) as refused:
        access_enterprise_by_id(town_staff, world.enterprise_ningjin.pk)

    denial_ensure_recorded(refused.value)

    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED).count() == 1


# Immutability: S11.


def test_the_database_refuses_to_update_an_audit_row(db):
    [row] = _rows(1)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET message = %s WHERE id = %s", ["改写", row.pk])

    assert AuditLog.objects.get(pk=row.pk).message == "导出0"


def test_the_database_refuses_to_delete_a_fresh_audit_row(db):
    [row] = _rows(1)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE id = %s", [row.pk])

    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_the_orm_refuses_to_change_or_delete_audit_rows(db):
    [row] = _rows(1)

    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.update(message="改写")
    with pytest.raises(AuditLogImmutable):
        AuditLog.objects.filter(pk=row.pk).delete()
    row.message = "改写"
    with pytest.raises(AuditLogImmutable):
        row.save()
    with pytest.raises(AuditLogImmutable):
        row.delete()
    assert AuditLog.objects.get(pk=row.pk).message == "导出0"


# The hash chain: S11, S16.


def test_a_long_chain_verifies(db):
    _rows(400)

    output = _verify()

    assert output == "已校验 400 条审计日志，哈希链完整\n"


def test_each_row_links_to_its_predecessor(db):
    first, second = _rows(2)

    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.row_hash


def test_audit_verify_names_a_tampered_row(db):
    rows = _rows(10)
    _drop_audit_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET message = %s WHERE id = %s", ["改写", rows[6].pk])

    error = _verify()

    assert isinstance(error, CommandError)
    assert error.returncode == 1
    assert str(error) == (
        f"审计日志哈希链在第 {rows[6].pk} 号记录处断裂：记录内容被篡改(哈希不符)。"
        "此前 6 条记录校验通过。"
    )


def test_audit_verify_names_the_row_after_a_deleted_one(db):
    rows = _rows(10)
    _drop_audit_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE id = %s", [rows[3].pk])

    error = _verify()

    assert isinstance(error, CommandError)
    assert f"第 {rows[4].pk} 号记录" in str(error)
    assert "前一条记录被删除或篡改" in str(error)


def test_deleting_the_oldest_rows_without_a_purge_is_detected(db):
    rows = _rows(5)
    _drop_audit_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE id <= %s", [rows[1].pk])

    error = _verify()

    assert isinstance(error, CommandError)
    assert f"第 {rows[2].pk} 号记录" in str(error)


# Retention: S12.


def _purge(days):
    output = _Output()
    call_command("audit_purge", "--before-days", str(days), stdout=output)
    return output.text


def _old_and_new_rows():
    with time_machine.travel(datetime.datetime(2021, 3, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        old = _rows(3)
    return old, _rows(2)


@pytest.mark.parametrize("days", [0, 30, 179])
def test_purge_refuses_a_period_shorter_than_the_retention(db, days):
    _old_and_new_rows()

    with pytest.raises(CommandError, match=f"审计日志至少保留180天，不能清理{days}天以内的记录"):
        _purge(days)

    assert AuditLog.objects.count() == 5


def test_purge_follows_a_longer_configured_retention(db, settings):
    settings.AUDIT_RETENTION_DAYS = 365

    with pytest.raises(CommandError, match="至少保留365天"):
        _purge(200)


def test_purge_deletes_old_rows_and_records_the_purge(db):
    old, new = _old_and_new_rows()

    output = _purge(180)

    assert not AuditLog.objects.filter(pk__in=[row.pk for row in old]).exists()
    assert AuditLog.objects.filter(pk__in=[row.pk for row in new]).count() == 2
    purge = AuditLog.objects.get(event=AuditLog.Event.PURGE)
    assert purge.changes["deleted"] == 3
    assert purge.changes["last_deleted_id"] == old[-1].pk
    assert purge.changes["last_deleted_hash"] == old[-1].row_hash
    assert purge.message.startswith("清理")
    assert purge.message.endswith("之前的审计日志3条")
    assert f"已清理 3 条审计日志(至第 {old[-1].pk} 号)" in output
    # What remains still verifies: the first row links to the hash the purge recorded.
    assert audit_chain_verify().intact


def test_purge_with_nothing_old_enough_changes_nothing(db):
    _rows(3)

    output = _purge(180)

    assert output == "没有早于 180 天的审计日志，无需清理\n"
    assert AuditLog.objects.count() == 3


def test_rows_written_in_a_batch_are_chained_at_its_end(world, sysadmin):
    before = AuditLog.objects.count()
    with transaction.atomic(), audit_batch():
        for number in range(3):
            audit_record(event=AuditLog.Event.EXPORT, user=sysadmin, message=f"batch {number}")
        # nothing is inserted, and so no lock is taken, until the block ends
        assert AuditLog.objects.count() == before
    audit_record(event=AuditLog.Event.EXPORT, user=sysadmin, message="after")

    assert AuditLog.objects.count() == before + 4
    assert audit_chain_verify().intact


def test_a_failed_batch_leaves_no_rows(world, sysadmin):
    def export_then_fail():
        with transaction.atomic(), audit_batch():
            audit_record(event=AuditLog.Event.EXPORT, user=sysadmin, message="lost")
            raise RuntimeError

    before = AuditLog.objects.count()
    with pytest.raises(RuntimeError):
        export_then_fail()

    assert AuditLog.objects.count() == before
