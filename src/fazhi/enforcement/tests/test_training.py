"""Training and study (培训与学法): hours, the attendance import, study assignments, events,
scoping, figures and pages."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from fazhi.conftest import login_client
from fazhi.core.exceptions import PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.enforcement import selectors
from fazhi.enforcement.models import (
    Officer,
    StudyAssignment,
    StudyEvent,
    TrainingAttendance,
    TrainingCourse,
)
from fazhi.enforcement.services import training
from fazhi.enforcement.tests.factories import id_number, officer
from fazhi.enforcement.tests.qualification import exam_passed, hours_credited

pytestmark = pytest.mark.django_db
D = datetime.date


SPRING = D(2022, 4, 15)


def _course(bureau: Any, world: Any, *, hours: int = 12, held_on: D = SPRING) -> Any:
    return training.training_course_create(
        acting_user=bureau,
        region=world.county,
        organizer=world.bureau,
        title=f"公共法律知识培训{held_on:%m%d}",
        kind=TrainingCourse.Kind.PUBLIC_LAW,
        hours=Decimal(hours),
        held_on=held_on,
        online=True,
    )


def _study_list(bureau: Any, world: Any) -> Any:
    return training.study_list_issue(
        acting_user=bureau,
        region=world.county,
        issuer=world.bureau,
        year=2022,
        title="2022年度学法责任清单",
        issued_on=D(2022, 3, 1),
    )


def _assignments(bureau: Any, world: Any) -> list[StudyAssignment]:
    return training.study_assignments_give(
        acting_user=bureau,
        study_list_id=_study_list(bureau, world).pk,
        organizations=[world.market, world.ecology],
        task="学习行政处罚法",
        due_on=D(2022, 6, 30),
    )


# Hours ------------------------------------------------------------------------------------


def test_hours_are_totalled_per_officer_and_year(world, department_officer, bureau_staff):
    alice = officer(department_officer, world.market, name="甲")
    bob = officer(department_officer, world.market, name="乙")
    spring = _course(bureau_staff, world, hours=12, held_on=D(2022, 4, 15))
    autumn = _course(bureau_staff, world, hours=8, held_on=D(2022, 9, 1))
    next_year = _course(bureau_staff, world, hours=6, held_on=D(2023, 3, 1))
    training.attendances_record(
        acting_user=bureau_staff, course_id=spring.pk, officer_ids=[alice.pk, bob.pk]
    )
    training.attendances_record(
        acting_user=bureau_staff, course_id=autumn.pk, officer_ids=[alice.pk], hours=Decimal(5)
    )
    training.attendances_record(
        acting_user=bureau_staff, course_id=next_year.pk, officer_ids=[bob.pk]
    )

    assert selectors.officer_training_hours(
        officer=alice, since=D(2022, 1, 1), until=D(2022, 12, 31)
    ) == Decimal(17)
    assert selectors.officer_training_hours(
        officer=bob, since=D(2022, 1, 1), until=D(2022, 12, 31)
    ) == Decimal(12)
    assert selectors.officer_training_hours(
        officer=bob, since=D(2023, 1, 1), until=D(2023, 12, 31)
    ) == Decimal(6)
    listed = {
        o.name: o.training_hours
        for o in selectors.officers_training_hours(user=bureau_staff, year=2022)
    }
    assert listed == {"甲": Decimal(17), "乙": Decimal(12)}
    assert selectors.training_hours_required(on=D(2022, 12, 31)) == 60


def test_hours_above_the_course_or_twice_for_one_officer_are_refused(
    world, department_officer, bureau_staff
):
    alice = officer(department_officer, world.market, name="甲")
    course = _course(bureau_staff, world, hours=3)
    with pytest.raises(ValidationError) as error:
        training.attendances_record(
            acting_user=bureau_staff, course_id=course.pk, officer_ids=[alice.pk], hours=Decimal(4)
        )
    assert "hours" in error.value.message_dict
    training.attendances_record(
        acting_user=bureau_staff, course_id=course.pk, officer_ids=[alice.pk]
    )
    with pytest.raises(ValidationError):
        training.attendances_record(
            acting_user=bureau_staff, course_id=course.pk, officer_ids=[alice.pk]
        )
    assert TrainingAttendance.objects.count() == 1


def test_a_department_may_not_keep_the_ledger(world, department_officer, bureau_staff):
    course = _course(bureau_staff, world)
    alice = officer(department_officer, world.market)
    with pytest.raises(PermissionDenied):
        training.attendances_record(
            acting_user=department_officer, course_id=course.pk, officer_ids=[alice.pk]
        )
    with pytest.raises(PermissionDenied):
        _course(department_officer, world)
    assert not TrainingAttendance.objects.exists()


def test_officers_of_another_county_cannot_be_credited(
    world, department_officer, bureau_staff, other_county_bureau
):
    course = _course(bureau_staff, world)
    stranger = Officer.objects.create(
        name="乳山执法",
        id_number=id_number(),
        organization=world.other_bureau,
        staffing_type="administrative",
    )
    with pytest.raises(ValidationError):
        training.attendances_record(
            acting_user=bureau_staff, course_id=course.pk, officer_ids=[stranger.pk]
        )
    assert not TrainingAttendance.objects.exists()


# The attendance import -------------------------------------------------------------------

HEADERS = ["姓名", "身份证号", "认定学时"]


def _upload(rows: list[list[Any]]) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "attendance.xlsx",
        xlsx_bytes(headers=HEADERS, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_an_attendance_import_with_bad_rows_names_them_and_saves_nothing(
    world, department_officer, bureau_staff
):
    number = id_number()
    officer(department_officer, world.market, name="甲", id_number=number)
    course = _course(bureau_staff, world, hours=3)
    rows = [
        ["甲", number, "3"],  # line 2: fine
        ["乙", id_number(), ""],  # line 3: not on the register
        ["丙", number, "2"],  # line 4: wrong name
        ["甲", number, "5"],  # line 5: more than the course
        ["甲", number, "abc"],  # line 6: not a number
        ["甲", number, ""],  # line 7: the same officer again
    ]
    response = login_client(bureau_staff).post(
        f"/enforcement/training/courses/{course.pk}/import/", {"file": _upload(rows)}
    )
    html = response.content.decode()
    assert response.status_code == 400
    for line in (3, 4, 5, 6, 7):
        assert f"第{line}行" in html
    assert "第2行：" not in html
    assert "与第2行是同一名执法人员" in html
    assert not TrainingAttendance.objects.exists()


def test_a_clean_attendance_import_credits_every_row(world, department_officer, bureau_staff):
    first, second = id_number(), id_number()
    officer(department_officer, world.market, name="甲", id_number=first)
    officer(department_officer, world.market, name="乙", id_number=second)
    course = _course(bureau_staff, world, hours=3)
    response = login_client(bureau_staff).post(
        f"/enforcement/training/courses/{course.pk}/import/",
        {"file": _upload([["甲", first, ""], ["乙", second.lower(), "2.5"]])},
    )
    assert response.status_code == 302
    credited = dict(TrainingAttendance.objects.values_list("officer__name", "hours"))
    assert credited == {"甲": Decimal(3), "乙": Decimal("2.5")}


def test_a_department_cannot_import_attendance(world, department_officer, bureau_staff):
    number = id_number()
    officer(department_officer, world.market, name="甲", id_number=number)
    course = _course(bureau_staff, world)
    response = login_client(department_officer).post(
        f"/enforcement/training/courses/{course.pk}/import/",
        {"file": _upload([["甲", number, ""]])},
    )
    assert response.status_code == 403
    assert not TrainingAttendance.objects.exists()


# Study assignments -----------------------------------------------------------------------


def test_a_department_completes_its_own_assignment(world, department_officer, bureau_staff):
    market, _ecology = sorted(
        _assignments(bureau_staff, world), key=lambda a: a.organization_id != world.market.pk
    )
    done = training.study_assignment_complete(
        acting_user=department_officer,
        assignment_id=market.pk,
        completed_on=D(2022, 6, 1),
        note="已完成",
    )
    assert done.completed_on == D(2022, 6, 1)
    with pytest.raises(ValidationError):
        training.study_assignment_complete(
            acting_user=department_officer, assignment_id=market.pk, completed_on=D(2022, 6, 2)
        )


def test_another_department_or_the_bureau_cannot_complete_it(
    world, department_officer, other_department_officer, bureau_staff
):
    market = next(a for a in _assignments(bureau_staff, world) if a.organization == world.market)
    with pytest.raises(Http404):
        training.study_assignment_complete(
            acting_user=other_department_officer,
            assignment_id=market.pk,
            completed_on=D(2022, 6, 1),
        )
    with pytest.raises(PermissionDenied):
        training.study_assignment_complete(
            acting_user=bureau_staff, assignment_id=market.pk, completed_on=D(2022, 6, 1)
        )
    response = login_client(other_department_officer).post(
        f"/enforcement/study-assignments/{market.pk}/complete/",
        {f"a{market.pk}-completed_on": "2022-06-01"},
    )
    assert response.status_code == 404
    market.refresh_from_db()
    assert market.completed_on is None


def test_the_department_marks_it_done_on_the_page(world, department_officer, bureau_staff):
    market = next(a for a in _assignments(bureau_staff, world) if a.organization == world.market)
    client = login_client(department_officer)
    page = client.get(f"/enforcement/study-lists/{market.study_list_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="study-assignment"') == 1  # its own assignment only
    assert f"/enforcement/study-assignments/{market.pk}/complete/" in html
    response = client.post(
        f"/enforcement/study-assignments/{market.pk}/complete/",
        {f"a{market.pk}-completed_on": "2022-06-01", f"a{market.pk}-note": "全员学习"},
    )
    assert response.status_code == 302
    market.refresh_from_db()
    assert (market.completed_on, market.note) == (D(2022, 6, 1), "全员学习")


def test_the_bureau_gives_assignments_on_the_page(world, bureau_staff):
    study_list = _study_list(bureau_staff, world)
    response = login_client(bureau_staff).post(
        f"/enforcement/study-lists/{study_list.pk}/assign/",
        {
            "task": "学习民法典",
            "due_on": "2022-09-30",
            "organizations": [world.market.pk, world.ecology.pk],
        },
    )
    assert response.status_code == 302
    assert set(study_list.assignments.values_list("organization", flat=True)) == {
        world.market.pk,
        world.ecology.pk,
    }


# Scoping ---------------------------------------------------------------------------------


def test_another_countys_bureau_sees_nothing(
    world, department_officer, bureau_staff, other_county_bureau
):
    alice = officer(department_officer, world.market)
    course = _course(bureau_staff, world)
    training.attendances_record(
        acting_user=bureau_staff, course_id=course.pk, officer_ids=[alice.pk]
    )
    study_list = _assignments(bureau_staff, world)[0].study_list
    training.study_event_record(
        acting_user=bureau_staff,
        region=world.county,
        organizer=world.bureau,
        kind=StudyEvent.Kind.CASE_TRAINING,
        held_on=D(2022, 5, 1),
        topic="荣成典型案例",
        attendee_count=50,
    )
    user = other_county_bureau
    assert not selectors.training_course_list(user=user).exists()
    assert not selectors.officers_training_hours(user=user, year=2022).exists()
    assert not selectors.study_list_list(user=user).exists()
    assert not selectors.study_event_list(user=user).exists()
    client = login_client(user)
    assert client.get(f"/enforcement/training/courses/{course.pk}/").status_code == 404
    assert client.get(f"/enforcement/study-lists/{study_list.pk}/").status_code == 404
    assert "荣成典型案例" not in client.get("/enforcement/study-events/").content.decode()
    with pytest.raises(PermissionDenied):
        training.study_event_record(
            acting_user=user,
            region=world.county,
            organizer=world.bureau,
            kind=StudyEvent.Kind.HEARING_OBSERVATION,
            held_on=D(2022, 5, 1),
            topic="越权登记",
            attendee_count=5,
        )


def test_a_department_sees_only_its_own_officers_attendance(
    world, department_officer, other_department_officer, bureau_staff
):
    ours = officer(department_officer, world.market, name="市场甲")
    theirs = officer(other_department_officer, world.ecology, name="环境乙")
    course = _course(bureau_staff, world)
    training.attendances_record(
        acting_user=bureau_staff, course_id=course.pk, officer_ids=[ours.pk, theirs.pk]
    )
    html = (
        login_client(department_officer)
        .get(f"/enforcement/training/courses/{course.pk}/")
        .content.decode()
    )
    assert "市场甲" in html
    assert "环境乙" not in html


# Figures ---------------------------------------------------------------------------------


def test_the_figures_count_the_years_records(world, department_officer, bureau_staff):
    alice = officer(department_officer, world.market, name="甲")
    bob = officer(department_officer, world.market, name="乙")
    course = _course(bureau_staff, world, hours=12)
    training.attendances_record(
        acting_user=bureau_staff, course_id=course.pk, officer_ids=[alice.pk]
    )
    training.attendances_record(
        acting_user=bureau_staff, course_id=course.pk, officer_ids=[bob.pk], hours=Decimal(7)
    )
    earlier = _course(bureau_staff, world, hours=5, held_on=D(2021, 5, 1))
    training.attendances_record(
        acting_user=bureau_staff, course_id=earlier.pk, officer_ids=[alice.pk]
    )
    # In person, not online: it counts for the average but not for the online training figure.
    hours_credited(
        bureau_staff, world.county, world.market, [alice], hours=10, held_on=D(2022, 7, 1)
    )
    # Only alice sat the year's online exam; bob's hours are not those of an examined officer.
    exam_passed(bureau_staff, [alice], on=D(2022, 9, 5))
    _assignments(bureau_staff, world)
    for topic, kind, count in (
        ("案例一", StudyEvent.Kind.CASE_TRAINING, 200),
        ("案例二", StudyEvent.Kind.CASE_TRAINING, 150),
        ("庭审一", StudyEvent.Kind.HEARING_OBSERVATION, 20),
    ):
        training.study_event_record(
            acting_user=bureau_staff,
            region=world.county,
            organizer=world.market,
            kind=kind,
            held_on=D(2022, 6, 1),
            topic=topic,
            attendee_count=count,
        )

    def value(key: str) -> Any:
        return figure_evaluate(f"enforcement.{key}", world.county, 2022).value

    assert value("training_hours") == Decimal(12)
    assert value("training_hours_per_officer") == Decimal("14.5")
    assert value("study_departments") == 2
    assert value("case_trainings") == 2
    assert value("case_training_attendees") == 350
    assert value("hearing_observations") == 1
    assert value("hearing_attendees") == 20
    assert figure_evaluate("enforcement.training_hours", world.other_county, 2022).value == 0
    assert (
        figure_evaluate("enforcement.training_hours_per_officer", world.county, 2020).value is None
    )


# Pages -----------------------------------------------------------------------------------

PAGES = [
    "/enforcement/training/courses/",
    "/enforcement/training/hours/?year=2022",
    "/enforcement/study-lists/",
    "/enforcement/study-events/",
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("bureau_staff", 200),
        ("department_officer", 200),
        ("other_county_bureau", 200),
        ("bureau_reviewer", 403),
        ("town_staff", 403),
        ("officer", 403),
        ("sysadmin", 403),
    ],
)
def test_the_training_pages_open_for_the_desk_only(request, world, persona, status):
    client = login_client(request.getfixturevalue(persona))
    for page in PAGES:
        assert client.get(page).status_code == status, page


def test_the_bureau_sees_the_pages_with_records(world, department_officer, bureau_staff):
    alice = officer(department_officer, world.market, name="甲")
    course = _course(bureau_staff, world)
    training.attendances_record(
        acting_user=bureau_staff, course_id=course.pk, officer_ids=[alice.pk]
    )
    study_list = _assignments(bureau_staff, world)[0].study_list
    client = login_client(bureau_staff)
    listing = client.get("/enforcement/training/courses/").content.decode()
    assert course.title in listing
    assert "登记培训课程" in listing
    detail = client.get(f"/enforcement/training/courses/{course.pk}/").content.decode()
    assert 'class="training-attendance"' in detail
    assert "从Excel导入参训人员" in detail
    hours = client.get("/enforcement/training/hours/?year=2022").content.decode()
    assert "甲" in hours
    assert "60学时" in hours
    study = client.get(f"/enforcement/study-lists/{study_list.pk}/").content.decode()
    assert study.count('class="study-assignment"') == 2
    assert "布置学法作业" in study
    assert client.get(f"/enforcement/training/courses/{course.pk}/import/").status_code == 200
    assert client.get("/enforcement/training/attendance-import-template.xlsx").status_code == 200


def test_the_bureau_creates_courses_lists_and_events_on_forms(
    world, bureau_staff, department_officer
):
    client = login_client(bureau_staff)
    response = client.post(
        "/enforcement/training/courses/new/",
        {
            "title": "行政许可法专题",
            "kind": TrainingCourse.Kind.PROFESSIONAL_LAW,
            "hours": "4",
            "held_on": "2022-05-10",
            "organizer": world.market.pk,
        },
    )
    assert response.status_code == 302
    assert TrainingCourse.objects.get().organizer == world.market
    response = client.post(
        "/enforcement/study-lists/new/",
        {"year": "2022", "title": "学法清单", "issued_on": "2022-02-20", "content": ""},
    )
    assert response.status_code == 302
    response = client.post(
        "/enforcement/study-events/new/",
        {
            "kind": StudyEvent.Kind.HEARING_OBSERVATION,
            "topic": "旁听行政诉讼",
            "held_on": "2022-07-01",
            "organizer": world.market.pk,
            "attendee_count": "25",
        },
    )
    assert response.status_code == 302
    assert StudyEvent.objects.get().attendee_count == 25
    refused = login_client(department_officer).post(
        "/enforcement/study-events/new/",
        {
            "kind": StudyEvent.Kind.CASE_TRAINING,
            "topic": "部门自行登记",
            "held_on": "2022-07-01",
            "organizer": world.market.pk,
            "attendee_count": "25",
        },
    )
    assert refused.status_code == 403
    assert StudyEvent.objects.count() == 1
