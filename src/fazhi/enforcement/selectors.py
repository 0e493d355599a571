"""Reading the officer register and certificates; who may be drawn as an inspector."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum

from fazhi.core.deadlines import add_months
from fazhi.core.models import Organization, Region
from fazhi.core.parameters import parameter_value
from fazhi.enforcement.models import (
    Certificate,
    Officer,
    StudyAssignment,
    StudyEvent,
    StudyList,
    TrainingAttendance,
    TrainingCourse,
)
from fazhi.enforcement.models.exams import Exam, Paper, PaperAnswer, Question
from fazhi.enforcement.models.reviews import (
    BatchFile,
    CaseFile,
    RectificationNotice,
    ReviewBatch,
    RubricVersion,
    ScoreSheet,
)
from fazhi.enforcement.models.supervision import (
    ContactPoint,
    InvitedSupervisor,
    SupervisionDecision,
    SupervisionOpinion,
    SupervisionVisit,
)
from fazhi.enforcement.parameters import REVIEW_WARNING_DAYS, TRAINING_HOURS_REQUIRED
from fazhi.enforcement.permissions import (
    can_manage_exams,
    exams_visible_to,
    supervision_visits_visible_to,
)
from fazhi.inspections.models import JointInspection

OK = "ok"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
INVALID = "invalid"
CERTIFICATE_STATES = {
    OK: "有效",
    DUE_SOON: "年审将到期",
    OVERDUE: "年审已逾期",
    INVALID: "无有效证件",
}


def review_warning_days(*, on: datetime.date) -> int:
    return parameter_value(REVIEW_WARNING_DAYS, on=on).amount


def state_of(
    *,
    status: str | None,
    issued_on: datetime.date | None,
    valid_until: datetime.date | None,
    next_review_due_on: datetime.date | None,
    today: datetime.date,
    warning_days: int,
) -> str:
    """The traffic light of a certificate from its fields (also used on annotated lists)."""
    if status != Certificate.Status.ISSUED or issued_on is None or valid_until is None:
        return INVALID
    if not issued_on <= today <= valid_until:
        return INVALID
    if next_review_due_on is None:
        return OK
    if next_review_due_on < today:
        return OVERDUE
    if next_review_due_on <= today + datetime.timedelta(days=warning_days):
        return DUE_SOON
    return OK


def certificate_state(
    certificate: Certificate | None, today: datetime.date, *, warning_days: int | None = None
) -> str:
    """The light of a certificate: ok, due_soon (amber), overdue (red) or invalid.

    due_soon: the review falls due within the warning days; overdue: its due date has passed;
    invalid: no certificate, or one not issued or outside its validity on `today`.

    `warning_days` defaults to the parameter enforcement.review_warning_days in force today
    (one query); pass it when judging many certificates.
    """
    if certificate is None:
        return INVALID
    if warning_days is None:
        warning_days = review_warning_days(on=today)
    return state_of(
        status=certificate.status,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        next_review_due_on=certificate.next_review_due_on,
        today=today,
        warning_days=warning_days,
    )


def _latest_certificate() -> QuerySet[Certificate]:
    return Certificate.objects.filter(officer=OuterRef("pk")).order_by("-applied_on", "-pk")


def officer_list(*, user: Any) -> QuerySet[Officer]:
    """The officers the user may see, each with its latest certificate's fields annotated."""
    latest = _latest_certificate()
    return (
        Officer.objects.visible_to(user)
        .select_related("organization", "posted_region")
        .annotate(
            certificate_number=Subquery(latest.values("number")[:1]),
            certificate_status=Subquery(latest.values("status")[:1]),
            certificate_issued_on=Subquery(latest.values("issued_on")[:1]),
            certificate_valid_until=Subquery(latest.values("valid_until")[:1]),
            certificate_review_due_on=Subquery(latest.values("next_review_due_on")[:1]),
        )
    )


def certificates_of(officer: Officer) -> QuerySet[Certificate]:
    return officer.certificates.order_by("-applied_on", "-pk")


def certificate_current(officer: Officer) -> Certificate | None:
    """The officer's latest certificate (application included), if any."""
    return certificates_of(officer).first()


