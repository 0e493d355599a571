"""Every persona over every scoped model: lists, details, API responses and Excel exports show the
rows the persona's scope holds and never one outside it (DESIGN "Scoping", STYLE P9).

The expected rows are written out by hand per persona, independently of `visible_to`, so a
wrong scope rule fails here rather than being mirrored by the test.
"""

import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.db import models
from django.test import Client

from fazhi.conftest import PASSWORD, PERSONAS, World, login_client
from fazhi.core.figures import ReportPart
from fazhi.core.models import Enterprise, Organization, Person, Region, User
from fazhi.core.scoping import scoped_models
from fazhi.core.services.accounts import api_token_issue
from fazhi.reports.models import NarrativeItem
from fazhi.reports.services import narrative_item_create

pytestmark = pytest.mark.django_db

EVERYONE_IN_RONGCHENG = {"county", "yatou", "ningjin", "yatou_village", "ningjin_village"}
RONGCHENG_ORGANIZATIONS = {
    "government",
    "bureau",
    "market",
    "ecology",
    "office_yatou",
    "office_ningjin",
    "law_firm",
}

# persona -> model -> names of the world's rows that persona may see.
EXPECTED: dict[str, dict[type[models.Model], set[str]]] = {
    "sysadmin": {
        Region: EVERYONE_IN_RONGCHENG | {"province", "city", "other_county", "other_town"},
        Organization: RONGCHENG_ORGANIZATIONS | {"other_bureau"},
        Enterprise: {"enterprise_yatou", "enterprise_ningjin", "enterprise_other_county"},
        Person: set(),  # sensitive records are not the system administrator's business
        NarrativeItem: {"item_yatou", "item_ningjin", "item_market", "item_other_county"},
    },
    "security_admin": {},
    "audit_admin": {},
    "bureau_staff": {
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: {"person_yatou", "person_ningjin", "person_market"},
        NarrativeItem: {"item_yatou", "item_ningjin", "item_market"},
    },
    "bureau_reviewer": {
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: set(),  # the legality-review function has no business with persons
        NarrativeItem: {"item_yatou", "item_ningjin", "item_market"},
    },
    "other_county_bureau": {
        Region: {"other_county", "other_town"},
        Organization: {"other_bureau"},
        Enterprise: {"enterprise_other_county"},
        Person: {"person_other_county"},
        NarrativeItem: {"item_other_county"},
    },
    "department_officer": {
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: {"person_market"},
        NarrativeItem: {"item_market"},
    },
    "other_department_officer": {
        Region: EVERYONE_IN_RONGCHENG,
        Organization: RONGCHENG_ORGANIZATIONS,
        Enterprise: {"enterprise_yatou", "enterprise_ningjin"},
        Person: set(),
        NarrativeItem: set(),
    },
    "town_staff": {
        Region: {"yatou", "yatou_village"},
        Organization: {"office_yatou"},
        Enterprise: {"enterprise_yatou"},
        Person: {"person_yatou", "person_market"},
        NarrativeItem: {"item_yatou"},
    },
    "other_town_staff": {
        Region: {"ningjin", "ningjin_village"},
        Organization: {"office_ningjin"},
        Enterprise: {"enterprise_ningjin"},
        Person: {"person_ningjin"},
        NarrativeItem: {"item_ningjin"},
    },
    "officer": {},
    "supervisor": {},
    "lawyer": {},
}


# Rows in scope whose page the persona's roles do not open: the system administrator maintains
# accounts and code lists and has no report-writing capability.
REFUSED_PAGES = {("sysadmin", NarrativeItem)}


@dataclass(frozen=True)
class Surface:
    """Where a model's rows show up, and how to recognise a row in each place."""

    list_url: str
    detail_url: Callable[[Any], str] | None
    api_list: str | None
    api_detail: Callable[[Any], str] | None
    marker: Callable[[Any], str]  # a string identifying the row in the list page's HTML
    export_label: Callable[[Any], str]  # the row's first cell in the exported workbook


SURFACES: dict[type[models.Model], Surface] = {
    Region: Surface(
        "/regions/", None, "/api/v1/regions", None, lambda row: row.code, lambda row: row.code
    ),
    Organization: Surface(
        "/organizations/",
        lambda pk: f"/organizations/{pk}/",
        "/api/v1/organizations",
        lambda pk: f"/api/v1/organizations/{pk}",
        lambda row: f'href="/organizations/{row.pk}/"',
        lambda row: row.name,
    ),
    Enterprise: Surface(
        "/enterprises/",
        lambda pk: f"/enterprises/{pk}/",
        "/api/v1/enterprises",
        lambda pk: f"/api/v1/enterprises/{pk}",
        lambda row: f'href="/enterprises/{row.pk}/"',
        lambda row: row.name,
    ),
    Person: Surface(
        "/persons/",
        lambda pk: f"/persons/{pk}/",
        "/api/v1/persons",
        lambda pk: f"/api/v1/persons/{pk}",
        lambda row: f'href="/persons/{row.pk}/"',
        lambda row: row.name,
    ),
    NarrativeItem: Surface(
        "/reports/narratives/",
        lambda pk: f"/reports/narratives/{pk}/",
        None,
        None,
        lambda row: f'href="/reports/narratives/{row.pk}/"',
        lambda row: row.title,
    ),
}


