"""Excel import of a department's officers (STYLE P7), all rows or none.

Like the inspections plan import, the file is taken as a whole: `officers_register` writes every
row or none and names each bad row, so a register is never half-imported. The spec declares the
columns (and so the template workbook).
"""

import dataclasses
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.imports import (
    Cell,
    Column,
    ImportContext,
    ImportSpec,
    boolean,
    cell_text,
    choice,
    header_check,
    region,
    table_read,
    text,
)
from fazhi.core.models import Organization, Region, User
from fazhi.enforcement.forms import qualification_labels
from fazhi.enforcement.models import StaffingType
from fazhi.enforcement.services.officers import OfficerRow, officers_register
from fazhi.enforcement.services.training import AttendanceRow, attendance_rows_record

_SERVICE_LINE = re.compile(r"^第(\d+)行：")
_LINE = re.compile(r"^第(\d+)行")


def _whole_file_only(values: dict[str, Any], *, acting_user: User) -> object:
    raise RuntimeError("officers are imported as a whole file by officer_rows_import")


OFFICER_IMPORT = ImportSpec(
    key="enforcement.officers",
    title="行政执法人员",
    columns=[
        Column("姓名", "name", text(max_length=64), required=True, example="张执法"),
        Column(
            "身份证号",
            "id_number",
            text(max_length=18, upper=True),
            required=True,
            example="371082198001011234",
            help="18位公民身份号码",
            aliases=("公民身份号码",),
        ),
        Column(
            "编制类型",
            "staffing_type",
            choice(StaffingType.choices),
            required=True,
            example=StaffingType.ADMINISTRATIVE.label,
            help="、".join(str(label) for label in StaffingType.labels),
            aliases=("编制性质",),
        ),
        Column("法律职业资格", "legal_qualification", boolean(), example="否", help="是或否"),
        Column("执法领域", "enforcement_field", text(max_length=100), example="市场监管"),
        Column("执法区域", "enforcement_area", text(max_length=100), example="荣成市"),
        Column(
            "派驻镇街区划代码",
            "posted_region",
            region(levels=[Region.Level.TOWN]),
            example="371082007000",
            help="未派驻镇街的留空",
        ),
        Column(
            "执法资格",
            "qualifications",
            text(max_length=500),
            example="市场监管执法",
            help="多项用分号分隔",
        ),
    ],
    row_writer=_whole_file_only,
)


@dataclasses.dataclass(frozen=True)
class OfficerImportOutcome:
    """Rows written (0 when refused) and the problems, each naming the file's line."""

    written: int
    problems: tuple[str, ...]


def _rows_read(source: Path, acting_user: User) -> tuple[list[tuple[int, OfficerRow]], list[str]]:
    """The file's rows with their line numbers, and the cells that cannot be read."""
    table = table_read(source, spec=OFFICER_IMPORT)
    positions = header_check(OFFICER_IMPORT, table.headers)
    context = ImportContext(acting_user)
    examples = [column.example for column in OFFICER_IMPORT.columns]
    rows: list[tuple[int, OfficerRow]] = []
    problems: list[str] = []
    for source_row in table.rows:
        cells = [
            source_row.cells[index]
            if (index := positions.get(column.field)) is not None and index < len(source_row.cells)
            else None
            for column in OFFICER_IMPORT.columns
        ]
        if [cell_text(cell) for cell in cells] == examples:
            problems.append(f"第{source_row.line}行：这是导入模板中的示例行，请删除后再导入")
            continue
        values: dict[str, Any] = {}
        row_problems = []
        for column, cell in zip(OFFICER_IMPORT.columns, cells, strict=True):
            if cell_text(cell) == "":
                if column.required:
                    row_problems.append(f"{column.header}：必填，不能为空")
                continue
            try:
                values[column.field] = column.parse(cell, context)
            except ValidationError as error:
                row_problems.append(f"{column.header}：{'；'.join(error.messages)}")
        if row_problems:
            problems.append(f"第{source_row.line}行：{'；'.join(row_problems)}")
            continue
        values["qualifications"] = qualification_labels(values.get("qualifications", ""))
        rows.append((source_row.line, OfficerRow(**values)))
    return rows, problems