def certificates_open(*, officer: Officer) -> QuerySet[Certificate]:
    """Certificates that are applied for, valid or suspended: at most one per officer."""
    return officer.certificates.filter(
        status__in=(
            Certificate.Status.APPLIED,
            Certificate.Status.ISSUED,
            Certificate.Status.SUSPENDED,
        )
    )


def certificates_review_due(*, user: Any, today: datetime.date) -> QuerySet[Certificate]:
    """Valid certificates the user may see whose review is due within the warning days or late."""
    horizon = today + datetime.timedelta(days=review_warning_days(on=today))
    return (
        Certificate.objects.visible_to(user)
        .filter(status=Certificate.Status.ISSUED, next_review_due_on__lte=horizon)
        .select_related("officer")
        .order_by("next_review_due_on", "pk")
    )


def certificates_to_expire(*, on: datetime.date) -> QuerySet[Certificate]:
    """Valid or suspended certificates whose validity ended before `on` (the daily job)."""
    return Certificate.objects.filter(
        status__in=(Certificate.Status.ISSUED, Certificate.Status.SUSPENDED),
        valid_until__lt=on,
    ).order_by("pk")


def officers_eligible_to_inspect(
    *, organization: Organization, on_date: datetime.date, qualification: str = ""
) -> QuerySet[Officer]:
    """Active officers of `organization` holding a certificate valid on `on_date`.

    A certificate is valid when it is issued (not applied for, suspended, revoked or expired)
    and issued_on <= on_date <= valid_until. With `qualification`, only officers whose
    qualification labels include it exactly. Not scoped to a user: the inspections draw calls it
    for the department it draws for.
    """
    valid = Certificate.objects.filter(
        officer=OuterRef("pk"),
        status=Certificate.Status.ISSUED,
        issued_on__lte=on_date,
        valid_until__gte=on_date,
    )
    eligible = Officer.objects.filter(organization=organization, active=True).filter(Exists(valid))
    wanted = qualification.strip()
    if not wanted:
        return eligible
    # JSON containment differs between SQLite and PostgreSQL; a department's officers are few,
    # so the labels are matched here and the result stays a queryset.
    matching = [
        pk
        for pk, labels in eligible.values_list("pk", "qualifications")
        if isinstance(labels, list) and wanted in labels
    ]
    return eligible.filter(pk__in=matching)


# Training and study (培训与学法) ------------------------------------------------------------


def training_hours_required(*, on: datetime.date) -> int:
    return int(parameter_value(TRAINING_HOURS_REQUIRED, on=on).amount)


def _hours(total: Decimal | None) -> Decimal:
    return total if total is not None else Decimal(0)


def officer_training_hours(
    *, officer: Officer, since: datetime.date, until: datetime.date
) -> Decimal:
    """The hours credited to the officer for courses held from `since` to `until` inclusive."""
    total = TrainingAttendance.objects.filter(
        officer=officer, course__held_on__gte=since, course__held_on__lte=until
    ).aggregate(total=Sum("hours"))["total"]
    return _hours(total)


def officers_training_hours(*, user: Any, year: int) -> QuerySet[Officer]:
    """The officers the user may see, each annotated with `training_hours` credited in `year`."""
    return (
        Officer.objects.visible_to(user)
        .select_related("organization")
        .annotate(
            training_hours=Sum(
                "training_attendances__hours",
                filter=Q(training_attendances__course__held_on__year=year),
                default=Decimal(0),
            )
        )
    )


def training_course_list(*, user: Any) -> QuerySet[TrainingCourse]:
    """Courses the user may see, with the attendances and hours the user may see of each."""
    visible = TrainingAttendance.objects.visible_to(user).filter(course=OuterRef("pk"))
    return (
        TrainingCourse.objects.visible_to(user)
        .select_related("organizer")
        .annotate(
            attendee_count=Subquery(
                visible.order_by().values("course").annotate(n=Count("pk")).values("n")[:1]
            ),
            hours_credited=Subquery(
                visible.order_by().values("course").annotate(total=Sum("hours")).values("total")[:1]
            ),
        )
    )


