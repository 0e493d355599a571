"""Writing Excel workbooks (.xlsx): list exports, import templates and import error reports.

xlsxwriter in constant-memory mode streams each row to a temporary file, so an export of the
whole filtered list does not hold the workbook in memory.
"""

import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MAX_COLUMN_WIDTH = 60
# Excel's own limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _display_width(text: str) -> int:
    """Width in Excel character units: a CJK (full-width) character takes two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return str(value)


@dataclass(frozen=True)
class SheetData:
    """One sheet of a workbook: its name, header row and data rows.

    `text_columns` are the indexes of columns formatted as text, so that codes typed into a
    template (区划代码, 统一社会信用代码) keep their digits instead of becoming numbers.
    """

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: Sequence[int] = ()


def xlsx_bytes(
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "数据",
    watermark: str = "",
) -> bytes:
    """A workbook of one sheet: a bold, frozen header row, then `rows`; columns sized to fit.

    Dates are written as Excel dates (aware datetimes in local time), booleans as 是/否 and
    None as an empty cell. Text is never interpreted as a formula. A `watermark` goes into
    every sheet's printed header and footer and into the file's properties.
    """
    return xlsx_sheets_bytes([SheetData(sheet_name, headers, rows)], watermark=watermark)


# Excel keeps at most 255 characters in a header or footer, "&" starting a control code.
_HEADER_FOOTER_LIMIT = 240


def _header_footer_text(watermark: str) -> str:
    return watermark.replace("&", "&&")[:_HEADER_FOOTER_LIMIT]


def _mark_workbook(workbook: Any, watermark: str) -> None:
    workbook.set_properties(
        {"author": watermark, "comments": watermark, "keywords": "个人信息,水印"}
    )
    workbook.set_custom_property("watermark", watermark)


def xlsx_sheets_bytes(sheets: Sequence[SheetData], *, watermark: str = "") -> bytes:
    """A workbook of several sheets, each written as `xlsx_bytes` writes its one sheet."""
    output = io.BytesIO()
    _write_workbook(
        xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False}),
        sheets,
        watermark,
    )
    return output.getvalue()


def xlsx_file_write(path: Path, sheets: Iterable[SheetData], *, watermark: str = "") -> None:
    """The workbook of `xlsx_sheets_bytes` written to `path`, for exports too big for memory.

    Each sheet's rows are streamed through a temporary file beside `path` (not the system's
    temporary directory: the rows may name persons), so memory stays flat however many rows.
    `sheets` may be a generator; each sheet is written before the next is taken.
    """
    _write_workbook(
        xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "tmpdir": str(path.parent)},
        ),
        sheets,
        watermark,
    )


def _write_workbook(workbook: Any, sheets: Iterable[SheetData], watermark: str) -> None:
    if watermark:
        _mark_workbook(workbook, watermark)
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "text": workbook.add_format({"num_format": "@"}),
    }
    for sheet in sheets:
        _write_sheet(workbook, sheet, formats, watermark)
    workbook.close()


def _write_sheet(
    workbook: Any, sheet: SheetData, formats: dict[str, Any], watermark: str = ""
) -> None:
    name = sheet.name.translate(_SHEET_NAME_FORBIDDEN)[:SHEET_NAME_LIMIT] or "数据"
    worksheet = workbook.add_worksheet(name)
    if watermark:
        text = _header_footer_text(watermark)
        worksheet.set_header(f"&L&8{text}")
        worksheet.set_footer(f"&L&8{text}&R&8第 &P 页，共 &N 页")
    widths = [_display_width(str(header)) for header in sheet.headers]
    for column, header in enumerate(sheet.headers):
        worksheet.write_string(0, column, str(header), formats["header"])
    for row_number, row in enumerate(sheet.rows, start=1):
        for column, raw in enumerate(row):
            value = _cell(raw)
            if isinstance(value, datetime.datetime):
                worksheet.write_datetime(row_number, column, value, formats["datetime"])
                width = 19
            elif isinstance(value, datetime.date):
                worksheet.write_datetime(row_number, column, value, formats["date"])
                width = 10
            elif isinstance(value, str):
                worksheet.write_string(row_number, column, value)
                width = _display_width(value)
            else:
                worksheet.write_number(row_number, column, value)
                width = len(str(value))
            if column < len(widths):
                widths[column] = max(widths[column], width)
    for column, width in enumerate(widths):
        cell_format = formats["text"] if column in sheet.text_columns else None
        worksheet.set_column(column, column, min(width + 2, _MAX_COLUMN_WIDTH), cell_format)
    worksheet.freeze_panes(1, 0)


def attachment_disposition(filename: str) -> str:
    """Content-Disposition for a download whose name may be Chinese (RFC 6266 with RFC 5987).

    Browsers that understand filename* use the UTF-8 name; older ones fall back to the ASCII one.
    """
    fallback = "".join(
        character if character.isascii() and character not in '"\\' else "_"
        for character in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(
    *,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "数据",
    watermark: str = "",
) -> HttpResponse:
    """An HTTP download of the workbook built by `xlsx_bytes`."""
    return xlsx_file_response(
        filename=filename,
        content=xlsx_bytes(headers=headers, rows=rows, sheet_name=sheet_name, watermark=watermark),
    )


def xlsx_file_response(*, filename: str, content: bytes) -> HttpResponse:
    """An HTTP download of a workbook already built, under a (possibly Chinese) file name."""
    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename)
    response["Cache-Control"] = "no-store"
    return response
