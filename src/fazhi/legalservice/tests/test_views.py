import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.legalservice.models import LegalService, Mediation, ServiceStation, VillageAdviser
from fazhi.legalservice.services import (
    AdviserRow,
    ServiceRow,
    adviser_appoint,
    legal_service_record,
    legal_services_record,
    mediation_conclude,
    mediation_record,
)
from fazhi.legalservice.tests.test_ledger import _mediation

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 6, 1)

DESK_PAGES = ["legalservice:station-list", "legalservice:village-coverage"]
RECORDER_PAGES = [
    "legalservice:service-list",
    "legalservice:service-entry",
    "legalservice:service-import",
    "legalservice:service-import-template",
    "legalservice:liaison-list",
    "legalservice:liaison-import",
    "legalservice:liaison-import-template",
    "legalservice:liaison-activity-import",
    "legalservice:liaison-activity-import-template",
    "legalservice:committee-list",
    "legalservice:mediation-list",
    "legalservice:mediation-create",
]
MANAGER_PAGES = ["legalservice:station-create"]


def _service(station, **overrides):
    values = {
        "station": station,
        "kind": LegalService.Kind.CONSULTATION,
        "channel": LegalService.Channel.WALK_IN,
        "served_on": DAY,
        "person_name": "王建国",
        "subject": "土地承包",
        "person_phone": "13812345678",
    }
    values.update(overrides)
    return ServiceRow(**values)


def _workbook_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def ledger(bureau_staff, network):
    """A consultation in each town's room, with names telling the towns apart."""
    return legal_services_record(
        acting_user=bureau_staff,
        rows=[
            _service(network["yatou_room"], person_name="崖头来访人"),
            _service(network["ningjin_room"], person_name="宁津来访人", person_phone=""),
        ],
    )


# Who may open which page ---------------------------------------------------------------------


@pytest.mark.parametrize("url_name", DESK_PAGES + RECORDER_PAGES + MANAGER_PAGES)
def test_bureau_legal_service_opens_every_page(bureau_staff, network, url_name):
    response = login_client(bureau_staff).get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize("url_name", DESK_PAGES + RECORDER_PAGES)
def test_town_office_opens_the_ledger_pages(town_staff, network, url_name):
    response = login_client(town_staff).get(reverse(url_name))

    assert response.status_code == 200


def test_town_office_may_not_set_up_stations(town_staff, network):
    client = login_client(town_staff)

    assert client.get(reverse("legalservice:station-create")).status_code == 403
    response = client.post(
        reverse("legalservice:station-create"),
        {"level": "park", "name": "私设站点", "region": network["yatou_station"].region_id},
    )
    assert response.status_code == 403
    assert not ServiceStation.objects.filter(name="私设站点").exists()


@pytest.mark.parametrize("persona_name", ["sysadmin", "department_officer", "officer", "lawyer"])
@pytest.mark.parametrize("url_name", DESK_PAGES + RECORDER_PAGES + MANAGER_PAGES)
def test_other_roles_are_refused(request, network, persona_name, url_name):
    user = request.getfixturevalue(persona_name)

    response = login_client(user).get(reverse(url_name))

    assert response.status_code == 403


def test_menu_shows_the_group_by_capability(bureau_staff, town_staff, department_officer):
    bureau_page = login_client(bureau_staff).get(reverse("legalservice:station-list"))
    town_page = login_client(town_staff).get(reverse("legalservice:station-list"))
    department_page = login_client(department_officer).get("/")

    assert "公共法律服务" in bureau_page.content.decode()
    assert reverse("legalservice:service-entry") in town_page.content.decode()
    assert reverse("legalservice:service-entry") not in department_page.content.decode()


# The network ---------------------------------------------------------------------------------


def test_station_list_shows_level_town_and_hours(town_staff, network):
    html = login_client(town_staff).get(reverse("legalservice:station-list")).content.decode()

    assert "东王家村公共法律服务站点" in html
    assert "周二、周五上午" in html
    assert "西李家村" not in html  # 宁津's room is outside 崖头's subtree


def test_coverage_counts_villages_with_a_room_and_an_adviser(bureau_staff, network):
    html = login_client(bureau_staff).get(reverse("legalservice:village-coverage")).content.decode()

    # rooms in both villages, no adviser yet: nothing covered
    assert '<strong class="coverage-total">0/2</strong>' in html
    assert "东王家村：有工作室，无法律顾问" in html


