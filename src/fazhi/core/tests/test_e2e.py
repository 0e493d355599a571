"""End to end: Debian's Chromium, driven by Playwright, against a live server.

Logs in as two roles and checks what each sees; saves screenshots of the login, home and a list
page at desktop and phone width under var/screenshots/.
"""

from pathlib import Path

import pytest

from fazhi.conftest import CHROMIUM, e2e_log_in, e2e_shoot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.usefixtures("audit_guard_lifted_for_the_flush"),
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_bureau_and_town_see_their_own_menus_and_rows(
    live_server, browser, world, bureau_staff, town_staff
):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        assert "登录" in page.content()
        e2e_shoot(page, f"login-{label}")

        # given the bureau logs in
        e2e_log_in(page, live_server.url, bureau_staff.username)
        e2e_shoot(page, f"home-{label}")
        assert page.get_by_text("我的待办").first.is_visible() or label == "phone"

        # then the enterprise list shows the whole county but not the neighbouring county
        page.goto(f"{live_server.url}/enterprises/")
        e2e_shoot(page, f"enterprise-list-{label}")
        content = page.content()
        assert world.enterprise_yatou.name in content
        assert world.enterprise_ningjin.name in content
        assert world.enterprise_other_county.name not in content
        context.close()

    # when a town user logs in, only the town's rows appear and no audit menu is offered
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    e2e_log_in(page, live_server.url, town_staff.username)
    page.goto(f"{live_server.url}/enterprises/")
    content = page.content()
    assert world.enterprise_yatou.name in content
    assert world.enterprise_ningjin.name not in content
    assert "审计日志" not in content
    context.close()


def test_audit_admin_sees_only_the_audit_log(live_server, browser, world, audit_admin):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    e2e_log_in(page, live_server.url, audit_admin.username)
    menu = page.locator("aside, nav").first.inner_text()
    assert "审计日志" in menu
    assert "企业" not in menu

    page.goto(f"{live_server.url}/audit/")
    e2e_shoot(page, "audit-list-desktop")
    assert "登录" in page.content()  # the login just made is in the log
    response = page.goto(f"{live_server.url}/enterprises/")
    assert response is not None
    assert response.status == 403
    context.close()