def training_attendances_of(*, user: Any, course: TrainingCourse) -> QuerySet[TrainingAttendance]:
    """The course's attendances the user may see (a department: its own officers only)."""
    return (
        TrainingAttendance.objects.visible_to(user)
        .filter(course=course)
        .select_related("officer__organization")
        .order_by("officer__organization__code", "officer__name", "pk")
    )


def study_list_list(*, user: Any) -> QuerySet[StudyList]:
    return (
        StudyList.objects.visible_to(user)
        .select_related("issuer")
        .annotate(
            assignment_count=Count("assignments", distinct=True),
            completed_count=Count(
                "assignments", filter=Q(assignments__completed_on__isnull=False), distinct=True
            ),
        )
    )


def study_assignments_of(*, user: Any, study_list: StudyList) -> QuerySet[StudyAssignment]:
    """The list's assignments the user may see (a department: its own), by department."""
    return (
        StudyAssignment.objects.visible_to(user)
        .filter(study_list=study_list)
        .select_related("organization")
        .order_by("organization__code", "due_on", "pk")
    )


def study_event_list(*, user: Any) -> QuerySet[StudyEvent]:
    return StudyEvent.objects.visible_to(user).select_related("organizer")


def _courses_in(region: Region, year: int) -> QuerySet[TrainingAttendance]:
    return TrainingAttendance.objects.filter(
        course__region__code__startswith=region.prefix,
        officer__organization__region__code__startswith=region.prefix,
        course__held_on__year=year,
    )


def exam_papers_in(*, region: Region, year: int) -> QuerySet[Paper]:
    """Marked papers of the region's officers handed in (or taken in at the limit) in `year`."""
    return Paper.objects.filter(
        status=Paper.Status.MARKED,
        submitted_at__year=year,
        candidate__organization__region__code__startswith=region.prefix,
    )


def online_training_of_examined_in(*, region: Region, year: int) -> QuerySet[TrainingAttendance]:
    """Attendances at the year's online courses of the officers examined online that year.

    The 2022 report counts these: "对…563名人员进行线上公共法律知识培训考试,培训总时长12774学时".
    """
    examined = exam_papers_in(region=region, year=year).values("candidate")
    return (
        _courses_in(region, year)
        .filter(course__online=True, officer__in=examined)
        .select_related("course", "officer")
        .order_by("course__held_on", "course__pk", "officer__pk")
    )


def training_hours_in(*, region: Region, year: int) -> Decimal:
    return _hours(_courses_in(region, year).aggregate(total=Sum("hours"))["total"])


def officers_trained_in(*, region: Region, year: int) -> QuerySet[Officer]:
    """The region's officers credited with hours in `year`, each with `training_hours`."""
    return (
        Officer.objects.filter(pk__in=_courses_in(region, year).values("officer"))
        .annotate(
            training_hours=Sum(
                "training_attendances__hours",
                filter=Q(
                    training_attendances__course__held_on__year=year,
                    training_attendances__course__region__code__startswith=region.prefix,
                ),
            )
        )
        .order_by("organization__code", "name", "pk")
    )


def study_assignments_in(*, region: Region, year: int) -> QuerySet[StudyAssignment]:
    return StudyAssignment.objects.filter(
        study_list__region__code__startswith=region.prefix, study_list__year=year
    ).select_related("organization", "study_list")


def study_events_in(*, region: Region, year: int, kind: str) -> QuerySet[StudyEvent]:
    return StudyEvent.objects.filter(
        region__code__startswith=region.prefix, held_on__year=year, kind=kind
    ).order_by("held_on", "pk")


# Enforcement supervision (执法监督) -----------------------------------------------------------

# Days before a correction or report deadline from which it shows amber.
SUPERVISION_WARNING_DAYS = 7
SUPERVISION_ON_TIME = "on_time"
SUPERVISION_DUE_SOON = "due_soon"
SUPERVISION_OVERDUE = "overdue"
SUPERVISION_DONE = "done"
SUPERVISION_DONE_LATE = "done_late"
SUPERVISION_DEADLINE_STATES = {
    SUPERVISION_ON_TIME: "期限内",
    SUPERVISION_DUE_SOON: "即将到期",
    SUPERVISION_OVERDUE: "已逾期",
    SUPERVISION_DONE: "按期报送",
    SUPERVISION_DONE_LATE: "逾期报送",
}


