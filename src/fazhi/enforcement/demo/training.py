"""Rongcheng's 2022 training and study of enforcement officers, built through the services.

2022 report: "对全市新申领及四年年审的563名人员进行线上公共法律知识培训考试,培训总时长12774学时…
印发年度学法责任清单,向26个执法部门布置学法作业…对全市1300余名执法人员进行6期行政执法典型案例学习
培训。组织各镇街、部门开展行政诉讼旁听庭审活动13次,旁听人数263人".

The 563 officers trained online are the first 563 formal officers of the register (by pk), the
same ones the exams part examines. They follow three online courses of 12, 8 and 3 hours; 175 of
them are credited 2 of the 3 hours of the last one, so the year's hours come to
563 × 23 − 175 = 12774. Each enforcement department also trains its formal officers in person,
twice 20 hours, so that the examined officers reach the 60 hours of the annual review (these
hours are not in the report's online figure). The study list gives two tasks to 26 departments
(the 17 enforcement departments and 9 others); all but two of the second task are done.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from fazhi.core.demo import COUNTY_CODE, demo_bureau_user, demo_legal_officer
from fazhi.core.models import Organization, Region
from fazhi.enforcement.models import FORMAL_STAFFING, Officer, StudyEvent, TrainingCourse
from fazhi.enforcement.services import training

Log = Callable[[str], None]
D = datetime.date
OFFICERS_TRAINED = 563
PARTLY_CREDITED = 175
STUDY_DEPARTMENTS = 26
COURSES = [
    (
        "2022年度公共法律知识网上培训：宪法与行政法基础",
        TrainingCourse.Kind.PUBLIC_LAW,
        12,
        D(2022, 4, 15),
    ),
    (
        "2022年度专业法律知识网上培训：行政处罚法专题",
        TrainingCourse.Kind.PROFESSIONAL_LAW,
        8,
        D(2022, 6, 20),
    ),
    ("2022年度职业道德网上培训：执法规范与执法礼仪", TrainingCourse.Kind.ETHICS, 3, D(2022, 9, 15)),
]
TASKS = [
    ("学习新修订的《中华人民共和国行政处罚法》，每名执法人员提交学习心得", D(2022, 6, 30)),
    ("组织本部门执法案例研讨，报送本领域行政执法典型案例1件", D(2022, 11, 30)),
]
CASE_TRAININGS = [
    ("行政处罚裁量基准适用典型案例", D(2022, 3, 24), 218),
    ("市场监管领域行政执法典型案例", D(2022, 5, 12), 224),
    ("生态环境领域行政执法典型案例", D(2022, 6, 28), 209),
    ("行政复议纠错案件典型案例评析", D(2022, 8, 18), 231),
    ("行政诉讼败诉案件典型案例评析", D(2022, 10, 20), 215),
    ("综合行政执法典型案例", D(2022, 12, 8), 213),
]
DEPARTMENT_SESSIONS = [("上半年", D(2022, 3, 18)), ("下半年", D(2022, 11, 11))]
DEPARTMENT_SESSION_HOURS = 20
HEARING_ATTENDEES = [22, 19, 21, 18, 25, 20, 17, 23, 19, 21, 18, 24, 16]
HEARING_ORGANIZERS = ["market", "urban", "natural-resources", "town-yatou", "housing", "ocean"]


def _departments(county: Region) -> list[Organization]:
    """The 17 enforcement departments first, then other departments, the bureau left out."""
    departments = Organization.objects.filter(
        region=county, kind=Organization.Kind.DEPARTMENT, is_bureau=False
    )
    ordered = list(departments.filter(is_enforcement=True).order_by("code")) + list(
        departments.filter(is_enforcement=False).order_by("code")
    )
    return ordered[:STUDY_DEPARTMENTS]


def _courses(county: Region, bureau_unit: Organization, acting_user: object) -> int:
    trained = list(
        Officer.objects.filter(organization__region=county, staffing_type__in=FORMAL_STAFFING)
        .order_by("pk")
        .values_list("pk", flat=True)[:OFFICERS_TRAINED]
    )
    credited = 0
    for title, kind, hours, held_on in COURSES:
        course = training.training_course_create(
            acting_user=acting_user,
            region=county,
            organizer=bureau_unit,
            title=title,
            kind=kind,
            hours=Decimal(hours),
            held_on=held_on,
            online=True,
        )
        if kind == TrainingCourse.Kind.ETHICS:
            # Some left the last module early and are credited part of it.
            groups = [
                (trained[PARTLY_CREDITED:], None),
                (trained[:PARTLY_CREDITED], Decimal(hours - 1)),
            ]
        else:
            groups = [(trained, None)]
        for officer_ids, partial in groups:
            credited += len(
                training.attendances_record(
                    acting_user=acting_user,
                    course_id=course.pk,
                    officer_ids=officer_ids,
                    hours=partial,
                )
            )
    return credited


def _department_courses(county: Region, acting_user: object) -> int:
    """Each enforcement department's own in-person training of its formal officers.

    Two sessions of 20 hours (spring and autumn): with the online courses the officers reach the
    year's 60 hours the annual review wants (parameter enforcement.training_hours_required).
    """
    credited = 0
    departments = Organization.objects.filter(
        region=county, kind=Organization.Kind.DEPARTMENT, is_enforcement=True
    ).order_by("code")
    for department in departments:
        officer_ids = list(
            Officer.objects.filter(organization=department, staffing_type__in=FORMAL_STAFFING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not officer_ids:
            continue
        for season, held_on in DEPARTMENT_SESSIONS:
            course = training.training_course_create(
                acting_user=acting_user,
                region=county,
                organizer=department,
                title=f"2022年度{department.name}业务知识和法律法规培训（{season}）",
                kind=TrainingCourse.Kind.PROFESSIONAL_LAW,
                hours=Decimal(DEPARTMENT_SESSION_HOURS),
                held_on=held_on,
            )
            credited += len(
                training.attendances_record(
                    acting_user=acting_user, course_id=course.pk, officer_ids=officer_ids
                )
            )
    return credited


def _study(county: Region, bureau_unit: Organization, acting_user: object) -> int:
    study_list = training.study_list_issue(
        acting_user=acting_user,
        region=county,
        issuer=bureau_unit,
        year=2022,
        title="荣成市2022年度行政执法人员学法责任清单",
        issued_on=D(2022, 3, 1),
        content="宪法、民法典、行政处罚法、行政许可法、行政强制法及本领域法律法规。",
    )
    departments = _departments(county)
    for number, (task, due_on) in enumerate(TASKS):
        assignments = training.study_assignments_give(
            acting_user=acting_user,
            study_list_id=study_list.pk,
            organizations=departments,
            task=task,
            due_on=due_on,
        )
        for index, assignment in enumerate(assignments):
            if number == 1 and index >= len(assignments) - 2:
                continue  # two departments have not yet sent in their case
            training.study_assignment_complete(
                acting_user=demo_legal_officer(assignment.organization.code),
                assignment_id=assignment.pk,
                completed_on=due_on - datetime.timedelta(days=3 + index % 20),
                note="已按要求完成并报送材料",
            )
    return len(departments)


def _events(county: Region, bureau_unit: Organization, acting_user: object) -> tuple[int, int]:
    attendees = 0
    for topic, held_on, count in CASE_TRAININGS:
        training.study_event_record(
            acting_user=acting_user,
            region=county,
            organizer=bureau_unit,
            kind=StudyEvent.Kind.CASE_TRAINING,
            held_on=held_on,
            topic=topic,
            attendee_count=count,
        )
        attendees += count
    organizers = {o.code: o for o in Organization.objects.filter(code__in=HEARING_ORGANIZERS)}
    for index, count in enumerate(HEARING_ATTENDEES):
        organizer = organizers.get(HEARING_ORGANIZERS[index % len(HEARING_ORGANIZERS)], bureau_unit)
        training.study_event_record(
            acting_user=acting_user,
            region=county,
            organizer=organizer,
            kind=StudyEvent.Kind.HEARING_OBSERVATION,
            held_on=D(2022, 1 + index * 11 // 13, 10 + index % 15),
            topic=f"旁听行政诉讼案件庭审（第{index + 1}次）",
            attendee_count=count,
        )
    return attendees, sum(HEARING_ATTENDEES)


def build_demo(log: Log) -> None:
    county = Region.objects.filter(code=COUNTY_CODE).first()
    if county is None:
        log("未找到荣成市行政区划，跳过执法人员培训与学法")
        return
    if TrainingCourse.objects.filter(region=county).exists():
        log("执法人员培训与学法记录已存在，跳过")
        return
    bureau = demo_bureau_user()
    bureau_unit = Organization.objects.get(code="justice")
    with transaction.atomic():
        credited = _courses(county, bureau_unit, bureau)
        in_person = _department_courses(county, bureau)
        departments = _study(county, bureau_unit, bureau)
        case_attendees, hearing_attendees = _events(county, bureau_unit, bureau)
    log(
        f"网上培训课程{len(COURSES)}门，认定参训{credited}人次；各执法部门业务培训认定{in_person}"
        f"人次；向{departments}个部门布置学法作业；"
        f"典型案例学习培训{len(CASE_TRAININGS)}期{case_attendees}人次，"
        f"旁听庭审{len(HEARING_ATTENDEES)}次{hearing_attendees}人次"
    )
