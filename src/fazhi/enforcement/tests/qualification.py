"""Officers who meet the annual-review conditions, built through the services.

The review (年审) wants the year's training hours and an exam passed since the last review; see
`fazhi.enforcement.services.certificates._require_review_conditions`.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from fazhi.core.models import Organization, Region
from fazhi.enforcement.models import Officer, Paper, Question, TrainingCourse
from fazhi.enforcement.services import exams, training
from fazhi.enforcement.tests import exam_factories

D = datetime.date


def hours_credited(
    bureau: Any,
    region: Region,
    organizer: Organization,
    holders: list[Officer],
    *,
    hours: int = 60,
    held_on: D,
) -> None:
    course = training.training_course_create(
        acting_user=bureau,
        region=region,
        organizer=organizer,
        title=f"执法人员业务知识和法律法规培训{held_on:%Y%m%d}",
        kind=TrainingCourse.Kind.PROFESSIONAL_LAW,
        hours=Decimal(hours),
        held_on=held_on,
    )
    training.attendances_record(
        acting_user=bureau, course_id=course.pk, officer_ids=[holder.pk for holder in holders]
    )


def exam_passed(bureau: Any, holders: list[Officer], *, on: D) -> list[Paper]:
    """The holders sit an exam opening on `on` and answer every question right."""
    if not Question.objects.exists():
        exam_factories.bank(bureau)
    opens_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(8)))
    exam = exam_factories.exam(
        bureau,
        holders,
        title=f"行政执法人员考试{on:%Y%m%d}",
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=3),
    )
    at = opens_at + datetime.timedelta(hours=1)
    papers = exams.papers_start(
        acting_user=None, exam_id=exam.pk, candidate_ids=[h.pk for h in holders], at=at
    )
    answers = Question.objects.in_bulk()
    exams.papers_answers_record(
        acting_user=None,
        answers={
            paper.pk: {qid: list(answers[qid].answer) for qid in paper.question_ids}
            for paper in papers
        },
        at=at + datetime.timedelta(minutes=30),
    )
    return exams.papers_submit(
        acting_user=None,
        paper_ids=[paper.pk for paper in papers],
        at=at + datetime.timedelta(minutes=31),
    )


def qualified_for_review(bureau: Any, region: Region, holder: Officer, *, on: D) -> None:
    """60 hours in the month before `on` and an exam passed a week before it."""
    hours_credited(
        bureau,
        region,
        holder.organization,
        [holder],
        held_on=on - datetime.timedelta(days=30),
    )
    exam_passed(bureau, [holder], on=on - datetime.timedelta(days=7))