def supervision_deadline_state(
    *, due_on: datetime.date, answered_on: datetime.date | None, today: datetime.date
) -> str:
    """The light of a correction or report deadline: amber within the warning days, red late."""
    if answered_on is not None:
        return SUPERVISION_DONE if answered_on <= due_on else SUPERVISION_DONE_LATE
    if today > due_on:
        return SUPERVISION_OVERDUE
    if (due_on - today).days <= SUPERVISION_WARNING_DAYS:
        return SUPERVISION_DUE_SOON
    return SUPERVISION_ON_TIME


def invited_supervisor_list(*, user: Any) -> QuerySet[InvitedSupervisor]:
    return InvitedSupervisor.objects.visible_to(user).annotate(
        participation_count=Count("participations")
    )


def invited_supervisors_in_office(
    *, region: Region, start: datetime.date, end: datetime.date
) -> QuerySet[InvitedSupervisor]:
    """Supervisors of the region whose appointment overlapped [start, end] (not scoped)."""
    return InvitedSupervisor.objects.filter(
        region__code__startswith=region.prefix, term_start__lte=end, term_end__gte=start
    ).exclude(status=InvitedSupervisor.Status.DISMISSED, ended_on__lt=start)


def invited_supervisors_to_end_term(*, on: datetime.date) -> QuerySet[InvitedSupervisor]:
    return InvitedSupervisor.objects.filter(
        status=InvitedSupervisor.Status.IN_OFFICE, term_end__lt=on
    ).order_by("pk")


def contact_point_list(*, user: Any) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.visible_to(user).select_related("enterprise")


def supervision_visit_list(*, user: Any) -> QuerySet[SupervisionVisit]:
    return (
        supervision_visits_visible_to(user)
        .select_related("joint_inspection__enterprise")
        .prefetch_related("departments")
    )


def supervision_opinion_list(*, user: Any) -> QuerySet[SupervisionOpinion]:
    return SupervisionOpinion.objects.visible_to(user).select_related(
        "department", "visit", "decision"
    )


def supervision_decision_list(*, user: Any) -> QuerySet[SupervisionDecision]:
    return SupervisionDecision.objects.visible_to(user).select_related("opinion__department")


def drawn_joint_inspections(*, region: Region) -> QuerySet[JointInspection]:
    """Joint inspections of the region drawn for accompanying supervision and not yet visited."""
    return (
        JointInspection.objects.filter(region=region, supervision_draws__isnull=False)
        .filter(supervision_visits__isnull=True)
        .select_related("enterprise", "lead")
        .distinct()
        .order_by("day", "pk")
    )


def joint_inspection_is_drawn(*, joint_inspection: JointInspection) -> bool:
    return joint_inspection.supervision_draws.exists()


def opinions_to_mark_overdue(*, on: datetime.date) -> QuerySet[SupervisionOpinion]:
    """Opinions still awaiting correction whose period ended before `on` (the daily job)."""
    return SupervisionOpinion.objects.filter(
        status=SupervisionOpinion.Status.ISSUED, correction_due_on__lt=on
    ).order_by("pk")


def decisions_to_mark_overdue(*, on: datetime.date) -> QuerySet[SupervisionDecision]:
    return SupervisionDecision.objects.filter(
        status=SupervisionDecision.Status.ISSUED, report_due_on__lt=on
    ).order_by("pk")


# The online exam (线上考试).


