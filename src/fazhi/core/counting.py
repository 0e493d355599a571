"""Counts over large lists kept in the cache until a table they read changes.

Counting a county's 70,000 ledger rows by kind costs PostgreSQL 10–30 ms a request, more than the
rest of the page's SQL (bench/lists_api.py). A count computed here is kept under a key made of
its SQL and the current *version* of every table the query reads; saving or deleting a row
(Django's signals, and again once the transaction commits) and `core.bulkload.bulk_load` give
the table a new version, so the next request counts afresh. Writes that send no signal
(`QuerySet.update`, raw SQL) are caught by the timeout: a count is never older than
COUNT_SECONDS.

A count of LARGE_FROM rows or more is kept for COUNT_SECONDS whatever is written meanwhile:
the audit log gains rows on every sign-in and export, and counting its millions anew each time
would cost 100 ms a request, while a total of millions that lags a minute behind is still the
right size. Small results (under CACHED_FROM rows) are not kept: counting them costs less than
the cache.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

CACHED_FROM = 1_000
LARGE_FROM = 100_000
COUNT_SECONDS = 60
_VERSION_PREFIX = "table-version:"


def _version_key(table: str) -> str:
    return f"{_VERSION_PREFIX}{table}"


def tables_changed(tables: Iterable[str]) -> None:
    """Give each table a new version now and again when the transaction commits.

    Now, so the writing request counts its own rows; at the commit, so a count another request
    made before the commit (without these rows) is not kept under the new version.
    """
    keys = [_version_key(table) for table in tables]

    def bump() -> None:
        cache.set_many({key: secrets.token_hex(4) for key in keys}, None)

    bump()
    transaction.on_commit(bump, robust=True)


def model_changed(sender: type[models.Model], **kwargs: Any) -> None:
    """The receiver of post_save, post_delete and m2m_changed (CoreConfig.ready)."""
    if kwargs.get("raw"):  # fixtures loading
        return
    tables_changed([sender._meta.db_table])


def _tables_read(rows: QuerySet[Any]) -> list[str]:
    query = rows.query
    tables = {join.table_name for join in query.alias_map.values()}
    tables.add(rows.model._meta.db_table)
    return sorted(tables)


def count_cached(
    rows: QuerySet[Any],
    compute: Callable[[QuerySet[Any]], T],
    *,
    name: str,
    size: Callable[[T], int],
    empty: T,
) -> T:
    """`compute(rows)`, or the value computed before if no table `rows` reads has changed since.

    `name` tells apart computations over the same rows; `size(value)` is the number of rows
    counted, which decides whether the value is kept (at least CACHED_FROM). `empty` is the
    value for rows that cannot match (a scope of `pk__in=[]`), returned without a query.
    """
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return empty
    question = f"{name}|{rows.db}|{sql}|{params!r}"
    large_key = _count_key(question)
    version_keys = [_version_key(table) for table in _tables_read(rows)]
    known = cache.get_many([large_key, *version_keys])
    if large_key in known:
        return known[large_key]
    stamp = ",".join(f"{key}={known.get(key, '')}" for key in version_keys)
    key = _count_key(f"{question}|{stamp}")
    value = cache.get(key)
    if value is None:
        value = compute(rows)
        counted = size(value)
        if counted >= LARGE_FROM:
            cache.set(large_key, value, COUNT_SECONDS)
        elif counted >= CACHED_FROM:
            cache.set(key, value, COUNT_SECONDS)
    return value


def _count_key(text: str) -> str:
    return "count:" + hashlib.sha256(text.encode()).hexdigest()


def rows_count(rows: QuerySet[Any]) -> int:
    """How many rows: one COUNT query, or the count kept since (see the module's docstring)."""
    return count_cached(rows, QuerySet.count, name="count", size=int, empty=0)


def receivers_connect() -> None:
    """Give a table a new version on every save and delete of its rows (CoreConfig.ready)."""
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(model_changed, dispatch_uid=f"core.counting.{name}")
