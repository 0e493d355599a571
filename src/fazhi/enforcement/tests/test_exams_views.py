"""The exam pages: the candidate's exam page keeps saved answers, hands in, shows the review."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.conftest import login_client
from fazhi.enforcement.models import Exam, Paper, PaperAnswer, Question
from fazhi.enforcement.services import exams
from fazhi.enforcement.tests import exam_factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_exam(world, bureau_staff, department_officer, officer):
    """An exam open now, for the `officer` persona and a colleague."""
    make.bank(bureau_staff)
    own = make.candidate(department_officer, world.market, user=officer, name="本人")
    colleague = make.candidate(department_officer, world.market, name="同事")
    now = timezone.now()
    return make.exam(
        bureau_staff,
        [own, colleague],
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
    )


def _right_options(paper):
    return Question.objects.get(pk=paper.question_ids[0]).answer


def _first_option(paper):
    return Question.objects.get(pk=paper.question_ids[0]).answer[0]


def test_the_officer_starts_answers_reloads_and_finds_the_answer_saved(open_exam, officer):
    client = login_client(officer)
    started = client.post(f"/enforcement/exams/{open_exam.pk}/start/")
    paper = Paper.objects.get(exam=open_exam, candidate__user=officer)
    assert started.status_code == 302
    assert started["Location"] == f"/enforcement/exams/papers/{paper.pk}/"
    question_id = paper.question_ids[0]
    chosen = _first_option(paper)
    saved = client.post(
        f"/enforcement/exams/papers/{paper.pk}/answer/",
        {"question": question_id, "chosen": [chosen]},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert "已保存" in saved.content.decode()
    # a reload draws the page from the server's answers
    page = client.get(f"/enforcement/exams/papers/{paper.pk}/").content.decode()
    block = page[page.index(f'id="question-{question_id}"') :]
    block = block[: block.index("</form>")]
    assert f'value="{chosen}" checked' in block


def test_handing_in_shows_the_score_and_the_review_of_wrong_answers(open_exam, officer):
    client = login_client(officer)
    client.post(f"/enforcement/exams/{open_exam.pk}/start/")
    paper = Paper.objects.get(exam=open_exam, candidate__user=officer)
    client.post(
        f"/enforcement/exams/papers/{paper.pk}/answer/",
        # The whole answer: the first question may be a multiple choice (the paper is drawn
        # from the exam's and candidate's ids), where one right option of two scores nothing.
        {"question": paper.question_ids[0], "chosen": _right_options(paper)},
    )
    response = client.post(f"/enforcement/exams/papers/{paper.pk}/submit/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="paper-score">10分' in html
    assert html.count('class="card mb-2 wrong-answer"') == 9
    assert Paper.objects.get(pk=paper.pk).status == Paper.Status.MARKED


def test_a_late_answer_from_the_page_is_refused_with_the_reason(open_exam, officer):
    client = login_client(officer)
    client.post(f"/enforcement/exams/{open_exam.pk}/start/")
    paper = Paper.objects.get(exam=open_exam, candidate__user=officer)
    Paper.objects.filter(pk=paper.pk).update(deadline_at=timezone.now() - datetime.timedelta(1))
    refused = client.post(
        f"/enforcement/exams/papers/{paper.pk}/answer/",
        {"question": paper.question_ids[0], "chosen": [0]},
    )
    assert refused.status_code == 409
    assert "已超过考试时限" in refused.content.decode()
    assert not PaperAnswer.objects.filter(paper=paper).exists()
    submitted = client.post(f"/enforcement/exams/papers/{paper.pk}/submit/", follow=True)
    assert "已超过考试时限" in submitted.content.decode()
    assert Paper.objects.get(pk=paper.pk).timed_out


def test_another_officers_paper_is_not_found(open_exam, officer):
    colleague = open_exam.candidates.get(name="同事")
    paper = exams.papers_start(
        acting_user=None, exam_id=open_exam.pk, candidate_ids=[colleague.pk]
    )[0]
    client = login_client(officer)
    assert client.get(f"/enforcement/exams/papers/{paper.pk}/").status_code == 404
    answered = client.post(
        f"/enforcement/exams/papers/{paper.pk}/answer/",
        {"question": paper.question_ids[0], "chosen": [0]},
    )
    assert answered.status_code == 404
    assert not PaperAnswer.objects.filter(paper=paper).exists()


@pytest.mark.parametrize(
    ("persona", "status_case"),
    [
        ("bureau_staff", 200),
        ("department_officer", 200),
        ("officer", 200),
        ("town_staff", 403),
        ("lawyer", 403),
    ],
)
def test_who_opens_the_exam_pages(request, open_exam, persona, status_case):
    client = login_client(request.getfixturevalue(persona))
    assert client.get("/enforcement/exams/").status_code == status_case
    statistics = client.get(f"/enforcement/exams/{open_exam.pk}/statistics/")
    assert statistics.status_code == (200 if persona == "bureau_staff" else 403)


def test_only_the_bureau_sets_exams(department_officer, world):
    client = login_client(department_officer)
    assert client.get("/enforcement/exams/new/").status_code == 403
    assert client.post("/enforcement/exams/new/", {"title": "x"}).status_code == 403
    assert not Exam.objects.exists()


def test_the_bureau_sets_an_exam_through_the_form(world, bureau_staff, department_officer):
    make.bank(bureau_staff)
    make.candidate(department_officer, world.market)
    form = {
        "title": "专项考试",
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-03-10T18:00",
        "time_limit_minutes": "60",
        "retakes_allowed": "1",
        "departments": [world.market.pk],
        "rules-TOTAL_FORMS": "5",
        "rules-INITIAL_FORMS": "0",
        "rules-0-category": "penalty",
        "rules-0-difficulty": "1",
        "rules-0-count": "5",
        "rules-0-points": "10",
        "rules-1-category": "licensing",
        "rules-1-difficulty": "2",
        "rules-1-count": "5",
        "rules-1-points": "10",
    }
    response = login_client(bureau_staff).post("/enforcement/exams/new/", form)
    exam = Exam.objects.get(title="专项考试")
    assert response.status_code == 302
    assert exam.rules.count() == 2
    assert exam.candidates.count() == 1


def test_the_statistics_page_lists_questions_worst_first(open_exam, bureau_staff):
    papers = exams.papers_start(
        acting_user=None,
        exam_id=open_exam.pk,
        candidate_ids=list(open_exam.candidates.values_list("pk", flat=True)),
    )
    for paper in papers:
        exams.paper_submit(acting_user=None, paper_id=paper.pk)
    html = login_client(bureau_staff).get(f"/enforcement/exams/{open_exam.pk}/statistics/")
    assert html.content.decode().count('class="question-statistic"') >= 10


def _csv(*lines):
    body = "\n".join(["类别,题型,难度,题干,选项,答案,解析", *lines]) + "\n"
    return SimpleUploadedFile("试题.csv", body.encode("utf-8"), content_type="text/csv")


def test_the_question_import_writes_all_rows_or_names_the_bad_ones(bureau_staff):
    client = login_client(bureau_staff)
    good = "行政处罚法,单选题,1,执法人员不得少于几人？,一人|两人|三人,B,第四十二条"
    refused = client.post(
        "/enforcement/exams/questions/import/",
        {
            "file": _csv(
                good, "行政许可法,多选题,2,可以设定许可的有,法律|规章,A,", "刑法,判断题,9,题,,C,"
            )
        },
    )
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "第3行：多选题至少有两个正确答案" in html
    assert "第4行：类别" in html
    assert not Question.objects.exists()
    imported = client.post(
        "/enforcement/exams/questions/import/",
        {"file": _csv(good, "行政强制法,判断题,2,行政强制措施权不得委托。,,A,第十七条")},
    )
    assert imported.status_code == 302
    assert list(Question.objects.order_by("pk").values_list("kind", "options", "answer")) == [
        ("single", ["一人", "两人", "三人"], [1]),
        ("true_false", ["正确", "错误"], [0]),
    ]


# ---- keeping the bank through the question pages --------------------------------------------

BANK = "/enforcement/exams/questions/"


def _question_form(**overrides):
    values = {
        "category": "penalty",
        "kind": "multiple",
        "difficulty": "2",
        "stem": "行政处罚的种类有哪些？",
        "options": "警告\n\n罚款\n  吊销许可证件  \n",
        "answer": "ac",
        "true_false_answer": "0",
        "explanation": "《行政处罚法》第九条",
    }
    values.update(overrides)
    return values


def test_the_bank_pages_open_for_the_bureau(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    retired = exams.question_create(acting_user=bureau_staff, row=make.question_row(stem="旧题"))
    exams.question_retire(acting_user=bureau_staff, question_id=retired.pk)
    client = login_client(bureau_staff)
    listing = client.get(BANK)
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "新增试题" in html
    assert f'href="{BANK}{question.pk}/edit/' in html
    assert f'action="{BANK}{question.pk}/retire/"' in html
    assert f'action="{BANK}{retired.pk}/restore/"' in html
    assert f'href="{BANK}{retired.pk}/edit/' not in html
    assert client.get(f"{BANK}?status=retired").content.decode().count('class="question-row') == 1
    assert client.get(f"{BANK}new/").status_code == 200
    edit = client.get(f"{BANK}{question.pk}/edit/")
    assert edit.status_code == 200
    assert "执法人员不得少于几人？" in edit.content.decode()
    assert 'value="B"' in edit.content.decode()


def test_the_bureau_adds_a_question_through_the_form(bureau_staff):
    response = login_client(bureau_staff).post(f"{BANK}new/", _question_form(), follow=True)
    assert response.redirect_chain == [(BANK, 302)]
    assert "已新增试题" in response.content.decode()
    question = Question.objects.get()
    assert (question.kind, question.options, question.answer, question.difficulty) == (
        "multiple",
        ["警告", "罚款", "吊销许可证件"],
        [0, 2],
        2,
    )


def test_a_true_false_question_takes_its_answer_from_the_choice(bureau_staff):
    form = _question_form(kind="true_false", options="", answer="", true_false_answer="1")
    response = login_client(bureau_staff).post(f"{BANK}new/", form)
    assert response.status_code == 302
    assert list(Question.objects.values_list("options", "answer")) == [(["正确", "错误"], [1])]


def test_save_and_add_another_keeps_the_category_kind_and_difficulty(bureau_staff):
    client = login_client(bureau_staff)
    response = client.post(f"{BANK}new/", {**_question_form(), "another": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{BANK}new/?")
    html = client.get(response["Location"]).content.decode()
    assert '<option value="multiple" selected>' in html
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("E", "正确答案应为选项中的字母"),
        ("1", "答案应为选项字母，如A或AC"),
        ("A", "多选题至少有两个正确答案"),
    ],
)
def test_a_wrong_answer_is_shown_at_the_answer_field(bureau_staff, answer, message):
    response = login_client(bureau_staff).post(f"{BANK}new/", _question_form(answer=answer))
    html = response.content.decode()
    assert response.status_code == 400
    block = html[html.index('for="id_answer"') :]
    block = block[: block.index('class="mb-3"')]  # up to the next field
    assert message in block
    assert not Question.objects.exists()


def test_editing_a_question_on_no_paper_changes_it(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    client = login_client(bureau_staff)
    form = _question_form(
        kind="single",
        options="一人\n两人\n三人",
        answer="C",
        seen_updated_at=question.updated_at.isoformat(),
    )
    response = client.post(f"{BANK}{question.pk}/edit/?next={BANK}%3Fcategory%3Dpenalty", form)
    assert response.status_code == 302
    assert response["Location"] == f"{BANK}?category=penalty"
    assert "已保存试题修改" in client.get(response["Location"]).content.decode()
    stored = Question.objects.get()
    assert (stored.pk, stored.answer, stored.stem) == (question.pk, [2], "行政处罚的种类有哪些？")


def test_editing_a_question_on_a_drawn_paper_saves_a_new_one(open_exam, bureau_staff):
    paper = exams.papers_start(
        acting_user=None, exam_id=open_exam.pk, candidate_ids=[open_exam.candidates.first().pk]
    )[0]
    old = Question.objects.get(pk=paper.question_ids[0])
    form = _question_form(
        category=old.category,
        difficulty=str(old.difficulty),
        kind="true_false",
        options="",
        answer="",
        true_false_answer="1",
        stem="更正后的题干",
    )
    client = login_client(bureau_staff)
    response = client.post(f"{BANK}{old.pk}/edit/", form, follow=True)
    assert response.redirect_chain == [(BANK, 302)]
    assert "原题已停用并保留备查" in response.content.decode()
    old.refresh_from_db()
    assert old.retired_at is not None
    assert old.stem != "更正后的题干"
    assert Question.objects.get(stem="更正后的题干").retired_at is None
    assert Paper.objects.get(pk=paper.pk).question_ids == paper.question_ids


def test_an_edit_over_someone_elses_is_refused_on_the_form(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    loaded_at = question.updated_at.isoformat()
    exams.question_update(
        acting_user=bureau_staff, question_id=question.pk, row=make.question_row(stem="甲改")
    )
    response = login_client(bureau_staff).post(
        f"{BANK}{question.pk}/edit/", _question_form(seen_updated_at=loaded_at)
    )
    assert response.status_code == 400
    assert "该试题刚被他人修改" in response.content.decode()
    assert Question.objects.get().stem == "甲改"


def test_the_bureau_retires_and_restores_a_question_from_the_list(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    client = login_client(bureau_staff)
    back = f"{BANK}?status=active"
    retired = client.post(f"{BANK}{question.pk}/retire/", {"next": back}, follow=True)
    assert retired.redirect_chain == [(back, 302)]
    assert "已停用试题" in retired.content.decode()
    assert Question.objects.get().retired_at is not None
    restored = client.post(f"{BANK}{question.pk}/restore/", follow=True)
    assert restored.redirect_chain == [(BANK, 302)]
    assert "已恢复试题" in restored.content.decode()
    assert Question.objects.get().retired_at is None


def test_a_foreign_next_address_is_not_followed(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    response = login_client(bureau_staff).post(
        f"{BANK}{question.pk}/retire/", {"next": "https://example.com/"}
    )
    assert response["Location"] == BANK


@pytest.mark.parametrize("persona", ["department_officer", "officer", "town_staff"])
def test_only_the_bureau_keeps_the_bank_through_the_pages(request, bureau_staff, persona):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    retired = exams.question_create(acting_user=bureau_staff, row=make.question_row(stem="旧题"))
    exams.question_retire(acting_user=bureau_staff, question_id=retired.pk)
    client = login_client(request.getfixturevalue(persona))
    assert client.get(BANK).status_code == 403
    assert client.get(f"{BANK}new/").status_code == 403
    assert client.post(f"{BANK}new/", _question_form()).status_code == 403
    assert client.get(f"{BANK}{question.pk}/edit/").status_code == 403
    assert client.post(f"{BANK}{question.pk}/edit/", _question_form()).status_code == 403
    assert client.post(f"{BANK}{question.pk}/retire/").status_code == 403
    assert client.post(f"{BANK}{retired.pk}/restore/").status_code == 403
    # nothing changed
    assert [(q.stem, q.retired_at is None) for q in Question.objects.order_by("pk")] == [
        ("执法人员不得少于几人？", True),
        ("旧题", False),
    ]


def test_a_question_not_in_the_bank_is_not_found(bureau_staff):
    client = login_client(bureau_staff)
    assert client.get(f"{BANK}999/edit/").status_code == 404
    assert client.post(f"{BANK}999/retire/").status_code == 404
