"""Reading an uploaded .xlsx or .csv into its header row and data rows, safely."""

import csv
import dataclasses
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import python_calamine
from django.conf import settings

from fazhi.core.imports.columns import Cell, cell_text
from fazhi.core.imports.spec import ImportFileError, ImportSpec

ERROR_COLUMN = "错误原因"
LINE_COLUMN = "原行号"
# The error workbook adds these; ignoring them lets a corrected error workbook be imported.
REPORT_COLUMNS = frozenset({ERROR_COLUMN, LINE_COLUMN})
_HEADER_SEARCH_LINES = 10
# Calamine holds a sheet as a dense grid, so a tiny file with one far-away cell could take
# gigabytes; the sheet's extent is checked before calamine reads it.
_MAX_COLUMNS = 100
_EXTRA_LINES = 1000
_MAX_UNPACKED_RATIO = 10
_SCAN_CHUNK = 1 << 20


@dataclasses.dataclass(frozen=True)
class SourceRow:
    line: int
    cells: tuple[Cell, ...]


@dataclasses.dataclass(frozen=True)
class ImportTable:
    """The header row (normalised; "" where a column has no header) and the non-blank rows."""

    headers: tuple[str, ...]
    header_line: int
    rows: tuple[SourceRow, ...]


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_A_WORKBOOK = "文件不是有效的Excel工作簿(.xlsx)，请下载导入模板填写后上传"


def header_normalize(header: str) -> str:
    """A header without spaces, the required-column mark (*) or a trailing (必填)."""
    cleaned = re.sub(r"\s+", "", header)
    cleaned = re.sub(r"[(（]必填[)）]$", "", cleaned)
    return cleaned.strip("*＊")


def _is_blank(cells: Sequence[Cell]) -> bool:
    return all(cell_text(cell) == "" for cell in cells)


def file_kind(head: bytes, name: str) -> str:
    """The suffix an upload is kept under, judged by its first bytes rather than its name.

    Raises ImportFileError for an old .xls or encrypted workbook, or anything else that is not
    an .xlsx or a file named .csv.
    """
    if head.startswith(_ZIP_MAGIC):
        return ".xlsx"
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(
            "这是旧版Excel(.xls)文件或设置了打开密码的文件，"
            "请在Excel中另存为.xlsx格式(不设密码)后再导入"
        )
    if name.lower().endswith(".csv"):
        return ".csv"
    raise ImportFileError(_NOT_A_WORKBOOK)


