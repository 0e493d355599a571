"""Writing and verifying the append-only audit log (GB/T 22239-2019 8.1.4.3, PIPL art. 51)."""

import datetime
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from fazhi.core.bulkload import bulk_load
from fazhi.core.crypto import sm3_hexdigest
from fazhi.core.models import AuditLog
from fazhi.core.requestcontext import client_ip

GENESIS_HASH = "0" * 64
# Any fixed number: serialises writers of the chain on PostgreSQL (SQLite has one writer anyway).
_CHAIN_LOCK_ID = 7_310_820


# The fields a row's hash covers, in their order, before its previous_hash.
CHAINED_FIELDS = (
    "occurred_at",
    "user_id",
    "username",
    "ip_address",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "success",
    "changes",
    "message",
)


def _canonical(content: Sequence[Any], previous_hash: str) -> bytes:
    """The bytes hashed for a row: its CHAINED_FIELDS values, then the previous row's hash."""
    occurred_at, *rest = content
    values = [occurred_at.isoformat(), *rest, previous_hash]
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def row_hash_of(row: AuditLog) -> str:
    content = [getattr(row, name) for name in CHAINED_FIELDS]
    return sm3_hexdigest(_canonical(content, row.previous_hash))


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def audit_record(
    *,
    event: str,
    user: Any = None,
    username: str = "",
    target: models.Model | None = None,
    success: bool = True,
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditLog:
    """Append one audit row, chained to the previous one, in the caller's transaction."""
    actor = user if getattr(user, "is_authenticated", False) else None
    return _append(
        AuditLog(
            occurred_at=timezone.now(),
            user=actor,
            username=username or (actor.get_username() if actor else ""),
            ip_address=client_ip(),
            event=event,
            object_type=target._meta.label if target is not None else "",
            object_id=str(target.pk) if target is not None and target.pk is not None else "",
            object_repr=str(target)[:200] if target is not None else "",
            success=success,
            changes=changes or {},
            message=message[:500],
        )
    )


_batch: ContextVar[list[AuditLog] | None] = ContextVar("audit_batch", default=None)


def _append(row: AuditLog) -> AuditLog:
    batch = _batch.get()
    if batch is not None:
        batch.append(row)
        return row
    _append_all([row])
    return row


def _append_all(rows: list[AuditLog]) -> None:
    with transaction.atomic():
        _lock_chain()
        previous = AuditLog.objects.order_by("-pk").values_list("row_hash", flat=True).first()
        for row in rows:
            row.previous_hash = previous or GENESIS_HASH
            row.row_hash = row_hash_of(row)
            previous = row.row_hash
        if len(rows) == 1:
            rows[0].save(force_insert=True)
        else:
            AuditLog.objects.bulk_create(rows, batch_size=500)


def audit_chain_load(rows: Iterable[Sequence[Any]]) -> int:
    """Append many prepared audit rows in one bulk load, chained as audit_record chains them.

    Each row holds the values of CHAINED_FIELDS (`occurred_at` an aware datetime, `changes` a
    dict); the chain continues from the last row under the chain lock, so the log verifies.
    For a synthetic data set (fazhi.scale), where a save() per row would take hours.
    """
    with transaction.atomic():
        _lock_chain()
        previous = AuditLog.objects.order_by("-pk").values_list("row_hash", flat=True).first()

        def chained() -> Iterator[tuple[Any, ...]]:
            nonlocal previous
            for content in rows:
                link = previous or GENESIS_HASH
                previous = sm3_hexdigest(_canonical(content, link))
                yield (*content, link, previous)

        return bulk_load(AuditLog, [*CHAINED_FIELDS, "previous_hash", "row_hash"], chained())


@contextmanager
def audit_batch() -> Iterator[None]:
    """Collect the audit rows written inside the block and chain them all at its end.

    For long transactions (imports): the chain lock, which serialises every audited write in
    the platform, is then held only for the final insert instead of from the first row on. Use
    it inside the transaction; if the block raises, its rows are dropped with the transaction.
    """
    token = _batch.set([])
    try:
        yield
        rows = _batch.get() or []
    finally:
        _batch.reset(token)
    if rows:
        _append_all(rows)


def audit_denial_restore(denial: AuditLog) -> None:
    """Append `denial` again if the transaction it was written in has been rolled back.

    Access gates run inside services' transactions; the PermissionDenied or Http404 they raise
    rolls the audit row back with everything else, yet every denial must stay on record (S10).
    """
    if AuditLog.objects.filter(row_hash=denial.row_hash).exists():
        return
    _append(
        AuditLog(
            occurred_at=denial.occurred_at,
            user_id=denial.user_id,
            username=denial.username,
            ip_address=denial.ip_address,
            event=denial.event,
            object_type=denial.object_type,
            object_id=denial.object_id,
            object_repr=denial.object_repr,
            success=denial.success,
            changes=denial.changes,
            message=denial.message,
        )
    )


def field_snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def changed_fields(
    before: dict[str, Any], after: dict[str, Any], *, secret: Iterable[str] = ()
) -> dict[str, Any]:
    """{field: [old, new]} of the changed fields; secret fields show only that they changed."""
    hidden = set(secret)
    changes: dict[str, Any] = {}
    for name, old in before.items():
        new = after.get(name)
        if old != new:
            changes[name] = ["***", "***"] if name in hidden else [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


@dataclass(frozen=True)
class ChainReport:
    rows_checked: int
    first_broken_id: int | None
    reason: str

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def _purge_anchors() -> set[str]:
    """Hashes of the last rows removed by each retention purge: where the chain may start."""
    return {
        str(purge.changes.get("last_deleted_hash", ""))
        for purge in AuditLog.objects.filter(event=AuditLog.Event.PURGE).only("changes")
    }


def audit_chain_verify() -> ChainReport:
    """Recompute the chain; report the first row changed or whose predecessor is missing.

    The first row must link to the genesis hash or to the last row a recorded purge removed, so
    deleting the oldest rows without `fazhi audit_purge` is detected too.
    """
    expected_previous: str | None = None
    checked = 0
    for row in AuditLog.objects.order_by("pk").iterator(chunk_size=2000):
        if (
            expected_previous is None
            and row.previous_hash != GENESIS_HASH
            and row.previous_hash not in _purge_anchors()
        ):
            return ChainReport(checked, row.pk, "链首之前的记录被删除，且没有对应的清理记录")
        if expected_previous is not None and row.previous_hash != expected_previous:
            return ChainReport(checked, row.pk, "前一条记录被删除或篡改(链接哈希不符)")
        if row_hash_of(row) != row.row_hash:
            return ChainReport(checked, row.pk, "记录内容被篡改(哈希不符)")
        expected_previous = row.row_hash
        checked += 1
    return ChainReport(checked, None, "")


class RetentionTooShort(ValueError):
    pass


@dataclass(frozen=True)
class PurgeReport:
    deleted: int
    last_deleted_id: int | None
    last_deleted_hash: str


def audit_purge(*, before_days: int) -> PurgeReport:
    """Delete the audit rows older than `before_days` days and record the purge.

    Only a prefix of the chain is removed (up to the first row young enough to keep), so what
    remains still verifies: the PURGE row keeps the hash of the last deleted row, which the first
    remaining row links to. A system job, so the PURGE row names no user.

    Raises RetentionTooShort when `before_days` is below AUDIT_RETENTION_DAYS (网络安全法
    art. 21(3): network logs are kept at least six months). The database triggers refuse to
    delete rows younger than 180 days in any case.
    """
    if before_days < settings.AUDIT_RETENTION_DAYS:
        raise RetentionTooShort(
            f"审计日志至少保留{settings.AUDIT_RETENTION_DAYS}天，不能清理{before_days}天以内的记录"
        )
    cutoff = timezone.now() - datetime.timedelta(days=before_days)
    with transaction.atomic():
        _lock_chain()
        first_kept = AuditLog.objects.filter(occurred_at__gte=cutoff).order_by("pk").first()
        doomed = AuditLog.objects.all()
        if first_kept is not None:
            doomed = doomed.filter(pk__lt=first_kept.pk)
        last = doomed.order_by("-pk").values_list("pk", "row_hash").first()
        if last is None:
            return PurgeReport(0, None, "")
        last_id, last_hash = last
        table = connection.ops.quote_name(AuditLog._meta.db_table)
        with connection.cursor() as cursor:
            # Raw SQL on purpose: the ORM refuses to delete audit rows (AuditLogQuerySet.delete).
            cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last_id])  # noqa: S608
            deleted = cursor.rowcount
        audit_record(
            event=AuditLog.Event.PURGE,
            username="system:audit_purge",
            changes={
                "deleted": deleted,
                "before": cutoff.isoformat(),
                "last_deleted_id": last_id,
                "last_deleted_hash": last_hash,
            },
            message=f"清理{timezone.localtime(cutoff):%Y-%m-%d %H:%M}之前的审计日志{deleted}条",
        )
    return PurgeReport(deleted, last_id, last_hash)
