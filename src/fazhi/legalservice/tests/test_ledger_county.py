"""The ledger's county on each row, and the ledger page on it: scope, totals, deep pages."""

import datetime
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core import pagination
from fazhi.legalservice.models import LegalService
from fazhi.legalservice.services import (
    legal_service_record,
    legal_services_record,
    mediation_record,
    mediations_record,
)
from fazhi.legalservice.tests.test_ledger import _mediation, _service

pytestmark = pytest.mark.django_db

LEDGER = reverse("legalservice:service-list")
# However many rows: the session, the user and their roles, the per-kind totals (one aggregate,
# whose total is also the list's count), the page of rows with station, region and town (one),
# the filters' towns and stations.
LEDGER_PAGE_QUERIES = 7


def _days(count):
    first = datetime.date(2022, 1, 1)
    return [first + datetime.timedelta(days=n % 300) for n in range(count)]


def _ledger(bureau_staff, network, count):
    stations = [network["yatou_room"], network["ningjin_room"], network["park"]]
    kinds = [LegalService.Kind.CONSULTATION, LegalService.Kind.DOCUMENT, LegalService.Kind.OTHER]
    rows = [
        _service(
            stations[n % 3],
            kind=kinds[n % 3],
            channel=LegalService.Channel.PHONE if n % 3 == 0 else "",
            served_on=day,
        )
        for n, day in enumerate(_days(count))
    ]
    legal_services_record(acting_user=bureau_staff, rows=rows)


def _rows(response):
    return [row.record.pk for row in response.context["table"].paginated_rows]


def test_every_write_path_sets_the_county_of_the_station(
    world, bureau_staff, town_staff, network, yatou_committee
):
    one = legal_service_record(acting_user=town_staff, row=_service(network["yatou_room"]))
    legal_services_record(acting_user=bureau_staff, rows=[_service(network["park"])] * 2)
    mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_station"])
    )
    mediations_record(
        acting_user=town_staff, rows=[_mediation(yatou_committee, network["yatou_room"])]
    )

    assert one.county == world.county
    assert LegalService.objects.count() == 5
    assert set(LegalService.objects.values_list("county", flat=True)) == {world.county.pk}


def test_the_migration_fills_the_county_from_the_station_in_one_statement(
    world, bureau_staff, network
):
    _ledger(bureau_staff, network, 6)
    LegalService.objects.update(county=world.other_county)
    migration = importlib.import_module("fazhi.legalservice.migrations.0006_service_county")

    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_COUNTY)

    assert set(LegalService.objects.values_list("county", flat=True)) == {world.county.pk}


def test_the_county_bureau_sees_its_ledger_by_the_county_column(
    world, bureau_staff, other_county_bureau, town_staff, network
):
    _ledger(bureau_staff, network, 6)

    assert LegalService.objects.visible_to(bureau_staff).count() == 6
    assert LegalService.objects.visible_to(other_county_bureau).count() == 0
    # The town's office is still placed by its station's region: only its own room's rows.
    assert LegalService.objects.visible_to(town_staff).count() == 2
    scope_sql = str(LegalService.objects.visible_to(bureau_staff).query)
    assert f'"county_id" = {world.county.pk}' in scope_sql
    assert "LIKE" not in scope_sql


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"法律咨询": 5, "代书法律文书": 5, "其他法律服务": 5}),
        ({"kind": "document"}, {"代书法律文书": 5}),
        ({"channel": "phone"}, {"法律咨询": 5}),
        ({"year": "2022", "q": "土地"}, {"法律咨询": 5, "代书法律文书": 5, "其他法律服务": 5}),
    ],
)
def test_the_per_kind_totals_are_exact_for_the_filters(
    world, bureau_staff, network, filters, expected, django_assert_num_queries
):
    _ledger(bureau_staff, network, 15)
    client = login_client(bureau_staff)
    client.get(LEDGER)  # the session's first request saves it; count the ones after

    with django_assert_num_queries(LEDGER_PAGE_QUERIES):
        response = client.get(LEDGER, filters)

    assert dict(response.context["totals"]) == expected
    assert response.context["total"] == response.context["total_count"] == sum(expected.values())


def test_the_ledger_page_reads_deep_pages_by_key_with_the_same_rows(
    world, bureau_staff, network, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(pagination, "KEYSET_MIN_OFFSET", 20)
    _ledger(bureau_staff, network, 95)
    client = login_client(bureau_staff)
    by_offset = {page: _rows(client.get(LEDGER, {"page": page})) for page in range(1, 6)}
    second = client.get(LEDGER, {"page": 2})
    links = re.findall(r'href="\?([^"]*page=3[^"]*)"', second.content.decode())

    third_link = next(link.replace("&amp;", "&") for link in links if "cursor=" in link)
    with CaptureQueriesContext(connection) as captured:
        third = client.get(f"{LEDGER}?{third_link}")
    with django_assert_num_queries(LEDGER_PAGE_QUERIES):
        client.get(f"{LEDGER}?{third_link}")

    assert _rows(third) == by_offset[3]
    assert third.context["table"].page.number == 3
    page_sql = [query["sql"] for query in captured.captured_queries if "LIMIT 20" in query["sql"]]
    assert page_sql
    assert not any("OFFSET" in sql for sql in page_sql)
    assert sorted(pk for rows in by_offset.values() for pk in rows) == sorted(
        LegalService.objects.values_list("pk", flat=True)
    )
    # Going back from page 3 by its own cursor gives page 2 again; the last page is read from
    # the end; a link of page 3 to page 5 skips page 4 only.
    back = third.content.decode()
    previous = re.search(r'href="\?([^"]*page=2[^"]*cursor=[^"]*)"', back) or re.search(
        r'href="\?([^"]*cursor=[^"]*page=2[^"]*)"', back
    )
    assert previous is not None
    assert _rows(client.get(f"{LEDGER}?{previous.group(1).replace('&amp;', '&')}")) == by_offset[2]


def test_a_sorted_or_tampered_ledger_pages_by_offset_as_before(world, bureau_staff, network):
    _ledger(bureau_staff, network, 45)
    client = login_client(bureau_staff)
    plain = _rows(client.get(LEDGER, {"page": 2}))

    assert _rows(client.get(LEDGER, {"page": 2, "cursor": "not-a-cursor"})) == plain
    by_station = client.get(LEDGER, {"page": 2, "sort": "station"})
    assert by_station.status_code == 200
    assert len(_rows(by_station)) == 20
