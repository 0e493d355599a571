"""End to end in the browser: an officer sits the online exam with their own account.

The officer opens the exam, starts it, answers two questions (each saved as it is clicked),
reloads the page and finds both answers still chosen, hands in and sees the score and the
review of the wrong answers.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.conftest import CHROMIUM, e2e_log_in, e2e_shoot
from fazhi.enforcement.models import Paper, PaperAnswer, Question
from fazhi.enforcement.tests import exam_factories as make

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed"),
    pytest.mark.usefixtures("audit_guard_lifted_for_the_flush"),
]


def test_officer_answers_reloads_and_hands_in_in_the_browser(
    live_server, browser, world, bureau_staff, department_officer, officer
):
    make.bank(bureau_staff)
    own = make.candidate(department_officer, world.market, user=officer, name="本人")
    now = timezone.now()
    exam = make.exam(
        bureau_staff,
        [own],
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    base = live_server.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    e2e_log_in(page, base, officer.username)

    page.goto(f"{base}/enforcement/exams/{exam.pk}/")
    page.locator("#start-exam").click()
    page.wait_for_load_state()
    paper = Paper.objects.get()
    assert page.url.endswith(f"/enforcement/exams/papers/{paper.pk}/")

    first, second = paper.question_ids[:2]
    # The papers differ with the ids (a first question may be a multiple choice, a second a
    # true/false one): the whole right answer to the first, a wrong option of the second.
    rights = Question.objects.get(pk=first).answer
    second_question = Question.objects.get(pk=second)
    wrong = next(i for i in range(len(second_question.options)) if i not in second_question.answer)
    for right in rights:
        page.locator(f"#question-{first} input[value='{right}']").check()
        expect(page.locator(f"#saved-{first}")).to_contain_text("已保存")
    page.locator(f"#question-{second} input[value='{wrong}']").check()
    expect(page.locator(f"#saved-{second}")).to_contain_text("已保存")
    assert PaperAnswer.objects.filter(paper=paper).count() == 2

    # the answers are on the server: a reload shows them chosen
    page.reload()
    for right in rights:
        expect(page.locator(f"#question-{first} input[value='{right}']")).to_be_checked()
    expect(page.locator(f"#question-{second} input[value='{wrong}']")).to_be_checked()
    e2e_shoot(page, "enforcement-exam-answering")

    page.locator("#submit-paper").click()
    page.wait_for_load_state()
    expect(page.locator("#paper-score")).to_have_text("10分")
    assert page.locator(".wrong-answer").count() == 9
    e2e_shoot(page, "enforcement-exam-result")
    assert Paper.objects.get().score == 10
