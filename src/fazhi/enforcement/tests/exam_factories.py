"""A small question bank, an exam and officers with accounts, built through the services."""

import datetime
from typing import Any

from django.utils import timezone

from fazhi.core.models import Organization
from fazhi.enforcement.models import Exam, Officer, Question
from fazhi.enforcement.services import exams
from fazhi.enforcement.services.exams import QuestionRow, RuleRow
from fazhi.enforcement.tests.factories import officer

OPENS_AT = timezone.make_aware(datetime.datetime(2022, 9, 5, 8, 0))  # noqa: DTZ001
CLOSES_AT = OPENS_AT + datetime.timedelta(days=10)
DURING = OPENS_AT + datetime.timedelta(hours=1)

PENALTY = Question.Category.PENALTY
LICENSING = Question.Category.LICENSING


def bank(bureau: Any, *, per_kind: int = 2) -> list[Question]:
    """Per category (penalty, licensing) and difficulty (1, 2): `per_kind` questions per kind."""
    rows = []
    for category in (PENALTY, LICENSING):
        for difficulty in (1, 2):
            for number in range(per_kind):
                label = f"{category}-{difficulty}-{number}"
                rows += [
                    QuestionRow(
                        category=category,
                        kind=Question.Kind.SINGLE,
                        difficulty=difficulty,
                        stem=f"单选{label}",
                        options=["甲", "乙", "丙", "丁"],
                        answer=[1],
                        explanation="选乙",
                    ),
                    QuestionRow(
                        category=category,
                        kind=Question.Kind.MULTIPLE,
                        difficulty=difficulty,
                        stem=f"多选{label}",
                        options=["甲", "乙", "丙", "丁"],
                        answer=[0, 2],
                        explanation="选甲丙",
                    ),
                    QuestionRow(
                        category=category,
                        kind=Question.Kind.TRUE_FALSE,
                        difficulty=difficulty,
                        stem=f"判断{label}",
                        options=[],
                        answer=[0],
                        explanation="正确",
                    ),
                ]
    return exams.questions_import(acting_user=bureau, rows=rows)


def question_row(**overrides: Any) -> QuestionRow:
    """A single choice of penalty law, difficulty 1, answer B; fields as given."""
    values: dict[str, Any] = {
        "category": PENALTY,
        "kind": Question.Kind.SINGLE,
        "difficulty": 1,
        "stem": "执法人员不得少于几人？",
        "options": ["一人", "两人", "三人"],
        "answer": [1],
        "explanation": "《行政处罚法》第四十二条",
    }
    values.update(overrides)
    return QuestionRow(**values)


def other_answer(question: Question) -> list[int]:
    """A valid answer of the question's kind that is not its answer."""
    if question.kind == Question.Kind.MULTIPLE:
        return [1, 3] if question.answer != [1, 3] else [0, 2]
    return [1] if question.answer != [1] else [0]


def row_of(question: Question, **overrides: Any) -> QuestionRow:
    """The question's content as a row, with some fields changed."""
    values: dict[str, Any] = {
        field: getattr(question, field)
        for field in ("category", "kind", "difficulty", "stem", "options", "answer", "explanation")
    }
    values.update(overrides)
    return QuestionRow(**values)


# 4 + 3 + 3 questions of 10 points: 100 points.
RULES = [
    RuleRow(category=PENALTY, difficulty=1, count=4, points=10),
    RuleRow(category=PENALTY, difficulty=2, count=3, points=10),
    RuleRow(category=LICENSING, difficulty=2, count=3, points=10),
]


def candidate(clerk: Any, organization: Organization, *, user: Any = None, **extra: Any) -> Officer:
    return officer(clerk, organization, user=user, **extra)


def exam(bureau: Any, candidates: list[Officer], **overrides: Any) -> Exam:
    values: dict[str, Any] = {
        "title": "2022年度公共法律知识考试",
        "opens_at": OPENS_AT,
        "closes_at": CLOSES_AT,
        "time_limit_minutes": 60,
        "rules": RULES,
        "candidate_ids": [candidate.pk for candidate in candidates],
        "retakes_allowed": 1,
    }
    values.update(overrides)
    return exams.exam_create(acting_user=bureau, **values)
