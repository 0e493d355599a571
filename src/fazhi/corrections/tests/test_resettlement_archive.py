import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from stdnum.cn import ric

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.core.services.parameters import rule_parameter_set
from fazhi.corrections.models import ReleasedPerson
from fazhi.corrections.resettlement_parameters import ARCHIVE_AFTER_YEARS
from fazhi.corrections.selectors.resettlement import (
    released_person_list,
    released_person_list_due_for_archiving,
)
from fazhi.corrections.services.resettlement import (
    HandoverRow,
    NoticeRow,
    ReleasedPersonRow,
    VerificationRow,
    released_person_end_support,
    released_person_record_lost_contact,
    released_person_record_reoffence,
    released_persons_record,
)
from fazhi.corrections.services.resettlement_archive import released_person_archive

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 15)
D = datetime.date


@pytest.fixture(autouse=True)
def mid_june_2024():
    with time_machine.travel(datetime.datetime.fromisoformat("2024-06-15T10:00:00+08:00")):
        yield


RELEASED = D(2014, 6, 20)


def _in_support(user, region, name, serial):
    """A person released in 2014, handed over and reported: supported until 2019-06-20."""
    released = RELEASED
    body = f"37108219800101{serial:03d}"
    row = ReleasedPersonRow(
        notice=NoticeRow(
            region=region,
            name=name,
            gender="male",
            id_number=body + ric.calc_check_digit(body + "0"),
            prison="山东省潍北监狱",
            offence="盗窃罪",
            sentence="2年",
            release_on=released,
            notice_received_on=released - datetime.timedelta(days=30),
            phone="13812345678",
        ),
        verification=VerificationRow(
            verified_on=released - datetime.timedelta(days=10), confirmed=True
        ),
        handover=HandoverRow(method="family_collected", handed_over_on=released),
        reported_on=released + datetime.timedelta(days=2),
    )
    return released_persons_record(acting_user=user, rows=[row])[0]


@pytest.fixture
def closed(world, bureau_staff):
    """Yatou: ended exactly three years ago, ended a day short of that, reoffended in 2020, lost
    contact, still supported; Ningjin: ended in 2020."""

    def ended(region, name, serial, on):
        person = _in_support(bureau_staff, region, name, serial)
        return released_person_end_support(acting_user=bureau_staff, person_id=person.pk, on=on)

    reoffended = _in_support(bureau_staff, world.yatou_village, "再犯某", 3)
    lost = _in_support(bureau_staff, world.yatou_village, "失联某", 4)
    return {
        "ended": ended(world.yatou_village, "期满某", 1, D(2021, 6, 15)),
        "recent": ended(world.yatou_village, "新近某", 2, D(2021, 6, 16)),
        "reoffended": released_person_record_reoffence(
            acting_user=bureau_staff, person_id=reoffended.pk, on=D(2020, 1, 10), note="盗窃被捕"
        ),
        "lost": released_person_record_lost_contact(
            acting_user=bureau_staff, person_id=lost.pk, on=D(2018, 3, 1), note="电话停机"
        ),
        "supported": _in_support(bureau_staff, world.yatou_village, "在帮某", 5),
        "ningjin": ended(world.ningjin_village, "宁津某", 6, D(2020, 7, 1)),
    }


def _names(persons):
    return [person.name for person in persons]


def test_closed_records_are_due_from_the_retention_cutoff_on(closed, bureau_staff):
    due = released_person_list_due_for_archiving(user=bureau_staff, on=TODAY)

    # Three years (the placeholder parameter) after the end of support or the reoffence; the
    # record a day short of it, a lost contact and a person still supported are not due.
    assert _names(due) == ["再犯某", "宁津某", "期满某"]
    assert [person.closed_on for person in due] == [D(2020, 1, 10), D(2020, 7, 1), D(2021, 6, 15)]


