import datetime

import pytest
from django.db import connection
from django.test import Client
from stdnum.cn import ric

from fazhi.conftest import PASSWORD
from fazhi.core.models import AuditLog
from fazhi.corrections.location import LocationReading
from fazhi.corrections.models import CheckResult, SupervisionAlert
from fazhi.corrections.services.resettlement import (
    NoticeRow,
    ReleasedPersonRow,
    released_person_notify,
    released_persons_record,
)
from fazhi.corrections.services.supervision import (
    location_checks_perform_due,
    location_checks_schedule,
)
from fazhi.corrections.tests.conftest import under_correction

pytestmark = pytest.mark.django_db

API = "/api/v1/corrections"
MONDAY = datetime.date(2022, 3, 7)
PLACE = "荣成市崖头街道某处"


class OutOfArea:
    """A location source that finds every subject out of the area."""

    name = "测试定位源"

    def locate(self, subject, at):
        return LocationReading(CheckResult.OUT_OF_AREA, PLACE)


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def _id_number(serial):
    body = f"37108219900101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def subjects(world, corrections_body):
    return {
        "yatou": under_correction(corrections_body, world.yatou_village, serial=1, name="王建国"),
        "minor": under_correction(
            corrections_body, world.yatou_village, serial=3, name="赵小龙", birth="20060501"
        ),
        "ningjin": under_correction(
            corrections_body, world.ningjin_village, serial=2, name="李卫东"
        ),
    }


@pytest.fixture
def alerts(world, corrections_body, subjects):
    """Monday's checks of both offices, every subject found out of the area: three open alerts."""
    for office in (world.office_yatou, world.office_ningjin):
        location_checks_schedule(acting_user=corrections_body, office=office, week_start=MONDAY)
        location_checks_perform_due(
            acting_user=corrections_body, office=office, on=MONDAY, source=OutOfArea()
        )
    return {
        name: SupervisionAlert.objects.get(subject=subject) for name, subject in subjects.items()
    }


@pytest.fixture
def register(world, bureau_staff):
    def notify(region, name, serial):
        return released_person_notify(
            acting_user=bureau_staff,
            row=NoticeRow(
                region=region,
                name=name,
                gender="male",
                id_number=_id_number(serial),
                prison="山东省潍北监狱",
                offence="盗窃罪",
                sentence="2年",
                release_on=datetime.date(2022, 6, 20),
                notice_received_on=datetime.date(2022, 5, 18),
                phone="13812345678",
                address="荣成市崖头街道幸福路8号",
            ),
        )

    return {
        "yatou": notify(world.yatou_village, "崖头某", 1),
        "ningjin": notify(world.ningjin_village, "宁津某", 2),
    }


# Who sees what: office A (崖头司法所), office B (宁津司法所), the county corrections body, a
# department user and a lawyer. The desk refuses the last two, as the pages do.
SCOPES = [
    ("town_staff", {"yatou", "minor"}),
    ("other_town_staff", {"ningjin"}),
    ("corrections_body", {"yatou", "minor", "ningjin"}),
    ("department_officer", None),
    ("lawyer", None),
]


def test_the_api_needs_a_token(world):
    response = Client().get(f"{API}/subjects/")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(("persona_name", "expected"), SCOPES)
def test_the_subject_list_is_scoped_as_the_pages(request, subjects, persona_name, expected):
    response = _api(request.getfixturevalue(persona_name)).get(f"{API}/subjects/")

    if expected is None:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        return
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert ids == {subjects[name].pk for name in expected}


def test_town_government_staff_are_refused_the_subjects(subjects, town_government_staff):
    assert _api(town_government_staff).get(f"{API}/subjects/").status_code == 403


def test_the_subject_list_masks_identifying_fields_and_hides_a_minor(subjects, town_staff):
    response = _api(town_staff).get(f"{API}/subjects/")

    body = response.content.decode()
    items = {item["id"]: item for item in response.json()["items"]}
    adult, minor = items[subjects["yatou"].pk], items[subjects["minor"].pk]
    assert adult["name"] == "王建国"
    assert adult["id_number_masked"] == subjects["yatou"].masked_id_number
    assert subjects["yatou"].id_number not in body
    # a minor's name and even the masked number stay hidden (社区矫正法 art. 54)
    assert (minor["name"], minor["is_minor"], minor["id_number_masked"]) == ("赵**", True, "******")
    assert "赵小龙" not in body
    assert subjects["minor"].masked_id_number not in body
    assert subjects["minor"].id_number not in body
    assert "phone" not in adult
    assert "13912345678" not in body


