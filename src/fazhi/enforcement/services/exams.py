"""The online exam: the question bank, setting an exam, drawing papers, answering and marking.

山东省行政执法监督条例 art. 10: officers are examined in public and specialised law. Each sitting
draws its own paper by the exam's rules with a seed made of exam, candidate and attempt, so the
same paper can be drawn again for audit (`paper_verify`). Answers are kept on the server as they
are given; a paper is marked when handed in, and a paper handed in after its time limit (or left
open, `papers_close_overdue`) is marked as it stood at the limit. Drawn papers never change:
a question already on a paper is not edited in place but retired and replaced
(`question_update`); papers drawn after a question is retired leave it out.

`acting_user=None` is for system work only: the daily job, and recording sittings held on the
provincial platform (the demo's 2022 exam, whose officers had no accounts here).
"""

import dataclasses
import datetime
import hashlib
import random
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_batch, audit_record
from fazhi.core.exceptions import InvalidTransition
from fazhi.core.models import AuditLog
from fazhi.core.parameters import parameter_value
from fazhi.core.permissions import access_by_id
from fazhi.core.workflow import record_transition
from fazhi.enforcement.models import Exam, ExamRule, Officer, Paper, PaperAnswer, Question
from fazhi.enforcement.parameters import EXAM_MARK_REQUIRED
from fazhi.enforcement.permissions import (
    access_exam_by_id,
    access_paper_by_id,
    require_candidate_of,
    require_exam_manager,
)
from fazhi.enforcement.selectors import officer_of_user, question_list, question_pools

FULL_MARKS = 100
TRUE_FALSE_OPTIONS = ["正确", "错误"]


class ExamTimeOver(InvalidTransition):
    code = "exam_time_over"
    message = "已超过考试时限，答卷已按时限届满时的作答评分"


@dataclasses.dataclass(frozen=True)
class QuestionRow:
    category: str
    kind: str
    difficulty: int
    stem: str
    options: Sequence[str]
    answer: Sequence[int]
    explanation: str = ""


@dataclasses.dataclass(frozen=True)
class RuleRow:
    category: str
    difficulty: int
    count: int
    points: int


@dataclasses.dataclass(frozen=True)
class DrawnPaper:
    question_ids: list[int]
    option_orders: list[list[int]]
    points: list[int]


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


# ---- the question bank ----------------------------------------------------------------------


def question_field_problems(row: QuestionRow) -> dict[str, list[str]]:
    """What is wrong with a question row, by field (empty when it may go into the bank).

    The one home of the bank's rules: the Excel import and the question form both use it.
    """
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if row.category not in Question.Category.values:
        add("category", "类别不正确")
    if row.kind not in Question.Kind.values:
        add("kind", "题型应为单选题、多选题或判断题")
    if row.difficulty not in (1, 2, 3):
        add("difficulty", "难度应为1、2或3")
    if not row.stem.strip():
        add("stem", "题干不能为空")
    options = [option.strip() for option in row.options]
    if row.kind == Question.Kind.TRUE_FALSE:
        options = TRUE_FALSE_OPTIONS
    if len(options) < 2 or any(not option for option in options):
        add("options", "至少应有两个选项，且选项不能为空")
    answer = set(row.answer)
    if not answer or any(not 0 <= index < len(options) for index in answer):
        add("answer", "正确答案应为选项中的字母")
    elif row.kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and len(answer) != 1:
        add("answer", "单选题和判断题只有一个正确答案")
    elif row.kind == Question.Kind.MULTIPLE and len(answer) < 2:
        add("answer", "多选题至少有两个正确答案")
    return problems


def question_problems(row: QuestionRow) -> list[str]:
    """What is wrong with a question row, as one list (empty when it may go into the bank)."""
    return [message for messages in question_field_problems(row).values() for message in messages]


def answer_from_letters(letters: str) -> list[int]:
    """The option indexes of an answer written as letters ("B", "AC"; full-width, commas ok).

    Raises ValidationError when anything but letters is written.
    """
    cleaned = unicodedata.normalize("NFKC", letters).upper()
    for separator in (",", "，", "、", " "):
        cleaned = cleaned.replace(separator, "")
    if not cleaned or not all("A" <= letter <= "Z" for letter in cleaned):
        raise ValidationError("答案应为选项字母，如A或AC")
    return [ord(letter) - ord("A") for letter in cleaned]


