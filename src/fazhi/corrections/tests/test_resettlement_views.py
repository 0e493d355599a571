import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.corrections.models import ReleasedPerson, RemoteHearing, RemoteVisit
from fazhi.corrections.services import remote
from fazhi.corrections.services.resettlement import (
    NoticeRow,
    VerificationRow,
    released_person_notify,
    released_person_verify_residence,
)

pytestmark = pytest.mark.django_db

Person = ReleasedPerson
ID_YATOU = "11010519491231002X"
ID_NINGJIN = "371082198001011234"


@pytest.fixture(autouse=True)
def mid_june():
    with time_machine.travel(datetime.datetime.fromisoformat("2022-06-15T10:00:00+08:00")):
        yield


def _notify(user, region, name, id_number, **overrides) -> Person:
    values = {
        "region": region,
        "name": name,
        "gender": "male",
        "id_number": id_number,
        "prison": "山东省潍北监狱",
        "offence": "盗窃罪",
        "sentence": "2年",
        "release_on": datetime.date(2022, 6, 20),
        "notice_received_on": datetime.date(2022, 5, 18),
        "phone": "13812345678",
    }
    values.update(overrides)
    return released_person_notify(acting_user=user, row=NoticeRow(**values))


@pytest.fixture
def register(world, bureau_staff):
    return {
        "yatou": _notify(
            bureau_staff,
            world.yatou_village,
            "崖头某",
            ID_YATOU,
            is_key=True,
            key_reason="暴力犯罪",
        ),
        "ningjin": _notify(bureau_staff, world.ningjin_village, "宁津某", ID_NINGJIN),
    }


