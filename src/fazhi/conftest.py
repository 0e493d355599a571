"""Personas for every role (STYLE P9), each scoped role with an out-of-scope twin, in a small world.

The world: 荣成市 (371082) with two streets, 崖头 and 宁津, and a neighbour county, 乳山市 (371083),
whose rows no Rongcheng user may see. Everything is built through the services.
"""

import importlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from hypothesis import settings as hypothesis_settings

from fazhi.core.deadlines import calendar_cache_clear
from fazhi.core.models import Enterprise, Organization, Person, Region, User
from fazhi.core.roles import BUREAU_ROLES, Role
from fazhi.core.services.accounts import membership_grant, user_create
from fazhi.core.services.directory import (
    enterprise_create,
    organization_create,
    person_create,
    region_create,
)

PASSWORD = "Persona-Pass-2022"

# CI replays the same examples every run (a red build must mean a changed program); at a desk
# hypothesis explores new ones and keeps what fails in .hypothesis/.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@dataclass
class World:
    county: Region
    other_county: Region
    yatou: Region
    ningjin: Region
    yatou_village: Region
    ningjin_village: Region
    government: Organization
    bureau: Organization
    market: Organization
    ecology: Organization
    office_yatou: Organization
    office_ningjin: Organization
    law_firm: Organization
    other_bureau: Organization
    enterprise_yatou: Enterprise
    enterprise_ningjin: Enterprise
    enterprise_other_county: Enterprise
    person_yatou: Person
    person_ningjin: Person
    person_market: Person
    person_other_county: Person


def _build_world() -> World:
    province = region_create(
        acting_user=None, code="370000000000", name="山东省", level=Region.Level.PROVINCE
    )
    city = region_create(
        acting_user=None,
        code="371000000000",
        name="威海市",
        level=Region.Level.CITY,
        parent=province,
    )
    county = region_create(
        acting_user=None, code="371082000000", name="荣成市", level=Region.Level.COUNTY, parent=city
    )
    other_county = region_create(
        acting_user=None, code="371083000000", name="乳山市", level=Region.Level.COUNTY, parent=city
    )
    yatou = region_create(
        acting_user=None,
        code="371082007000",
        name="崖头街道",
        level=Region.Level.TOWN,
        parent=county,
    )
    ningjin = region_create(
        acting_user=None,
        code="371082001000",
        name="宁津街道",
        level=Region.Level.TOWN,
        parent=county,
    )
    other_town = region_create(
        acting_user=None,
        code="371083001000",
        name="城区街道",
        level=Region.Level.TOWN,
        parent=other_county,
    )
    yatou_village = region_create(
        acting_user=None,
        code="371082007201",
        name="东王家村",
        level=Region.Level.VILLAGE,
        parent=yatou,
    )
    ningjin_village = region_create(
        acting_user=None,
        code="371082001201",
        name="西李家村",
        level=Region.Level.VILLAGE,
        parent=ningjin,
    )

    def organization(
        code: str, name: str, kind: str, region: Region, **extra: object
    ) -> Organization:
        return organization_create(
            acting_user=None, code=code, name=name, kind=kind, region=region, **extra
        )

    government = organization("government", "荣成市人民政府", Organization.Kind.GOVERNMENT, county)
    bureau = organization(
        "justice",
        "荣成市司法局",
        Organization.Kind.DEPARTMENT,
        county,
        parent=government,
        is_bureau=True,
    )
    market = organization(
        "market",
        "荣成市市场监督管理局",
        Organization.Kind.DEPARTMENT,
        county,
        parent=government,
        is_enforcement=True,
    )
    ecology = organization(
        "ecology",
        "威海市生态环境局荣成分局",
        Organization.Kind.DEPARTMENT,
        county,
        parent=government,
        is_enforcement=True,
    )
    office_yatou = organization(
        "office-yatou", "崖头司法所", Organization.Kind.JUDICIAL_OFFICE, yatou, parent=bureau
    )
    office_ningjin = organization(
        "office-ningjin", "宁津司法所", Organization.Kind.JUDICIAL_OFFICE, ningjin, parent=bureau
    )
    law_firm = organization("firm", "山东荣成正义律师事务所", Organization.Kind.LAW_FIRM, county)
    other_bureau = organization(
        "rushan-justice", "乳山市司法局", Organization.Kind.DEPARTMENT, other_county, is_bureau=True
    )

    def enterprise(uscc: str, name: str, region: Region) -> Enterprise:
        return enterprise_create(acting_user=None, uscc=uscc, name=name, region=region)

    def person(name: str, id_number: str, region: Region, recorded_by: Organization) -> Person:
        return person_create(
            acting_user=None,
            name=name,
            id_number=id_number,
            phone="13812345678",
            address="山东省荣成市测试路1号",
            region=region,
            organization=recorded_by,
        )

    return World(
        county=county,
        other_county=other_county,
        yatou=yatou,
        ningjin=ningjin,
        yatou_village=yatou_village,
        ningjin_village=ningjin_village,
        government=government,
        bureau=bureau,
        market=market,
        ecology=ecology,
        office_yatou=office_yatou,
        office_ningjin=office_ningjin,
        law_firm=law_firm,
        other_bureau=other_bureau,
        enterprise_yatou=enterprise("91371082MA3C4TQX1J", "荣成崖头水产有限公司", yatou),
        enterprise_ningjin=enterprise("91371082MA3C5G7P6T", "荣成宁津渔业有限公司", ningjin),
        enterprise_other_county=enterprise(
            "91371083MA3CKH9N2T", "乳山城区商贸有限公司", other_town
        ),
        person_yatou=person("王建国", "371082198001011234", yatou_village, office_yatou),
        person_ningjin=person("李秀兰", "371082199002022343", ningjin_village, office_ningjin),
        person_market=person("张志强", "37108219850303345X", yatou, market),
        person_other_county=person("赵海燕", "371083197504041234", other_town, other_bureau),
    )