def officer_of_user(user: Any) -> Officer | None:
    """The active officer whose own account `user` is, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Officer.objects.filter(user_id=user.pk, active=True).first()


def question_list(*, user: Any) -> QuerySet[Question]:
    """The question bank, for the bureau that keeps it; nothing for anyone else."""
    if not can_manage_exams(user):
        return Question.objects.none()
    return Question.objects.all()


def question_pools(
    *,
    keys: set[tuple[str, int]],
    high_water: int | None,
    at: datetime.datetime,
) -> dict[tuple[str, int], list[Question]]:
    """The bank's questions in use at `at` by (category, difficulty), ordered by id.

    With `high_water`, only questions up to that id: the pool a paper was drawn from.
    """
    pools: dict[tuple[str, int], list[Question]] = {key: [] for key in keys}
    if not keys:
        return pools
    questions = Question.objects.filter(
        Q(retired_at__isnull=True) | Q(retired_at__gt=at),
        category__in={category for category, _ in keys},
        difficulty__in={difficulty for _, difficulty in keys},
    )
    if high_water is not None:
        questions = questions.filter(pk__lte=high_water)
    for question in questions.order_by("pk"):
        key = (question.category, question.difficulty)
        if key in pools:
            pools[key].append(question)
    return pools


def exam_list(*, user: Any) -> QuerySet[Exam]:
    """The exams the user may see, with their candidate and paper counts."""
    return exams_visible_to(user).annotate(
        candidate_count=Count("candidates", distinct=True),
        marked_count=Count("papers", filter=Q(papers__status=Paper.Status.MARKED), distinct=True),
    )


def exam_papers(*, user: Any, exam: Exam) -> QuerySet[Paper]:
    """The exam's papers the user may see: all for the bureau, a department's own, one's own."""
    return (
        Paper.objects.visible_to(user)
        .filter(exam=exam)
        .select_related("candidate__organization")
        .order_by("candidate__organization__code", "candidate__name", "attempt")
    )


def exam_papers_of(*, exam: Exam, officer: Officer) -> QuerySet[Paper]:
    return exam.papers.filter(candidate=officer).order_by("attempt")


def paper_questions(paper: Paper) -> list[dict[str, Any]]:
    """The paper's questions in order, each with its options as shown and the saved answer."""
    questions = Question.objects.in_bulk(paper.question_ids)
    answers = {answer.question_id: answer for answer in paper.answers.all()}
    rows = []
    for number, (question_id, order, points) in enumerate(
        zip(paper.question_ids, paper.option_orders, paper.points, strict=True), start=1
    ):
        question = questions[question_id]
        answer: PaperAnswer | None = answers.get(question_id)
        chosen = set(answer.chosen) if answer is not None else set()
        rows.append(
            {
                "number": number,
                "question": question,
                "points": points,
                "options": [
                    {
                        "index": index,
                        "letter": chr(ord("A") + position),
                        "text": question.options[index],
                        "chosen": index in chosen,
                        "correct": index in question.answer,
                    }
                    for position, index in enumerate(order)
                ],
                "answered": bool(chosen),
                "is_correct": answer.is_correct if answer is not None else False,
                "chosen_letters": "".join(
                    chr(ord("A") + position)
                    for position, index in enumerate(order)
                    if index in chosen
                ),
                "correct_letters": "".join(
                    chr(ord("A") + position)
                    for position, index in enumerate(order)
                    if index in question.answer
                ),
            }
        )
    return rows


def exam_question_statistics(*, exam: Exam) -> list[dict[str, Any]]:
    """Per question of the exam's marked papers: times drawn, times right, the correct rate.

    Worst first, so the questions most candidates fail lead. An unanswered question counts as
    wrong. Rates are percent to one decimal.
    """
    drawn: dict[int, int] = {}
    for question_ids in exam.papers.filter(status=Paper.Status.MARKED).values_list(
        "question_ids", flat=True
    ):
        for question_id in question_ids:
            drawn[question_id] = drawn.get(question_id, 0) + 1
    right = dict(
        PaperAnswer.objects.filter(
            paper__exam=exam, paper__status=Paper.Status.MARKED, is_correct=True
        )
        .values_list("question")
        .annotate(count=Count("pk"))
        .values_list("question", "count")
    )
    questions = Question.objects.in_bulk(list(drawn))
    rows: list[dict[str, Any]] = [
        {
            "question": questions[question_id],
            "drawn": times,
            "correct": right.get(question_id, 0),
            "correct_rate": (Decimal(right.get(question_id, 0)) * 100 / Decimal(times)).quantize(
                Decimal("0.1")
            ),
        }
        for question_id, times in drawn.items()
    ]
    rows.sort(key=lambda row: (row["correct_rate"], row["question"].pk))
    return rows