def _question_of(row: QuestionRow, acting_user: Any) -> Question:
    options = (
        TRUE_FALSE_OPTIONS
        if row.kind == Question.Kind.TRUE_FALSE
        else [option.strip() for option in row.options]
    )
    return Question(
        category=row.category,
        kind=row.kind,
        difficulty=row.difficulty,
        stem=row.stem.strip(),
        options=list(options),
        answer=sorted(set(row.answer)),
        explanation=row.explanation.strip(),
        created_by=acting_user,
    )


_CONTENT_FIELDS = ("category", "kind", "difficulty", "stem", "options", "answer", "explanation")


def _check_row(row: QuestionRow) -> None:
    if problems := question_field_problems(row):
        raise ValidationError(problems)


@transaction.atomic
def questions_import(*, acting_user: Any, rows: Sequence[QuestionRow]) -> list[Question]:
    """Add questions to the bank, all or none.

    Raises ValidationError({"rows": ["第N行：…", …]}) naming every bad row, counted from 1.
    """
    require_exam_manager(acting_user)
    problems = []
    for line, row in enumerate(rows, start=1):
        if row_problems := question_problems(row):
            problems.append(f"第{line}行：{'；'.join(row_problems)}")
    if problems:
        raise ValidationError({"rows": problems})
    if not rows:
        raise ValidationError({"rows": ["没有可导入的试题"]})
    questions = Question.objects.bulk_create([_question_of(row, acting_user) for row in rows])
    audit_record(
        event=AuditLog.Event.CREATE, user=acting_user, message=f"导入试题{len(questions)}道"
    )
    return questions


def _question_save_new(row: QuestionRow, acting_user: Any) -> Question:
    question = _question_of(row, acting_user)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_create(*, acting_user: Any, row: QuestionRow) -> Question:
    """Add one question to the bank.

    Raises ValidationError keyed by the row's fields (category, kind, difficulty, stem, options,
    answer) with the same rules as the import.
    """
    require_exam_manager(acting_user)
    _check_row(row)
    question = _question_save_new(row, acting_user)
    audit_record(event=AuditLog.Event.CREATE, user=acting_user, target=question, message="新增试题")
    return question


def _question_for_update(acting_user: Any, question_id: int) -> Question:
    require_exam_manager(acting_user)
    return access_by_id(question_list(user=acting_user), acting_user, question_id, for_update=True)


def _drawn_into_a_paper(question: Question) -> bool:
    """Whether any paper holds the question (only papers drawn after it was added can).

    Reads those papers' question lists: a JSON `contains` lookup is not available on SQLite.
    """
    held = Paper.objects.filter(bank_high_water__gte=question.pk).values_list(
        "question_ids", flat=True
    )
    return any(question.pk in question_ids for question_ids in held.iterator())


def _in_a_drawn_pool(question: Question) -> bool:
    """Whether a paper was drawn while the question was in use, so it was in that draw's pool.

    Such a paper is drawn again for audit (`paper_verify`) from the same pool: the question's
    category and difficulty must then stay as they were.
    """
    papers = Paper.objects.filter(bank_high_water__gte=question.pk)
    if question.retired_at is not None:
        papers = papers.filter(started_at__lt=question.retired_at)
    return papers.exists()


def _drawn_while_retired(question: Question) -> bool:
    """Whether a paper was drawn from a bank the (retired) question was not in use in."""
    return Paper.objects.filter(
        bank_high_water__gte=question.pk, started_at__gte=question.retired_at
    ).exists()


def _content(question: Question) -> dict[str, Any]:
    return {field: getattr(question, field) for field in _CONTENT_FIELDS}


