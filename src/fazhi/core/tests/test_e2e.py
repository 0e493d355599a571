"""End to end: Debian's Chromium, driven by Playwright, against a live server.

Logs in as two roles and checks what each sees; saves screenshots of the login, home and a list
page at desktop and phone width under var/screenshots/.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from fazhi.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
]


@pytest.fixture(autouse=True)
def _audit_guard_lifted_for_the_flush(transactional_db):
    """A live-server test ends with a flush of every table, which the audit log's triggers refuse
    on SQLite (PostgreSQL truncates, which row triggers do not see). These tests run last
    (conftest), so the triggers are dropped after the test, just before the flush."""
    yield
    guard = importlib.import_module("fazhi.core.migrations.0002_audit_append_only")
    statements = guard.SQLITE_BACKWARD if connection.vendor == "sqlite" else guard.POSTGRES_BACKWARD
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make
    # here are still sequential, so Django's async-safety guard can be relaxed for these tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
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
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_bureau_and_town_see_their_own_menus_and_rows(
    live_server, browser, world, bureau_staff, town_staff
):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        assert "登录" in page.content()
        _shoot(page, f"login-{label}")

        # given the bureau logs in
        _log_in(page, live_server.url, bureau_staff.username)
        _shoot(page, f"home-{label}")
        assert page.get_by_text("我的待办").first.is_visible() or label == "phone"

        # then the enterprise list shows the whole county but not the neighbouring county
        page.goto(f"{live_server.url}/enterprises/")
        _shoot(page, f"enterprise-list-{label}")
        content = page.content()
        assert world.enterprise_yatou.name in content
        assert world.enterprise_ningjin.name in content
        assert world.enterprise_other_county.name not in content
        context.close()

    # when a town user logs in, only the town's rows appear and no audit menu is offered
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, town_staff.username)
    page.goto(f"{live_server.url}/enterprises/")
    content = page.content()
    assert world.enterprise_yatou.name in content
    assert world.enterprise_ningjin.name not in content
    assert "审计日志" not in content
    context.close()


def test_audit_admin_sees_only_the_audit_log(live_server, browser, world, audit_admin):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, audit_admin.username)
    menu = page.locator("aside, nav").first.inner_text()
    assert "审计日志" in menu
    assert "企业" not in menu

    page.goto(f"{live_server.url}/audit/")
    _shoot(page, "audit-list-desktop")
    assert "登录" in page.content()  # the login just made is in the log
    response = page.goto(f"{live_server.url}/enterprises/")
    assert response is not None
    assert response.status == 403
    context.close()
