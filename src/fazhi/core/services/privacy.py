"""Revealing and exporting personal data: a capability, a stated purpose, a watermark, an audit row.

PIPL art. 28 counts 特定身份 (a corrections subject, a released prisoner) and 行踪轨迹 (location
checks) as sensitive personal information: processing needs a specific purpose and strict
protection (art. 28, 51), and the processing must be recorded (art. 55–56). So:

- a reveal of identifying fields needs a role holding the capability AND a purpose stated in
  words; the audit row names the fields and the purpose (`personal_data_reveal`);
- an export of a list naming persons needs EXPORT_PERSONAL_DATA; the workbook carries the
  exporting user and time in every sheet's header and footer and in its file properties, and the
  export is audited with the row count (`personal_data_export`, `export_watermark`).

Scope is not decided here: the caller hands over a row that already passed its access gate.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog
from fazhi.core.permissions import require_capability
from fazhi.core.roles import Capability
from fazhi.core.spreadsheets import SheetData, xlsx_sheets_bytes

PURPOSE_MIN_LENGTH = 4
PURPOSE_MAX_LENGTH = 200


def purpose_clean(purpose: str) -> str:
    """The stated purpose, stripped; ValidationError naming `purpose` when too short or long."""
    cleaned = " ".join((purpose or "").split())
    if len(cleaned) < PURPOSE_MIN_LENGTH:
        raise ValidationError(
            {"purpose": f"请说明查看目的（至少{PURPOSE_MIN_LENGTH}个字），查看将记入审计日志"}
        )
    if len(cleaned) > PURPOSE_MAX_LENGTH:
        raise ValidationError({"purpose": f"查看目的不能超过{PURPOSE_MAX_LENGTH}个字"})
    return cleaned


def _label(model: models.Model, name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def personal_data_reveal(
    *,
    acting_user: Any,
    target: models.Model,
    fields: Sequence[str],
    purpose: str,
    capability: Capability = Capability.REVEAL_PERSONAL_DATA,
) -> dict[str, Any]:
    """The unmasked values of `fields` of `target`, for a stated purpose; audited with it.

    `target` must have passed its access gate. Raises PermissionDenied (audited) without
    `capability`, ValidationError naming `purpose` when no purpose is given; then nothing is
    shown and no REVEAL row is written.
    """
    require_capability(acting_user, capability)
    stated = purpose_clean(purpose)
    labels = "、".join(_label(target, name) for name in fields)
    audit_record(
        event=AuditLog.Event.REVEAL,
        user=acting_user,
        target=target,
        changes={"fields": list(fields), "purpose": stated},
        message=f"显示{labels}；目的：{stated}",
    )
    return {name: getattr(target, name) for name in fields}


@dataclass(frozen=True)
class Watermark:
    """Who exported personal data and when, printed on the file so a copy can be traced."""

    username: str
    full_name: str
    exported_at: datetime.datetime

    @property
    def text(self) -> str:
        at = timezone.localtime(self.exported_at)
        return (
            f"导出人：{self.full_name}（{self.username}） 导出时间：{at:%Y-%m-%d %H:%M:%S} "
            "含个人信息，仅限工作使用，不得外传"
        )


def export_watermark(user: Any, *, at: datetime.datetime | None = None) -> Watermark:
    return Watermark(
        username=user.get_username(),
        full_name=getattr(user, "full_name", "") or user.get_username(),
        exported_at=at or timezone.now(),
    )


def personal_data_export(
    *,
    acting_user: Any,
    title: str,
    sheets: Sequence[SheetData],
    description: str = "",
    capability: Capability = Capability.EXPORT_PERSONAL_DATA,
) -> bytes:
    """A watermarked workbook of `sheets` naming persons; the export is audited with its row count.

    The rows must already be scoped to the user (a selector's result) and masked as the lists
    show them. Raises PermissionDenied (audited) without `capability`; then no file is built.
    """
    require_capability(acting_user, capability)
    watermark = export_watermark(acting_user)
    counter = _RowCounter()
    counted = [
        SheetData(sheet.name, sheet.headers, counter.count(sheet.rows), sheet.text_columns)
        for sheet in sheets
    ]
    content = xlsx_sheets_bytes(counted, watermark=watermark.text)
    personal_data_export_record(
        acting_user=acting_user,
        title=title,
        rows=counter.total,
        description=description,
        watermark=watermark,
    )
    return content


def personal_data_export_record(
    *, acting_user: Any, title: str, rows: int, description: str, watermark: Watermark
) -> AuditLog:
    """The EXPORT audit row of a personal-data export: what, how many rows, and its watermark."""
    return audit_record(
        event=AuditLog.Event.EXPORT,
        user=acting_user,
        changes={"personal_data": True, "rows": rows, "watermark": watermark.text},
        message=f"导出含个人信息的“{title}”{rows}行；{description or '筛选条件：无'}",
    )


class _RowCounter:
    def __init__(self) -> None:
        self.total = 0

    def count(self, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        for row in rows:
            self.total += 1
            yield row