def _narrative_item(author: User, region: Region, title: str) -> NarrativeItem:
    return narrative_item_create(
        acting_user=author,
        region=region,
        year=2022,
        part=ReportPart.MEASURES,
        title=title,
        body="内容",
    )


@pytest.fixture
def rows(request, world: World) -> dict[str, models.Model]:
    """Every named row of the world, plus one report passage per author organization."""
    named: dict[str, models.Model] = {
        field.name: getattr(world, field.name) for field in dataclasses.fields(world)
    }
    named["province"] = Region.objects.get(code="370000000000")
    named["city"] = Region.objects.get(code="371000000000")
    named["other_town"] = Region.objects.get(code="371083001000")
    town = request.getfixturevalue("town_staff")
    other_town = request.getfixturevalue("other_town_staff")
    department = request.getfixturevalue("department_officer")
    other_county = request.getfixturevalue("other_county_bureau")
    named["item_yatou"] = _narrative_item(town, world.county, "崖头街道报告素材")
    named["item_ningjin"] = _narrative_item(other_town, world.county, "宁津街道报告素材")
    named["item_market"] = _narrative_item(department, world.county, "市场监管局报告素材")
    named["item_other_county"] = _narrative_item(other_county, world.other_county, "乳山市报告素材")
    return named


def _rows_of(model: type[models.Model], rows: dict[str, models.Model]) -> dict[str, Any]:
    return {name: row for name, row in rows.items() if isinstance(row, model)}


def _expected(persona_name: str, model: type[models.Model]) -> set[str]:
    return EXPECTED[persona_name].get(model, set())


def _api_client(user: User) -> Client:
    raw, _token = api_token_issue(username=user.username, password=PASSWORD)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _api_ids(response: Any) -> set[int]:
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    return {item["id"] for item in items}


def _exported_rows(content: bytes) -> set[str]:
    """The first column of every data row: the row's name, code or title."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {
        str(row[0])
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row and row[0] is not None
    }


def test_every_scoped_model_is_covered_by_the_matrix():
    assert set(scoped_models()) == set(SURFACES)


@pytest.mark.parametrize("model", list(SURFACES), ids=lambda model: model.__name__)
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_persona_sees_exactly_its_scope(request, rows, model, persona_name):
    user = request.getfixturevalue(persona_name)
    surface = SURFACES[model]
    model_rows = _rows_of(model, rows)
    expected = _expected(persona_name, model)
    assert expected <= set(model_rows), "the expectation names rows the world does not have"
    inside = {model_rows[name] for name in expected}
    outside = {row for name, row in model_rows.items() if name not in expected}

    # the queryset the interfaces start from
    world_pks = [row.pk for row in model_rows.values()]
    assert set(model.objects.visible_to(user).filter(pk__in=world_pks)) == inside

    client = login_client(user)

    # the list page: in-scope rows appear, no out-of-scope row does (or the page is refused)
    page = client.get(surface.list_url)
    assert page.status_code in (200, 403)
    html = page.content.decode()
    if page.status_code == 200:
        assert all(surface.marker(row) in html for row in inside)
    else:
        assert not inside or (persona_name, model) in REFUSED_PAGES, (
            f"{persona_name} is refused a list holding rows it may see"
        )
    assert not any(surface.marker(row) in html for row in outside)

    # the Excel export of the same list
    export = client.get(surface.list_url, {"export": "xlsx"})
    assert export.status_code in (200, 403)
    if export.status_code == 200:
        exported = _exported_rows(export.content)
        assert {surface.export_label(row) for row in inside} == exported

    # detail pages: 404 outside the scope, never a leak through a guessed id
    if surface.detail_url is not None:
        for row in outside:
            assert client.get(surface.detail_url(row.pk)).status_code in (403, 404)
        for row in inside:
            allowed = (403, 200) if (persona_name, model) in REFUSED_PAGES else (200,)
            assert client.get(surface.detail_url(row.pk)).status_code in allowed

    # the API, with a bearer token
    if surface.api_list is not None:
        api = _api_client(user)
        listed = api.get(surface.api_list, {"limit": 100})
        assert listed.status_code in (200, 403)
        ids = _api_ids(listed) if listed.status_code == 200 else set()
        assert {row.pk for row in inside} <= ids or (listed.status_code == 403 and not inside)
        assert not ids & {row.pk for row in outside}
        if surface.api_detail is not None:
            for row in outside:
                assert api.get(surface.api_detail(row.pk)).status_code in (403, 404)