def test_the_subject_list_filters_by_category_level_status_and_office(
    world, subjects, corrections_body
):
    client = _api(corrections_body)

    def ids(**filters):
        return {item["id"] for item in client.get(f"{API}/subjects/", filters).json()["items"]}

    assert ids(office=world.office_ningjin.pk) == {subjects["ningjin"].pk}
    assert ids(level="strict") == {subject.pk for subject in subjects.values()}
    assert ids(level="lenient") == set()
    assert ids(status="supervised", category="probation") == {s.pk for s in subjects.values()}
    assert ids(category="parole") == set()


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("town_staff", 200),
        ("other_town_staff", 404),
        ("corrections_body", 200),
        ("department_officer", 403),
        ("lawyer", 403),
    ],
)
def test_the_subject_detail_is_scoped_masked_and_audited(request, subjects, persona_name, status):
    user = request.getfixturevalue(persona_name)
    subject = subjects["yatou"]

    response = _api(user).get(f"{API}/subjects/{subject.pk}")

    assert response.status_code == status
    viewed = AuditLog.objects.filter(
        event=AuditLog.Event.VIEW_SENSITIVE, user=user, object_id=str(subject.pk)
    )
    if status != 200:
        assert not viewed.exists()
        return
    body = response.content.decode()
    detail = response.json()
    assert detail["phone_masked"] == subject.masked_phone
    assert detail["address_masked"] == subject.masked_address
    assert detail["report_due_on"] == "2022-03-11"
    for plaintext in (subject.id_number, subject.phone, subject.address):
        assert plaintext not in body
    assert "photo" not in detail
    assert viewed.count() == 1


def test_a_minors_detail_keeps_the_identity_confidential(subjects, town_staff):
    response = _api(town_staff).get(f"{API}/subjects/{subjects['minor'].pk}")

    body = response.content.decode()
    assert response.json()["name"] == "赵**"
    assert response.json()["id_number_masked"] == "******"
    assert "赵小龙" not in body
    assert "birth_date" not in response.json()


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("town_staff", 200),
        ("other_town_staff", 404),
        ("corrections_body", 200),
        ("department_officer", 403),
        ("lawyer", 403),
    ],
)
def test_the_location_checks_of_a_subject_are_scoped(
    request, subjects, alerts, persona_name, status
):
    subject = subjects["yatou"]

    response = _api(request.getfixturevalue(persona_name)).get(
        f"{API}/subjects/{subject.pk}/checks"
    )

    assert response.status_code == status
    if status != 200:
        return
    page = response.json()
    assert page["count"] == 3
    assert [item["planned_on"] for item in page["items"]] == [
        "2022-03-11",
        "2022-03-09",
        "2022-03-07",
    ]
    monday = page["items"][-1]
    assert (monday["kind"], monday["result"], monday["office"]) == (
        "scheduled",
        "out_of_area",
        "崖头司法所",
    )
    # Location places are 行踪轨迹 (PIPL art. 28): the pages do not show them, nor does the API.
    assert PLACE not in response.content.decode()


ALERT_SCOPES = [
    ("town_staff", {"yatou", "minor"}),
    ("other_town_staff", {"ningjin"}),
    ("corrections_body", {"yatou", "minor", "ningjin"}),
    ("department_officer", None),
    ("lawyer", None),
]


@pytest.mark.parametrize(("persona_name", "expected"), ALERT_SCOPES)
def test_the_alert_list_is_scoped_as_the_pages(request, alerts, persona_name, expected):
    response = _api(request.getfixturevalue(persona_name)).get(f"{API}/alerts/")

    if expected is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["items"]} == {
        alerts[name].pk for name in expected
    }


