"""Counts kept between requests (core.counting): recounted after a write, millions lag a minute."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import counting
from fazhi.core.models import Enterprise, Region
from fazhi.core.services.directory import enterprise_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _count_queries(rows) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        value = counting.rows_count(rows)
    return value, len(captured.captured_queries)


def test_a_kept_count_is_read_without_a_query_until_a_row_is_saved(world, monkeypatch):
    monkeypatch.setattr(counting, "CACHED_FROM", 1)
    towns = Region.objects.filter(parent=world.county)
    first, queries = _count_queries(towns)
    assert queries == 1
    assert _count_queries(towns) == (first, 0)

    Region.objects.create(
        code=f"{world.county.prefix}950000", name="新设镇", level="town", parent=world.county
    )

    assert _count_queries(towns) == (first + 1, 1)


def test_a_count_of_millions_is_kept_for_a_minute_whatever_is_written(world, monkeypatch):
    monkeypatch.setattr(counting, "LARGE_FROM", 2)  # the county's enterprises count as "millions"
    enterprises = Enterprise.objects.filter(region__code__startswith=world.county.prefix)
    first, _ = _count_queries(enterprises)
    assert first >= 2

    enterprise_create(
        acting_user=None, uscc="91371082MA3C6K8L08", name="荣成新增水产有限公司", region=world.yatou
    )

    assert _count_queries(enterprises) == (first, 0)  # lags behind until the minute is up
    cache.clear()
    assert _count_queries(enterprises) == (first + 1, 1)


def test_rows_that_cannot_match_count_zero_without_a_query():
    assert _count_queries(Region.objects.filter(pk__in=[])) == (0, 0)
