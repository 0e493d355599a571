import datetime

import pytest
from django.db import IntegrityError, connection

from fazhi.core import counting
from fazhi.core.bulkload import bulk_load
from fazhi.core.crypto import blind_index
from fazhi.core.models import Person, Region

pytestmark = pytest.mark.django_db


def _town_rows(county: Region, count: int) -> list[tuple[str, str, str, int]]:
    return [
        (f"{county.prefix}{900 + n:03d}000", f"合成镇{n}", "town", county.pk) for n in range(count)
    ]


def test_rows_are_inserted_with_their_foreign_keys_and_timestamps(world):
    county = world.county

    loaded = bulk_load(Region, ["code", "name", "level", "parent_id"], _town_rows(county, 12))

    towns = Region.objects.filter(name__startswith="合成镇")
    assert loaded == 12 == towns.count()
    assert {town.parent_id for town in towns} == {county.pk}
    assert all(town.created_at and town.updated_at for town in towns)


def test_a_count_kept_of_the_table_is_counted_again_after_a_load(world, monkeypatch):
    monkeypatch.setattr(counting, "CACHED_FROM", 1)
    towns = Region.objects.filter(parent=world.county)
    before = counting.rows_count(towns)

    bulk_load(Region, ["code", "name", "level", "parent_id"], _town_rows(world.county, 3))

    assert counting.rows_count(towns) == before + 3


def test_encrypted_fields_are_encrypted_and_dates_adapted(world):
    id_number = "371082199001011236"
    known = world.person_yatou
    row = ("批量张三", id_number, blind_index(id_number), "", "", "", "male")
    row += (known.region_id, known.organization_id)

    bulk_load(
        Person,
        [
            *("name", "id_number", "id_number_digest", "phone", "phone_digest", "address"),
            *("gender", "region", "organization"),
        ],
        [row],
    )
    bulk_load(
        Region,
        ["code", "name", "level", "parent", "established_on"],
        [
            (
                f"{world.county.prefix}990000",
                "合成镇",
                "town",
                world.county.pk,
                datetime.date(2022, 3, 1),
            )
        ],
    )

    person = Person.objects.get(name="批量张三")
    assert person.id_number == id_number
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM core_person WHERE id = %s", [person.pk])
        (stored,) = cursor.fetchone()
    assert id_number not in stored
    assert Region.objects.get(name="合成镇").established_on == datetime.date(2022, 3, 1)


def test_a_failing_row_leaves_nothing_written(world):
    rows = _town_rows(world.county, 3)
    rows.append(rows[0])  # a duplicate code violates the unique constraint

    with pytest.raises(IntegrityError):
        bulk_load(Region, ["code", "name", "level", "parent_id"], rows)

    assert not Region.objects.filter(name__startswith="合成镇").exists()


def test_an_unknown_field_name_is_refused_before_anything_is_written(world):
    with pytest.raises(LookupError, match="no concrete field 'nickname'"):
        bulk_load(Region, ["code", "nickname"], [("371082990000", "x")])


def test_the_load_is_one_logged_statement_so_query_counts_see_it(world, django_assert_num_queries):
    # COPY on PostgreSQL bypasses Django's cursor: it is logged like any statement all the same.
    # Around it, the savepoint of its transaction and its release.
    with django_assert_num_queries(3):
        bulk_load(Region, ["code", "name", "level", "parent_id"], _town_rows(world.county, 30))
