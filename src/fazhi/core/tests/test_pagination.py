"""Keyset pagination: every way of reading a page gives the rows OFFSET would, without OFFSET."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.conftest import login_client
from fazhi.core.audit import audit_record
from fazhi.core.models import AuditLog, Region
from fazhi.core.pagination import Cursor, KeysetPaginator, cursor_of, key_order_of, rows_at

pytestmark = pytest.mark.django_db

PER_PAGE = 7
ROWS = 47  # six full pages and five rows


@pytest.fixture
def regions(db):
    Region.objects.bulk_create(
        Region(code=f"99{n:04d}000000", name=f"测试县{n}", level=Region.Level.COUNTY)
        for n in range(ROWS)
    )
    return Region.objects.filter(code__startswith="99")


def _pks(rows):
    return [row.pk for row in rows]


@pytest.mark.parametrize("ordering", [("code",), ("-code",), ("-level", "-code")])
def test_every_page_read_by_key_is_the_page_read_by_offset(regions, ordering):
    queryset = regions.order_by(*ordering)
    order = key_order_of(queryset)
    assert order is not None
    by_offset = list(queryset.order_by(*order.order_by()))
    count = len(by_offset)
    pages = range(1, (count + PER_PAGE - 1) // PER_PAGE + 1)

    for shown in pages:
        start = (shown - 1) * PER_PAGE
        window = by_offset[start : start + PER_PAGE]
        cursor = Cursor.decode(cursor_of(order, window, start=start), order)
        for wanted in pages:
            offset = (wanted - 1) * PER_PAGE
            rows = rows_at(
                queryset, order, offset=offset, limit=PER_PAGE, count=count, cursor=cursor
            )
            assert _pks(rows) == _pks(by_offset[offset : offset + PER_PAGE]), (shown, wanted)


def test_the_next_page_by_cursor_and_the_last_page_use_no_offset(regions):
    order = key_order_of(regions.order_by("code"))
    assert order is not None
    paginator = KeysetPaginator(regions.order_by("code"), PER_PAGE, order=order)
    third = paginator.page(3)
    fourth_cursor = cursor_of(order, list(third.object_list), start=2 * PER_PAGE)

    with CaptureQueriesContext(connection) as captured:
        fourth = KeysetPaginator(
            regions.order_by("code"), PER_PAGE, order=order, cursor=fourth_cursor, count=ROWS
        ).page(4)
        last = KeysetPaginator(regions.order_by("code"), PER_PAGE, order=order, count=ROWS).page(7)

    assert len(captured) == 2
    assert not any("OFFSET" in query["sql"] for query in captured.captured_queries)
    assert [region.code for region in fourth.object_list] == [
        f"99{n:04d}000000" for n in range(21, 28)
    ]
    assert [region.code for region in last.object_list] == [
        f"99{n:04d}000000" for n in range(42, 47)
    ]


def test_a_cursor_of_another_order_or_garbled_is_ignored(regions):
    ascending = key_order_of(regions.order_by("code"))
    descending = key_order_of(regions.order_by("-code"))
    assert ascending is not None
    assert descending is not None
    text = cursor_of(ascending, list(regions.order_by("code")[:PER_PAGE]), start=0)

    assert Cursor.decode(text, ascending) is not None
    assert Cursor.decode(text, descending) is None
    assert Cursor.decode(text[:-3], ascending) is None
    assert Cursor.decode("bm90IGpzb24", ascending) is None


def test_only_orders_by_own_non_null_columns_are_read_by_key(regions):
    assert key_order_of(regions.order_by("parent__code")) is None  # a related column
    assert key_order_of(regions.order_by("established_on")) is None  # nullable
    assert key_order_of(regions.order_by("?")) is None
    order = key_order_of(regions.order_by("-level", "pk", "code"))
    assert order is not None
    assert order.order_by() == ["-level", "id"]  # the primary key ends the order


def test_the_audit_log_pages_by_key_from_a_deep_page(world, audit_admin, monkeypatch):
    from fazhi.core import pagination

    monkeypatch.setattr(pagination, "KEYSET_MIN_OFFSET", 20)
    for n in range(70):  # many share their time: the primary key breaks the ties
        audit_record(event=AuditLog.Event.LOGIN, username=f"user{n}", message="测试")
    client = login_client(audit_admin)
    page_two = client.get("/audit/", {"page": 2})
    cursor = page_two.context["table"].page.cursor
    plain = client.get("/audit/", {"page": 3})

    by_key = client.get("/audit/", {"page": 3, "cursor": cursor})

    assert cursor
    assert [row.record.pk for row in by_key.context["table"].paginated_rows] == [
        row.record.pk for row in plain.context["table"].paginated_rows
    ]
