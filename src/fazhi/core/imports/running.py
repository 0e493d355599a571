"""Checking every row of a file, the template and error workbooks, and the import itself."""

import dataclasses
import datetime
import logging
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404

from fazhi.core.audit import audit_batch, audit_record
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.imports.columns import Cell, ImportContext, cell_text, column_prefetch
from fazhi.core.imports.reading import (
    ERROR_COLUMN,
    LINE_COLUMN,
    REPORT_COLUMNS,
    ImportTable,
    SourceRow,
    header_check,
    table_read,
)
from fazhi.core.imports.spec import (
    ImportFailed,
    ImportPreview,
    ImportResult,
    ImportSpec,
    RowError,
)
from fazhi.core.models import AuditLog, User
from fazhi.core.permissions import denial_ensure_recorded
from fazhi.core.spreadsheets import SheetData, xlsx_sheets_bytes

logger = logging.getLogger(__name__)

# Rows checked per rolled-back transaction: short enough not to hold the write lock long.
_VALIDATION_CHUNK = 200


@dataclasses.dataclass(frozen=True)
class _ParsedRow:
    line: int
    values: dict[str, Any]


class _RowParser:
    """The spec's columns at their places in the file, worked out once for all its rows."""

    def __init__(self, spec: ImportSpec, positions: dict[str, int]) -> None:
        self._columns = [(column, positions.get(column.field)) for column in spec.columns]
        self._examples = [
            (column.example, index) for column, index in self._columns if column.example
        ]

    def prefetch(self, rows: Sequence[SourceRow], context: ImportContext) -> None:
        """Look up together the records the rows name (a lookup column), before parsing them."""
        for column, index in self._columns:
            if index is not None:
                cells = (row.cells[index] for row in rows if index < len(row.cells))
                column_prefetch(column.parse, cells, context)

    def is_example(self, cells: Sequence[Cell]) -> bool:
        """Whether the row is the template's example row, left in the file."""
        for example, index in self._examples:
            if index is None or index >= len(cells) or cell_text(cells[index]) != example:
                return False
        return bool(self._examples)

    def parse(
        self, row: SourceRow, context: ImportContext
    ) -> tuple[dict[str, Any], list[RowError]]:
        """The row's values by field, and its cells' errors."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        cells = row.cells
        width = len(cells)
        for column, index in self._columns:
            cell = cells[index] if index is not None and index < width else None
            if _is_empty(cell):
                if column.required:
                    errors.append(RowError(row.line, column.header, "必填，不能为空"))
                continue
            try:
                values[column.field] = column.parse(cell, context)
            except ValidationError as error:
                errors.append(RowError(row.line, column.header, "；".join(error.messages)))
        return values, errors


def _is_empty(cell: Cell) -> bool:
    """Whether `cell_text(cell)` is "", without building the text of a text cell."""
    if cell is None:
        return True
    if cell.__class__ is str:
        # str.strip() takes the ideographic and no-break spaces that cell_text turns to spaces.
        return not cell.strip()
    return cell_text(cell) == ""


def _key_value(values: dict[str, Any], key: Sequence[str]) -> tuple[Any, ...] | None:
    parts = tuple(values.get(field) for field in key)
    if any(part is None or part == "" for part in parts):
        return None
    return tuple(part.pk if isinstance(part, models.Model) else part for part in parts)


def _repeats(
    spec: ImportSpec,
    first_lines: dict[tuple[str, ...], dict[tuple[Any, ...], int]],
    values: dict[str, Any],
    line: int,
) -> list[tuple[str, int]]:
    """The unique keys this row repeats, as (headers, first line); remembers its own keys."""
    repeats = []
    for key, seen in first_lines.items():
        value = _key_value(values, key)
        if value is None:
            continue
        if value in seen:
            headers = "+".join(
                column.header for field in key if (column := spec.column_for_field(field))
            )
            repeats.append((headers, seen[value]))
        else:
            seen[value] = line
    return repeats


def _parse_rows(
    spec: ImportSpec, table: ImportTable, positions: dict[str, int], context: ImportContext
) -> tuple[list[_ParsedRow], list[RowError]]:
    """Every row through the column parsers and the within-file uniqueness check."""
    parsed: list[_ParsedRow] = []
    errors: list[RowError] = []
    first_lines: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {
        tuple(key): {} for key in spec.unique_together
    }
    parser = _RowParser(spec, positions)
    parser.prefetch(table.rows, context)
    for row in table.rows:
        if parser.is_example(row.cells):
            errors.append(RowError(row.line, "", "这是导入模板中的示例行，请删除后再导入"))
            continue
        values, row_errors = parser.parse(row, context)
        row_errors += [
            RowError(row.line, headers, f"与第{first}行重复")
            for headers, first in _repeats(spec, first_lines, values, row.line)
        ]
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append(_ParsedRow(row.line, values))
    return parsed, errors


def _service_errors(spec: ImportSpec, line: int, error: ValidationError) -> list[RowError]:
    if not hasattr(error, "error_dict"):
        return [RowError(line, "", message) for message in error.messages]
    errors: list[RowError] = []
    for field, messages in error.message_dict.items():
        column = spec.column_for_field(field)
        header = column.header if column else ""
        errors.extend(RowError(line, header, message) for message in messages)
    return errors


_DENIED_ROW = "无权办理此行：记录不在您的数据范围内，或缺少相应权限"


def _dry_run(
    spec: ImportSpec, rows: Sequence[_ParsedRow], context: ImportContext
) -> list[RowError]:
    """Each row through the row validator or writer, in a transaction that is rolled back.

    Rows written earlier in a chunk stay visible to later ones, so the service sees rules
    across rows; across chunks, the spec's unique keys catch duplicates within the file.
    """
    check = spec.row_validator or spec.row_writer
    errors: list[RowError] = []
    denials: list[BaseException] = []
    line = 0
    try:
        with transaction.atomic():
            for row in rows:
                line = row.line
                try:
                    with transaction.atomic():
                        check(dict(row.values), acting_user=context.acting_user)
                except ValidationError as error:
                    errors.extend(_service_errors(spec, row.line, error))
                except (PermissionDenied, Http404) as refusal:
                    denials.append(refusal)
                    errors.append(RowError(row.line, "", _DENIED_ROW))
            transaction.set_rollback(True)
    except Exception as error:
        logger.exception("Import %s: checking line %s failed", spec.key, line)
        raise ImportFailed(f"第{line}行检查时发生系统错误，请联系系统管理员") from error
    for denial in denials:
        denial_ensure_recorded(denial)
    return errors


def import_validate(*, spec: ImportSpec, table: ImportTable, acting_user: User) -> ImportPreview:
    """Check every row of `table` without writing anything; see `import_preview`."""
    positions = header_check(spec, table.headers)
    context = ImportContext(acting_user)
    parsed, errors = _parse_rows(spec, table, positions, context)
    for start in range(0, len(parsed), _VALIDATION_CHUNK):
        errors.extend(_dry_run(spec, parsed[start : start + _VALIDATION_CHUNK], context))
    errors.sort(key=lambda error: error.line)
    bad_lines = {error.line for error in errors}
    return ImportPreview(
        total_rows=len(table.rows),
        valid_count=len(table.rows) - len(bad_lines),
        errors=tuple(errors),
    )


def import_preview(*, spec: ImportSpec, source: Path, acting_user: User) -> ImportPreview:
    """Read and check a file: how many rows can be imported, and why the others cannot.

    Every row goes through the column parsers, the within-file uniqueness check and then the
    spec's row validator, or else its row writer in a transaction rolled back at the end, so
    the service's own rules (a credit code already registered, …) are reported per row.
    Nothing is written. Raises ImportFileError when the file as a whole cannot be imported,
    ImportFailed when a row makes the check fail unexpectedly.
    """
    table = table_read(source, spec=spec)
    return import_validate(spec=spec, table=table, acting_user=acting_user)


def error_workbook_bytes(*, spec: ImportSpec, source: Path, preview: ImportPreview) -> bytes:
    """The file's bad rows, as they were, with a 错误原因 and a 原行号 column.

    The user can correct it and import it again: the two added columns are ignored.
    """
    table = table_read(source, spec=spec)
    reasons: dict[int, list[str]] = {}
    for error in preview.errors:
        reasons.setdefault(error.line, []).append(str(error))
    kept = [
        index
        for index, header in enumerate(table.headers)
        if header and header not in REPORT_COLUMNS
    ]

    def cell(row: SourceRow, index: int) -> Cell:
        value = row.cells[index] if index < len(row.cells) else None
        return value if isinstance(value, datetime.date) else cell_text(value)

    rows = (
        [*(cell(row, index) for index in kept), "；".join(reasons[row.line]), row.line]
        for row in table.rows
        if row.line in reasons
    )
    headers = [table.headers[index] for index in kept] + [ERROR_COLUMN, LINE_COLUMN]
    return xlsx_sheets_bytes(
        [SheetData(f"{spec.title}错误明细", headers, rows, text_columns=range(len(kept)))]
    )


def template_workbook_bytes(spec: ImportSpec) -> bytes:
    """The import template: the headers (required ones marked *) and one example row.

    A second sheet, 填写说明, describes each column.
    """
    headers = [column.header + ("*" if column.required else "") for column in spec.columns]
    example = [column.example for column in spec.columns]
    notes = [
        "1. 第一行为列名，请勿修改；带*的列必须填写，其余可留空。",
        "2. 第二行是示例，导入前请删除。",
        f"3. 单个文件最多{spec.row_limit}行。",
        "4. 上传后系统逐行检查，有误的行可下载错误明细，修改后再次导入。",
    ]
    guide = [
        *(
            [column.header, "是" if column.required else "否", column.help]
            for column in spec.columns
        ),
        [],
        *([note] for note in notes),
    ]
    return xlsx_sheets_bytes(
        [
            SheetData(spec.title, headers, [example], text_columns=range(len(headers))),
            SheetData("填写说明", ["列名", "是否必填", "填写要求"], guide),
        ]
    )


# Importing ----------------------------------------------------------------------------------


def _audit_message(spec: ImportSpec, written: int, skipped: int, file_name: str) -> str:
    message = f"批量导入“{spec.title}”{written}行"
    if skipped:
        message += f"，跳过有误的{skipped}行"
    if file_name:
        message += f"；文件：{file_name}"
    return message


def _abort(spec: ImportSpec, acting_user: User, file_name: str, reason: str) -> ImportFailed:
    message = f"{reason}。已全部撤销，没有导入任何数据"
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        success=False,
        message=f"批量导入“{spec.title}”失败：{message}"
        + (f"；文件：{file_name}" if file_name else ""),
    )
    return ImportFailed(message)


def import_commit(
    *,
    spec: ImportSpec,
    source: Path,
    acting_user: User,
    skip_lines: Collection[int] = (),
    expected_count: int | None = None,
    file_name: str = "",
) -> ImportResult:
    """Write every row not in `skip_lines` through the row writer, all in one transaction.

    `skip_lines` are the preview's error lines; `expected_count` its valid count. Either every
    row is written or none: a row that now fails (the data changed since the preview), a count
    different from `expected_count`, or any unexpected error rolls everything back and raises
    ImportFailed with the line and reason (also audited, as a failed import). On success one
    CREATE audit row records the import with its counts, beside the rows the service audits.
    Meant to be callable from a Celery task: it reads the file itself.
    """
    table = table_read(source, spec=spec)
    positions = header_check(spec, table.headers)
    context = ImportContext(acting_user)
    parsed, errors = _parse_rows(spec, table, positions, context)
    skip = set(skip_lines)
    if unexpected := [error for error in errors if error.line not in skip]:
        first = unexpected[0]
        raise _abort(spec, acting_user, file_name, f"第{first.line}行 {first}")
    rows = [row for row in parsed if row.line not in skip]
    if expected_count is not None and len(rows) != expected_count:
        raise _abort(
            spec,
            acting_user,
            file_name,
            f"可导入的行数与预览时不同(预览{expected_count}行，现在{len(rows)}行)，"
            "数据可能已有变化，请重新上传核对",
        )
    if not rows:
        raise ImportFailed("没有可导入的有效行")
    skipped = len(table.rows) - len(rows)
    line = 0
    try:
        with transaction.atomic(), audit_batch():
            for row in rows:
                line = row.line
                spec.row_writer(dict(row.values), acting_user=acting_user)
            audit_record(
                event=AuditLog.Event.CREATE,
                user=acting_user,
                changes={"file": file_name, "written": len(rows), "skipped": skipped},
                message=_audit_message(spec, len(rows), skipped, file_name),
            )
    except ValidationError as error:
        reasons = "；".join(str(row_error) for row_error in _service_errors(spec, line, error))
        raise _abort(spec, acting_user, file_name, f"第{line}行 {reasons}") from error
    except (PermissionDenied, Http404):
        raise
    except Exception as error:
        logger.exception("Import %s: writing line %s failed", spec.key, line)
        raise _abort(spec, acting_user, file_name, f"第{line}行写入时发生系统错误") from error
    return ImportResult(written=len(rows), skipped=skipped)