@pytest.fixture
def advised(world, bureau_staff, network):
    """东王家村's adviser serves 2021–2022 only."""
    return adviser_appoint(
        acting_user=bureau_staff,
        row=AdviserRow(
            village=world.yatou_village,
            name="张律师",
            profession=VillageAdviser.Profession.LAWYER,
            workplace="山东荣成正义律师事务所",
            term_start=datetime.date(2021, 3, 1),
            term_end=datetime.date(2022, 12, 31),
        ),
    )


def test_coverage_defaults_to_today(bureau_staff, advised):
    with time_machine.travel(datetime.datetime(2024, 5, 6, 10, tzinfo=datetime.UTC)):
        response = login_client(bureau_staff).get(reverse("legalservice:village-coverage"))

    html = response.content.decode()
    assert "村居公共法律服务覆盖（截至2024年5月6日）" in html
    # The adviser's term ended in 2022.
    assert '<strong class="coverage-total">0/2</strong>' in html


def test_coverage_on_a_chosen_day(bureau_staff, advised):
    client = login_client(bureau_staff)

    year_end = client.get(reverse("legalservice:village-coverage"), {"on": "2022-12-31"})
    before = client.get(reverse("legalservice:village-coverage"), {"on": "2021-01-31"})

    html = year_end.content.decode()
    assert "村居公共法律服务覆盖（截至2022年12月31日）" in html
    assert '<strong class="coverage-total">1/2</strong>' in html
    assert 'value="2022-12-31"' in html
    # Before the rooms opened (2021-03-01) and the adviser's term.
    assert '<strong class="coverage-total">0/2</strong>' in before.content.decode()


def test_coverage_with_a_bad_date_says_so(bureau_staff, advised):
    response = login_client(bureau_staff).get(
        reverse("legalservice:village-coverage"), {"on": "2022-13-01"}
    )

    assert response.status_code == 400
    assert "截至日期应为日期，如2022-06-01" in response.content.decode()


def test_network_manager_sets_up_a_station(bureau_staff, world):
    response = login_client(bureau_staff).post(
        reverse("legalservice:station-create"),
        {
            "level": "town",
            "name": "宁津街道公共法律服务工作站",
            "region": world.ningjin.pk,
            "address": "宁津街道办事处",
            "opening_hours": "工作日",
            "established_on": "2022-01-04",
        },
    )

    assert response.status_code == 302
    assert ServiceStation.objects.get(region=world.ningjin).level == "town"


def test_station_form_shows_the_services_refusal(bureau_staff, world):
    response = login_client(bureau_staff).post(
        reverse("legalservice:station-create"),
        {
            "level": "village",
            "name": "错层级站点",
            "region": world.ningjin.pk,
            "address": "宁津",
            "opening_hours": "工作日",
            "established_on": "2022-01-04",
        },
    )

    assert response.status_code == 400
    assert "村居公共法律服务工作室不能设在" in response.content.decode()
    assert not ServiceStation.objects.filter(name="错层级站点").exists()


# The ledger ----------------------------------------------------------------------------------


def test_town_sees_only_its_own_services_in_list_and_export(town_staff, ledger):
    client = login_client(town_staff)

    html = client.get(reverse("legalservice:service-list")).content.decode()
    export = client.get(reverse("legalservice:service-list"), {"export": "xlsx"})

    assert "崖头来访人" in html
    assert "宁津来访人" not in html
    names = [row[5] for row in _workbook_rows(export.content)[1:]]
    assert names == ["崖头来访人"]


def test_ledger_list_shows_totals_and_masked_phones(bureau_staff, ledger):
    html = login_client(bureau_staff).get(reverse("legalservice:service-list")).content.decode()

    assert '<strong class="ledger-total">2</strong>' in html
    assert "138****5678" in html
    assert "13812345678" not in html


def test_ledger_filters_by_town_and_totals_follow(bureau_staff, world, ledger):
    response = login_client(bureau_staff).get(
        reverse("legalservice:service-list"), {"town": world.ningjin.pk, "year": "2022"}
    )

    html = response.content.decode()
    assert "宁津来访人" in html
    assert "崖头来访人" not in html
    assert '<strong class="ledger-total">1</strong>' in html


