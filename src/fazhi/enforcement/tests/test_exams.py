"""The online exam: drawing papers by the rules, answering, marking, time limits and retakes."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import AuditLog, Transition
from fazhi.enforcement.models import Paper, PaperAnswer, Question
from fazhi.enforcement.selectors import exam_passed_between, exam_question_statistics
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


def test_an_exam_passed_in_the_period_counts_for_the_review(setting):
    exam, own, colleague, *_ = setting
    passed, failed = _start(exam, own, colleague)
    _sit(passed, wrong=2)
    _sit(failed, wrong=5)
    year_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    assert exam_passed_between(own, *year_2022)
    assert not exam_passed_between(own, datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert not exam_passed_between(colleague, *year_2022)


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


# ---- keeping the bank: adding, editing, retiring and restoring one question ----------------


@pytest.fixture
def open_now(world, bureau_staff, department_officer):
    """The bank of 24 questions and an exam open now for two officers of the market department."""
    make.bank(bureau_staff)
    own = make.candidate(department_officer, world.market, name="本人")
    colleague = make.candidate(department_officer, world.market, name="同事")
    now = timezone.now()
    exam = make.exam(
        bureau_staff,
        [own, colleague],
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    return exam, own, colleague


def _audit(question, event):
    return AuditLog.objects.filter(
        object_type="enforcement.Question", object_id=str(question.pk), event=event
    )


def test_a_question_is_added_with_an_audit_row(bureau_staff):
    question = exams.question_create(
        acting_user=bureau_staff, row=make.question_row(options=[" 一人", "两人 ", "三人"])
    )
    stored = Question.objects.get()
    assert stored.pk == question.pk
    assert (stored.kind, stored.options, stored.answer, stored.retired_at) == (
        "single",
        ["一人", "两人", "三人"],
        [1],
        None,
    )
    assert stored.created_by == bureau_staff
    assert _audit(stored, AuditLog.Event.CREATE).get().user == bureau_staff


def test_a_true_false_question_gets_the_two_fixed_options(bureau_staff):
    question = exams.question_create(
        acting_user=bureau_staff,
        row=make.question_row(kind="true_false", options=["对", "错", "不知道"], answer=[1]),
    )
    assert Question.objects.get(pk=question.pk).options == ["正确", "错误"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"answer": [3]}, "answer", "正确答案应为选项中的字母"),
        ({"answer": []}, "answer", "正确答案应为选项中的字母"),
        ({"answer": [0, 1]}, "answer", "单选题和判断题只有一个正确答案"),
        ({"kind": "multiple", "answer": [2]}, "answer", "多选题至少有两个正确答案"),
        ({"kind": "true_false", "answer": [0, 1]}, "answer", "单选题和判断题只有一个正确答案"),
        ({"options": []}, "options", "至少应有两个选项，且选项不能为空"),
        ({"options": ["一人", " ", "三人"]}, "options", "至少应有两个选项，且选项不能为空"),
        ({"stem": "  "}, "stem", "题干不能为空"),
        ({"difficulty": 4}, "difficulty", "难度应为1、2或3"),
        ({"category": "criminal"}, "category", "类别不正确"),
        ({"kind": "essay"}, "kind", "题型应为单选题、多选题或判断题"),
    ],
)
def test_a_bad_question_is_refused_naming_the_field(bureau_staff, overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        exams.question_create(acting_user=bureau_staff, row=make.question_row(**overrides))
    assert refused.value.message_dict[field] == [message]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("letters", "indexes"),
    [("B", [1]), ("ac", [0, 2]), ("Ａ，Ｃ", [0, 2]), ("A、B, D", [0, 1, 3])],
)
def test_answer_letters_become_option_indexes(letters, indexes):
    assert exams.answer_from_letters(letters) == indexes


@pytest.mark.parametrize("letters", ["", "1", "A或B", "甲"])
def test_an_answer_that_is_not_letters_is_refused(letters):
    with pytest.raises(ValidationError, match="答案应为选项字母"):
        exams.answer_from_letters(letters)


def test_a_question_on_no_paper_is_changed_in_place(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    saved = exams.question_update(
        acting_user=bureau_staff,
        question_id=question.pk,
        row=make.question_row(stem="执法人员至少几人？", answer=[2], difficulty=2),
    )
    stored = Question.objects.get()
    assert saved.pk == question.pk == stored.pk
    assert (stored.stem, stored.answer, stored.difficulty, stored.retired_at) == (
        "执法人员至少几人？",
        [2],
        2,
        None,
    )
    assert _audit(stored, AuditLog.Event.UPDATE).get().changes == {
        "difficulty": [1, 2],
        "stem": ["执法人员不得少于几人？", "执法人员至少几人？"],
        "answer": [[1], [2]],
    }


def test_saving_a_question_unchanged_changes_nothing(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    saved = exams.question_update(
        acting_user=bureau_staff, question_id=question.pk, row=make.question_row()
    )
    assert saved.pk == question.pk
    assert not _audit(question, AuditLog.Event.UPDATE).exists()


def test_a_question_on_a_drawn_paper_is_replaced_and_the_paper_still_marks_the_same(
    setting, bureau_staff
):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    exams.paper_answers_save(
        acting_user=None, paper_id=paper.pk, answers=_right_answers(paper), at=DURING
    )
    old = Question.objects.get(pk=paper.question_ids[0])
    before = (old.stem, old.options, old.answer)
    # given the bureau corrects the question's answer after the paper was drawn
    new = exams.question_update(
        acting_user=bureau_staff,
        question_id=old.pk,
        row=make.row_of(old, stem="更正后的题干", answer=make.other_answer(old)),
    )
    # then the paper keeps the old question, which is retired but unchanged
    old.refresh_from_db()
    assert new.pk != old.pk
    assert old.retired_at is not None
    assert (old.stem, old.options, old.answer) == before
    assert (new.stem, new.answer, new.retired_at) == ("更正后的题干", make.other_answer(old), None)
    assert Paper.objects.get(pk=paper.pk).question_ids == paper.question_ids
    assert exams.paper_verify(Paper.objects.get(pk=paper.pk))
    # and the answers given by the old question still score full marks
    marked = exams.paper_submit(acting_user=None, paper_id=paper.pk, at=DURING + MINUTE)
    assert marked.score == 100
    assert _audit(old, AuditLog.Event.UPDATE).get().changes["replaced_by"] == new.pk
    assert _audit(new, AuditLog.Event.CREATE).exists()


def test_moving_a_question_of_a_drawn_pool_to_another_difficulty_replaces_it(setting, bureau_staff):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    # a question of the pool (penalty, difficulty 1) the paper did not draw
    undrawn = (
        Question.objects.filter(category="penalty", difficulty=1)
        .exclude(pk__in=paper.question_ids)
        .first()
    )
    new = exams.question_update(
        acting_user=bureau_staff, question_id=undrawn.pk, row=make.row_of(undrawn, difficulty=3)
    )
    # moved in place, the pool drawn again for audit would lose a question
    assert new.pk != undrawn.pk
    assert Question.objects.get(pk=undrawn.pk).difficulty == 1
    assert exams.paper_verify(Paper.objects.get(pk=paper.pk))


def test_an_undrawn_question_of_a_drawn_pool_is_reworded_in_place(setting, bureau_staff):
    exam, own, *_ = setting
    paper = _start(exam, own)[0]
    undrawn = Question.objects.exclude(pk__in=paper.question_ids).first()
    saved = exams.question_update(
        acting_user=bureau_staff, question_id=undrawn.pk, row=make.row_of(undrawn, stem="新题干")
    )
    assert saved.pk == undrawn.pk
    assert Question.objects.get(pk=undrawn.pk).stem == "新题干"
    assert exams.paper_verify(Paper.objects.get(pk=paper.pk))


def test_an_edit_over_someone_elses_is_refused(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    loaded_at = question.updated_at
    exams.question_update(
        acting_user=bureau_staff, question_id=question.pk, row=make.question_row(stem="甲改")
    )
    with pytest.raises(ValidationError, match="刚被他人修改"):
        exams.question_update(
            acting_user=bureau_staff,
            question_id=question.pk,
            row=make.question_row(stem="乙改"),
            seen_updated_at=loaded_at,
        )
    assert Question.objects.get().stem == "甲改"


def test_a_retired_question_is_not_edited(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    exams.question_retire(acting_user=bureau_staff, question_id=question.pk)
    with pytest.raises(InvalidTransition):
        exams.question_update(
            acting_user=bureau_staff, question_id=question.pk, row=make.question_row(stem="改")
        )
    assert Question.objects.get().stem == "执法人员不得少于几人？"


def test_a_retired_question_is_not_drawn_into_new_papers(open_now, bureau_staff):
    exam, own, colleague = open_now
    pool = list(Question.objects.filter(category="penalty", difficulty=1).order_by("pk"))
    assert len(pool) == 6
    # retire two of the six: the rule draws four, so the paper must take the other four
    for question in pool[:2]:
        exams.question_retire(acting_user=bureau_staff, question_id=question.pk)
    papers = exams.papers_start(
        acting_user=None, exam_id=exam.pk, candidate_ids=[own.pk, colleague.pk]
    )
    for paper in papers:
        assert {q.pk for q in pool[2:]} <= set(paper.question_ids)
        assert not {q.pk for q in pool[:2]} & set(paper.question_ids)
        assert exams.paper_verify(paper)
    assert _audit(pool[0], AuditLog.Event.UPDATE).get().message == "停用试题"


def test_a_rule_the_bank_can_no_longer_fill_is_refused_when_the_paper_is_drawn(
    open_now, bureau_staff
):
    exam, own, _ = open_now
    for question in Question.objects.filter(category="penalty", difficulty=1)[:3]:
        exams.question_retire(acting_user=bureau_staff, question_id=question.pk)
    with pytest.raises(ValidationError, match="行政处罚法难度1的在用试题只有3道，不足4道"):
        exams.papers_start(acting_user=None, exam_id=exam.pk, candidate_ids=[own.pk])
    assert not Paper.objects.exists()


def test_a_rule_the_bank_can_no_longer_fill_is_refused_when_the_exam_is_set(open_now, bureau_staff):
    _exam, own, _ = open_now
    for question in Question.objects.filter(category="penalty", difficulty=1)[:3]:
        exams.question_retire(acting_user=bureau_staff, question_id=question.pk)
    later = timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="行政处罚法难度1的在用试题只有3道，不足4道"):
        make.exam(bureau_staff, [own], opens_at=later, closes_at=later + datetime.timedelta(days=1))


def test_a_question_restored_before_any_draw_is_back_in_place(bureau_staff):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    exams.question_retire(acting_user=bureau_staff, question_id=question.pk)
    with pytest.raises(InvalidTransition, match="该试题已停用"):
        exams.question_retire(acting_user=bureau_staff, question_id=question.pk)
    restored = exams.question_restore(acting_user=bureau_staff, question_id=question.pk)
    assert restored.pk == question.pk
    assert Question.objects.get().retired_at is None
    with pytest.raises(InvalidTransition, match="该试题未停用"):
        exams.question_restore(acting_user=bureau_staff, question_id=question.pk)


def test_a_question_restored_after_papers_were_drawn_without_it_comes_back_as_a_copy(
    open_now, bureau_staff
):
    exam, own, _ = open_now
    retired = Question.objects.filter(category="penalty", difficulty=1).first()
    exams.question_retire(acting_user=bureau_staff, question_id=retired.pk)
    paper = exams.papers_start(acting_user=None, exam_id=exam.pk, candidate_ids=[own.pk])[0]
    restored = exams.question_restore(acting_user=bureau_staff, question_id=retired.pk)
    # the paper was drawn from a bank without the question: that bank must stay as it was
    assert restored.pk != retired.pk
    assert Question.objects.get(pk=retired.pk).retired_at is not None
    assert (restored.stem, restored.answer, restored.retired_at) == (
        retired.stem,
        retired.answer,
        None,
    )
    assert exams.paper_verify(Paper.objects.get(pk=paper.pk))


def test_only_the_bureau_adds_edits_retires_and_restores_questions(
    bureau_staff, department_officer
):
    question = exams.question_create(acting_user=bureau_staff, row=make.question_row())
    retired = exams.question_create(acting_user=bureau_staff, row=make.question_row(stem="另"))
    exams.question_retire(acting_user=bureau_staff, question_id=retired.pk)
    with pytest.raises(PermissionDenied):
        exams.question_create(acting_user=department_officer, row=make.question_row())
    with pytest.raises(PermissionDenied):
        exams.question_update(
            acting_user=department_officer,
            question_id=question.pk,
            row=make.question_row(stem="改"),
        )
    with pytest.raises(PermissionDenied):
        exams.question_retire(acting_user=department_officer, question_id=question.pk)
    with pytest.raises(PermissionDenied):
        exams.question_restore(acting_user=department_officer, question_id=retired.pk)
    stored = Question.objects.order_by("pk")
    assert [(q.stem, q.retired_at is None) for q in stored] == [
        ("执法人员不得少于几人？", True),
        ("另", False),
    ]
