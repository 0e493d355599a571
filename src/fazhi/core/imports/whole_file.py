"""Whole-file imports: every row of the file is written, or none, and every bad row is named.

Unlike the row-by-row import of `running`, some services take a file as a whole (a plan's items,
a department's officers) and name each bad row themselves. `whole_file_import` reads the rows
through the spec's column parsers, hands the readable ones to the caller's `write` in one
transaction, and reports every problem by the file's line:

    outcome = whole_file_import(
        spec=OFFICER_IMPORT,
        source=staged.path,
        acting_user=user,
        write=lambda rows: len(officers_register(
            acting_user=user, organization=organization, rows=[OfficerRow(**v) for v in rows]
        )),
    )

`write` raises ValidationError({"rows": ["第N行：…"]}) counting the rows it was given from 1;
those numbers are turned into the file's line numbers.
"""

import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.imports.columns import ImportContext
from fazhi.core.imports.reading import header_check, table_read
from fazhi.core.imports.running import _repeats, _RowParser
from fazhi.core.imports.spec import ImportSpec
from fazhi.core.models import User

_ROW_MENTION = re.compile(r"第(\d+)行")
_LEADING_LINE = re.compile(r"^第(\d+)行")

RowValues = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class WholeFileOutcome:
    """Rows written (0 when refused) and the problems, each naming the file's line."""

    written: int
    problems: tuple[str, ...]


def whole_file_rows_read(
    *, spec: ImportSpec, source: Path, acting_user: User
) -> tuple[list[tuple[int, RowValues]], list[str]]:
    """The readable rows as (line, values), and a "第N行：列：原因" problem per unreadable row.

    Raises ImportFileError when the file cannot be read at all or its columns are wrong.
    """
    table = table_read(source, spec=spec)
    positions = header_check(spec, table.headers)
    context = ImportContext(acting_user)
    first_lines: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {
        tuple(key): {} for key in spec.unique_together
    }
    rows: list[tuple[int, RowValues]] = []
    problems: list[str] = []
    parser = _RowParser(spec, positions)
    parser.prefetch(table.rows, context)
    for source_row in table.rows:
        if parser.is_example(source_row.cells):
            problems.append(f"第{source_row.line}行：这是导入模板中的示例行，请删除后再导入")
            continue
        values, errors = parser.parse(source_row, context)
        repeats = _repeats(spec, first_lines, values, source_row.line) if first_lines else ()
        if not errors and not repeats:
            rows.append((source_row.line, values))
            continue
        reasons = [str(error) for error in errors] + [
            f"{headers}与第{first}行重复" for headers, first in repeats
        ]
        problems.append(f"第{source_row.line}行：{'；'.join(reasons)}")
    return rows, problems


def service_rows_renumbered(messages: Sequence[str], lines: Sequence[int]) -> list[str]:
    """Every "第N行" of the service's messages (counted from 1) as the file's line number."""

    def line_of(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return f"第{lines[index]}行" if 0 <= index < len(lines) else match[0]

    return [_ROW_MENTION.sub(line_of, message) for message in messages]


def _line_order(problem: str) -> int:
    return int(match[1]) if (match := _LEADING_LINE.match(problem)) else 0


def whole_file_only(values: RowValues, *, acting_user: User) -> object:
    """The row writer of a spec imported only through `whole_file_import`."""
    raise RuntimeError("this import takes the file as a whole: use whole_file_import")


class _Refused(Exception):
    """Rolls back the rows `write` accepted when other rows of the file are bad."""


def whole_file_import(
    *,
    spec: ImportSpec,
    source: Path,
    acting_user: User,
    write: Callable[[list[RowValues]], int],
    validate: Callable[[list[RowValues]], object] | None = None,
    empty_problem: str | None = None,
) -> WholeFileOutcome:
    """Write every row of the file with `write`, or none; problems name the file's lines.

    `write` gets the rows' values (field → parsed value) and returns how many it wrote. Even
    when some cells cannot be read, the readable rows still go through `write`, so every
    problem shows at once; the transaction is then rolled back. `validate`, when given, is used
    instead of `write` in that case: it raises the same ValidationError as `write` would but
    writes nothing, so a refused file costs no more than checking it. `empty_problem`, when
    given, is reported for a file without rows (other than the example row).

    Raises ImportFileError when the file cannot be read at all; PermissionDenied and Http404
    pass through from `write`; any other refusal comes back in `problems`.
    """
    rows, problems = whole_file_rows_read(spec=spec, source=source, acting_user=acting_user)
    lines = [line for line, _ in rows]
    written = 0
    try:
        with transaction.atomic():
            readable = [values for _, values in rows]
            if readable and problems and validate is not None:
                validate(readable)
            elif readable:
                written = write(readable)
            if problems:
                raise _Refused
    except _Refused:
        pass
    except ValidationError as error:
        service = error.message_dict.get("rows") if hasattr(error, "error_dict") else None
        problems += (
            service_rows_renumbered(service, lines) if service is not None else error.messages
        )
    if not rows and not problems and empty_problem:
        problems.append(empty_problem)
    if problems:
        return WholeFileOutcome(written=0, problems=tuple(sorted(problems, key=_line_order)))
    return WholeFileOutcome(written=written, problems=())