def test_a_town_sees_only_its_own_residents_masked(register, town_staff):
    page = login_client(town_staff).get(reverse("corrections:released-person-list"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "崖头某" in html
    assert "宁津某" not in html
    assert ID_YATOU not in html
    assert "110105********002X" in html


def test_the_bureau_sees_every_town(register, bureau_staff):
    html = (
        login_client(bureau_staff).get(reverse("corrections:released-person-list")).content.decode()
    )

    assert "崖头某" in html
    assert "宁津某" in html


@pytest.mark.parametrize(
    "persona_name", ["department_officer", "bureau_reviewer", "officer", "sysadmin"]
)
def test_other_modules_users_are_refused_the_register(request, register, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(reverse("corrections:released-person-list")).status_code == 403
    detail = reverse("corrections:released-person-detail", args=[register["yatou"].pk])
    assert client.get(detail).status_code in (403, 404)


def test_another_towns_person_answers_404(register, other_town_staff):
    client = login_client(other_town_staff)

    detail = reverse("corrections:released-person-detail", args=[register["yatou"].pk])
    assert client.get(detail).status_code == 404


def test_the_search_by_full_id_number_uses_the_keyed_hash(register, bureau_staff):
    client = login_client(bureau_staff)

    html = client.get(
        reverse("corrections:released-person-list"), {"q": ID_NINGJIN}
    ).content.decode()

    assert "宁津某" in html
    assert "崖头某" not in html


def test_the_export_is_masked_and_audited(register, bureau_staff):
    response = login_client(bureau_staff).get(
        reverse("corrections:released-person-list"), {"export": "xlsx"}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[:2] for row in rows if row[0] in ("崖头某", "宁津某")) == [
        ("宁津某", "371082********1234"),
        ("崖头某", "110105********002X"),
    ]
    assert AuditLog.objects.filter(
        event=AuditLog.Event.EXPORT, user=bureau_staff, message__contains="“刑满释放人员”2行"
    ).exists()


def test_the_card_shows_the_person_masked_with_pathways_and_the_next_steps(register, town_staff):
    page = login_client(town_staff).get(
        reverse("corrections:released-person-detail", args=[register["yatou"].pk])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert ID_YATOU not in html
    assert "13812345678" not in html
    assert "138****5678" in html
    for pathway in ("住房安置", "就业帮扶", "社会救助（低保等）", "技能培训", "医疗健康"):
        assert pathway in html
    assert 'id="step-hand-over"' in html
    assert 'id="step-verify"' in html


def test_a_family_handover_of_a_key_person_is_refused_on_the_card(register, town_staff):
    person = register["yatou"]
    released_person_verify_residence(
        acting_user=town_staff,
        person_id=person.pk,
        row=VerificationRow(verified_on=datetime.date(2022, 5, 20), confirmed=True),
    )
    url = reverse("corrections:released-person-step", args=[person.pk, "hand-over"])

    with time_machine.travel(datetime.datetime.fromisoformat("2022-06-20T15:00:00+08:00")):
        # signed in on release day: a session does not outlive its idle limit
        client = login_client(town_staff)
        refused = client.post(
            url,
            {
                "hand-over-handover_method": "family_collected",
                "hand-over-handed_over_on": "2022-06-20",
            },
        )
        assert refused.status_code == 400
        assert "必接必送" in refused.content.decode()
        assert Person.objects.get(pk=person.pk).status == Person.Status.NOTIFIED

        done = client.post(
            url,
            {
                "hand-over-handover_method": "office_collected",
                "hand-over-handed_over_on": "2022-06-20",
                "hand-over-handover_staff": "张三、李四",
            },
        )
    assert done.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert (person.status, person.handover_staff) == (Person.Status.HANDED_OVER, "张三、李四")


def test_a_pathway_is_updated_from_its_row(register, town_staff):
    person = register["yatou"]
    housing = person.pathways.get(pathway="housing")

    response = login_client(town_staff).post(
        reverse("corrections:released-person-step", args=[person.pk, "pathway"]),
        {
            "pathway-pathway": housing.pk,
            "pathway-status": "in_progress",
            "pathway-changed_on": "2022-06-15",
            "pathway-note": "申请公租房",
        },
    )

    assert response.status_code == 302
    housing.refresh_from_db()
    assert (housing.status, housing.note) == ("in_progress", "申请公租房")


def test_a_pathway_of_another_person_cannot_be_changed_through_this_card(register, bureau_staff):
    other = register["ningjin"].pathways.get(pathway="housing")

    response = login_client(bureau_staff).post(
        reverse("corrections:released-person-step", args=[register["yatou"].pk, "pathway"]),
        {"pathway-pathway": other.pk, "pathway-status": "done", "pathway-changed_on": "2022-06-15"},
    )

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == "not_started"


def test_the_todo_center_shows_notices_awaiting_handover_with_their_dates(register, town_staff):
    page = login_client(town_staff).get("/")

    html = page.content.decode()
    assert (
        "刑满释放人员待衔接：崖头某（2022-06-20释放，山东省潍北监狱，重点帮教对象必接必送）" in html
    )
    assert "宁津某" not in html


def test_entering_a_notice_on_the_page(world, town_staff):
    client = login_client(town_staff)
    data = {
        "region": world.yatou_village.pk,
        "name": "新某",
        "gender": "male",
        "id_number": ID_YATOU,
        "prison": "山东省潍北监狱",
        "offence": "盗窃罪",
        "sentence": "1年",
        "release_on": "2022-07-10",
        "notice_received_on": "2022-06-10",
    }

    refused = client.post(
        reverse("corrections:released-person-create"), {**data, "id_number": "123"}
    )
    assert refused.status_code == 400
    assert not Person.objects.exists()

    done = client.post(reverse("corrections:released-person-create"), data)
    person = Person.objects.get()
    assert done.status_code == 302
    assert done.url == reverse("corrections:released-person-detail", args=[person.pk])


def test_the_import_page_refuses_a_file_with_a_bad_row_and_names_it(world, town_staff):
    from fazhi.corrections.resettlement_resources import NOTICE_IMPORT

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([column.header for column in NOTICE_IMPORT.columns])
    sheet.append(
        [
            "371082007201",
            "甲",
            "男",
            ID_YATOU,
            "",
            "",
            "潍北监狱",
            "盗窃罪",
            "1年",
            "2022-07-01",
            "2022-06-01",
            "否",
            "",
        ]
    )
    sheet.append(
        [
            "371082007201",
            "乙",
            "男",
            "123",
            "",
            "",
            "潍北监狱",
            "盗窃罪",
            "1年",
            "2022-07-01",
            "2022-06-01",
            "否",
            "",
        ]
    )
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)
    content.name = "notices.xlsx"

    response = login_client(town_staff).post(
        reverse("corrections:released-person-import"), {"file": content}
    )

    assert response.status_code == 400
    assert "第3行" in response.content.decode()
    assert not Person.objects.exists()


# Remote ledgers -------------------------------------------------------------------------------


@pytest.fixture
def ledgers(world, bureau_staff):
    visit = remote.remote_visit_apply(
        acting_user=bureau_staff,
        row=remote.VisitApplicationRow(
            region=world.yatou_village,
            applicant_name="王秀英",
            id_number=ID_YATOU,
            relationship="parent",
            visitors=1,
            prisoner_name="王小军",
            prison="山东省潍北监狱",
            channel="desk",
            applied_on=datetime.date(2022, 6, 1),
        ),
    )
    hearing = remote.remote_hearing_request(
        acting_user=bureau_staff,
        row=remote.HearingRequestRow(
            region=world.county,
            body_kind="customs",
            body_name="荣成海关",
            kind="interrogation",
            person_name="赵某",
            facility="荣成市看守所",
            requested_on=datetime.date(2022, 6, 1),
            scheduled_on=datetime.date(2022, 6, 2),
        ),
    )
    return visit, hearing


@pytest.mark.parametrize(
    ("url_name", "first_cell"),
    [
        ("corrections:remote-visit-list", "2022-06-01"),
        ("corrections:remote-hearing-list", "2022-06-02"),
    ],
)
def test_the_ledgers_export_to_excel(ledgers, bureau_staff, url_name, first_cell):
    response = login_client(bureau_staff).get(reverse(url_name), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert str(rows[0][0])[:10] == first_cell


def test_the_visit_card_takes_the_review_step(ledgers, bureau_staff):
    visit, _hearing = ledgers
    client = login_client(bureau_staff)

    page = client.get(reverse("corrections:remote-visit-detail", args=[visit.pk]))
    assert ID_YATOU not in page.content.decode()
    response = client.post(
        reverse("corrections:remote-visit-step", args=[visit.pk, "review"]),
        {"review-reviewed_on": "2022-06-02", "review-documents_verified": "on"},
    )

    assert response.status_code == 302
    assert RemoteVisit.objects.get().status == RemoteVisit.Status.FORWARDED


def test_the_hearing_card_records_that_it_was_held(ledgers, bureau_staff):
    _visit, hearing = ledgers

    response = login_client(bureau_staff).post(
        reverse("corrections:remote-hearing-step", args=[hearing.pk, "conclude"]),
        {"conclude-held": "1", "conclude-on": "2022-06-02"},
    )

    assert response.status_code == 302
    assert RemoteHearing.objects.get().held_on == datetime.date(2022, 6, 2)


def test_a_judicial_office_reads_its_residents_visits_without_the_steps(
    ledgers, town_staff, other_town_staff
):
    visit, _hearing = ledgers
    client = login_client(town_staff)

    assert "王秀英" in client.get(reverse("corrections:remote-visit-list")).content.decode()
    card = client.get(reverse("corrections:remote-visit-detail", args=[visit.pk]))
    assert card.status_code == 200
    assert 'id="step-review"' not in card.content.decode()
    refused = client.post(
        reverse("corrections:remote-visit-step", args=[visit.pk, "review"]),
        {"review-reviewed_on": "2022-06-02", "review-documents_verified": "on"},
    )
    assert refused.status_code == 403
    assert RemoteVisit.objects.get().status == RemoteVisit.Status.APPLIED
    other = login_client(other_town_staff)
    assert "王秀英" not in other.get(reverse("corrections:remote-visit-list")).content.decode()
    assert other.get(reverse("corrections:remote-visit-detail", args=[visit.pk])).status_code == 404


@pytest.mark.parametrize("persona_name", ["department_officer", "bureau_reviewer"])
def test_the_remote_ledgers_are_closed_to_other_modules(request, ledgers, persona_name):
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(reverse("corrections:remote-visit-list")).status_code == 403
    assert client.get(reverse("corrections:remote-hearing-list")).status_code == 403


def test_the_hearing_ledger_is_the_county_bodys(ledgers, town_staff):
    client = login_client(town_staff)

    assert client.get(reverse("corrections:remote-hearing-list")).status_code == 403


# The session and the user, the menu, the count and the page of rows, the town filter's choices;
# none per row (the region and its town come in the page's query).
LIST_QUERIES = 6


def test_list_query_count_is_pinned_and_does_not_grow_with_rows(
    world, bureau_staff, django_assert_num_queries
):
    from stdnum.cn import ric

    from fazhi.corrections.services.resettlement import ReleasedPersonRow, released_persons_record

    def rows(first: int, count: int) -> list[ReleasedPersonRow]:
        numbers = [f"37108219900101{serial:03d}" for serial in range(first, first + count)]
        return [
            ReleasedPersonRow(
                notice=NoticeRow(
                    region=world.yatou_village,
                    name="某某",
                    gender="male",
                    id_number=body + ric.calc_check_digit(body + "0"),
                    prison="山东省潍北监狱",
                    offence="盗窃罪",
                    sentence="1年",
                    release_on=datetime.date(2022, 7, 1),
                    notice_received_on=datetime.date(2022, 6, 1),
                )
            )
            for body in numbers
        ]

    client = login_client(bureau_staff)
    released_persons_record(acting_user=bureau_staff, rows=rows(1, 3))
    client.get(reverse("corrections:released-person-list"))  # warm the per-process caches
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("corrections:released-person-list"))

    released_persons_record(acting_user=bureau_staff, rows=rows(10, 25))
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("corrections:released-person-list"))
    assert response.context["total"] == 28


def test_the_card_reveals_the_identifying_fields_only_for_a_stated_purpose(register, town_staff):
    person = register["yatou"]
    client = login_client(town_staff)
    reveal = reverse("corrections:released-person-reveal", args=[person.pk])

    card = client.get(reverse("corrections:released-person-detail", args=[person.pk]))
    refused = client.post(reveal, {"purpose": ""})
    shown = client.post(reveal, {"purpose": "核对衔接人员身份"})

    assert f'action="{reveal}"' in card.content.decode()
    assert refused.status_code == 400
    assert "请说明查看目的（至少4个字），查看将记入审计日志" in refused.content.decode()
    assert ID_YATOU not in refused.content.decode()
    assert shown.status_code == 200
    assert ID_YATOU in shown.content.decode()
    assert "13812345678" in shown.content.decode()
    row = AuditLog.objects.get(event=AuditLog.Event.REVEAL, user=town_staff)
    assert row.changes == {
        "fields": ["id_number", "phone", "address"],
        "purpose": "核对衔接人员身份",
    }
    assert row.object_id == str(person.pk)


def test_the_reveal_is_refused_outside_resettlement_and_outside_the_town(
    register, department_officer, other_town_staff
):
    reveal = reverse("corrections:released-person-reveal", args=[register["yatou"].pk])

    denied = login_client(department_officer).post(reveal, {"purpose": "核对衔接人员身份"})
    outside = login_client(other_town_staff).post(reveal, {"purpose": "核对衔接人员身份"})

    assert denied.status_code == 403
    assert outside.status_code == 404
    assert not AuditLog.objects.filter(event=AuditLog.Event.REVEAL).exists()
