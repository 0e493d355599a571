"""Excel import of a plan's items (STYLE P7).

Unlike the row-by-row imports of core.importing_views, a plan takes the file as a whole:
`plan_items_add` writes every row or none and names each bad row, so a department never files a
half-imported plan. The spec declares the columns (and so the template workbook); the file is
written by `plan_rows_import`, not by the spec's row writer.
"""

import dataclasses
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.imports import (
    Column,
    ImportContext,
    ImportSpec,
    cell_text,
    choice,
    date,
    header_check,
    table_read,
    text,
)
from fazhi.core.models import Organization, User
from fazhi.inspections.models import Method, RiskGrade
from fazhi.inspections.services.plans import PlanRow, plan_items_add
from fazhi.inspections.services.targets import targets_register

_SERVICE_LINE = re.compile(r"^第(\d+)行：")


def _whole_file_only(values: dict[str, Any], *, acting_user: User) -> object:
    raise RuntimeError("plan items are imported as a whole file by plan_rows_import")


PLAN_ITEM_IMPORT = ImportSpec(
    key="inspections.plan_items",
    title="检查计划事项",
    columns=[
        Column(
            "统一社会信用代码",
            "uscc",
            text(max_length=18, upper=True),
            required=True,
            example="91371082MA3C4TQX1J",
            help="18位，须为本区域企业名录中的企业",
            aliases=("信用代码",),
        ),
        Column(
            "检查事项编码",
            "matter_code",
            text(max_length=32),
            required=True,
            example="SC-001",
            help="本部门检查事项清单中的事项编码",
            aliases=("事项编码",),
        ),
        Column(
            "检查方式",
            "method",
            choice(Method.choices),
            required=True,
            example=Method.KEY.label,
            help="、".join(str(label) for label in Method.labels),
        ),
        Column("计划开始日期", "window_start", date(), required=True, example="2022-04-01"),
        Column("计划结束日期", "window_end", date(), required=True, example="2022-04-30"),
    ],
    row_writer=_whole_file_only,
)


@dataclasses.dataclass(frozen=True)
class PlanImportOutcome:
    """Rows written (0 when refused) and the problems, each naming the file's line."""

    written: int
    problems: tuple[str, ...]


def _is_example(values: list[str]) -> bool:
    return values == [column.example for column in PLAN_ITEM_IMPORT.columns]


def _rows_read(source: Path, acting_user: User) -> tuple[list[tuple[int, PlanRow]], list[str]]:
    """The file's rows as PlanRows with their line numbers, and the cells that cannot be read."""
    table = table_read(source, spec=PLAN_ITEM_IMPORT)
    positions = header_check(PLAN_ITEM_IMPORT, table.headers)
    context = ImportContext(acting_user)
    rows: list[tuple[int, PlanRow]] = []
    problems: list[str] = []
    for source_row in table.rows:
        cells = {
            column.field: (
                source_row.cells[index]
                if (index := positions.get(column.field)) is not None
                and index < len(source_row.cells)
                else None
            )
            for column in PLAN_ITEM_IMPORT.columns
        }
        if _is_example([cell_text(cells[c.field]) for c in PLAN_ITEM_IMPORT.columns]):
            problems.append(f"第{source_row.line}行：这是导入模板中的示例行，请删除后再导入")
            continue
        values: dict[str, Any] = {}
        row_problems = []
        for column in PLAN_ITEM_IMPORT.columns:
            cell = cells[column.field]
            if cell_text(cell) == "":
                row_problems.append(f"{column.header}：必填，不能为空")
                continue
            try:
                values[column.field] = column.parse(cell, context)
            except ValidationError as error:
                row_problems.append(f"{column.header}：{'；'.join(error.messages)}")
        if row_problems:
            problems.append(f"第{source_row.line}行：{'；'.join(row_problems)}")
        else:
            rows.append((source_row.line, PlanRow(**values)))
    return rows, problems


