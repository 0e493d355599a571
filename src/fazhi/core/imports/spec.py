"""Declaring an import, and what checking and importing it report."""

import dataclasses
import json
from collections.abc import Sequence
from typing import Any, Protocol

from django.conf import settings

from fazhi.core.exceptions import FazhiError
from fazhi.core.imports.columns import Column
from fazhi.core.models import User


class ImportFileError(FazhiError):
    """The file as a whole cannot be imported; the message tells the user why."""

    code = "import_file"
    message = "文件无法导入"


class ImportFailed(FazhiError):
    """The check or the import stopped part-way; everything was rolled back."""

    code = "import_failed"
    message = "导入失败，没有导入任何数据"


class RowWriter(Protocol):
    """Writes one parsed row by calling a service; raises ValidationError naming fields."""

    def __call__(self, values: dict[str, Any], *, acting_user: User) -> object: ...


@dataclasses.dataclass(frozen=True)
class ImportSpec:
    """An import: its columns, the service call per row, and the keys unique within a file.

    `key` names the import (e.g. "core.enterprises"); `title` is what users call the data
    (e.g. "企业名录"). `row_validator`, when given, checks a row instead of a rolled-back
    dry run of `row_writer`. `max_rows` defaults to the IMPORT_MAX_ROWS setting.
    `ignored_headers`: columns the list's export adds that the import reads past (a town shown
    beside the station it follows from), so an exported file imports back.
    """

    key: str
    title: str
    columns: Sequence[Column]
    row_writer: RowWriter
    row_validator: RowWriter | None = None
    unique_together: Sequence[Sequence[str]] = ()
    max_rows: int | None = None
    ignored_headers: Sequence[str] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        fields = [column.field for column in self.columns]
        headers = [name for column in self.columns for name in (column.header, *column.aliases)]
        if len(set(fields)) != len(fields) or len(set(headers)) != len(headers):
            raise ValueError(f"{self.key}: column fields and headers must be unique")
        keys = [*(key for key in self.unique_together), *([f] for f in fields if self._unique(f))]
        for key in keys:
            if not set(key) <= set(fields):
                raise ValueError(f"{self.key}: unknown field in unique key {key}")
        object.__setattr__(self, "unique_together", tuple(tuple(key) for key in keys))

    def _unique(self, field: str) -> bool:
        return any(column.unique for column in self.columns if column.field == field)

    @property
    def row_limit(self) -> int:
        return self.max_rows or settings.IMPORT_MAX_ROWS

    def column_for_field(self, field: str) -> Column | None:
        return next((column for column in self.columns if column.field == field), None)

    def column_for_header(self, header: str) -> Column | None:
        return next(
            (column for column in self.columns if header in (column.header, *column.aliases)),
            None,
        )


@dataclasses.dataclass(frozen=True)
class RowError:
    """One reason a row cannot be imported; `column` is "" when it concerns the whole row."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.column}：{self.message}" if self.column else self.message


@dataclasses.dataclass(frozen=True)
class ImportPreview:
    """The outcome of the check: rows in the file, rows that can be imported, and the errors."""

    total_rows: int
    valid_count: int
    errors: tuple[RowError, ...]

    @property
    def error_lines(self) -> frozenset[int]:
        return frozenset(error.line for error in self.errors)

    @property
    def invalid_count(self) -> int:
        return self.total_rows - self.valid_count

    def to_json(self) -> str:
        return json.dumps(
            {
                "total_rows": self.total_rows,
                "valid_count": self.valid_count,
                "errors": [[error.line, error.column, error.message] for error in self.errors],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str) -> "ImportPreview":
        loaded = json.loads(data)
        return cls(
            total_rows=int(loaded["total_rows"]),
            valid_count=int(loaded["valid_count"]),
            errors=tuple(
                RowError(int(line), str(col), str(msg)) for line, col, msg in loaded["errors"]
            ),
        )


@dataclasses.dataclass(frozen=True)
class ImportResult:
    written: int
    skipped: int
