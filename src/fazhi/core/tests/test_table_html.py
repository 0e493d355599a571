"""The list table and page links as a user sees them (core.table_html); no database needed."""

import re
from types import SimpleNamespace

import django_tables2 as tables
import pytest
from django.test import RequestFactory
from django.utils.html import format_html

from fazhi.core.table_html import pagination_html, table_html

ROWS = [
    {"name": "崖头街道", "code": "371082001", "note": "<b>加粗</b>"},
    {"name": "城西街道", "code": "371082002", "note": ""},
    {"name": "宁津街道", "code": "371082003", "note": None},
]


class TownTable(tables.Table):
    name = tables.Column(verbose_name="名称")
    code = tables.Column(verbose_name="区划代码", attrs={"td": {"class": "font-monospace"}})
    note = tables.Column(verbose_name="备注", orderable=False)


def _table(query: str = "", *, rows=ROWS, table_class=TownTable, per_page=2):
    request = RequestFactory().get(f"/towns/{query}")
    table = table_class(rows)
    table.cursor_field = "cursor"
    tables.RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return table, request.GET


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr [^>]*>(.*?)</tr>", html.split("<tbody>")[1])
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]


def test_headers_sort_keeping_the_filters_and_leaving_the_page_and_cursor():
    table, query = _table("?q=街道&page=2&cursor=abc&sort=name")
    html = table_html(table, query, is_filtered=True)
    name_header = re.search(r"<th [^>]*>(.*?)</th>", html)[1]
    assert 'class="fz-sort is-ordered"' in name_header
    assert 'href="?q=%E8%A1%97%E9%81%93&amp;sort=-name"' in name_header  # next: descending
    assert "ti-sort-ascending" in name_header
    assert 'title="按名称排序"' in name_header
    code_header = re.findall(r"<th [^>]*>(.*?)</th>", html)[1]
    assert 'class="fz-sort"' in code_header
    assert "ti-arrows-sort" in code_header
    assert "<th" in html
    assert ">备注</th>" in html


def test_a_cell_rendered_empty_shows_a_grey_dash():
    class BlankTable(TownTable):
        def render_name(self, value):
            return ""

    table, query = _table(table_class=BlankTable)
    assert _cells(table_html(table, query, is_filtered=False))[0][0] == (
        '<span class="text-secondary">—</span>'
    )


def test_cells_escape_text_show_a_dash_when_empty_and_keep_column_attributes():
    table, query = _table("?page=1", per_page=3)
    html = table_html(table, query, is_filtered=False)
    cells = _cells(html)
    assert cells[0] == ["崖头街道", "371082001", "&lt;b&gt;加粗&lt;/b&gt;"]
    assert cells[1][2] == cells[2][2] == "—"  # the table's default for an empty value
    assert '<td class="font-monospace">371082001</td>' in html
    assert re.findall(r"<tr (class=\"\w+\")>", html) == [
        'class="even"',
        'class="odd"',
        'class="even"',
    ]


class LinkedTable(tables.Table):
    name = tables.Column(verbose_name="名称")
    code = tables.Column(
        verbose_name="区划代码",
        attrs={"td": {"data-code": lambda record: record["code"]}},
    )

    class Meta:
        row_attrs = {"id": lambda record: f"town-{record['code']}"}

    def render_name(self, value, record):
        return format_html('<a href="/towns/{}/">{}</a>', record["code"], value)


def test_rendered_cells_row_attributes_and_attributes_computed_per_cell():
    table, query = _table(table_class=LinkedTable, per_page=3)
    html = table_html(table, query, is_filtered=False)
    assert '<a href="/towns/371082002/">城西街道</a>' in html
    assert '<tr id="town-371082002" class="odd">' in html
    assert '<td data-code="371082003">371082003</td>' in html


def test_an_empty_list_says_so_and_hints_at_the_filters_only_when_filtered():
    class EmptyTable(TownTable):
        class Meta:
            empty_text = "没有符合条件的镇街"

    table, query = _table(rows=[], table_class=EmptyTable)
    filtered = table_html(table, query, is_filtered=True)
    assert 'colspan="3"' in filtered
    assert "没有符合条件的镇街" in filtered
    assert "可调整或清除查询条件后重试" in filtered
    assert "可调整或清除查询条件后重试" not in table_html(table, query, is_filtered=False)


def _links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]*)"', html)]


def test_pages_link_with_the_filters_a_gap_and_the_first_page_disabled():
    rows = [{"name": f"第{n}村", "code": str(n), "note": ""} for n in range(1, 60)]
    table, query = _table("?q=村&cursor=old", rows=rows, per_page=2)
    html = pagination_html(
        table.page, table.paginator, query, page_field="page", cursor_field="cursor"
    )
    assert 'aria-disabled="true"' in html.split("</li>")[0]  # 上一页 on page 1
    active = '<li class="page-item active"><a class="page-link" href="?q=%E6%9D%91&amp;page=1"'
    assert active in html
    assert "…" in html
    assert ">30</a>" in html
    assert all("cursor" not in link for link in _links(html))  # no cursor: OFFSET pages
    assert _links(html)[-1] == "?q=%E6%9D%91&page=2"  # 下一页


def test_a_page_read_by_key_carries_its_cursor_and_one_page_shows_no_links():
    query = RequestFactory().get("/towns/?page=5").GET
    page = SimpleNamespace(
        number=5,
        cursor="k:2022-05-01:42",
        has_previous=lambda: True,
        has_next=lambda: True,
        previous_page_number=lambda: 4,
        next_page_number=lambda: 6,
    )
    html = pagination_html(
        page, SimpleNamespace(num_pages=9), query, page_field="page", cursor_field="cursor"
    )
    assert all("cursor=k%3A2022-05-01%3A42" in link for link in _links(html))
    single = SimpleNamespace(num_pages=1)
    assert pagination_html(page, single, query, page_field="page", cursor_field="cursor") == ""


@pytest.mark.parametrize("sort", ["-name", "name"])
def test_the_sorted_columns_icon_follows_its_direction(sort):
    table, query = _table(f"?sort={sort}")
    html = table_html(table, query, is_filtered=False)
    expected = "ti-sort-descending" if sort.startswith("-") else "ti-sort-ascending"
    assert expected in html


@pytest.mark.django_db
def test_the_filter_row_writes_a_search_box_and_date_pickers_keeping_their_values():
    from fazhi.core.filters import AuditLogFilterSet
    from fazhi.core.models import AuditLog

    data = {"username": "王<b>", "date_from": "2022-01-05", "event": ""}
    form = AuditLogFilterSet(data, queryset=AuditLog.objects.none()).form

    html = "".join(str(field) for field in form)
    assert '<input type="date" name="date_from" value="2022-01-05"' in html
    assert '<input type="date" name="date_to"' in html
    assert 'name="username" value="王&lt;b&gt;"' in html
    assert html.count("type=") == html.count("<input")  # one type per input
    assert form["date_from"].widget_type == "date"  # the filter row's template tells it apart


def test_the_search_box_is_a_search_input():
    from fazhi.core.filters import EnterpriseFilterSet

    html = str(EnterpriseFilterSet({"q": "水产"}, queryset=None).form["q"])

    assert html.startswith('<input type="search" name="q" value="水产"')
    assert html.count("type=") == 1