def _renumbered(messages: list[str], lines: list[int]) -> list[str]:
    """The service counts rows from 1; the user needs the file's line numbers."""

    def line_of(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return f"第{lines[index]}行：" if 0 <= index < len(lines) else match[0]

    return [_SERVICE_LINE.sub(line_of, message) for message in messages]


class _Refused(Exception):
    pass


def plan_rows_import(*, acting_user: User, plan_id: int, source: Path) -> PlanImportOutcome:
    """Add every row of the file to the draft plan, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied/Http404 as the
    service does; any other refusal comes back in `problems` with nothing written.
    """
    rows, problems = _rows_read(source, acting_user)
    lines = [line for line, _ in rows]
    try:
        # With unreadable cells the readable rows are still checked by the service, so every
        # problem shows at once; the transaction is then rolled back.
        with transaction.atomic():
            created = (
                plan_items_add(
                    acting_user=acting_user, plan_id=plan_id, rows=[row for _, row in rows]
                )
                if rows
                else []
            )
            if problems:
                raise _Refused
    except _Refused:
        pass
    except ValidationError as error:
        service = error.message_dict.get("rows") if hasattr(error, "error_dict") else None
        if service is not None:
            problems += _renumbered(service, lines)
        else:
            problems += error.messages
    if problems:
        by_line = sorted(
            problems, key=lambda p: int(m[1]) if (m := re.match(r"^第(\d+)行", p)) else 0
        )
        return PlanImportOutcome(written=0, problems=tuple(by_line))
    return PlanImportOutcome(written=len(created), problems=())


# The register of inspection targets (检查对象名录库), imported as a whole file the same way.


def _register_whole_file_only(values: dict[str, Any], *, acting_user: User) -> object:
    raise RuntimeError("the register is imported as a whole file by target_rows_import")


TARGET_IMPORT = ImportSpec(
    key="inspections.targets",
    title="检查对象名录",
    columns=[
        Column(
            "统一社会信用代码",
            "uscc",
            text(max_length=18, upper=True),
            required=True,
            example="91371082MA3C4TQX1J",
            help="18位，须为本区域企业名录中的企业",
            aliases=("信用代码",),
        ),
        Column(
            "风险等级",
            "risk_grade",
            choice(RiskGrade.choices),
            required=True,
            example=RiskGrade.MEDIUM.label,
            help="、".join(str(label) for label in RiskGrade.labels),
        ),
    ],
    row_writer=_register_whole_file_only,
)


def _register_rows_read(
    source: Path, acting_user: User
) -> tuple[list[tuple[int, tuple[str, str]]], list[str]]:
    """The file's (credit code, grade) rows with their line numbers, and the unreadable cells."""
    table = table_read(source, spec=TARGET_IMPORT)
    positions = header_check(TARGET_IMPORT, table.headers)
    context = ImportContext(acting_user)
    examples = [column.example for column in TARGET_IMPORT.columns]
    rows: list[tuple[int, tuple[str, str]]] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for source_row in table.rows:
        cells = [
            source_row.cells[index]
            if (index := positions.get(column.field)) is not None and index < len(source_row.cells)
            else None
            for column in TARGET_IMPORT.columns
        ]
        if [cell_text(cell) for cell in cells] == examples:
            problems.append(f"第{source_row.line}行：这是导入模板中的示例行，请删除后再导入")
            continue
        values: dict[str, Any] = {}
        row_problems = []
        for column, cell in zip(TARGET_IMPORT.columns, cells, strict=True):
            if cell_text(cell) == "":
                row_problems.append(f"{column.header}：必填，不能为空")
                continue
            try:
                values[column.field] = column.parse(cell, context)
            except ValidationError as error:
                row_problems.append(f"{column.header}：{'；'.join(error.messages)}")
        code = values.get("uscc")
        if code is not None:
            if code in first_line:
                row_problems.append(f"统一社会信用代码与第{first_line[code]}行重复")
            else:
                first_line[code] = source_row.line
        if row_problems:
            problems.append(f"第{source_row.line}行：{'；'.join(row_problems)}")
        else:
            rows.append((source_row.line, (values["uscc"], values["risk_grade"])))
    return rows, problems


def target_rows_import(
    *, acting_user: User, organization: Organization, source: Path
) -> PlanImportOutcome:
    """Put every row of the file on the department's register, or none; problems name lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    rows, problems = _register_rows_read(source, acting_user)
    lines = [line for line, _ in rows]
    written = 0
    try:
        # The readable rows are still checked by the service, so every problem shows at once.
        with transaction.atomic():
            if rows:
                written = targets_register(
                    acting_user=acting_user,
                    organization=organization,
                    rows=[row for _, row in rows],
                )
            if problems:
                raise _Refused
    except _Refused:
        pass
    except ValidationError as error:
        service = error.message_dict.get("rows") if hasattr(error, "error_dict") else None
        if service is not None:
            problems += _renumbered(service, lines)
        else:
            problems += error.messages
    if problems:
        by_line = sorted(
            problems, key=lambda p: int(m[1]) if (m := re.match(r"^第(\d+)行", p)) else 0
        )
        return PlanImportOutcome(written=0, problems=tuple(by_line))
    return PlanImportOutcome(written=written, problems=())
