"""End to end in the browser: a normative document from the annual plan to filing and evaluation.

The bureau opens the plan, the market department proposes, the bureau includes and publishes;
the department drafts from the plan item, consults the public, submits for review; the bureau
accepts and concludes; the department records the deliberation, issues, publishes and files;
the bureau post-evaluates. An attempt to issue before the review is refused with its reason.
"""

from pathlib import Path

import pytest

from fazhi.conftest import CHROMIUM, e2e_log_in, e2e_shoot
from fazhi.rules.models import DocumentEvaluation, NormativeDocument, PlanItem

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.usefixtures("audit_guard_lifted_for_the_flush"),
]
TITLE = "荣成市城市绿化管理办法"
DRAFT = "第一条 为了加强城市绿化管理，制定本办法。\n第二条 本办法适用于本市城市规划区。"


def _step(page, name: str, fields: dict[str, str], *, checks: tuple[str, ...] = ()) -> None:
    """Fill the action card `name` of the detail page and submit it."""
    card = page.locator(f"#action-{name}")
    for field, value in fields.items():
        card.locator(f"[name={field}]").fill(value)
    for value in checks:
        card.locator(f"input[value={value}]").check()
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_document_from_plan_to_evaluation_in_the_browser(
    live_server, browser, world, bureau_reviewer, department_officer
):
    base = live_server.url
    bureau = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    desk = bureau.new_page()
    e2e_log_in(desk, base, bureau_reviewer.username)
    unit = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = unit.new_page()
    e2e_log_in(page, base, department_officer.username)

    # the bureau opens the 2026 plan; the department proposes; the bureau includes and publishes
    desk.goto(f"{base}/rules/plans/")
    desk.fill("[name=year]", "2026")
    desk.click("text=开始编制年度计划")
    plan_url = desk.url
    page.goto(plan_url)
    propose = page.locator("#propose")
    propose.locator("[name=issuer]").select_option(label=world.government.name)
    propose.locator("[name=title]").fill(TITLE)
    propose.locator("[name=reason]").fill("规范城市绿化")
    propose.locator("[name=planned_quarter]").select_option("4")
    propose.locator("button[type=submit]").click()
    desk.goto(plan_url)
    desk.click("text=列入计划")
    desk.locator("#publish button[type=submit]").click()
    assert "已公布" in desk.content()
    e2e_shoot(desk, "rules-plan-published")

    # the department drafts from the plan item
    page.goto(f"{base}/rules/documents/new/")
    page.locator("[name=issuer]").select_option(label=world.government.name)
    page.locator("[name=plan_item]").select_option(label=f"2026年：{TITLE}")
    page.fill("[name=title]", TITLE)
    page.locator("[name=kind]").select_option("measures")
    page.fill("[name=draft_text]", DRAFT)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    document = NormativeDocument.objects.get(title=TITLE)
    detail = f"{base}/rules/documents/{document.pk}/"
    assert page.url == detail
    assert PlanItem.objects.get(title=TITLE).status == PlanItem.Status.DRAFTING

    _step(page, "comment", {"starts_on": "2026-09-01", "ends_on": "2026-09-30"})
    _step(
        page,
        "submit-review",
        {"on": "2026-10-08"},
        checks=("draft", "drafting_notes", "basis", "comments"),
    )

    # issuing before the review concludes is refused, naming what is missing
    response = page.request.post(
        f"{detail}issue/",
        form={
            "signer": "市长",
            "signed_on": "2026-10-26",
            "doc_number": "荣政发〔2026〕9号",
            "registration_number": "RCDR-2026-0010009",
            "csrfmiddlewaretoken": page.locator("[name=csrfmiddlewaretoken]").first.input_value(),
        },
        headers={"Referer": detail},
    )
    assert response.status in (400, 409)
    assert "合法性审核" in response.text()

    # the bureau accepts and concludes
    review = document_review_url(base, document)
    desk.goto(review)
    desk.locator("#action-accept [name=on]").fill("2026-10-09")
    desk.locator("#action-accept button[type=submit]").click()
    desk.wait_for_load_state()
    conclude = desk.locator("#action-conclude")
    conclude.locator("input[value=lawful]").check()
    conclude.locator("[name=on]").fill("2026-10-20")
    conclude.locator("button[type=submit]").click()
    desk.wait_for_load_state()
    assert "已出具意见" in desk.content()
    e2e_shoot(desk, "legality-review-concluded")

    # the department goes on to filing
    page.goto(detail)
    _step(
        page,
        "deliberate",
        {"deliberation_meeting": "市政府第30次常务会议", "deliberation_on": "2026-10-23"},
    )
    _step(
        page,
        "issue",
        {
            "signer": "市长",
            "signed_on": "2026-10-26",
            "doc_number": "荣政发〔2026〕9号",
            "registration_number": "RCDR-2026-0010009",
        },
    )
    _step(page, "publish", {"published_on": "2026-10-27", "effective_on": "2026-11-27"})
    _step(page, "file", {"filed_on": "2026-11-05"})
    assert "已备案" in page.content()
    assert "按期报送" in page.content()
    e2e_shoot(page, "rules-document-filed")

    # the bureau post-evaluates
    desk.goto(detail)
    evaluate = desk.locator("#action-evaluate")
    evaluate.locator("[name=kind]").select_option("post")
    evaluate.locator("input[value=continue]").check()
    evaluate.locator("[name=report]").fill("实施效果良好")
    evaluate.locator("button[type=submit]").click()
    desk.wait_for_load_state()

    document = NormativeDocument.objects.get(pk=document.pk)
    assert document.status == NormativeDocument.Status.FILED
    assert document.registration_number == "RCDR-2026-0010009"
    assert PlanItem.objects.get(title=TITLE).status == PlanItem.Status.ISSUED
    assert DocumentEvaluation.objects.filter(document=document).count() == 1
    bureau.close()
    unit.close()


def document_review_url(base: str, document: NormativeDocument) -> str:
    from fazhi.legality.selectors import review_latest_of

    review = review_latest_of(document)
    assert review is not None
    return f"{base}/legality/reviews/{review.pk}/"