def test_a_new_retention_value_moves_the_cutoff(closed, bureau_staff):
    rule_parameter_set(
        acting_user=bureau_staff,
        key=ARCHIVE_AFTER_YEARS,
        value=2,
        valid_from=D(2024, 1, 1),
        reason="按本地档案管理规定",
    )

    due = released_person_list_due_for_archiving(user=bureau_staff, on=TODAY)

    assert "新近某" in _names(due)


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("town_staff", ["再犯某", "期满某"]),
        ("other_town_staff", ["宁津某"]),
        ("corrections_body", ["再犯某", "宁津某", "期满某"]),
        ("town_government_staff", []),
        ("department_officer", []),
    ],
)
def test_the_due_list_is_scoped(request, closed, persona_name, expected):
    user = request.getfixturevalue(persona_name)

    assert _names(released_person_list_due_for_archiving(user=user, on=TODAY)) == expected


def test_archiving_dates_the_record_audits_it_and_deletes_nothing(closed, town_staff):
    person = closed["ended"]

    archived = released_person_archive(
        acting_user=town_staff, person_id=person.pk, archived_on=TODAY
    )

    assert archived.archived_on == TODAY
    assert ReleasedPerson.objects.get(pk=person.pk).status == ReleasedPerson.Status.ENDED
    entry = AuditLog.objects.get(event=AuditLog.Event.UPDATE, message="安置帮教档案归档")
    assert (entry.user, entry.object_id) == (town_staff, str(person.pk))
    assert entry.changes == {"archived_on": [None, "2024-06-15"]}
    # out of the working register and the due list, still found with the filter
    assert person.pk not in released_person_list(user=town_staff).values_list("pk", flat=True)
    assert "期满某" not in _names(released_person_list_due_for_archiving(user=town_staff, on=TODAY))
    assert _names(released_person_list(user=town_staff, archived=True)) == ["期满某"]


@pytest.mark.parametrize(
    ("name", "archived_on", "message"),
    [
        ("recent", TODAY, "2021-06-16结束帮教，满3年（2024-06-16）后方可归档"),
        ("lost", TODAY, "当前状态为“失联”，帮教未结束，不能归档"),
        ("supported", TODAY, "当前状态为“帮教中”，帮教未结束，不能归档"),
        ("ended", TODAY + datetime.timedelta(days=1), "归档日期不能晚于今天"),
        ("ended", D(2024, 6, 14), "2021-06-15结束帮教，满3年（2024-06-15）后方可归档"),
    ],
)
def test_a_record_not_due_is_refused_with_the_reason(
    closed, town_staff, name, archived_on, message
):
    with pytest.raises(ValidationError) as refused:
        released_person_archive(
            acting_user=town_staff, person_id=closed[name].pk, archived_on=archived_on
        )

    assert refused.value.message_dict == {"archived_on": [message]}
    assert ReleasedPerson.objects.get(pk=closed[name].pk).archived_on is None


def test_a_record_is_archived_once(closed, town_staff):
    released_person_archive(acting_user=town_staff, person_id=closed["ended"].pk, archived_on=TODAY)

    with pytest.raises(ValidationError) as refused:
        released_person_archive(
            acting_user=town_staff, person_id=closed["ended"].pk, archived_on=TODAY
        )

    assert refused.value.message_dict == {"archived_on": ["该人员已于2024-06-15归档"]}


@pytest.mark.parametrize(
    "persona_name", ["other_town_staff", "town_government_staff", "department_officer", "lawyer"]
)
def test_others_cannot_archive_a_record_outside_their_register(request, closed, persona_name):
    with pytest.raises(Http404):
        released_person_archive(
            acting_user=request.getfixturevalue(persona_name),
            person_id=closed["ended"].pk,
            archived_on=TODAY,
        )

    assert ReleasedPerson.objects.get(pk=closed["ended"].pk).archived_on is None
    assert not AuditLog.objects.filter(message="安置帮教档案归档").exists()


# Pages -----------------------------------------------------------------------------------------


