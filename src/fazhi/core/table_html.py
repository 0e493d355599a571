"""A list's table and page links written in Python, the markup every list page shares.

django-tables2 draws a cell through the template engine, and its `BoundColumn.attrs` builds
the column's attributes afresh for every cell: on a 20-row page that was most of the page's
time (bench/lists_api.py, docs/performance.md "Lists"). Here the header and each column's
cell attributes are worked out once per page, each cell is rendered by its column as
django-tables2 would (`render_*`, `linkify`, choices' labels), and the page is joined as text.
Used by the `list_table` and `list_pagination` tags (templatetags/fazhi_ui.py).
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import django_tables2 as tables
from django.http import QueryDict
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns.base import BoundColumn
from django_tables2.rows import BoundRow
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import AttributeDict

_EMPTY_CELL = '<span class="text-secondary">—</span>'
_SORT_ICON = '<i class="ti ti-arrows-sort fz-sort-hint"></i>'
_SORTED_ICON = '<i class="ti ti-sort-{}"></i>'
_GAP = '<li class="page-item disabled d-none d-sm-block"><span class="page-link">…</span></li>'


def query_replaced(query: QueryDict, updates: Mapping[str, Any], removals: Iterable[str]) -> str:
    """The query string "?…" with `updates` set and `removals` left out (as querystring_replace)."""
    parameters = {**dict(query.lists()), **updates}
    for key in removals:
        parameters.pop(key, None)
    return "?" + urlencode(parameters, doseq=True)


def _has_callable(attrs: Mapping[str, Any]) -> bool:
    return any(callable(value) for value in attrs.values())


def _header_cell(column: BoundColumn, table: tables.Table, query: QueryDict) -> str:
    header = conditional_escape(column.header)
    attrs = column.attrs["th"].as_html()
    if not column.orderable:
        return f"<th {attrs}>{header}</th>"
    link = query_replaced(
        query,
        {table.prefixed_order_by_field: column.order_by_alias.next},
        (table.prefixed_page_field, getattr(table, "cursor_field", "")),
    )
    if column.is_ordered:
        direction = "descending" if column.order_by_alias.is_descending else "ascending"
        icon, ordered = _SORTED_ICON.format(direction), " is-ordered"
    else:
        icon, ordered = _SORT_ICON, ""
    return (
        f'<th {attrs}><a class="fz-sort{ordered}" href="{escape(link)}" '
        f'title="按{header}排序">{header} {icon}</a></th>'
    )


class _CellAttributes:
    """A column's `<td>` attributes: worked out once, unless they depend on the cell."""

    def __init__(self, column: BoundColumn) -> None:
        self.column = column
        own = column.column.attrs
        self.per_cell = _has_callable(own.get("td", own.get("cell", {})))
        self.fixed = "" if self.per_cell else column.attrs["td"].as_html()

    def html(self, row: BoundRow, value: Any) -> str:
        if not self.per_cell:
            return self.fixed
        # As BoundRow.items() leaves them, for attrs computed from the record and value.
        self.column.current_record, self.column.current_value = row.record, value
        return str(self.column.attrs["td"].as_html())


def _cell(value: Any) -> str:
    if value is None or value == "":
        return _EMPTY_CELL
    return str(conditional_escape(value))


def _body_rows(table: tables.Table, columns: Sequence[BoundColumn]) -> Iterable[str]:
    cells = [(column, _CellAttributes(column)) for column in columns]
    plain_rows = not table.row_attrs
    for row in table.paginated_rows:
        if plain_rows:  # BoundRow.attrs without computing the (empty) row_attrs
            row_attrs = f'class="{row.get_even_odd_css_class()}"'
        else:
            row_attrs = AttributeDict(row.attrs).as_html()
        parts = [f"<tr {row_attrs}>"]
        for column, attributes in cells:
            value = row._get_and_render_with(column, row._call_render, column.default)
            parts.append(f"<td {attributes.html(row, value)}>{_cell(value)}</td>")
        parts.append("</tr>")
        yield "".join(parts)