@pytest.fixture
def world(db: None) -> World:
    calendar_cache_clear()
    return _build_world()


def _persona(username: str, organization: Organization, *roles: str) -> User:
    user = user_create(
        acting_user=None, username=username, full_name=username, password=PASSWORD, is_demo=True
    )
    for role in roles:
        membership_grant(acting_user=None, user=user, organization=organization, role=role)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def sysadmin(world: World) -> User:
    return _persona("sysadmin", world.government, Role.SYSTEM_ADMIN)


@pytest.fixture
def security_admin(world: World) -> User:
    return _persona("security-admin", world.government, Role.SECURITY_ADMIN)


@pytest.fixture
def audit_admin(world: World) -> User:
    return _persona("audit-admin", world.government, Role.AUDIT_ADMIN)


@pytest.fixture
def bureau_staff(world: World) -> User:
    """A bureau user holding every bureau function (the demo's `bureau`)."""
    return _persona("bureau-staff", world.bureau, *sorted(BUREAU_ROLES))


@pytest.fixture
def bureau_reviewer(world: World) -> User:
    return _persona("bureau-reviewer", world.bureau, Role.BUREAU_REVIEW)


@pytest.fixture
def other_county_bureau(world: World) -> User:
    return _persona("rushan-bureau", world.other_bureau, *sorted(BUREAU_ROLES))


@pytest.fixture
def department_officer(world: World) -> User:
    return _persona("dept-market", world.market, Role.DEPARTMENT)


@pytest.fixture
def other_department_officer(world: World) -> User:
    return _persona("dept-ecology", world.ecology, Role.DEPARTMENT)


@pytest.fixture
def town_staff(world: World) -> User:
    return _persona("town-yatou", world.office_yatou, Role.TOWN)


@pytest.fixture
def other_town_staff(world: World) -> User:
    return _persona("town-ningjin", world.office_ningjin, Role.TOWN)


@pytest.fixture
def officer(world: World) -> User:
    return _persona("officer", world.market, Role.OFFICER)


@pytest.fixture
def supervisor(world: World) -> User:
    return _persona("supervisor", world.bureau, Role.SUPERVISOR)


@pytest.fixture
def lawyer(world: World) -> User:
    return _persona("lawyer", world.law_firm, Role.LAWYER)


PERSONAS = [
    "sysadmin",
    "security_admin",
    "audit_admin",
    "bureau_staff",
    "bureau_reviewer",
    "other_county_bureau",
    "department_officer",
    "other_department_officer",
    "town_staff",
    "other_town_staff",
    "officer",
    "supervisor",
    "lawyer",
]


@pytest.fixture(params=PERSONAS)
def persona(request: pytest.FixtureRequest) -> User:
    """Each persona in turn, for permission-matrix tests."""
    return request.getfixturevalue(request.param)


def login_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    from fazhi.core.sessions import mark_login_time

    class _Request:
        pass

    request = _Request()
    request.session = session  # type: ignore[attr-defined]
    mark_login_time(request)  # type: ignore[arg-type]
    session.save()
    return client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run browser tests last: their database flush has to lift the audit log's delete guard."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


# -- browser tests (pytest.mark.e2e) -----------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.fixture
def audit_guard_lifted_for_the_flush(transactional_db: None) -> Iterator[None]:
    """Let the live-server test's closing flush through the audit log's delete guard.

    The flush deletes every table, which the audit log's triggers refuse on SQLite (PostgreSQL
    truncates, which row triggers do not see). These tests run last
    (pytest_collection_modifyitems), so the triggers are dropped after the test, just before it.
    """
    yield
    guard = importlib.import_module("fazhi.core.migrations.0002_audit_append_only")
    statements = guard.SQLITE_BACKWARD if connection.vendor == "sqlite" else guard.POSTGRES_BACKWARD
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make
    # here are still sequential, so Django's async-safety guard can be relaxed for these tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def e2e_log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def e2e_shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