def test_the_alert_list_masks_a_minor_and_filters_by_status(alerts, town_staff, corrections_body):
    client = _api(town_staff)
    listed = client.get(f"{API}/alerts/")
    names = {item["subject_name"] for item in listed.json()["items"]}
    _api(corrections_body).post(
        f"{API}/alerts/{alerts['yatou'].pk}/close",
        {"outcome": "approved_leave", "note": "经批准赴威海就医"},
        content_type="application/json",
    )

    still_open = client.get(f"{API}/alerts/", {"status": "open"}).json()["items"]

    assert names == {"王建国", "赵**"}
    assert "赵小龙" not in listed.content.decode()
    assert [item["id"] for item in still_open] == [alerts["minor"].pk]


@pytest.mark.parametrize(
    ("persona_name", "alert_name"),
    [("town_staff", "yatou"), ("corrections_body", "ningjin")],
)
def test_closing_an_alert_with_an_outcome_is_audited(request, alerts, persona_name, alert_name):
    user = request.getfixturevalue(persona_name)
    alert = alerts[alert_name]

    response = _api(user).post(
        f"{API}/alerts/{alert.pk}/close",
        {"outcome": "violation_handled", "note": "违规外出，已予训诫"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    closed = response.json()
    assert (closed["status"], closed["outcome"], closed["outcome_label"]) == (
        "closed",
        "violation_handled",
        "违规外出，已依法处理",
    )
    assert SupervisionAlert.objects.get(pk=alert.pk).closed_by == user
    entry = AuditLog.objects.get(
        event=AuditLog.Event.UPDATE, user=user, object_id=str(alert.pk), message__startswith="预警"
    )
    assert entry.changes["outcome"] == ["", "violation_handled"]


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [("other_town_staff", 404), ("department_officer", 403), ("lawyer", 403)],
)
def test_others_cannot_close_an_alert_and_it_stays_open(request, alerts, persona_name, status):
    alert = alerts["yatou"]

    response = _api(request.getfixturevalue(persona_name)).post(
        f"{API}/alerts/{alert.pk}/close",
        {"outcome": "confirmed_in_area", "note": "已核实"},
        content_type="application/json",
    )

    assert response.status_code == status
    assert SupervisionAlert.objects.get(pk=alert.pk).status == SupervisionAlert.Status.OPEN
    assert not AuditLog.objects.filter(message__startswith="预警处置").exists()


def test_closing_an_alert_needs_an_outcome_and_an_account_and_happens_once(alerts, town_staff):
    client = _api(town_staff)
    url = f"{API}/alerts/{alerts['yatou'].pk}/close"

    no_outcome = client.post(url, {"note": "已核实"}, content_type="application/json")
    no_note = client.post(
        url, {"outcome": "confirmed_in_area", "note": " "}, content_type="application/json"
    )
    first = client.post(
        url, {"outcome": "confirmed_in_area", "note": "已电话核实"}, content_type="application/json"
    )
    again = client.post(
        url, {"outcome": "found", "note": "再次处置"}, content_type="application/json"
    )

    assert no_outcome.status_code == 422
    assert no_outcome.json()["errors"][0]["field"] == "outcome"
    assert no_note.status_code == 422
    assert no_note.json()["errors"] == [{"field": "outcome_note", "message": "请写明处置经过"}]
    assert first.status_code == 200
    assert again.status_code == 422
    assert again.json()["errors"] == [{"field": "outcome", "message": "该预警已处置"}]
    assert SupervisionAlert.objects.get(pk=alerts["yatou"].pk).outcome == "confirmed_in_area"


RESETTLEMENT_SCOPES = [
    ("town_staff", {"yatou"}),
    ("other_town_staff", {"ningjin"}),
    ("corrections_body", {"yatou", "ningjin"}),
    ("town_government_staff", set()),
    ("department_officer", None),
    ("lawyer", None),
]


@pytest.mark.parametrize(("persona_name", "expected"), RESETTLEMENT_SCOPES)
def test_the_released_person_list_is_scoped_as_the_register(
    request, register, persona_name, expected
):
    response = _api(request.getfixturevalue(persona_name)).get(f"{API}/released/")

    if expected is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["items"]} == {
        register[name].pk for name in expected
    }


