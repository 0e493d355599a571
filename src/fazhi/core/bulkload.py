"""Loading many rows at once: COPY on PostgreSQL, executemany in one statement batch on SQLite.

The ORM's save() costs about 1 ms a row (signals, audit, validation); bulk_create still builds a
model instance per row and one long INSERT per batch. A province's synthetic data set is tens of
millions of rows, so the generator feeds plain tuples here instead: each value still passes its
field's `get_db_prep_save`, so encrypted fields are encrypted and dates adapted exactly as a
save() would, but nothing else runs. No signals, no audit rows, no validation: callers are the
data generator and bulk imports whose rows were validated already.
"""

import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from itertools import islice
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from fazhi.core.counting import tables_changed

BATCH_ROWS = 5_000


def bulk_load(
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    stored: Sequence[str] = (),
) -> int:
    """Insert `rows` (tuples of values for the fields `names`) into `model`'s table; the count.

    A name is a field name or, for a foreign key, either its name or its attname (`station` or
    `station_id`) and takes the related row's primary key. `created_at`/`updated_at` of
    TimeStampedModel are filled with now() unless named; other fields not named take their
    default, as save() would give them. Values of the fields named in `stored`
    are already in their database form (e.g. ciphertext encrypted once and reused by a data
    generator) and are not prepared again. All rows go in one transaction.

    `rows` may be a generator but must not query the database itself: on PostgreSQL the COPY
    holds the connection's lock while it reads them, and a query from inside would wait for that
    lock forever. Read what the rows need first (a list, not a lazy queryset).
    """
    fields = [_field(model, name) for name in names]
    now = timezone.now()
    unnamed = [
        (field, _constant(field, now))
        for field in model._meta.concrete_fields
        if field not in fields and not field.primary_key
    ]
    columns = [str(field.column) for field in [*fields, *(field for field, _ in unnamed)]]
    plain = [_is_plain(field) or field.name in stored for field in fields]
    tail = tuple(value for _, value in unnamed)
    prepared = _prepared_rows(fields, plain, rows, tail=tail)
    table = model._meta.db_table
    with transaction.atomic():
        tables_changed([table])  # counts kept of this table are recounted (core.counting)
        if connection.vendor == "postgresql":
            return _copy(table, columns, prepared)
        return _executemany(table, columns, prepared)


def _constant(field: models.Field, now: datetime.datetime) -> Any:
    """The database value of an unnamed field, the same for every row."""
    if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
        return field.get_db_prep_save(now, connection)
    default = field.get_default()
    if field.has_default() and callable(field.default) and field.get_default() != default:
        # A default that differs per call (a fresh UUID, say) must differ per row: name it.
        raise LookupError(f"{field.model.__name__}.{field.name} has a per-row default: name it")
    return field.get_db_prep_save(default, connection)


def _field(model: type[models.Model], name: str) -> models.Field:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    raise LookupError(f"{model.__name__} has no concrete field {name!r}")


# Field classes whose Python values reach the database driver unchanged: their rows skip
# get_db_prep_save, which is most of the per-row cost. Subclasses (an encrypted TextField) do not.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _is_plain(field: models.Field) -> bool:
    if type(field) in _PLAIN_FIELDS:
        return True
    # psycopg sends a date as it is; Django's SQLite backend turns it into text first.
    return type(field) is models.DateField and connection.vendor == "postgresql"


def _prepared_rows(
    fields: Sequence[models.Field],
    plain: Sequence[bool],
    rows: Iterable[Sequence[Any]],
    *,
    tail: tuple[Any, ...],
) -> Iterator[tuple[Any, ...]]:
    if all(plain):
        for row in rows:
            yield (*row, *tail)
        return
    # The connection itself rather than Django's proxy to it, looked up once, not per value.
    database = connections[DEFAULT_DB_ALIAS]
    prepared = [
        (index, field.get_db_prep_save)
        for index, (field, keep) in enumerate(zip(fields, plain, strict=True))
        if not keep
    ]
    width = len(fields)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} values for {width} fields")
        values = [*row, *tail]
        for index, prepare in prepared:
            values[index] = prepare(values[index], database)
        yield tuple(values)


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    count = 0
    # Django's cursor wrapper has no copy(): use psycopg's, with Django's error classes, and
    # log the statement as Django logs its own, so query counts in tests see it.
    with (
        connection.cursor() as cursor,
        _logged(cursor, sql),
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _logged(cursor: Any, sql: str) -> AbstractContextManager[None]:
    """Django's query log entry for `sql` when it logs queries (DEBUG, tests), else nothing."""
    debug_sql = getattr(cursor, "debug_sql", None)
    return debug_sql(sql) if debug_sql is not None else nullcontext()


def _executemany(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join("%s" for _ in columns)
    # Table and column names come from model metadata, never from input.
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})"  # noqa: S608
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH_ROWS)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def tables_analyze(tables: Iterable[str]) -> None:
    """Vacuum and analyze freshly loaded tables on PostgreSQL (outside any transaction).

    Autovacuum gets there eventually; until then the planner believes the tables are small and
    picks nested loops over millions of rows (a county's report took 50 s before, 0.7 s after),
    and no page is marked all-visible, so a count over a covering index still reads every row
    from the heap (a county's ledger count: 120 ms before the VACUUM). SQLite needs nothing.
    """
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (a caller's atomic block, a test): ANALYZE can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