@transaction.atomic
def question_update(
    *,
    acting_user: Any,
    question_id: int,
    row: QuestionRow,
    seen_updated_at: datetime.datetime | None = None,
) -> Question:
    """Change a question of the bank; returns the question that now holds the content.

    Drawn papers never change: a question already in a paper (or, when its category or
    difficulty changes, in the pool a paper was drawn from) is retired and the edited content
    saved as a new question, which is returned; otherwise the question is changed in place.
    The row is locked, and `seen_updated_at` (when the editor loaded it) refuses an edit made
    over someone else's. Raises ValidationError keyed by field as `question_create` does, and
    InvalidTransition for a retired question. Writes audit rows.
    """
    question = _question_for_update(acting_user, question_id)
    if question.retired_at is not None:
        raise InvalidTransition("该试题已停用或已被替换，不能修改；请刷新题库后重试")
    if seen_updated_at is not None and seen_updated_at != question.updated_at:
        raise ValidationError("该试题刚被他人修改，请刷新后重新编辑")
    _check_row(row)
    before = _content(question)
    after = _content(_question_of(row, acting_user))
    changed = {
        field: [before[field], after[field]] for field in before if before[field] != after[field]
    }
    if not changed:
        return question
    key_changed = "category" in changed or "difficulty" in changed
    if _drawn_into_a_paper(question) or (key_changed and _in_a_drawn_pool(question)):
        return _question_replace(question, row, acting_user, changed)
    for field in changed:
        setattr(question, field, after[field])
    question.full_clean()
    question.save(update_fields=[*changed, "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=question,
        changes=changed,
        message="修改试题",
    )
    return question


def _question_replace(
    question: Question, row: QuestionRow, acting_user: Any, changed: dict[str, list[Any]]
) -> Question:
    question.retired_at = timezone.now()
    question.save(update_fields=["retired_at", "updated_at"])
    replacement = _question_save_new(row, acting_user)
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=question,
        changes={
            "retired_at": [None, question.retired_at.isoformat()],
            "replaced_by": replacement.pk,
        },
        message=f"试题已用于试卷，停用原题并以新试题#{replacement.pk}替换",
    )
    audit_record(
        event=AuditLog.Event.CREATE,
        user=acting_user,
        target=replacement,
        changes=changed,
        message=f"修改已用于试卷的试题#{question.pk}，保存为新试题",
    )
    return replacement


