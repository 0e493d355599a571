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
