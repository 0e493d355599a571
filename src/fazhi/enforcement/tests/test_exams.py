"""The online exam: drawing papers by the rules, answering, marking, time limits and retakes."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import Transition
from fazhi.enforcement.models import Paper, PaperAnswer, Question
from fazhi.enforcement.selectors import exam_passed_in, exam_question_statistics
from fazhi.enforcement.services import exams
from fazhi.enforcement.services.exams import ExamTimeOver, QuestionRow
from fazhi.enforcement.tests import exam_factories as make
from fazhi.enforcement.tests.exam_factories import DURING

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def setting(world, bureau_staff, department_officer, officer, other_department_officer):
    """Three officers of the market department (one with the `officer` persona's account), one of
    ecology, a bank of 24 questions and an exam for all four."""
    make.bank(bureau_staff)
    own = make.candidate(department_officer, world.market, user=officer, name="本人")
    colleague = make.candidate(department_officer, world.market, name="同事")
    third = make.candidate(department_officer, world.market, name="第三人")
    elsewhere = make.candidate(other_department_officer, world.ecology, name="生态")
    exam = make.exam(bureau_staff, [own, colleague, third, elsewhere])
    return exam, own, colleague, third, elsewhere


def _start(exam, *candidates, at=DURING):
    return exams.papers_start(
        acting_user=None, exam_id=exam.pk, candidate_ids=[c.pk for c in candidates], at=at
    )


def _right_answers(paper, wrong=0):
    questions = Question.objects.in_bulk(paper.question_ids)
    answers = {}
    for position, question_id in enumerate(paper.question_ids):
        right = questions[question_id].answer
        answers[question_id] = right if position >= wrong else ([0] if right != [0] else [1])
    return answers


def _sit(paper, *, wrong=0, at=DURING + 5 * MINUTE, user=None):
    exams.paper_answers_save(
        acting_user=user, paper_id=paper.pk, answers=_right_answers(paper, wrong), at=at
    )
    return exams.paper_submit(acting_user=user, paper_id=paper.pk, at=at + MINUTE)


def test_a_paper_draws_as_many_questions_of_each_category_and_difficulty_as_the_rules_say(
    setting,
):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    questions = Question.objects.in_bulk(paper.question_ids)
    drawn = Counter((questions[pk].category, questions[pk].difficulty) for pk in paper.question_ids)
    assert drawn == {("penalty", 1): 4, ("penalty", 2): 3, ("licensing", 2): 3}
    assert len(set(paper.question_ids)) == 10
    assert paper.points == [10] * 10
    # true/false options keep their order; the others are a permutation of the options
    for question_id, order in zip(paper.question_ids, paper.option_orders, strict=True):
        assert sorted(order) == list(range(len(questions[question_id].options)))
        if questions[question_id].kind == Question.Kind.TRUE_FALSE:
            assert order == [0, 1]


def test_the_paper_is_drawn_again_identically_from_its_seed_for_audit(setting, bureau_staff):
    exam, own, colleague, *_ = setting
    paper, other = _start(exam, own, colleague)
    # questions added to the bank later do not change the pool the paper was drawn from
    make.bank(bureau_staff, per_kind=1)
    assert exams.paper_verify(Paper.objects.get(pk=paper.pk))
    assert paper.seed == exams.paper_seed(exam_id=exam.pk, candidate_id=own.pk, attempt=1)
    assert (paper.question_ids, paper.option_orders) != (other.question_ids, other.option_orders)
    tampered = Paper.objects.get(pk=paper.pk)
    tampered.question_ids = list(reversed(tampered.question_ids))
    assert not exams.paper_verify(tampered)


def test_an_exam_whose_rules_do_not_make_100_points_is_refused(world, bureau_staff, setting):
    _exam, own, *_ = setting
    rules = [make.RULES[0]]
    with pytest.raises(ValidationError, match="试卷总分应为100分，现为40分"):
        make.exam(bureau_staff, [own], rules=rules)


def test_an_exam_drawing_more_questions_than_the_bank_holds_is_refused(bureau_staff, setting):
    _exam, own, *_ = setting
    rules = [exams.RuleRow(category="penalty", difficulty=1, count=10, points=10)]
    with pytest.raises(ValidationError, match="试题只有6道，不足10道"):
        make.exam(bureau_staff, [own], rules=rules)


def test_the_pass_mark_is_the_parameter_in_force_on_the_opening_day(setting):
    exam, *_ = setting
    assert exam.pass_mark == 60


@pytest.mark.parametrize(
    ("kind", "chosen", "right_case"),
    [
        (Question.Kind.SINGLE, [1], True),
        (Question.Kind.SINGLE, [2], False),
        (Question.Kind.SINGLE, [1, 2], False),
        (Question.Kind.MULTIPLE, [0, 2], True),
        (Question.Kind.MULTIPLE, [0], False),  # partly right earns nothing
        (Question.Kind.MULTIPLE, [0, 1, 2], False),
        (Question.Kind.TRUE_FALSE, [0], True),
        (Question.Kind.TRUE_FALSE, [1], False),
        (Question.Kind.SINGLE, [], False),
    ],
)
def test_marking_by_kind(kind, chosen, right_case):
    answer = {"single": [1], "multiple": [0, 2], "true_false": [0]}[kind]
    question = Question(kind=kind, options=["甲", "乙", "丙", "丁"], answer=answer)
    assert exams.answer_is_correct(question, chosen) is right_case


def test_submitting_marks_the_paper_and_logs_it(setting, officer):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    marked = _sit(paper, wrong=3, user=officer)
    assert (marked.status, marked.score, marked.passed, marked.timed_out) == (
        Paper.Status.MARKED,
        70,
        True,
        False,
    )
    assert PaperAnswer.objects.filter(paper=paper, is_correct=True).count() == 7
    assert Transition.objects.filter(object_id=paper.pk, action="交卷", actor=officer).exists()


def test_a_multiple_choice_partly_right_scores_nothing_on_the_paper(setting, officer):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    questions = Question.objects.in_bulk(paper.question_ids)
    answers = _right_answers(paper)
    multiple = next(pk for pk in paper.question_ids if questions[pk].kind == "multiple")
    answers[multiple] = [0]
    exams.paper_answers_save(acting_user=officer, paper_id=paper.pk, answers=answers, at=DURING)
    marked = exams.paper_submit(acting_user=officer, paper_id=paper.pk, at=DURING + MINUTE)
    assert marked.score == 90


def test_a_late_submission_is_refused_and_the_paper_marked_as_it_stood_at_the_limit(
    setting, officer
):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    exams.paper_answers_save(
        acting_user=officer, paper_id=paper.pk, answers=_right_answers(paper, wrong=4), at=DURING
    )
    # an answer that reached the server after the limit (e.g. a request held up in transit)
    # must not count, even if it would be right
    first = paper.question_ids[0]
    PaperAnswer.objects.filter(paper=paper, question_id=first).update(
        chosen=Question.objects.get(pk=first).answer, saved_at=paper.deadline_at + MINUTE
    )
    with pytest.raises(ExamTimeOver, match="已超过考试时限"):
        exams.paper_submit(
            acting_user=officer, paper_id=paper.pk, at=paper.deadline_at + 5 * MINUTE
        )
    marked = Paper.objects.get(pk=paper.pk)
    assert (marked.status, marked.timed_out, marked.score) == (Paper.Status.MARKED, True, 60)
    assert marked.submitted_at == paper.deadline_at


def test_answers_are_refused_after_the_time_limit(setting, officer):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    with pytest.raises(ExamTimeOver):
        exams.paper_answers_save(
            acting_user=officer,
            paper_id=paper.pk,
            answers=_right_answers(paper),
            at=paper.deadline_at + MINUTE,
        )
    assert not PaperAnswer.objects.filter(paper=paper).exists()


def test_a_saved_answer_is_replaced_by_the_next_one(setting, officer):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    first = paper.question_ids[0]
    exams.paper_answers_save(
        acting_user=officer, paper_id=paper.pk, answers={first: [0]}, at=DURING
    )
    exams.paper_answers_save(
        acting_user=officer, paper_id=paper.pk, answers={first: [1]}, at=DURING
    )
    assert PaperAnswer.objects.get(paper=paper).chosen == [1]


def test_an_option_the_question_does_not_have_is_refused(setting, officer):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    with pytest.raises(ValidationError):
        exams.paper_answers_save(
            acting_user=officer, paper_id=paper.pk, answers={paper.question_ids[0]: [7]}, at=DURING
        )


def test_the_job_marks_papers_left_open_past_their_limit(setting):
    exam, own, colleague, *_ = setting
    late, fresh = _start(exam, own), _start(exam, colleague, at=DURING + 50 * MINUTE)
    assert exams.papers_close_overdue(at=DURING + 70 * MINUTE) == 1
    assert Paper.objects.get(pk=late[0].pk).timed_out
    assert Paper.objects.get(pk=late[0].pk).score == 0
    assert Paper.objects.get(pk=fresh[0].pk).status == Paper.Status.IN_PROGRESS


def test_starting_again_resumes_the_open_paper(setting, officer):
    exam, own, *_ = setting
    first = exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING)
    again = exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING + 10 * MINUTE)
    assert again.pk == first.pk
    assert Paper.objects.filter(candidate=own).count() == 1


def test_a_failed_candidate_may_retake_as_often_as_allowed(setting, officer):
    exam, own, *_ = setting  # one retake allowed
    first = exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING)
    assert not _sit(first, wrong=6, user=officer).passed
    second = exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING + 2 * MINUTE * 60)
    assert second.attempt == 2
    assert second.question_ids != first.question_ids or second.seed != first.seed
    _sit(second, wrong=6, user=officer, at=DURING + 2 * MINUTE * 60 + MINUTE)
    with pytest.raises(ValidationError, match="最多可考2次，次数已用完"):
        exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING + 5 * MINUTE * 60)
    assert Paper.objects.filter(candidate=own).count() == 2


def test_a_passed_candidate_may_not_sit_again(setting, officer):
    exam, *_ = setting
    _sit(exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING), user=officer)
    with pytest.raises(ValidationError, match="已通过本场考试"):
        exams.paper_start(acting_user=officer, exam_id=exam.pk, at=DURING + 90 * MINUTE)


def test_no_sitting_outside_the_exam_window(setting, officer):
    exam, *_ = setting
    with pytest.raises(ValidationError, match="考试尚未开始"):
        exams.paper_start(
            acting_user=officer, exam_id=exam.pk, at=exam.opens_at - datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="考试已结束"):
        exams.paper_start(
            acting_user=officer, exam_id=exam.pk, at=exam.closes_at + datetime.timedelta(days=1)
        )


def test_only_the_candidate_answers_their_paper(setting, bureau_staff, department_officer):
    exam, _own, colleague, *_ = setting
    paper = _start(exam, colleague)[0]
    # the bureau and the department see the paper but may not answer it
    for user in (bureau_staff, department_officer):
        with pytest.raises(PermissionDenied):
            exams.paper_answers_save(
                acting_user=user, paper_id=paper.pk, answers=_right_answers(paper)
            )
    assert not PaperAnswer.objects.filter(paper=paper).exists()


def test_a_handed_in_paper_takes_no_more_answers(setting, officer):
    exam, own, *_ = setting
    paper = _sit(_start(exam, own)[0], user=officer)
    with pytest.raises(InvalidTransition):
        exams.paper_answers_save(
            acting_user=officer, paper_id=paper.pk, answers={paper.question_ids[0]: [0]}
        )


def test_papers_are_scoped_officer_own_department_its_officers_bureau_all(
    setting, officer, department_officer, other_department_officer, bureau_staff
):
    exam, own, colleague, third, elsewhere = setting
    papers = {p.candidate.name: p for p in _start(exam, own, colleague, third, elsewhere)}

    def seen(user):
        return set(Paper.objects.visible_to(user).values_list("candidate__name", flat=True))

    assert seen(officer) == {"本人"}
    assert seen(department_officer) == {"本人", "同事", "第三人"}
    assert seen(other_department_officer) == {"生态"}
    assert seen(bureau_staff) == {"本人", "同事", "第三人", "生态"}
    with pytest.raises(Http404):
        exams.paper_answers_save(
            acting_user=officer, paper_id=papers["同事"].pk, answers={}, at=DURING
        )


def test_the_question_statistics_put_the_most_failed_questions_first(setting):
    exam, own, colleague, third, _ = setting
    papers = _start(exam, own, colleague, third)
    for paper in papers:
        _sit(paper, wrong=2)
    rows = exam_question_statistics(exam=exam)
    assert sum(row["drawn"] for row in rows) == 30
    assert sum(row["correct"] for row in rows) == 24
    rates = [row["correct_rate"] for row in rows]
    assert rates == sorted(rates)
    worst = rows[0]
    assert worst["correct_rate"] == (
        Decimal(worst["correct"]) * 100 / Decimal(worst["drawn"])
    ).quantize(Decimal("0.1"))


def test_an_exam_passed_in_the_year_counts_for_the_review(setting):
    exam, own, colleague, *_ = setting
    passed, failed = _start(exam, own, colleague)
    _sit(passed, wrong=2)
    _sit(failed, wrong=5)
    assert exam_passed_in(own, 2022)
    assert not exam_passed_in(own, 2023)
    assert not exam_passed_in(colleague, 2022)


def test_the_figures_count_officers_not_sittings(world, setting, officer):
    exam, own, colleague, third, elsewhere = setting
    papers = {p.candidate_id: p for p in _start(exam, own, colleague, third, elsewhere)}
    _sit(papers[own.pk], wrong=6)  # fails, then passes the retake: counted once, as passed
    _sit(papers[colleague.pk], wrong=0)
    _sit(papers[third.pk], wrong=5)  # fails, no retake
    # `elsewhere` never hands in: not examined
    retake = _start(exam, own, at=DURING + 2 * datetime.timedelta(hours=1))[0]
    _sit(retake, wrong=1, at=retake.started_at + MINUTE)

    def value(key):
        return figure_evaluate(key, world.county, 2022).value

    assert value("enforcement.officers_examined") == 3
    assert value("enforcement.exam_pass_rate") == Decimal(67)
    assert value("enforcement.exam_average_score") == Decimal("70.0")  # (40+100+50+90)/4
    assert figure_evaluate("enforcement.officers_examined", world.county, 2021).value == 0


def test_question_import_names_every_bad_row_and_writes_none(bureau_staff):
    good = QuestionRow(
        category="penalty", kind="single", difficulty=1, stem="题", options=["甲", "乙"], answer=[0]
    )
    bad = QuestionRow(
        category="penalty", kind="multiple", difficulty=4, stem="", options=["甲", "乙"], answer=[0]
    )
    with pytest.raises(ValidationError) as refused:
        exams.questions_import(acting_user=bureau_staff, rows=[good, bad])
    assert refused.value.message_dict["rows"] == [
        "第2行：难度应为1、2或3；题干不能为空；多选题至少有两个正确答案"
    ]
    assert not Question.objects.exists()


def test_only_the_bureau_keeps_the_question_bank(department_officer):
    row = QuestionRow(
        category="penalty", kind="single", difficulty=1, stem="题", options=["甲", "乙"], answer=[0]
    )
    with pytest.raises(PermissionDenied):
        exams.questions_import(acting_user=department_officer, rows=[row])
    assert not Question.objects.exists()