def test_the_archive_page_lists_the_offices_due_records_masked(closed, town_staff):
    page = login_client(town_staff).get(reverse("corrections:released-person-archive-list"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "期满某" in html
    assert "再犯某" in html
    assert "宁津某" not in html
    assert "新近某" not in html
    assert closed["ended"].masked_id_number in html
    assert closed["ended"].id_number not in html
    assert reverse("corrections:released-person-archive", args=[closed["ended"].pk]) in html


@pytest.mark.parametrize("persona_name", ["department_officer", "lawyer"])
def test_the_archive_page_is_closed_to_other_modules(request, closed, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(reverse("corrections:released-person-archive-list")).status_code == 403


def test_the_archive_export_is_watermarked_masked_and_audited(closed, bureau_staff):
    export = login_client(bureau_staff).get(
        reverse("corrections:released-person-archive-list"), {"export": "xlsx"}
    )

    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["再犯某", "宁津某", "期满某"]
    assert rows[2][1] == closed["ended"].masked_id_number
    assert closed["ended"].id_number not in str(list(sheet.values))
    assert "导出人：bureau-staff" in sheet.oddHeader.left.text
    entry = AuditLog.objects.get(event=AuditLog.Event.EXPORT, user=bureau_staff)
    assert entry.changes["rows"] == 3
    assert entry.changes["personal_data"] is True


def test_a_judicial_office_may_not_export_the_archive_list(closed, town_staff):
    export = login_client(town_staff).get(
        reverse("corrections:released-person-archive-list"), {"export": "xlsx"}
    )

    assert export.status_code == 403
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_the_archive_button_archives_and_the_register_filter_finds_the_record(closed, town_staff):
    client = login_client(town_staff)
    person = closed["ended"]
    url = reverse("corrections:released-person-archive", args=[person.pk])

    form = client.get(url)
    early = client.post(url, {"archived_on": "2024-06-14"})
    done = client.post(url, {"archived_on": "2024-06-15"})

    assert form.status_code == 200
    assert early.status_code == 400
    assert "满3年（2024-06-15）后方可归档" in early.content.decode()
    assert done.status_code == 302
    assert done["Location"] == reverse("corrections:released-person-archive-list")
    assert ReleasedPerson.objects.get(pk=person.pk).archived_on == TODAY
    register = reverse("corrections:released-person-list")
    card_url = reverse("corrections:released-person-detail", args=[person.pk])
    assert f'href="{card_url}"' not in client.get(register).content.decode()
    assert f'href="{card_url}"' in client.get(register, {"archived": "1"}).content.decode()
    assert "归档日期" in client.get(card_url).content.decode()


def test_another_office_gets_404_for_the_archive_button(closed, other_town_staff):
    url = reverse("corrections:released-person-archive", args=[closed["ended"].pk])

    response = login_client(other_town_staff).post(url, {"archived_on": "2024-06-15"})

    assert response.status_code == 404
    assert ReleasedPerson.objects.get(pk=closed["ended"].pk).archived_on is None


# The session and the user, the memberships, the retention parameter's dated values, the count
# and the page of rows (with their region and town); none per row. (The session was saved at
# login: core.sessions saves it at most once a minute.)
ARCHIVE_LIST_QUERIES = 6


def test_the_archive_page_query_count_does_not_grow_with_rows(
    world, closed, bureau_staff, django_assert_num_queries
):
    client = login_client(bureau_staff)
    url = reverse("corrections:released-person-archive-list")
    client.get(url)  # warm the per-process caches
    with django_assert_num_queries(ARCHIVE_LIST_QUERIES):
        client.get(url)

    for serial in range(20, 26):
        person = _in_support(bureau_staff, world.ningjin_village, "某某", serial)
        released_person_end_support(acting_user=bureau_staff, person_id=person.pk, on=D(2020, 1, 1))
    with django_assert_num_queries(ARCHIVE_LIST_QUERIES):
        response = client.get(url)
    assert response.context["total"] == 9
