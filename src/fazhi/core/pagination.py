"""Pages of long lists read by key (keyset pagination), not by skipping every row before them.

`OFFSET 19980 LIMIT 20` reads and throws away 19,980 rows to show page 1000. When a list is in a
total order of its own columns (its ordering ends with, or is completed by, the primary key),
a page can instead be read from a known row: every row after the last row of page 999 in that
order, the first 20 of them — one range of an index in the list's order.

A page (or an API window) hands out a `Cursor`: where it starts and ends, and the keys of its
first and last rows. A request for a nearby window that carries the cursor is read by key from
the nearer edge (skipping only the rows in between); a window near the end of the list is read
backwards from the end; any other is read with OFFSET as before. The cursor is a hint: the
position asked for (page number, offset) stays what the user sees, and a cursor that does not fit
(another order, tampered, stale) is ignored. The rows are those of the queryset given, so a
cursor never widens the user's scope.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, QuerySet

# The query parameter of a page's cursor (after the table's prefix).
CURSOR_FIELD = "cursor"
# Below this many rows skipped, OFFSET costs no more than reading by key: pages shallower than
# this hand out no cursor, so their links stay plain `?page=N`.
KEYSET_MIN_OFFSET = 1000


@dataclass(frozen=True)
class KeyOrder:
    """A total order of a model's rows by its own non-null columns, the primary key last."""

    fields: tuple[models.Field[Any, Any], ...]
    descending: tuple[bool, ...]

    def order_by(self, *, reverse: bool = False) -> list[str]:
        return [
            ("-" if descending != reverse else "") + field.attname
            for field, descending in zip(self.fields, self.descending, strict=True)
        ]

    @property
    def signature(self) -> str:
        return ",".join(self.order_by())

    def key_of(self, row: models.Model) -> tuple[Any, ...]:
        return tuple(getattr(row, field.attname) for field in self.fields)

    def beyond(self, key: Sequence[Any], *, reverse: bool = False, inclusive: bool = False) -> Q:
        """The rows after `key` in this order (before it with `reverse`); `key` too if inclusive.

        Written as `first <= k1 AND (first < k1 OR (first = k1 AND second < k2) ...)` so that the
        leading bound is a range of an index in this order and the rest only filters ties.
        """
        alternatives: Q | None = None
        for position, (field, descending) in enumerate(
            zip(self.fields, self.descending, strict=True)
        ):
            lookup = "lt" if descending != reverse else "gt"
            ties = {
                earlier.attname: key[index] for index, earlier in enumerate(self.fields[:position])
            }
            condition = Q(**ties, **{f"{field.attname}__{lookup}": key[position]})
            alternatives = condition if alternatives is None else alternatives | condition
        assert alternatives is not None
        if inclusive:
            alternatives |= Q(**{field.attname: key[i] for i, field in enumerate(self.fields)})
        bound = "lte" if self.descending[0] != reverse else "gte"
        return Q(**{f"{self.fields[0].attname}__{bound}": key[0]}) & alternatives


def key_order_of(queryset: QuerySet[Any]) -> KeyOrder | None:
    """The queryset's ordering made total by the primary key, if it can be read by key.

    None when the ordering is not by the model's own non-null columns (a related field, an
    expression, a nullable column), or when there is none.
    """
    model = queryset.model
    query = queryset.query
    if query.extra_order_by or query.distinct_fields or query.combinator:
        return None
    ordering = list(query.order_by) or (
        list(model._meta.ordering) if query.default_ordering else []
    )
    if not ordering:
        return None
    pk = model._meta.pk
    assert pk is not None
    fields: list[models.Field[Any, Any]] = []
    descending: list[bool] = []
    for item in ordering:
        if not isinstance(item, str) or item.lstrip("-") in ("", "?"):
            return None
        name = item.lstrip("-")
        try:
            field = pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if (
            not isinstance(field, models.Field)
            or field.is_relation
            or field.null
            or not field.concrete
            or field.model._meta.concrete_model is not model._meta.concrete_model
        ):
            return None
        if field in fields:
            continue
        fields.append(field)
        descending.append(item.startswith("-"))
        if field is pk:
            break
    if fields[-1] is not pk:
        fields.append(pk)
        descending.append(descending[-1])
    return KeyOrder(tuple(fields), tuple(descending))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class Cursor:
    """A window of a list that was shown: rows [start, end) with the keys of its edge rows."""

    start: int
    end: int
    first: tuple[Any, ...]
    last: tuple[Any, ...]

    def encode(self, order: KeyOrder) -> str:
        first, last = [_plain(v) for v in self.first], [_plain(v) for v in self.last]
        text = json.dumps(
            [order.signature, self.start, self.end, first, last],
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str | None, order: KeyOrder) -> Cursor | None:
        """The cursor `text` stands for, if it was made in `order`; None for anything else."""
        if not text:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            signature, start, end, first, last = json.loads(raw)
            if signature != order.signature or not (
                isinstance(start, int) and isinstance(end, int) and 0 <= start < end
            ):
                return None
            keys = [
                tuple(
                    field.to_python(value) for field, value in zip(order.fields, key, strict=True)
                )
                for key in (first, last)
            ]
        except (ValueError, TypeError, binascii.Error, ValidationError):
            return None
        if any(value is None for key in keys for value in key):
            return None
        return cls(start, end, keys[0], keys[1])