def test_ledger_export_holds_masked_values_and_is_audited(bureau_staff, ledger):
    response = login_client(bureau_staff).get(
        reverse("legalservice:service-list"), {"export": "xlsx", "kind": "consultation"}
    )

    rows = _workbook_rows(response.content)
    assert rows[0] == [
        "服务日期",
        "服务类型",
        "咨询方式",
        "服务站点",
        "镇街",
        "服务对象",
        "联系电话",
        "事项",
        "办理结果",
    ]
    assert sorted(row[5] for row in rows[1:]) == ["宁津来访人", "崖头来访人"]
    assert "138****5678" in [row[6] for row in rows[1:]]
    assert "13812345678" not in str(rows)
    assert AuditLog.objects.filter(
        event=AuditLog.Event.EXPORT, message__contains="法律服务台账"
    ).exists()


def test_exported_ledger_imports_back(town_staff, network):
    # given a ledger exported without phones (masked phones cannot be imported back)
    legal_services_record(
        acting_user=town_staff,
        rows=[
            _service(network["yatou_room"], person_name="王建国", person_phone=""),
            _service(
                network["yatou_station"],
                kind=LegalService.Kind.DOCUMENT,
                channel="",
                person_name="李秀兰",
                person_phone="",
                subject="民事起诉状",
                outcome="已办结",
            ),
        ],
    )
    client = login_client(town_staff)
    exported = client.get(reverse("legalservice:service-list"), {"export": "xlsx"})
    before = sorted(
        LegalService.objects.values_list(
            "station_id", "kind", "channel", "served_on", "person_name", "subject", "outcome"
        )
    )
    LegalService.objects.all().delete()

    # when the file goes back in through the import
    response = client.post(
        reverse("legalservice:service-import"),
        {"file": SimpleUploadedFile("台账.xlsx", exported.content)},
    )

    # then the same services are in the ledger again
    assert response.status_code == 302
    after = sorted(
        LegalService.objects.values_list(
            "station_id", "kind", "channel", "served_on", "person_name", "subject", "outcome"
        )
    )
    assert after == before


def test_a_masked_phone_in_an_exported_ledger_is_named(town_staff, network):
    legal_service_record(acting_user=town_staff, row=_service(network["yatou_room"]))
    client = login_client(town_staff)
    exported = client.get(reverse("legalservice:service-list"), {"export": "xlsx"})

    response = client.post(
        reverse("legalservice:service-import"),
        {"file": SimpleUploadedFile("台账.xlsx", exported.content)},
    )

    assert response.status_code == 400
    assert list(response.context["problems"]) == [
        "第2行：联系电话：是导出时脱敏显示的号码，请填写完整的手机号或留空"
    ]


def test_ledger_list_query_count_does_not_grow_with_rows(
    bureau_staff, network, django_assert_max_num_queries
):
    client = login_client(bureau_staff)
    legal_services_record(acting_user=bureau_staff, rows=[_service(network["yatou_room"])] * 3)
    with django_assert_max_num_queries(16):
        client.get(reverse("legalservice:service-list"))

    legal_services_record(acting_user=bureau_staff, rows=[_service(network["park"])] * 30)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("legalservice:service-list"))
    assert response.context["total"] == 33


def test_ledger_counts_its_rows_once_with_the_totals_by_kind(bureau_staff, network):
    legal_services_record(acting_user=bureau_staff, rows=[_service(network["yatou_room"])] * 3)

    with CaptureQueriesContext(connection) as captured:
        response = login_client(bureau_staff).get(reverse("legalservice:service-list"))

    assert response.context["total"] == response.context["total_count"] == 3
    assert not [query for query in captured.captured_queries if '"__count"' in query["sql"]]


def _station_options(response) -> set[int]:
    field = response.context["filterset"].form["station"].field
    return {int(str(value)) for value, _label in field.choices if value}


def test_ledger_offers_village_rooms_once_their_town_is_chosen(bureau_staff, world, network):
    client = login_client(bureau_staff)
    url = reverse("legalservice:service-list")

    # a county has a room in every village: without a town, the town and park stations only
    assert _station_options(client.get(url)) == {
        network["yatou_station"].pk,
        network["park"].pk,
    }
    assert _station_options(client.get(url, {"town": world.yatou.pk})) == {
        network["yatou_station"].pk,
        network["yatou_room"].pk,
    }
    # a link naming a village room (without its town) still filters by it
    legal_services_record(
        acting_user=bureau_staff,
        rows=[_service(network["yatou_room"]), _service(network["ningjin_room"])],
    )
    response = client.get(url, {"station": network["ningjin_room"].pk})
    assert response.context["total"] == 1


