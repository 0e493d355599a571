"""Columns of an import and the parsers that turn cells into service arguments."""

import dataclasses
import datetime
import re
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.core.models import Region, User
from fazhi.core.validators import validate_region_code

Cell = Any
"""A cell as read from the file: str, int, float, bool, date, datetime, time or None."""


@dataclasses.dataclass
class ImportContext:
    """What parsers may consult: the acting user (for scoped lookups) and a per-run cache."""

    acting_user: User
    cache: dict[Hashable, Any] = dataclasses.field(default_factory=dict)


CellParser = Callable[[Cell, ImportContext], Any]
"""Turns a non-empty cell into the value the service takes; raises ValidationError (Chinese)."""


def cell_text(cell: Cell) -> str:
    """A cell as text: whole numbers without ".0", dates as 2020-01-05, 是/否 for booleans."""
    if cell.__class__ is str:  # most cells: first, as this runs for every cell of a file
        return cell.replace("\u3000", " ").replace("\xa0", " ").strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).replace("\u3000", " ").replace("\xa0", " ").strip()


def text(
    *,
    max_length: int | None = None,
    validators: Sequence[Callable[[str], None]] = (),
    upper: bool = False,
) -> CellParser:
    """Text, optionally upper-cased, of at most `max_length` characters, checked by `validators`.

    Use the shared validators of core.validators (validate_uscc, validate_id_number, …).
    """

    def parse(cell: Cell, context: ImportContext) -> str:
        value = cell_text(cell)
        if upper:
            value = value.upper()
        if max_length is not None and len(value) > max_length:
            raise ValidationError(f"不能超过{max_length}个字，当前{len(value)}个")
        for validator in validators:
            validator(value)
        return value

    return parse


def integer(*, min_value: int | None = None, max_value: int | None = None) -> CellParser:
    """A whole number, within the bounds when given."""

    def parse(cell: Cell, context: ImportContext) -> int:
        if isinstance(cell, bool):
            raise ValidationError("应为整数")
        raw = cell_text(cell).replace(",", "")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(f"应为整数，不能是“{raw}”") from None
        if number != number.to_integral_value():
            raise ValidationError(f"应为整数，不能是“{raw}”")
        value = int(number)
        if min_value is not None and value < min_value:
            raise ValidationError(f"不能小于{min_value}")
        if max_value is not None and value > max_value:
            raise ValidationError(f"不能大于{max_value}")
        return value

    return parse


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def date() -> CellParser:
    """A date: an Excel date cell, or text such as 2020-01-05, 2020/1/5, 2020年1月5日, 20200105."""

    def parse(cell: Cell, context: ImportContext) -> datetime.date:
        if cell.__class__ is str and _ISO_DATE.match(cell):
            # 2020-01-05 as text, the usual case, read without the general pattern.
            try:
                value = datetime.date.fromisoformat(cell)
            except ValueError:
                pass  # a day that does not exist: reported below
            else:
                if 1900 <= value.year <= 2100:
                    return value
        if isinstance(cell, datetime.datetime):
            return cell.date()
        if isinstance(cell, datetime.date):
            return cell
        raw = cell_text(cell)
        match = _DATE_TEXT.match(raw) or _DATE_COMPACT.match(raw)
        if match is None:
            raise ValidationError(f"日期“{raw}”格式不对，应如 2020-01-05")
        year, month, day = (int(part) for part in match.groups())
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"日期“{raw}”不存在") from None
        if not 1900 <= value.year <= 2100:
            raise ValidationError(f"日期“{raw}”的年份不在合理范围内")
        return value

    return parse


_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "有"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "无"})


def boolean() -> CellParser:
    """是/否 (also Y/N, 1/0, √/×)."""

    def parse(cell: Cell, context: ImportContext) -> bool:
        if isinstance(cell, bool):
            return cell
        raw = cell_text(cell).lower()
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise ValidationError(f"应填“是”或“否”，不能是“{cell_text(cell)}”")

    return parse


def choice(choices: Iterable[tuple[Any, Any]]) -> CellParser:
    """One of a model field's choices, written as its Chinese label (or its stored value)."""
    by_label = {str(label): value for value, label in choices}
    by_value = {str(value).lower(): value for value in by_label.values()}
    allowed = "、".join(f"“{label}”" for label in by_label)

    def parse(cell: Cell, context: ImportContext) -> Any:
        raw = cell_text(cell)
        if raw in by_label:
            return by_label[raw]
        if raw.lower() in by_value:
            return by_value[raw.lower()]
        raise ValidationError(f"应为{allowed}之一，不能是“{raw}”")

    return parse