def _empty_row(table: tables.Table, columns: int, *, is_filtered: bool) -> str:
    hint = (
        '<p class="empty-subtitle text-secondary">可调整或清除查询条件后重试</p>'
        if is_filtered
        else ""
    )
    return format_html(
        '<tr><td colspan="{}"><div class="empty py-5">'
        '<div class="empty-icon"><i class="ti ti-database-off fs-1"></i></div>'
        '<p class="empty-title">{}</p>{}</div></td></tr>',
        columns,
        table.empty_text or "暂无数据",
        mark_safe(hint),  # noqa: S308 (a literal)
    )


def table_html(table: tables.Table, query: QueryDict, *, is_filtered: bool) -> SafeString:
    """The table of a list page, as `<table>` markup.

    Sortable headers whose links keep the filters and leave the page, a row per record of the
    page, "—" for an empty cell, an empty state.
    """
    columns = list(table.columns)
    headers = "".join(_header_cell(column, table, query) for column in columns)
    body = "".join(_body_rows(table, columns))
    if not body:
        body = _empty_row(table, len(columns), is_filtered=is_filtered)
    return mark_safe(  # noqa: S308 (headers and cells escaped above; cells' HTML is the columns')
        '<table class="table table-vcenter card-table table-hover fz-table">'
        f"<thead><tr>{headers}</tr></thead><tbody>{body}</tbody></table>"
    )


def _page_link(query: QueryDict, number: int, page: Any, page_field: str, cursor_field: str) -> str:
    """The link to page `number`: with the page's cursor when it has one (core.pagination)."""
    cursor = getattr(page, "cursor", None)
    if cursor:
        return query_replaced(query, {page_field: number, cursor_field: cursor}, ())
    return query_replaced(query, {page_field: number}, (cursor_field,))


def _step_link(label: str, icon: str, target: int | None, link: str, *, after: bool) -> str:
    parts = (f'<i class="ti {icon}"></i>', f'<span class="d-none d-sm-inline">{label}</span>')
    inner = "".join(reversed(parts) if after else parts)
    if target is None:
        return (
            '<li class="page-item disabled"><a class="page-link" tabindex="-1" '
            f'aria-disabled="true">{inner}</a></li>'
        )
    return f'<li class="page-item"><a class="page-link" href="{escape(link)}">{inner}</a></li>'


def pagination_html(
    page: Any, paginator: Any, query: QueryDict, *, page_field: str, cursor_field: str
) -> SafeString:
    """A page's links (previous, numbers with "…", next); none for a single page.

    Links keep the current filters and sort; a deep page's links carry its cursor, so the page
    they lead to is read by key, not by OFFSET.
    """
    if not page or paginator.num_pages <= 1:
        return mark_safe("")

    def link(number: int) -> str:
        return _page_link(query, number, page, page_field, cursor_field)

    previous = page.previous_page_number() if page.has_previous() else None
    following = page.next_page_number() if page.has_next() else None
    items = [_step_link("上一页", "ti-chevron-left", previous, link(previous or 1), after=False)]
    for number in table_page_range(page, paginator):
        if number == "...":
            items.append(_GAP)
        elif number == page.number:
            items.append(
                f'<li class="page-item active"><a class="page-link" href="{escape(link(number))}" '
                f'aria-current="page">{number}</a></li>'
            )
        else:
            items.append(
                f'<li class="page-item d-none d-sm-block"><a class="page-link" '
                f'href="{escape(link(number))}">{number}</a></li>'
            )
    after = _step_link("下一页", "ti-chevron-right", following, link(following or 1), after=True)
    items.append(after)
    return mark_safe(  # noqa: S308 (numbers and escaped links)
        f'<ul class="pagination m-0" aria-label="分页">{"".join(items)}</ul>'
    )