def rows_at(
    queryset: QuerySet[Any],
    order: KeyOrder,
    *,
    offset: int,
    limit: int,
    count: int,
    cursor: Cursor | None,
) -> list[Any]:
    """Rows [offset, offset + limit) of `queryset` in `order`, read from the nearest known row.

    The candidates: from the start (OFFSET `offset`), backwards from the end (`count` rows in
    all), and from the edges of the window `cursor` describes. The one skipping fewest rows wins.
    """
    ordered = queryset.order_by(*order.order_by())
    if limit <= 0 or offset >= count:
        return []
    size = min(limit, count - offset)
    from_end = count - offset - size
    ways: list[tuple[int, str]] = [(offset, "start"), (from_end, "end")]
    if cursor is not None:
        if offset == cursor.start:
            ways.append((0, "at"))
        elif offset >= cursor.end:
            ways.append((offset - cursor.end, "after"))
        elif offset + size <= cursor.start:
            ways.append((cursor.start - offset - size, "before"))
    skip, way = min(ways)
    if way == "start":
        return list(ordered[offset : offset + size])
    if way == "at":
        assert cursor is not None
        return list(ordered.filter(order.beyond(cursor.first, inclusive=True))[:size])
    if way == "after":
        assert cursor is not None
        return list(ordered.filter(order.beyond(cursor.last))[skip : skip + size])
    backwards = queryset.order_by(*order.order_by(reverse=True))
    if way == "before":
        assert cursor is not None
        backwards = backwards.filter(order.beyond(cursor.first, reverse=True))
    rows = list(backwards[skip : skip + size])
    rows.reverse()
    return rows


def cursor_of(order: KeyOrder, rows: Sequence[Any], *, start: int) -> str:
    """The cursor of the window `rows` shown from position `start` ("" for no rows)."""
    if not rows:
        return ""
    window = Cursor(start, start + len(rows), order.key_of(rows[0]), order.key_of(rows[-1]))
    return window.encode(order)


class KeysetPaginator(Paginator):
    """Django's Paginator over a queryset in a key order, its pages read by `rows_at`.

    `count`, when known (a total the view computed anyway), saves the COUNT query. Each page
    carries `cursor`: the text for the links leaving it ("" on shallow pages).
    """

    def __init__(
        self,
        queryset: QuerySet[Any],
        per_page: int,
        *,
        order: KeyOrder,
        cursor: str | None = None,
        count: int | None = None,
    ) -> None:
        super().__init__(queryset, per_page)
        self.queryset = queryset
        self.order = order
        self.cursor = Cursor.decode(cursor, order)
        if count is not None:
            self.__dict__["count"] = count

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = rows_at(
            self.queryset,
            self.order,
            offset=start,
            limit=self.per_page,
            count=self.count,
            cursor=self.cursor,
        )
        page = Page(rows, number, self)
        deep = start >= KEYSET_MIN_OFFSET
        page.cursor = cursor_of(self.order, rows, start=start) if deep else ""  # type: ignore[attr-defined]
        return page