# Values per query when a lookup column's values are fetched together (SQLite binds at most
# 32,766 parameters; PostgreSQL plans short IN lists better).
_LOOKUP_CHUNK = 500


def lookup(
    *,
    queryset: Callable[[User], "models.QuerySet[Any]"],
    field: str,
    label: str,
) -> CellParser:
    """The row of `queryset(acting_user)` (a scoped selector) whose `field` equals the cell.

    For a column that names an existing record by a code, e.g. an organization by 机构编码.
    Each distinct value is looked up once per import; an import first fetches the values of the
    whole column together (`prefetch`), one query per 500 distinct values. When several rows
    match, the first by primary key is taken.
    """

    def key_of(raw: str) -> tuple[str, ...]:
        return ("lookup", label, field, raw)

    def parse(cell: Cell, context: ImportContext) -> Any:
        raw = cell_text(cell)
        key = key_of(raw)
        if key not in context.cache:
            context.cache[key] = (
                queryset(context.acting_user).filter(**{field: raw}).order_by("pk").first()
            )
        found = context.cache[key]
        if found is None:
            raise ValidationError(f"{label}“{raw}”不存在或不在您的数据范围内")
        return found

    def prefetch(cells: Iterable[Cell], context: ImportContext) -> None:
        wanted = sorted({raw for cell in cells if (raw := cell_text(cell))})
        wanted = [raw for raw in wanted if key_of(raw) not in context.cache]
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[start : start + _LOOKUP_CHUNK]
            rows = queryset(context.acting_user).filter(**{f"{field}__in": chunk})
            found: dict[str, Any] = {}
            for row in rows.annotate(_import_lookup_key=models.F(field)).order_by("pk"):
                found.setdefault(str(row._import_lookup_key), row)
            # A text column matches exactly, so a value not found is known missing; any other
            # (a number written as text) is left to the query of `parse`.
            known_missing = _is_text_field(rows.model, field)
            for raw in chunk:
                if raw in found or known_missing:
                    context.cache[key_of(raw)] = found.get(raw)

    parse.prefetch = prefetch  # type: ignore[attr-defined]
    return parse


def _is_text_field(model: type[models.Model], path: str) -> bool:
    if "__" in path:
        return False
    return isinstance(model._meta.get_field(path), models.CharField | models.TextField)


def column_prefetch(parse: CellParser, cells: Iterable[Cell], context: ImportContext) -> None:
    """Let a parser that looks records up fetch those of all of a column's cells at once."""
    prefetch = getattr(parse, "prefetch", None)
    if prefetch is not None:
        prefetch(cells, context)


def region(*, levels: Collection[str]) -> CellParser:
    """An existing division of one of `levels` (Region.Level values), by its 12-digit code.

    A town (镇街) may be given by its 9 significant digits. Abolished divisions and divisions
    outside the user's scope are refused.
    """
    level_labels = dict(Region.Level.choices)
    wanted = "或".join(str(level_labels[level]) for level in levels)

    def parse(cell: Cell, context: ImportContext) -> Region:
        raw = cell_text(cell)
        if not raw.isdigit() or len(raw) not in (9, 12):
            raise ValidationError(f"区划代码应为12位数字(镇街也可填前9位)，不能是“{raw}”")
        code = raw.ljust(12, "0")
        validate_region_code(code)
        key = ("region", code)
        if key not in context.cache:
            context.cache[key] = (
                Region.objects.visible_to(context.acting_user).filter(code=code).first()
            )
        found: Region | None = context.cache[key]
        if found is None:
            raise ValidationError(f"区划代码 {code} 不存在，请核对或先在行政区划中添加")
        if found.level not in levels:
            raise ValidationError(
                f"{found.name}({code})是{found.get_level_display()}，应填写{wanted}的区划代码"
            )
        if found.abolished_on is not None and found.abolished_on <= timezone.localdate():
            raise ValidationError(f"{found.name}({code})已于{found.abolished_on:%Y-%m-%d}撤销")
        return found

    return parse


@dataclasses.dataclass(frozen=True)
class Column:
    """One column of an import: its header, the service argument it feeds, how to parse it.

    An empty optional cell is left out of the row, so the service's default applies.
    `unique`: no two rows of the file may have the same value. `aliases`: other headers that
    mean this column. `example` fills the template's example row; `help` its 填写说明.
    """

    header: str
    field: str
    parse: CellParser = dataclasses.field(default_factory=text)
    required: bool = False
    unique: bool = False
    example: str = ""
    help: str = ""
    aliases: tuple[str, ...] = ()
