"""Writing a list export to a file, row by row, in constant memory: .xlsx (split) or .csv.

Both writers take an iterator of rows (a queryset's `.iterator(chunk_size=…)` mapped through the
list's table) and never hold more than one row; `progress` is called every `chunk` rows so a
background job can show how far it got. An .xlsx sheet holds at most EXPORT_SHEET_MAX_ROWS rows
(Excel's limit less the header row); longer exports continue on further sheets, each with the
header row. CSV is UTF-8 with a byte-order mark, which Excel needs to read Chinese text.
"""

import csv
import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from fazhi.core.models import ExportJob
from fazhi.core.spreadsheets import SHEET_NAME_LIMIT, SheetData, xlsx_file_write

EXPORT_PARAMETER = "export"
EXPORT_FORMATS = tuple(ExportJob.Format.values)

Row = Sequence[Any]
Progress = Callable[[int], None]

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Text starting with these is a formula to Excel when it opens a CSV file (OWASP "CSV injection");
# a leading apostrophe keeps it text, as the .xlsx export writes every text as a string.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def counted(rows: Iterable[Row], *, progress: Progress | None, chunk: int) -> Iterator[Row]:
    """`rows` unchanged, calling `progress(rows so far)` every `chunk` rows and at the end."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % chunk == 0:
            progress(done)
    if progress is not None and done % chunk:
        progress(done)


def csv_write(output: IO[str], *, headers: Sequence[str], rows: Iterable[Row]) -> None:
    """CSV of `headers` then `rows`: dates ISO, booleans 是/否, no text read as a formula.

    Open `output` with encoding "utf-8-sig" and newline="": the BOM tells Excel it is UTF-8.
    """
    writer = csv.writer(output)
    writer.writerow(headers)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)


def _sheet_name(name: str, number: int) -> str:
    """The list's name, then "名称（2）", "名称（3）"…, cut so the number always fits."""
    if number == 1:
        return name
    suffix = f"（{number}）"
    return f"{name[: SHEET_NAME_LIMIT - len(suffix)]}{suffix}"


def sheets_of(
    *, name: str, headers: Sequence[str], rows: Iterable[Row], sheet_rows: int
) -> Iterator[SheetData]:
    """`rows` cut into sheets of at most `sheet_rows` rows each; one empty sheet for no rows.

    The sheets share one iterator: each must be written before the next is taken.
    """
    remaining = iter(rows)
    number = 1
    first = next(remaining, None)
    if first is None:
        yield SheetData(name, headers, [])
        return
    while first is not None:
        yield SheetData(
            _sheet_name(name, number),
            headers,
            itertools.chain([first], itertools.islice(remaining, sheet_rows - 1)),
        )
        number += 1
        first = next(remaining, None)


def xlsx_write(
    path: Path,
    *,
    name: str,
    headers: Sequence[str],
    rows: Iterable[Row],
    watermark: str = "",
    sheet_rows: int | None = None,
) -> None:
    """An .xlsx file as the inline export writes it, split into sheets of `sheet_rows` rows."""
    xlsx_file_write(
        path,
        sheets_of(
            name=name,
            headers=headers,
            rows=rows,
            sheet_rows=sheet_rows or settings.EXPORT_SHEET_MAX_ROWS,
        ),
        watermark=watermark,
    )


class ExportJobRequest(HttpRequest):
    """The request a background export re-runs its list with: a GET, as the requesting user.

    core.listing.render_list recognises it and writes the job's file instead of a response.
    """

    def __init__(self, job: ExportJob) -> None:
        super().__init__()
        self.export_job = job
        self.method = "GET"
        self.path = self.path_info = job.path
        query = QueryDict(job.query, mutable=True)
        query[EXPORT_PARAMETER] = job.format
        query._mutable = False
        self.GET = query  # type: ignore[assignment]
        self.META["REMOTE_ADDR"] = job.ip_address or ""
        self.user = job.requested_by
        self.session = SessionBase()

    def export_path(self) -> Path:
        """Where the job's file is written (the directory is created)."""
        path = Path(self.export_job.file.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
