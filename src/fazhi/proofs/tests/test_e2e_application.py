"""End to end in the browser: a clerk takes an application from opening to approval.

The market department's clerk opens an application for 公租房申请; the cancelled proof needs
nothing, the applicant signs the commitment letter for the income proof, the household proof is
verified by the data source, the marriage proof is handed in on paper; approval is refused
while anything waits and then granted.
"""

from pathlib import Path

import pytest

from fazhi.conftest import CHROMIUM, e2e_log_in, e2e_shoot
from fazhi.proofs.models import ApplicationProof, ServiceApplication, Verification
from fazhi.proofs.tests.conftest import APPLICANT_ID, MATTER

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.usefixtures("audit_guard_lifted_for_the_flush"),
]


def _line(page, name: str):
    """The proof line's row of the detail page (its actions sit in the same row)."""
    return page.locator("tr", has_text=name).first


def test_clerk_takes_an_application_to_approval_in_the_browser(
    live_server, browser, world, department_officer, housing_catalog
):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    e2e_log_in(page, base, department_officer.username)

    page.goto(f"{base}/proofs/applications/new/")
    page.locator("[name=matter]").select_option(MATTER)
    page.fill("[name=applicant_name]", "张三")
    page.fill("[name=applicant_id]", APPLICANT_ID[:-1] + "0")  # a wrong check digit first
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "校验码" in page.content()
    assert not ServiceApplication.objects.exists()
    page.fill("[name=applicant_id]", APPLICANT_ID)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    application = ServiceApplication.objects.get()
    assert page.url.endswith(f"/proofs/applications/{application.pk}/")
    assert "无需提交" in page.content()
    assert page.locator("button", has_text="准予办理").is_disabled()
    e2e_shoot(page, "proofs-application-opened")

    _line(page, "收入证明").locator("button", has_text="签署承诺书").click()
    page.wait_for_load_state()
    assert "已签署" in page.content()
    _line(page, "户籍证明").locator("button", has_text="发起数据核查").click()
    page.wait_for_load_state()
    assert "数据核查属实" in page.content()
    line = _line(page, "婚姻状况证明")
    line.locator("[name=note]").fill("原件已核验")
    line.locator("button", has_text="收取纸质证明").click()
    page.wait_for_load_state()

    assert page.locator("button", has_text="准予办理").is_enabled()
    page.locator("button", has_text="准予办理").click()
    page.wait_for_load_state()
    assert "准予办理" in page.content()
    e2e_shoot(page, "proofs-application-approved")
    assert ServiceApplication.objects.get().status == ServiceApplication.Status.APPROVED
    assert set(ApplicationProof.objects.values_list("state", flat=True)) == {"satisfied"}
    assert Verification.objects.get().status == Verification.Status.CONFIRMED