def exam_summary(*, exam: Exam) -> dict[str, Any]:
    """Candidates, officers examined and passed (any sitting), and the average paper score."""
    marked = exam.papers.filter(status=Paper.Status.MARKED)
    totals = marked.aggregate(average=Avg("score"))
    examined = marked.values("candidate").distinct().count()
    passed = marked.filter(passed=True).values("candidate").distinct().count()
    average = totals["average"]
    return {
        "candidates": exam.candidates.count(),
        "examined": examined,
        "passed": passed,
        "pass_rate": (Decimal(passed) * 100 / Decimal(examined)).quantize(Decimal("0.1"))
        if examined
        else None,
        "average": Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None,
    }


@dataclass(frozen=True)
class ReviewConditions:
    """Where an officer stands against the annual review's conditions on `day`."""

    day: datetime.date
    year_start: datetime.date
    hours: Decimal
    hours_required: int
    exam_since: datetime.date
    exam_passed: bool

    @property
    def hours_met(self) -> bool:
        return self.hours >= self.hours_required

    @property
    def met(self) -> bool:
        return self.hours_met and self.exam_passed


def review_conditions(certificate: Certificate, day: datetime.date) -> ReviewConditions:
    """The year's training hours and an exam passed since the last review (or the issue).

    山东省行政执法监督条例 art. 10: officers take part in training in public law, professional
    law and professional conduct and pass an examination; 法治政府建设实施纲要（2021—2025年）: no
    fewer than 60 hours of training a year (parameter enforcement.training_hours_required).
    """
    officer = certificate.officer
    year_start = add_months(day, -12) + datetime.timedelta(days=1)
    exam_since = certificate.last_reviewed_on or certificate.issued_on or day
    return ReviewConditions(
        day=day,
        year_start=year_start,
        hours=officer_training_hours(officer=officer, since=year_start, until=day),
        hours_required=training_hours_required(on=day),
        exam_since=exam_since,
        exam_passed=exam_passed_between(officer, exam_since, day),
    )


def exam_passed_between(officer: Officer, since: datetime.date, until: datetime.date) -> bool:
    """Whether the officer passed an exam paper handed in from `since` to `until` inclusive."""
    return Paper.objects.filter(
        candidate=officer,
        status=Paper.Status.MARKED,
        passed=True,
        submitted_at__date__gte=since,
        submitted_at__date__lte=until,
    ).exists()


# Case-file review (案卷评查)


def rubric_version_list(*, user: Any) -> QuerySet[RubricVersion]:
    return (
        RubricVersion.objects.visible_to(user)
        .select_related("region")
        .order_by("-effective_from", "-pk")
    )


def case_file_list(*, user: Any) -> QuerySet[CaseFile]:
    return CaseFile.objects.visible_to(user).select_related("organization")


