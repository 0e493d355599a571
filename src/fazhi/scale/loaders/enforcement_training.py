"""The 2022 training and study of each county's enforcement officers (培训与学法).

As Rongcheng's (`enforcement.demo.training`): the bureau's three online courses (12, 8 and 3
hours) credited to every formal officer, the officers who sat the exam among them; each
enforcement department's two in-person sessions of 20 hours; the year's study list with two
tasks for every enforcement department; case-study trainings and court-hearing observations,
as many as Rongcheng's scaled by the county's weight (Rongcheng has 840 villages).
"""

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal

from fazhi.core.bulkload import bulk_load
from fazhi.enforcement.demo.training import (
    CASE_TRAININGS,
    COURSES,
    DEPARTMENT_SESSION_HOURS,
    DEPARTMENT_SESSIONS,
    HEARING_ATTENDEES,
    TASKS,
)
from fazhi.enforcement.models import (
    FORMAL_STAFFING,
    Officer,
    StudyAssignment,
    StudyEvent,
    StudyList,
    TrainingAttendance,
    TrainingCourse,
)
from fazhi.scale.loaders.regions import DEPARTMENTS, CountyIds
from fazhi.scale.plan import County, ProvincePlan

YEAR = 2022
RONGCHENG_VILLAGES = 840
# Of the last online course, the share credited one hour less (Rongcheng: 175 of 563).
PARTLY_CREDITED = 175 / 563


def per_county(rongcheng: int, county: County) -> int:
    """Rongcheng's yearly count scaled by the county's weight, at least one."""
    return max(1, round(rongcheng * county.weight / RONGCHENG_VILLAGES))


def _formal_officers(ids: CountyIds) -> list[tuple[int, int]]:
    """(officer, department) of the county's formal officers, in register order."""
    return list(
        Officer.objects.filter(organization__in=ids.departments, staffing_type__in=FORMAL_STAFFING)
        .order_by("pk")
        .values_list("pk", "organization")
    )


def _course_title(county: County, title: str) -> str:
    return title.replace("2022年度", f"2022年度{county.name}", 1)


def load_courses(county: County, ids: CountyIds) -> int:
    """The bureau's online courses and each enforcement department's two in-person sessions."""
    rows = [
        (ids.region, ids.bureau, _course_title(county, title), kind, Decimal(hours), day, True)
        for title, kind, hours, day in COURSES
    ]
    for (_, name), department in zip(DEPARTMENTS, ids.departments, strict=True):
        for season, day in DEPARTMENT_SESSIONS:
            title = f"2022年度{county.name}{name}业务知识和法律法规培训（{season}）"
            rows.append(
                (
                    ids.region,
                    department,
                    title,
                    TrainingCourse.Kind.PROFESSIONAL_LAW,
                    Decimal(DEPARTMENT_SESSION_HOURS),
                    day,
                    False,
                )
            )
    return bulk_load(
        TrainingCourse,
        ["region", "organizer", "title", "kind", "hours", "held_on", "online"],
        rows,
    )


def load_attendances(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """Every formal officer credited at the online courses and their department's sessions."""
    courses = list(
        TrainingCourse.objects.filter(region=ids.region).values_list(
            "pk", "organizer", "hours", "online", "kind"
        )
    )
    officers = _formal_officers(ids)
    return bulk_load(
        TrainingAttendance,
        ["course", "officer", "hours"],
        _attendance_rows(plan.rng("training", county.code), courses, officers),
    )


def _attendance_rows(
    rng: random.Random,
    courses: list[tuple[int, int, Decimal, bool, str]],
    officers: list[tuple[int, int]],
) -> Iterator[tuple[object, ...]]:
    for course, organizer, hours, online, kind in courses:
        for officer, department in officers:
            if not online and department != organizer:
                continue
            # Some left the last online module early and are credited part of it.
            partly = (
                online and kind == TrainingCourse.Kind.ETHICS and rng.random() < PARTLY_CREDITED
            )
            yield (course, officer, hours - 1 if partly else hours)


def load_study(county: County, ids: CountyIds) -> int:
    """The year's study list and its two tasks for every enforcement department, done."""
    title = f"{county.name}2022年度行政执法人员学法责任清单"
    count = bulk_load(
        StudyList,
        ["region", "issuer", "year", "title", "content", "issued_on"],
        [
            (
                ids.region,
                ids.bureau,
                YEAR,
                title,
                "宪法、民法典、行政处罚法、行政许可法、行政强制法及本领域法律法规。",
                datetime.date(YEAR, 3, 1),
            )
        ],
    )
    study_list = StudyList.objects.filter(region=ids.region, year=YEAR).values_list(
        "pk", flat=True
    )[0]
    return count + bulk_load(
        StudyAssignment,
        ["study_list", "organization", "task", "due_on", "completed_on", "note"],
        (
            (
                study_list,
                department,
                task,
                due_on,
                due_on - datetime.timedelta(days=3 + index % 20),
                "已按要求完成并报送材料",
            )
            for task, due_on in TASKS
            for index, department in enumerate(ids.departments)
        ),
    )


def load_events(plan: ProvincePlan, county: County, ids: CountyIds) -> int:
    """Case-study trainings and hearing observations, Rongcheng's counts scaled by weight."""
    rng = plan.rng("study-events", county.code)
    rows = []
    for n in range(per_county(len(CASE_TRAININGS), county)):
        topic, day, attendees = CASE_TRAININGS[n % len(CASE_TRAININGS)]
        held_on = day.replace(day=min(28, day.day + n // len(CASE_TRAININGS)))
        # Rongcheng's trainings reach ~220 officers each; a county's scale with its weight.
        count = max(10, round(attendees * county.weight / RONGCHENG_VILLAGES))
        rows.append((ids.region, ids.bureau, StudyEvent.Kind.CASE_TRAINING, held_on, topic, count))
    for n in range(per_county(len(HEARING_ATTENDEES), county)):
        held_on = datetime.date(YEAR, 1 + n % 12, 1 + rng.randrange(28))
        rows.append(
            (
                ids.region,
                rng.choice(ids.departments),
                StudyEvent.Kind.HEARING_OBSERVATION,
                held_on,
                f"旁听行政诉讼案件庭审（第{n + 1}次）",
                rng.choice(HEARING_ATTENDEES),
            )
        )
    return bulk_load(
        StudyEvent,
        ["region", "organizer", "kind", "held_on", "topic", "attendee_count"],
        rows,
    )