def test_fast_entry_defaults_to_today_the_users_station_and_a_walk_in(town_staff, network):
    response = login_client(town_staff).get(reverse("legalservice:service-entry"))

    form = response.context["form"]
    assert form["station"].value() == network["yatou_station"].pk
    assert form["kind"].value() == LegalService.Kind.CONSULTATION
    assert form["channel"].value() == LegalService.Channel.WALK_IN
    assert str(form["served_on"].value()) == str(timezone.localdate())
    assert "autofocus" in str(form["person_name"])


def test_fast_entry_saves_and_continues_with_station_date_and_kind_kept(town_staff, network):
    client = login_client(town_staff)
    station = network["yatou_room"]

    response = client.post(
        reverse("legalservice:service-entry"),
        {
            "person_name": "张三",
            "person_phone": "13912345678",
            "subject": "婚姻家庭",
            "kind": "document",
            "channel": "walk_in",
            "station": station.pk,
            "served_on": "2022-06-02",
            "then": "continue",
        },
    )

    service = LegalService.objects.get()
    # a channel left over from a consultation is dropped for another kind
    assert (service.kind, service.channel, service.person_name) == ("document", "", "张三")
    assert response.status_code == 302
    follow = client.get(response.url)
    form = follow.context["form"]
    assert form["station"].value() == str(station.pk)
    assert form["served_on"].value() == "2022-06-02"
    assert form["kind"].value() == "document"
    assert form["person_name"].value() is None
    assert "已登记代书法律文书：张三，婚姻家庭" in follow.content.decode()


def test_fast_entry_plain_save_returns_to_the_ledger(town_staff, network):
    response = login_client(town_staff).post(
        reverse("legalservice:service-entry"),
        {
            "person_name": "李四",
            "subject": "劳动争议",
            "kind": "consultation",
            "channel": "phone",
            "station": network["yatou_station"].pk,
            "served_on": "2022-06-02",
            "then": "done",
        },
    )

    assert response.url == reverse("legalservice:service-list")
    assert LegalService.objects.get().channel == "phone"