def review_batch_list(*, user: Any) -> QuerySet[ReviewBatch]:
    """The batches the user may see, with their drawn and scored file counts."""
    return (
        ReviewBatch.objects.visible_to(user)
        .select_related("rubric_version", "organization")
        .annotate(
            files_drawn=Count("files", distinct=True),
            files_scored=Count("files", filter=Q(files__final_score__isnull=False), distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def batch_files_of(*, user: Any, batch: ReviewBatch) -> QuerySet[BatchFile]:
    return (
        BatchFile.objects.visible_to(user)
        .filter(batch=batch)
        .select_related("case_file__organization")
        .order_by("case_file__organization__code", "case_file__case_number")
    )


def scores_hidden_from(user: Any, batch_file: BatchFile) -> bool:
    """Whether a blind batch hides the other reviewers' scores of this file from `user`.

    In blind mode a reviewer sees the others' scores only once their own sheet for the file is
    submitted (avoiding anchoring on a colleague's score); the organiser who does not review
    sees them all.
    """
    if not batch_file.batch.blind or not getattr(user, "is_authenticated", False):
        return False
    own = ScoreSheet.objects.filter(batch_file=batch_file, reviewer__user=user).first()
    return own is not None and not own.is_submitted


def batch_board(*, user: Any, batch: ReviewBatch) -> list[dict[str, Any]]:
    """Files × reviewers: each cell the sheet, its state and its total if the user may see it."""
    reviewers = list(batch.reviewers.select_related("user"))
    files = list(batch_files_of(user=user, batch=batch))
    sheets = {
        (sheet.batch_file_id, sheet.reviewer_id): sheet
        for sheet in ScoreSheet.objects.filter(batch_file__batch=batch)
    }
    own_reviewer = next((r for r in reviewers if r.user_id == getattr(user, "pk", None)), None)
    rows = []
    for batch_file in files:
        own = sheets.get((batch_file.pk, own_reviewer.pk)) if own_reviewer else None
        hidden = batch.blind and own is not None and not own.is_submitted
        cells = []
        for reviewer in reviewers:
            sheet = sheets.get((batch_file.pk, reviewer.pk))
            shows = sheet is not None and (not hidden or reviewer == own_reviewer)
            cells.append({"reviewer": reviewer, "sheet": sheet, "shows_score": shows})
        rows.append({"file": batch_file, "cells": cells, "hidden": hidden})
    return rows


def rectification_notice_list(*, user: Any) -> QuerySet[RectificationNotice]:
    """The notices the user may see, with how many problems each lists."""
    return (
        RectificationNotice.objects.visible_to(user)
        .select_related("organization", "batch")
        .annotate(problem_count=Count("problems"))
        .order_by("status", "due_on", "pk")
    )


def rectification_notices_overdue(
    *, user: Any, today: datetime.date
) -> QuerySet[RectificationNotice]:
    """Open or sent-back notices the user may see whose deadline has passed."""
    return (
        RectificationNotice.objects.visible_to(user)
        .filter(
            status__in=[RectificationNotice.Status.ISSUED, RectificationNotice.Status.RETURNED],
            due_on__lt=today,
        )
        .select_related("organization", "batch")
        .order_by("due_on", "pk")
    )


def officer_hours_by_year(officer: Officer) -> list[tuple[int, Decimal]]:
    """The hours credited to the officer per year of the courses, latest year first (the card)."""
    rows = (
        TrainingAttendance.objects.filter(officer=officer)
        .values_list("course__held_on__year")
        .annotate(total=Sum("hours"))
        .order_by("-course__held_on__year")
    )
    return [(year, _hours(total)) for year, total in rows]


def officer_papers(officer: Officer) -> QuerySet[Paper]:
    """The officer's exam papers, latest first (the card's exam history)."""
    return (
        Paper.objects.filter(candidate=officer)
        .select_related("exam")
        .order_by("-started_at", "-pk")
    )


# Invited reviewers


def invited_reviewer_candidates(*, batch: ReviewBatch) -> QuerySet[InvitedSupervisor]:
    """The invited supervisors who may join the batch's reviewers (not scoped: the organiser's).

    Of the batch's region, serving (在任), within their term on the batch's start date and not
    yet reviewing it; the service checks the same rules again.
    """
    return (
        InvitedSupervisor.objects.filter(
            region=batch.region,
            status=InvitedSupervisor.Status.IN_OFFICE,
            term_start__lte=batch.starts_on,
            term_end__gte=batch.starts_on,
        )
        .exclude(review_assignments__batch=batch)
        .order_by("name", "pk")
    )


def invited_supervisor_list_with_reviews(*, user: Any) -> QuerySet[InvitedSupervisor]:
    """The supervisor list, each with `review_batch_count`: batches they handed a sheet in for.

    A batch counts once a sheet of theirs is submitted (recorded for them by the bureau). The
    count is a subquery, so it does not multiply the list's participation count.
    """
    reviewed = (
        InvitedSupervisor.objects.filter(pk=OuterRef("pk"))
        .annotate(
            count=Count(
                "review_assignments",
                filter=Q(review_assignments__sheets__status=ScoreSheet.Status.SUBMITTED),
                distinct=True,
            )
        )
        .values("count")
    )
    return invited_supervisor_list(user=user).annotate(review_batch_count=Subquery(reviewed))
