"""Writing and verifying the append-only audit log (GB/T 22239-2019 8.1.4.3, PIPL art. 51)."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from fazhi.core.crypto import sm3_hexdigest
from fazhi.core.models import AuditLog
from fazhi.core.requestcontext import client_ip

GENESIS_HASH = "0" * 64
# Any fixed number: serialises writers of the chain on PostgreSQL (SQLite has one writer anyway).
_CHAIN_LOCK_ID = 7_310_820


def _canonical(row: AuditLog) -> bytes:
    content = [
        row.occurred_at.isoformat(),
        row.user_id,
        row.username,
        row.ip_address,
        row.event,
        row.object_type,
        row.object_id,
        row.object_repr,
        row.success,
        row.changes,
        row.message,
        row.previous_hash,
    ]
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def row_hash_of(row: AuditLog) -> str:
    return sm3_hexdigest(_canonical(row))


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
    with transaction.atomic():
        _lock_chain()
        last = AuditLog.objects.order_by("-pk").values_list("row_hash", flat=True).first()
        row = AuditLog(
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
            previous_hash=last or GENESIS_HASH,
        )
        row.row_hash = row_hash_of(row)
        row.save(force_insert=True)
    return row


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


def audit_chain_verify() -> ChainReport:
    """Recompute the chain; report the first row changed or whose predecessor is missing."""
    expected_previous: str | None = None
    checked = 0
    for row in AuditLog.objects.order_by("pk").iterator(chunk_size=2000):
        if expected_previous is not None and row.previous_hash != expected_previous:
            return ChainReport(checked, row.pk, "前一条记录被删除或篡改(链接哈希不符)")
        if row_hash_of(row) != row.row_hash:
            return ChainReport(checked, row.pk, "记录内容被篡改(哈希不符)")
        expected_previous = row.row_hash
        checked += 1
    return ChainReport(checked, None, "")