_SHEET_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
_ROW_REF = re.compile(rb'\br="(\d+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_SCAN_CHUNK):
        yield chunk


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _sheet_extent(stream: Iterable[bytes]) -> tuple[int, int]:
    """(last row, last column) holding a value in a worksheet's XML, read in chunks."""
    last_row = last_column = row = column = 0
    carry = b""
    for chunk in stream:
        data = carry + chunk
        cut = data.rfind(b">") + 1
        data, carry = data[:cut], data[cut:]
        for match in _SHEET_TAG.finditer(data):
            tag, attributes, empty = match.groups()
            if tag == b"row":
                reference = _ROW_REF.search(attributes)
                row = int(reference[1]) if reference else row + 1
                column = 0
                continue
            reference = _CELL_REF.search(attributes)
            column = _column_number(reference[1]) if reference else column + 1
            if not empty:
                last_row, last_column = max(last_row, row), max(last_column, column)
    return last_row, last_column


def _xlsx_guard(path: Path, row_limit: int) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(_NOT_A_WORKBOOK) from None
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "xl/workbook.xml" not in names:
            raise ImportFileError(_NOT_A_WORKBOOK)
        unpacked = sum(member.file_size for member in members)
        if unpacked > settings.IMPORT_MAX_BYTES * _MAX_UNPACKED_RATIO:
            raise ImportFileError("文件内容过大，请拆分后分批导入")
        for member in members:
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", member.filename):
                continue
            with archive.open(member) as sheet:
                last_row, last_column = _sheet_extent(_chunks(sheet))
            if last_row > row_limit + _EXTRA_LINES or last_column > _MAX_COLUMNS:
                raise ImportFileError(
                    f"工作表的数据区域过大(第{last_row}行、第{last_column}列有内容)。"
                    f"单次最多导入{row_limit}行，请删除多余的行列或拆分后分批导入"
                )


def _xlsx_lines(path: Path, row_limit: int) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    _xlsx_guard(path, row_limit)
    try:
        with python_calamine.load_workbook(path) as workbook:
            yield from _first_sheet_lines(workbook)
    except python_calamine.PasswordError:
        raise ImportFileError("文件设置了密码，请取消密码后再导入") from None
    except (python_calamine.CalamineError, ValueError):
        raise ImportFileError("无法读取该Excel文件，文件可能已损坏") from None


def _first_sheet_lines(
    workbook: python_calamine.CalamineWorkbook,
) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    sheets = [
        sheet.name
        for sheet in workbook.sheets_metadata
        if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
        and sheet.visible == python_calamine.SheetVisibleEnum.Visible
    ]
    if not sheets:
        raise ImportFileError("工作簿中没有可见的工作表")
    rows = workbook.get_sheet_by_name(sheets[0]).iter_rows()
    # iter_rows starts at the sheet's first row (not its first filled one): Excel's line numbers.
    for line, cells in enumerate(rows, start=1):
        yield line, tuple(None if cell == "" else cell for cell in cells)


def _csv_lines(path: Path) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别CSV文件的编码，请另存为.xlsx后再导入")
    if "\x00" in content:
        raise ImportFileError(_NOT_A_WORKBOOK)
    try:
        for line, cells in enumerate(csv.reader(content.splitlines()), start=1):
            yield line, tuple(cells)
    except csv.Error:
        raise ImportFileError("CSV文件格式有误，无法读取") from None


def table_read(source: Path, *, spec: ImportSpec) -> ImportTable:
    """The header row and the non-blank data rows of an .xlsx (first visible sheet) or .csv.

    The header row is the first of the first ten rows holding one of the spec's headers, so a
    title row above it is allowed. Raises ImportFileError for an empty or unreadable file, a
    missing header row, no data rows, or more rows than the spec's limit.
    """
    if source.stat().st_size == 0:
        raise ImportFileError("文件是空的，请选择填好数据的Excel文件")
    limit = spec.row_limit
    if source.suffix.lower() == ".xlsx":
        lines = _xlsx_lines(source, limit)
    elif source.suffix.lower() == ".csv":
        lines = _csv_lines(source)
    else:
        raise ImportFileError(_NOT_A_WORKBOOK)
    known = {name for column in spec.columns for name in (column.header, *column.aliases)}
    header_line, seen_content = 0, False
    headers: tuple[str, ...] = ()
    rows: list[SourceRow] = []
    for line, cells in lines:
        if not header_line:
            if line > _HEADER_SEARCH_LINES:
                break
            names = tuple(header_normalize(cell_text(cell)) for cell in cells)
            seen_content = seen_content or any(names)
            if known.intersection(names):
                header_line, headers = line, names
            continue
        if _is_blank(cells):
            continue
        if len(rows) >= limit:
            raise ImportFileError(f"文件超过单次导入上限{limit}行，请拆分后分批导入")
        rows.append(SourceRow(line, cells))
    if not header_line:
        if not seen_content:
            raise ImportFileError("文件中没有数据")
        example = "、".join(f"“{column.header}”" for column in spec.columns[:3])
        raise ImportFileError(
            f"未找到表头：前{_HEADER_SEARCH_LINES}行中没有{example}等列名，请使用导入模板"
        )
    if not rows:
        raise ImportFileError("文件中只有表头，没有数据行")
    return ImportTable(headers=headers, header_line=header_line, rows=tuple(rows))


def header_check(spec: ImportSpec, headers: Sequence[str]) -> dict[str, int]:
    """Each spec field's column index in the file.

    Raises ImportFileError naming every missing required column, unknown column and repeated
    column at once. Optional columns may be left out.
    """
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, header in enumerate(headers):
        if not header or header in REPORT_COLUMNS or header in spec.ignored_headers:
            continue
        column = spec.column_for_header(header)
        if column is None:
            unknown.append(header)
        elif column.field in positions:
            repeated.append(header)
        else:
            positions[column.field] = index
    missing = [
        column.header
        for column in spec.columns
        if column.required and column.field not in positions
    ]
    problems = []
    if missing:
        problems.append("缺少必填列" + "、".join(f"“{name}”" for name in missing))
    if unknown:
        problems.append("无法识别的列" + "、".join(f"“{name}”" for name in unknown))
    if repeated:
        problems.append("重复的列" + "、".join(f"“{name}”" for name in repeated))
    if problems:
        raise ImportFileError(
            "表头与导入模板不符：" + "；".join(problems) + "。请下载导入模板，按模板的列名填写"
        )
    return positions