def test_fast_entry_shows_chinese_field_errors_and_saves_nothing(town_staff, network):
    response = login_client(town_staff).post(
        reverse("legalservice:service-entry"),
        {
            "person_name": "",
            "person_phone": "123",
            "subject": "劳动争议",
            "kind": "consultation",
            "channel": "",
            "station": network["yatou_station"].pk,
            "served_on": "2022-06-02",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["person_name"] == ["请填写服务对象"]
    assert not LegalService.objects.exists()


def test_fast_entry_shows_the_services_refusal_next_to_the_field(town_staff, network):
    response = login_client(town_staff).post(
        reverse("legalservice:service-entry"),
        {
            "person_name": "李四",
            "subject": "劳动争议",
            "kind": "consultation",
            "channel": "",
            "station": network["yatou_station"].pk,
            "served_on": "2020-01-02",
        },
    )

    errors = response.context["form"].errors
    assert "法律咨询应注明咨询方式" in errors["channel"][0]
    assert "在该日未开展服务" in errors["served_on"][0]
    assert not LegalService.objects.exists()


def test_fast_entry_offers_no_station_of_another_town(town_staff, network):
    response = login_client(town_staff).post(
        reverse("legalservice:service-entry"),
        {
            "person_name": "李四",
            "subject": "劳动争议",
            "kind": "document",
            "station": network["ningjin_room"].pk,
            "served_on": "2022-06-02",
        },
    )

    assert response.status_code == 400
    assert "station" in response.context["form"].errors
    assert not LegalService.objects.exists()


# Liaisons ------------------------------------------------------------------------------------


def test_liaison_list_shows_masked_id_numbers_of_the_town_only(town_staff, other_town_staff, world):
    from fazhi.legalservice.services import LiaisonRow, liaison_register

    liaison_register(
        acting_user=town_staff,
        row=LiaisonRow(
            village=world.yatou_village,
            name="李明白",
            id_number="371082198001011234",
            source="party_member",
            selected_on=DAY,
        ),
    )

    mine = login_client(town_staff).get(reverse("legalservice:liaison-list")).content.decode()
    theirs = login_client(other_town_staff).get(reverse("legalservice:liaison-list"))

    assert "李明白" in mine
    assert "371082198001011234" not in mine
    assert "371082********1234" in mine
    assert "李明白" not in theirs.content.decode()


# People's mediation --------------------------------------------------------------------------


def test_mediation_intake_form_creates_the_case_and_its_ledger_entry(
    town_staff, network, yatou_committee
):
    response = login_client(town_staff).post(
        reverse("legalservice:mediation-create"),
        {
            "committee": yatou_committee.pk,
            "mediator": "",
            "station": network["yatou_room"].pk,
            "intake": "application",
            "dispute_type": "neighbour",
            "parties": "王某、李某",
            "summary": "宅基地边界争执",
            "received_on": "2022-06-01",
        },
    )

    mediation = Mediation.objects.get()
    assert response.url == reverse("legalservice:mediation-detail", args=[mediation.pk])
    assert LegalService.objects.get().mediation == mediation


def test_mediation_intake_form_shows_chinese_errors(town_staff, network, yatou_committee):
    response = login_client(town_staff).post(reverse("legalservice:mediation-create"), {})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["parties"] == ["请填写当事人"]
    assert errors["committee"] == ["请选择人民调解委员会"]
    assert not Mediation.objects.exists()


@pytest.fixture
def agreement(town_staff, network, yatou_committee):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_room"])
    )
    return mediation_conclude(
        acting_user=town_staff,
        mediation_id=mediation.pk,
        outcome=Mediation.Outcome.WRITTEN_AGREEMENT,
        concluded_on=datetime.date(2022, 6, 10),
    )


@pytest.mark.parametrize(
    ("today", "shown", "style"),
    [
        pytest.param("2022-06-20", "剩余21天", "text-green", id="weeks_left_case"),
        pytest.param("2022-07-06", "剩余5天", "text-red", id="five_days_left_case"),
        pytest.param("2022-07-13", "已过期2天", "text-red", id="passed_case"),
    ],
)
def test_mediation_detail_shows_the_confirmation_due_date_and_days_left(
    town_staff, agreement, today, shown, style
):
    with time_machine.travel(datetime.datetime.fromisoformat(f"{today}T10:00:00+08:00")):
        response = login_client(town_staff).get(
            reverse("legalservice:mediation-detail", args=[agreement.pk])
        )

    html = response.content.decode()
    assert "2022-07-11" in html
    assert f'<span class="{style} fw-bold confirmation-state">{shown}</span>' in html or (
        f'<span class="{style} confirmation-state">{shown}</span>' in html
    )


def test_mediation_list_filters_the_open_confirmation_window(town_staff, agreement):
    client = login_client(town_staff)
    with time_machine.travel(datetime.datetime(2022, 6, 20, 10, tzinfo=datetime.UTC)):
        inside = client.get(reverse("legalservice:mediation-list"), {"confirmation_open": "1"})
        outside = client.get(reverse("legalservice:mediation-list"), {"confirmation_open": "0"})

    assert inside.context["total"] == 1
    assert outside.context["total"] == 0


def test_conclude_form_ends_the_mediation(town_staff, network, yatou_committee):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_room"])
    )
    client = login_client(town_staff)
    url = reverse("legalservice:mediation-detail", args=[mediation.pk])
    assert "调解办结" in client.get(url).content.decode()

    response = client.post(url, {"outcome": "failed", "concluded_on": "2022-06-05"})

    assert response.status_code == 302
    mediation.refresh_from_db()
    assert (mediation.outcome, mediation.concluded_on) == ("failed", datetime.date(2022, 6, 5))


def test_conclude_form_shows_the_services_refusal(town_staff, network, yatou_committee):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_room"])
    )

    response = login_client(town_staff).post(
        reverse("legalservice:mediation-detail", args=[mediation.pk]),
        {"outcome": "failed", "concluded_on": "2022-05-01"},
    )

    assert response.status_code == 400
    assert "办结日期不能早于受理日期" in response.content.decode()
    mediation.refresh_from_db()
    assert mediation.outcome == ""


def test_another_town_gets_404_for_the_mediation_and_cannot_conclude_it(
    other_town_staff, town_staff, network, yatou_committee
):
    mediation = mediation_record(
        acting_user=town_staff, row=_mediation(yatou_committee, network["yatou_room"])
    )
    client = login_client(other_town_staff)
    url = reverse("legalservice:mediation-detail", args=[mediation.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "failed", "concluded_on": "2022-06-05"}).status_code == 404
    mediation.refresh_from_db()
    assert mediation.outcome == ""


def test_single_service_record_appears_in_the_fast_entry_recent_list(town_staff, network):
    legal_service_record(
        acting_user=town_staff,
        row=_service(network["yatou_station"], served_on=timezone.localdate()),
    )

    response = login_client(town_staff).get(reverse("legalservice:service-entry"))

    assert "我今天登记的" in response.content.decode()