@transaction.atomic
def question_retire(*, acting_user: Any, question_id: int) -> Question:
    """Take a question out of use: papers drawn from now on leave it out.

    Papers already drawn keep it and are marked as before. Raises InvalidTransition if it is
    retired already. Writes an audit row.
    """
    question = _question_for_update(acting_user, question_id)
    if question.retired_at is not None:
        raise InvalidTransition("该试题已停用")
    question.retired_at = timezone.now()
    question.save(update_fields=["retired_at", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=question,
        changes={"retired_at": [None, question.retired_at.isoformat()]},
        message="停用试题",
    )
    return question


@transaction.atomic
def question_restore(*, acting_user: Any, question_id: int) -> Question:
    """Put a retired question back in use; returns the question now in use.

    Papers drawn while it was retired were drawn from a bank without it, and are drawn again
    for audit from that bank: the retired row then stays as it is and the question comes back
    as a new copy. Raises InvalidTransition if it is in use. Writes audit rows.
    """
    question = _question_for_update(acting_user, question_id)
    if question.retired_at is None:
        raise InvalidTransition("该试题未停用")
    if _drawn_while_retired(question):
        copy = Question(**_content(question), created_by=acting_user)
        copy.full_clean()
        copy.save()
        audit_record(
            event=AuditLog.Event.CREATE,
            user=acting_user,
            target=copy,
            message=f"恢复停用期间已有组卷的试题#{question.pk}，保存为新试题",
        )
        return copy
    retired_at = question.retired_at
    question.retired_at = None
    question.save(update_fields=["retired_at", "updated_at"])
    audit_record(
        event=AuditLog.Event.UPDATE,
        user=acting_user,
        target=question,
        changes={"retired_at": [retired_at.isoformat(), None]},
        message="恢复试题",
    )
    return question


# ---- setting an exam ------------------------------------------------------------------------


@transaction.atomic
def exam_create(
    *,
    acting_user: Any,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    time_limit_minutes: int,
    rules: Sequence[RuleRow],
    candidate_ids: Iterable[int],
    retakes_allowed: int = 0,
) -> Exam:
    """Set an exam: its window, time limit, paper rules and candidates.

    The pass mark is the parameter enforcement.exam_pass_mark in force on the opening day. Raises
    ValidationError when the rules do not add up to 100 points, a rule repeats a category and
    difficulty, or the bank holds fewer questions than a rule draws.
    """
    require_exam_manager(acting_user)
    if not rules:
        raise ValidationError({"rules": "请至少填写一条组卷规则"})
    seen = set()
    for rule in rules:
        key = (rule.category, rule.difficulty)
        if key in seen:
            raise ValidationError({"rules": "同一类别和难度只能有一条组卷规则"})
        seen.add(key)
    total = sum(rule.count * rule.points for rule in rules)
    if total != FULL_MARKS:
        raise ValidationError({"rules": f"试卷总分应为{FULL_MARKS}分，现为{total}分"})
    pools = question_pools(keys=seen, high_water=None, at=opens_at)
    for rule in rules:
        available = len(pools.get((rule.category, rule.difficulty), []))
        if available < rule.count:
            raise ValidationError({"rules": _shortage(rule, available)})
    pass_mark = int(parameter_value(EXAM_MARK_REQUIRED, on=timezone.localdate(opens_at)).amount)
    exam = Exam(
        title=title.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        time_limit_minutes=time_limit_minutes,
        pass_mark=pass_mark,
        retakes_allowed=retakes_allowed,
        created_by=acting_user,
    )
    exam.full_clean()
    exam.save()
    ExamRule.objects.bulk_create(
        [
            ExamRule(
                exam=exam,
                category=rule.category,
                difficulty=rule.difficulty,
                count=rule.count,
                points=rule.points,
            )
            for rule in rules
        ]
    )
    candidates = list(Officer.objects.filter(pk__in=list(candidate_ids), active=True))
    if not candidates:
        raise ValidationError({"candidates": "请选择考生"})
    exam.candidates.set(candidates)
    record_transition(exam, "", "set", action="发布考试", actor=acting_user)
    return exam


def _shortage(rule: RuleRow | ExamRule, available: int) -> str:
    label = Question.Category(rule.category).label
    return f"题库中{label}难度{rule.difficulty}的在用试题只有{available}道，不足{rule.count}道"


# ---- drawing papers -------------------------------------------------------------------------


def paper_seed(*, exam_id: int, candidate_id: int, attempt: int) -> str:
    text = f"exam:{exam_id}:candidate:{candidate_id}:attempt:{attempt}"
    return hashlib.sha256(text.encode()).hexdigest()


def paper_draw(
    *,
    rules: Sequence[ExamRule],
    pools: Mapping[tuple[str, int], Sequence[Question]],
    seed: str,
) -> DrawnPaper:
    """The paper the rules give for `seed`: questions in order, each one's option order, points.

    Pure: the same rules, pools (ordered by id) and seed give the same paper. True/false options
    keep their order.
    """
    rng = random.Random(int(seed, 16))  # noqa: S311 - a reproducible draw, not a secret
    drawn: list[tuple[Question, int]] = []
    for rule in rules:
        pool = list(pools.get((rule.category, rule.difficulty), []))
        if len(pool) < rule.count:
            shortage = _shortage(rule, len(pool))
            raise ValidationError(
                {"rules": f"{shortage}，无法组卷，请联系考试组织部门补充或恢复试题"}
            )
        drawn.extend((question, rule.points) for question in rng.sample(pool, rule.count))
    rng.shuffle(drawn)
    orders = []
    for question, _points in drawn:
        order = list(range(len(question.options)))
        if question.kind != Question.Kind.TRUE_FALSE:
            rng.shuffle(order)
        orders.append(order)
    return DrawnPaper(
        question_ids=[question.pk for question, _ in drawn],
        option_orders=orders,
        points=[points for _, points in drawn],
    )


def _sitting_problem(exam: Exam, papers: Sequence[Paper], at: datetime.datetime) -> str:
    """Why the candidate may not start a new sitting now ("" when they may)."""
    if at < exam.opens_at:
        return "考试尚未开始"
    if at > exam.closes_at:
        return "考试已结束"
    if any(paper.status == Paper.Status.IN_PROGRESS for paper in papers):
        return "上一场考试尚未交卷"
    if any(paper.passed for paper in papers):
        return "已通过本场考试，无需补考"
    if len(papers) >= exam.sittings_allowed:
        return f"本场考试最多可考{exam.sittings_allowed}次，次数已用完"
    return ""


def _start_papers(
    exam: Exam, candidates: Sequence[Officer], at: datetime.datetime, actor: Any
) -> list[Paper]:
    rules = list(exam.rules.order_by("pk"))
    keys = {(rule.category, rule.difficulty) for rule in rules}
    high_water = Question.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    pools = question_pools(keys=keys, high_water=high_water, at=at)
    previous: dict[int, list[Paper]] = {}
    for paper in exam.papers.filter(candidate__in=candidates):
        previous.setdefault(paper.candidate_id, []).append(paper)
    deadline = min(at + datetime.timedelta(minutes=exam.time_limit_minutes), exam.closes_at)
    papers = []
    for candidate in candidates:
        earlier = previous.get(candidate.pk, [])
        if problem := _sitting_problem(exam, earlier, at):
            raise ValidationError({"exam": f"{candidate.name}：{problem}"})
        attempt = len(earlier) + 1
        seed = paper_seed(exam_id=exam.pk, candidate_id=candidate.pk, attempt=attempt)
        drawn = paper_draw(rules=rules, pools=pools, seed=seed)
        papers.append(
            Paper(
                exam=exam,
                candidate=candidate,
                attempt=attempt,
                seed=seed,
                bank_high_water=high_water,
                question_ids=drawn.question_ids,
                option_orders=drawn.option_orders,
                points=drawn.points,
                started_at=at,
                deadline_at=deadline,
                created_by=actor,
            )
        )
    papers = Paper.objects.bulk_create(papers)
    with audit_batch():
        for paper in papers:
            record_transition(
                paper, "", paper.status, action=f"开始考试（第{paper.attempt}次）", actor=actor
            )
    return papers


@transaction.atomic
def papers_start(
    *,
    acting_user: Any,
    exam_id: int,
    candidate_ids: Sequence[int],
    at: datetime.datetime | None = None,
) -> list[Paper]:
    """Start a sitting for many candidates at once (sittings held on the provincial platform).

    For the bureau (MANAGE_EXAMS) or the system (None). Raises ValidationError naming the first
    candidate who may not sit now (window, open paper, passed, sittings used up).
    """
    exam = Exam.objects.select_for_update().get(pk=exam_id)
    if acting_user is not None:
        exam = access_exam_by_id(acting_user, exam_id, for_update=True)
        require_exam_manager(acting_user, exam)
    wanted = set(candidate_ids)
    candidates = list(exam.candidates.filter(pk__in=wanted).order_by("pk"))
    if len(candidates) != len(wanted):
        raise ValidationError({"candidates": "所选人员不全是本场考试的考生"})
    return _start_papers(exam, candidates, _now(at), acting_user)


@transaction.atomic
def paper_start(*, acting_user: Any, exam_id: int, at: datetime.datetime | None = None) -> Paper:
    """The officer starts (or resumes) their sitting of the exam; returns the open paper.

    A paper still open is returned as it is, so a reload or a lost connection resumes it; one
    whose time limit has passed is marked first and a retake started if one is left. Raises
    ValidationError when the officer is no candidate or may not sit now.
    """
    now = _now(at)
    exam = access_exam_by_id(acting_user, exam_id, for_update=True)
    officer = officer_of_user(acting_user)
    if officer is None or not exam.candidates.filter(pk=officer.pk).exists():
        raise ValidationError({"exam": "您不是本场考试的考生"})
    open_paper = exam.papers.filter(candidate=officer, status=Paper.Status.IN_PROGRESS).first()
    if open_paper is not None:
        require_candidate_of(acting_user, open_paper)
        if now <= open_paper.deadline_at:
            return open_paper
        _mark(open_paper, now, acting_user)
    return _start_papers(exam, [officer], now, acting_user)[0]


def paper_verify(paper: Paper) -> bool:
    """Whether drawing the paper again from its seed gives the stored questions and orders."""
    rules = list(paper.exam.rules.order_by("pk"))
    keys = {(rule.category, rule.difficulty) for rule in rules}
    pools = question_pools(keys=keys, high_water=paper.bank_high_water, at=paper.started_at)
    again = paper_draw(rules=rules, pools=pools, seed=paper.seed)
    return (again.question_ids, again.option_orders, again.points) == (
        paper.question_ids,
        paper.option_orders,
        paper.points,
    )


# ---- answering ------------------------------------------------------------------------------


def _check_open(paper: Paper, now: datetime.datetime) -> None:
    if paper.status != Paper.Status.IN_PROGRESS:
        raise InvalidTransition("本答卷已交卷，不能再作答")
    if now > paper.deadline_at:
        raise ExamTimeOver("已超过考试时限，不能再作答")


def _papers_for_system(acting_user: Any, paper_ids: Iterable[int]) -> list[Paper]:
    """Papers for recording sittings of the provincial platform: the system or the bureau."""
    if acting_user is not None:
        require_exam_manager(acting_user)
    return list(
        Paper.objects.select_for_update(of=("self",))
        .select_related("exam")
        .filter(pk__in=list(paper_ids))
        .order_by("pk")
    )


def _clean_choice(paper: Paper, question_id: int, chosen: Sequence[int]) -> list[int]:
    try:
        position = paper.question_ids.index(question_id)
    except ValueError:
        raise ValidationError({"question": "该题不在本答卷中"}) from None
    choices = sorted(set(chosen))
    if any(not 0 <= index < len(paper.option_orders[position]) for index in choices):
        raise ValidationError({"chosen": "所选答案不在选项中"})
    return choices


def _answers_write(
    papers: Sequence[Paper],
    answers: Mapping[int, Mapping[int, Sequence[int]]],
    now: datetime.datetime,
) -> None:
    """Replace the papers' answers (paper id → question id → chosen) with the ones given."""
    cleaned = {
        paper.pk: {
            question_id: _clean_choice(paper, question_id, chosen)
            for question_id, chosen in answers.get(paper.pk, {}).items()
        }
        for paper in papers
    }
    existing = {
        (answer.paper_id, answer.question_id): answer
        for answer in PaperAnswer.objects.filter(paper__in=[paper.pk for paper in papers])
    }
    added = []
    for paper_id, chosen_by_question in cleaned.items():
        for question_id, chosen in chosen_by_question.items():
            answer = existing.get((paper_id, question_id))
            if answer is None:
                added.append(
                    PaperAnswer(
                        paper_id=paper_id, question_id=question_id, chosen=chosen, saved_at=now
                    )
                )
            else:
                PaperAnswer.objects.filter(pk=answer.pk).update(chosen=chosen, saved_at=now)
    PaperAnswer.objects.bulk_create(added, batch_size=1000)


@transaction.atomic
def paper_answers_save(
    *,
    acting_user: Any,
    paper_id: int,
    answers: Mapping[int, Sequence[int]],
    at: datetime.datetime | None = None,
) -> Paper:
    """Save the candidate's answers (question id → chosen option indexes), replacing earlier ones.

    The exam page saves each answer as it is given. Raises ExamTimeOver after the time limit and
    InvalidTransition once the paper is handed in; ValidationError for a question not on the
    paper or an option it does not have. An empty choice clears the answer. With
    `acting_user=None` (system), any paper.
    """
    now = _now(at)
    if acting_user is None:
        paper = _papers_for_system(None, [paper_id])[0]
    else:
        paper = access_paper_by_id(acting_user, paper_id, for_update=True)
        require_candidate_of(acting_user, paper)
    _check_open(paper, now)
    _answers_write([paper], {paper.pk: answers}, now)
    return paper


@transaction.atomic
def papers_answers_record(
    *,
    acting_user: Any,
    answers: Mapping[int, Mapping[int, Sequence[int]]],
    at: datetime.datetime | None = None,
) -> list[Paper]:
    """Record the answers of many papers (paper id → question id → chosen) in one go.

    For recording sittings held on the provincial platform: the system (None) or the bureau
    (MANAGE_EXAMS). The same checks as `paper_answers_save`, for every paper.
    """
    now = _now(at)
    papers = _papers_for_system(acting_user, answers)
    for paper in papers:
        _check_open(paper, now)
    _answers_write(papers, answers, now)
    return papers


# ---- marking --------------------------------------------------------------------------------


def answer_is_correct(question: Question, chosen: Sequence[int]) -> bool:
    """Right only when exactly the right options are chosen: a partly right multiple choice is 0."""
    return bool(chosen) and sorted(set(chosen)) == sorted(question.answer)


def _score(
    paper: Paper, questions: Mapping[int, Question], answers: Mapping[int, PaperAnswer]
) -> tuple[int, list[int], list[int]]:
    """The paper's score and its right and wrong answers' ids; answers saved late count wrong."""
    score, right, wrong = 0, [], []
    for question_id, points in zip(paper.question_ids, paper.points, strict=True):
        answer = answers.get(question_id)
        if answer is None:
            continue
        in_time = answer.saved_at <= paper.deadline_at
        if in_time and answer_is_correct(questions[question_id], answer.chosen):
            score += points
            right.append(answer.pk)
        else:
            wrong.append(answer.pk)
    return score, right, wrong


def _mark_many(papers: Sequence[Paper], now: datetime.datetime, actor: Any) -> None:
    """Mark papers as they stood at min(now, their time limit), with a transition row each.

    Few queries whatever the number of papers: the questions and answers are read once, and
    papers with the same result are updated together.
    """
    questions = Question.objects.in_bulk(
        list({question_id for paper in papers for question_id in paper.question_ids})
    )
    answers_of: dict[int, dict[int, PaperAnswer]] = {}
    for answer in PaperAnswer.objects.filter(paper__in=[paper.pk for paper in papers]):
        answers_of.setdefault(answer.paper_id, {})[answer.question_id] = answer
    right: list[int] = []
    wrong: list[int] = []
    results: dict[tuple[Any, ...], list[int]] = {}
    for paper in papers:
        score, paper_right, paper_wrong = _score(paper, questions, answers_of.get(paper.pk, {}))
        right += paper_right
        wrong += paper_wrong
        paper.mark()
        paper.submitted_at = min(now, paper.deadline_at)
        paper.timed_out = now > paper.deadline_at
        paper.score = score
        paper.passed = score >= paper.exam.pass_mark
        key = (paper.submitted_at, paper.timed_out, paper.score, paper.passed)
        results.setdefault(key, []).append(paper.pk)
    PaperAnswer.objects.filter(pk__in=right).update(is_correct=True)
    PaperAnswer.objects.filter(pk__in=wrong).update(is_correct=False)
    updated_at = timezone.now()
    for (submitted_at, timed_out, score, passed), paper_ids in results.items():
        # FSM state already checked by Paper.mark() above; written with the results.
        Paper.objects.filter(pk__in=paper_ids).update(
            status=Paper.Status.MARKED,
            submitted_at=submitted_at,
            timed_out=timed_out,
            score=score,
            passed=passed,
            updated_at=updated_at,
        )
    for paper in papers:
        record_transition(
            paper,
            Paper.Status.IN_PROGRESS,
            paper.status,
            action="超时收卷" if paper.timed_out else "交卷",
            actor=actor,
            opinion=f"得分{paper.score}分，{'合格' if paper.passed else '不合格'}",
        )


def _mark(paper: Paper, now: datetime.datetime, actor: Any) -> Paper:
    _mark_many([paper], now, actor)
    return paper


def paper_submit(*, acting_user: Any, paper_id: int, at: datetime.datetime | None = None) -> Paper:
    """The candidate hands the paper in; it is marked at once and the score returned.

    After the time limit the submission is refused with ExamTimeOver ("已超过考试时限"), but the
    paper is still marked (and stays marked) as it stood at the limit. With `acting_user=None`
    (system), any paper.
    """
    now = _now(at)
    with transaction.atomic():
        if acting_user is None:
            paper = _papers_for_system(None, [paper_id])[0]
        else:
            paper = access_paper_by_id(acting_user, paper_id, for_update=True)
            require_candidate_of(acting_user, paper)
        if paper.status != Paper.Status.IN_PROGRESS:
            raise InvalidTransition("本答卷已交卷")
        _mark(paper, now, acting_user)
    if paper.timed_out:
        raise ExamTimeOver("已超过考试时限，答卷已按时限届满时的作答评分")
    return paper


@transaction.atomic
def papers_submit(
    *, acting_user: Any, paper_ids: Sequence[int], at: datetime.datetime | None = None
) -> list[Paper]:
    """Hand in and mark many papers at once (sittings held on the provincial platform).

    For the system (None) or the bureau (MANAGE_EXAMS). Papers past their limit are marked as
    they stood at it, without refusal. Raises InvalidTransition if one is already handed in.
    """
    now = _now(at)
    papers = _papers_for_system(acting_user, paper_ids)
    if any(paper.status != Paper.Status.IN_PROGRESS for paper in papers):
        raise InvalidTransition("所选答卷中有已交卷的答卷")
    with audit_batch():
        _mark_many(papers, now, acting_user)
    return papers


@transaction.atomic
def papers_close_overdue(*, at: datetime.datetime | None = None) -> int:
    """Mark every paper left open past its time limit (the daily job; acting user: the system).

    Returns how many papers were marked.
    """
    now = _now(at)
    overdue = list(
        Paper.objects.select_for_update(of=("self",))
        .select_related("exam")
        .filter(status=Paper.Status.IN_PROGRESS, deadline_at__lt=now)
        .order_by("pk")
    )
    with audit_batch():
        _mark_many(overdue, now, None)
    return len(overdue)