def _renumbered(messages: list[str], lines: list[int]) -> list[str]:
    """The service counts rows from 1; the user needs the file's line numbers."""

    def line_of(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return f"第{lines[index]}行：" if 0 <= index < len(lines) else match[0]

    return [_SERVICE_LINE.sub(line_of, message) for message in messages]


class _Refused(Exception):
    pass


def officer_rows_import(
    *, acting_user: User, organization: Organization, source: Path
) -> OfficerImportOutcome:
    """Register every officer of the file in the department, or none; problems name lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    rows, problems = _rows_read(source, acting_user)
    lines = [line for line, _ in rows]
    written = 0
    try:
        # The readable rows are still checked by the service, so every problem shows at once.
        with transaction.atomic():
            if rows:
                written = len(
                    officers_register(
                        acting_user=acting_user,
                        organization=organization,
                        rows=[row for _, row in rows],
                    )
                )
            if problems:
                raise _Refused
    except _Refused:
        pass
    except ValidationError as error:
        service = error.message_dict.get("rows") if hasattr(error, "error_dict") else None
        problems += _renumbered(service, lines) if service is not None else error.messages
    if problems:
        by_line = sorted(problems, key=lambda p: int(m[1]) if (m := _LINE.match(p)) else 0)
        return OfficerImportOutcome(written=0, problems=tuple(by_line))
    return OfficerImportOutcome(written=written, problems=())


# Attendance of a training course (参训人员), all rows or none --------------------------------

_ANY_LINE = re.compile(r"第(\d+)行")


def _hours(cell: Cell, context: ImportContext) -> Decimal:
    raw = cell_text(cell)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"应为数字，不能是“{raw}”") from None
    if value <= 0 or value != value.quantize(Decimal("0.1")):
        raise ValidationError("应为大于0的数，最多一位小数")
    return value


ATTENDANCE_IMPORT = ImportSpec(
    key="enforcement.training_attendances",
    title="参训人员",
    columns=[
        Column("姓名", "name", text(max_length=64), required=True, example="张执法"),
        Column(
            "身份证号",
            "id_number",
            text(max_length=18, upper=True),
            required=True,
            example="371082198001011234",
            help="须与执法人员名册一致",
            aliases=("公民身份号码",),
        ),
        Column(
            "认定学时",
            "hours",
            _hours,
            example="3",
            help="留空则按课程学时认定",
            aliases=("学时",),
        ),
    ],
    row_writer=_whole_file_only,
)


def _attendance_rows_read(
    source: Path, acting_user: User
) -> tuple[list[tuple[int, AttendanceRow]], list[str]]:
    table = table_read(source, spec=ATTENDANCE_IMPORT)
    positions = header_check(ATTENDANCE_IMPORT, table.headers)
    context = ImportContext(acting_user)
    examples = [column.example for column in ATTENDANCE_IMPORT.columns]
    rows: list[tuple[int, AttendanceRow]] = []
    problems: list[str] = []
    for source_row in table.rows:
        cells = [
            source_row.cells[index]
            if (index := positions.get(column.field)) is not None and index < len(source_row.cells)
            else None
            for column in ATTENDANCE_IMPORT.columns
        ]
        if [cell_text(cell) for cell in cells] == examples:
            problems.append(f"第{source_row.line}行：这是导入模板中的示例行，请删除后再导入")
            continue
        values: dict[str, Any] = {}
        row_problems = []
        for column, cell in zip(ATTENDANCE_IMPORT.columns, cells, strict=True):
            if cell_text(cell) == "":
                if column.required:
                    row_problems.append(f"{column.header}：必填，不能为空")
                continue
            try:
                values[column.field] = column.parse(cell, context)
            except ValidationError as error:
                row_problems.append(f"{column.header}：{'；'.join(error.messages)}")
        if row_problems:
            problems.append(f"第{source_row.line}行：{'；'.join(row_problems)}")
            continue
        rows.append((source_row.line, AttendanceRow(**values)))
    return rows, problems


def _every_line_renumbered(messages: list[str], lines: list[int]) -> list[str]:
    """Like _renumbered, for every row a message names ("与第1行是同一名执法人员" too)."""

    def line_of(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        return f"第{lines[index]}行" if 0 <= index < len(lines) else match[0]

    return [_ANY_LINE.sub(line_of, message) for message in messages]


def attendance_rows_import(
    *, acting_user: User, course_id: int, source: Path
) -> OfficerImportOutcome:
    """Credit every officer of the sheet for the course, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    rows, problems = _attendance_rows_read(source, acting_user)
    lines = [line for line, _ in rows]
    written = 0
    try:
        with transaction.atomic():
            if rows:
                written = len(
                    attendance_rows_record(
                        acting_user=acting_user,
                        course_id=course_id,
                        rows=[row for _, row in rows],
                    )
                )
            if problems:
                raise _Refused
    except _Refused:
        pass
    except ValidationError as error:
        service = error.message_dict.get("rows") if hasattr(error, "error_dict") else None
        problems += (
            _every_line_renumbered(service, lines) if service is not None else error.messages
        )
    if problems:
        by_line = sorted(problems, key=lambda p: int(m[1]) if (m := _LINE.match(p)) else 0)
        return OfficerImportOutcome(written=0, problems=tuple(by_line))
    return OfficerImportOutcome(written=written, problems=())
