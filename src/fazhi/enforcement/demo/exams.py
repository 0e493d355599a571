"""Rongcheng's 2022 online exam of public law knowledge, built through the exam services.

2022 report: "对全市新申领及四年年审的563名人员进行线上公共法律知识培训考试…考试通过率98%".
A bank of 60 questions (12 per law) and the exam "2022年度行政执法人员公共法律知识考试" for 563
candidates: the first 563 formal officers holding a certificate, by register order. Each sat
once on the provincial platform in September (recorded here by the system: the officers had no
accounts of their own); 552 passed and 11 failed (552/563 = 98%, figure
enforcement.exam_pass_rate).
"""

import datetime
import random
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from fazhi.core.audit import audit_batch
from fazhi.core.demo import demo_bureau_user
from fazhi.enforcement.models import FORMAL_STAFFING, Exam, Officer, Paper, Question
from fazhi.enforcement.services import exams
from fazhi.enforcement.services.exams import QuestionRow, RuleRow

Log = Callable[[str], None]
EXAM_TITLE = "2022年度行政执法人员公共法律知识考试"
CANDIDATES = 563
FAILED = 11
SITTING_DAYS = 20
POINTS = 4

# One question a line: 类别, 题型, 难度, 题干, 选项 (separated by |), 答案 (letters), 解析.
BANK = Path(__file__).with_name("exam_questions.tsv")

# Per law: two easy, two middling and one hard question, 4 points each: 25 questions, 100 points.
RULES = [
    RuleRow(category=category, difficulty=difficulty, count=count, points=POINTS)
    for category in Question.Category.values
    for difficulty, count in ((1, 2), (2, 2), (3, 1))
]


def _rows() -> list[QuestionRow]:
    categories = {label: value for value, label in Question.Category.choices}
    kinds = {label: value for value, label in Question.Kind.choices}
    rows = []
    for line in BANK.read_text(encoding="utf-8").splitlines()[1:]:
        category, kind, difficulty, stem, options, letters, explanation = line.split("\t")
        rows.append(
            QuestionRow(
                category=categories[category],
                kind=kinds[kind],
                difficulty=int(difficulty),
                stem=stem,
                options=options.split("|") if options else [],
                answer=[ord(letter) - ord("A") for letter in letters],
                explanation=explanation,
            )
        )
    return rows


def _wrong_choice(question: Question, rng: random.Random) -> list[int]:
    """A wrong answer: another option, or for a multiple choice one right option left out."""
    if question.kind == Question.Kind.MULTIPLE:
        return sorted(question.answer)[1:]
    others = [index for index in range(len(question.options)) if index not in question.answer]
    return [rng.choice(others)]


def _answers(
    paper: Paper, questions: dict[int, Question], wrong: int, rng: random.Random
) -> dict[int, list[int]]:
    missed = set(rng.sample(range(len(paper.question_ids)), wrong))
    return {
        question_id: (
            _wrong_choice(questions[question_id], rng)
            if position in missed
            else list(questions[question_id].answer)
        )
        for position, question_id in enumerate(paper.question_ids)
    }


def _candidates() -> list[int]:
    return list(
        Officer.objects.filter(staffing_type__in=FORMAL_STAFFING, certificates__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)[:CANDIDATES]
    )


def _sit(exam: Exam, candidate_ids: list[int], rng: random.Random) -> None:
    """Every candidate sits once over the window; FAILED of them score below the pass mark."""
    questions = Question.objects.in_bulk()
    failing = set(rng.sample(candidate_ids, FAILED))
    per_day = -(-len(candidate_ids) // SITTING_DAYS)
    for day in range(SITTING_DAYS):
        group = candidate_ids[day * per_day : (day + 1) * per_day]
        if not group:
            break
        started_at = exam.opens_at + datetime.timedelta(days=day, hours=1)
        papers = exams.papers_start(
            acting_user=None, exam_id=exam.pk, candidate_ids=group, at=started_at
        )
        answered_at = started_at + datetime.timedelta(minutes=40)
        exams.papers_answers_record(
            acting_user=None,
            answers={
                paper.pk: _answers(
                    paper,
                    questions,
                    rng.randint(11, 14) if paper.candidate_id in failing else rng.randint(0, 8),
                    rng,
                )
                for paper in papers
            },
            at=answered_at,
        )
        exams.papers_submit(
            acting_user=None,
            paper_ids=[paper.pk for paper in papers],
            at=answered_at + datetime.timedelta(minutes=2),
        )


def build_demo(log: Log) -> None:
    if Exam.objects.filter(title=EXAM_TITLE).exists():
        log("线上考试已存在，跳过")
        return
    candidate_ids = _candidates()
    if len(candidate_ids) < CANDIDATES:
        log("持证执法人员不足563名，跳过线上考试")
        return
    bureau = demo_bureau_user()
    rng = random.Random(8)
    with transaction.atomic(), audit_batch():
        exams.questions_import(acting_user=bureau, rows=_rows())
        opens_at = timezone.make_aware(datetime.datetime(2022, 9, 5, 8, 0))  # noqa: DTZ001
        exam = exams.exam_create(
            acting_user=bureau,
            title=EXAM_TITLE,
            opens_at=opens_at,
            closes_at=opens_at + datetime.timedelta(days=SITTING_DAYS + 5, hours=10),
            time_limit_minutes=60,
            rules=RULES,
            candidate_ids=candidate_ids,
            retakes_allowed=1,
        )
        _sit(exam, candidate_ids, rng)
    passed = Paper.objects.filter(exam=exam, passed=True).count()
    log(
        f"题库试题{Question.objects.count()}道；{EXAM_TITLE}：考生{len(candidate_ids)}名，合格{passed}名"
    )