def test_the_released_person_list_is_masked(register, town_staff):
    person = register["yatou"]

    response = _api(town_staff).get(f"{API}/released/")

    body = response.content.decode()
    item = response.json()["items"][0]
    assert (item["name"], item["town"], item["status"]) == ("崖头某", "崖头街道", "notified")
    assert item["id_number_masked"] == person.masked_id_number
    assert item["phone_masked"] == person.masked_phone
    for plaintext in (person.id_number, person.phone, person.address):
        assert plaintext not in body


def _subjects_in(body, region, first, count):
    for serial in range(first, first + count):
        under_correction(body, region, serial=serial)


def _released_in(user, region, first, count):
    rows = [
        ReleasedPersonRow(
            notice=NoticeRow(
                region=region,
                name="某某",
                gender="male",
                id_number=_id_number(serial),
                prison="山东省潍北监狱",
                offence="盗窃罪",
                sentence="1年",
                release_on=datetime.date(2022, 7, 1),
                notice_received_on=datetime.date(2022, 6, 1),
            )
        )
        for serial in range(first, first + count)
    ]
    released_persons_record(acting_user=user, rows=rows)


# The token with its user, the user's memberships, the count and the page of rows (their office
# or region in the same query); none per row. The checks also read the subject through its gate
# and write the audit row in a savepoint (savepoint, the chain's last hash, insert, release).
LIST_QUERIES = {"subjects": 4, "alerts": 4, "released": 4, "checks": 9}


def test_the_subject_list_query_count_does_not_grow_with_rows(
    world, corrections_body, django_assert_num_queries
):
    client = _api(corrections_body)
    _subjects_in(corrections_body, world.yatou_village, 1, 2)
    client.get(f"{API}/subjects/")  # warm the per-process caches
    with django_assert_num_queries(LIST_QUERIES["subjects"]):
        client.get(f"{API}/subjects/")

    _subjects_in(corrections_body, world.ningjin_village, 10, 6)
    with django_assert_num_queries(LIST_QUERIES["subjects"]):
        response = client.get(f"{API}/subjects/")
    assert response.json()["count"] == 8


def test_the_alert_list_query_count_does_not_grow_with_rows(
    world, corrections_body, alerts, django_assert_num_queries
):
    client = _api(corrections_body)
    client.get(f"{API}/alerts/")
    with django_assert_num_queries(LIST_QUERIES["alerts"]):
        client.get(f"{API}/alerts/")

    _subjects_in(corrections_body, world.ningjin_village, 10, 3)
    location_checks_schedule(
        acting_user=corrections_body, office=world.office_ningjin, week_start=MONDAY
    )
    location_checks_perform_due(
        acting_user=corrections_body, office=world.office_ningjin, on=MONDAY, source=OutOfArea()
    )
    with django_assert_num_queries(LIST_QUERIES["alerts"]):
        response = client.get(f"{API}/alerts/")
    assert response.json()["count"] == 6


def test_the_check_list_query_count_does_not_grow_with_rows(
    world, corrections_body, subjects, alerts, django_assert_num_queries
):
    client = _api(corrections_body)
    url = f"{API}/subjects/{subjects['yatou'].pk}/checks"
    client.get(url)
    # the VIEW_SENSITIVE audit row: on PostgreSQL the audit chain takes an advisory lock first
    audit_lock = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(LIST_QUERIES["checks"] + audit_lock):
        client.get(url)

    location_checks_schedule(
        acting_user=corrections_body,
        office=world.office_yatou,
        week_start=MONDAY + datetime.timedelta(days=7),
    )
    with django_assert_num_queries(LIST_QUERIES["checks"] + audit_lock):
        response = client.get(url)
    assert response.json()["count"] == 6


def test_the_released_person_list_query_count_does_not_grow_with_rows(
    world, bureau_staff, django_assert_num_queries
):
    client = _api(bureau_staff)
    _released_in(bureau_staff, world.yatou_village, 1, 2)
    client.get(f"{API}/released/")
    with django_assert_num_queries(LIST_QUERIES["released"]):
        client.get(f"{API}/released/")

    _released_in(bureau_staff, world.ningjin_village, 10, 12)
    with django_assert_num_queries(LIST_QUERIES["released"]):
        response = client.get(f"{API}/released/")
    assert response.json()["count"] == 14
