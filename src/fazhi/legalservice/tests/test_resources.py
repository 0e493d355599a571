import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.enforcement.tests.factories import id_number
from fazhi.legalservice import services
from fazhi.legalservice.models import LegalLiaison, LegalService
from fazhi.legalservice.resources import legal_service_rows_import

pytestmark = pytest.mark.django_db

# "类型" is the header of the templates handed out before it became "服务类型"; still read.
SERVICE_HEADERS = [
    "服务站点",
    "类型",
    "咨询方式",
    "服务日期",
    "服务对象",
    "联系电话",
    "事项",
    "办理结果",
]
LIAISON_HEADERS = ["村居区划代码", "姓名", "身份证号", "手机号", "遴选来源", "认定日期", "培训日期"]


def _upload(headers, rows, name="import.xlsx"):
    return SimpleUploadedFile(
        name,
        xlsx_bytes(headers=headers, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _first_row(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]


# The service ledger --------------------------------------------------------------------------


def test_ledger_template_has_the_import_columns(town_staff):
    response = login_client(town_staff).get(reverse("legalservice:service-import-template"))

    assert response.status_code == 200
    assert _first_row(response.content) == [
        "服务站点*",
        "服务类型*",
        "咨询方式",
        "服务日期*",
        "服务对象*",
        "联系电话",
        "事项*",
        "办理结果",
    ]


def test_ledger_import_records_every_row(town_staff, network):
    room = network["yatou_room"].name
    rows = [
        [room, "法律咨询", "来访", "2022-06-01", "王建国", "13812345678", "土地承包", "已解答"],
        [room, "代书法律文书", "", "2022-06-02", "李秀英", "", "赡养协议", ""],
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:service-import"), {"file": _upload(SERVICE_HEADERS, rows)}
    )

    assert response.status_code == 302
    assert response.url == reverse("legalservice:service-list")
    assert sorted(LegalService.objects.values_list("person_name", flat=True)) == [
        "李秀英",
        "王建国",
    ]


def test_ledger_import_with_one_bad_row_saves_nothing_and_names_row_and_column(town_staff, network):
    room = network["yatou_room"].name
    rows = [
        [room, "法律咨询", "来访", "2022-06-01", "王建国", "", "土地承包", ""],
        [room, "法律咨询", "", "2022-06-02", "李秀英", "", "赡养", ""],
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:service-import"), {"file": _upload(SERVICE_HEADERS, rows)}
    )

    assert response.status_code == 400
    problems = list(response.context["problems"])
    # the second data row is line 3 of the file; the service names the column
    assert len(problems) == 1
    assert problems[0].startswith("第3行“咨询方式”")
    assert not LegalService.objects.exists()


def test_ledger_import_stores_phones_encrypted(town_staff, network):
    room = network["yatou_room"].name
    rows = [[room, "法律咨询", "电话", "2022-06-01", "王建国", "13812345678", "土地承包", ""]]

    login_client(town_staff).post(
        reverse("legalservice:service-import"), {"file": _upload(SERVICE_HEADERS, rows)}
    )

    service = LegalService.objects.get()
    assert service.person_phone == "13812345678"
    assert service.masked_phone == "138****5678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_phone FROM legalservice_legalservice")
        (stored,) = cursor.fetchone()
    assert stored
    assert "13812345678" not in stored


def _ledger_file(tmp_path, room, count):
    rows = [
        [room, "法律咨询", "来访", "2022-06-01", f"来访人{n}", "13812345678", "土地承包", "已解答"]
        for n in range(count)
    ]
    path = tmp_path / f"ledger-{count}.xlsx"
    path.write_bytes(xlsx_bytes(headers=SERVICE_HEADERS, rows=rows))
    return path


# The user's memberships, the stations (one query), their counties (one), the load (one
# statement: rows go in batches of 5,000 on SQLite), the audit row and its chain (two), and the
# savepoints of the nested transactions (eight), and on PostgreSQL the audit chain's lock:
# however many rows.
LEDGER_IMPORT_QUERIES = {"sqlite": 14, "postgresql": 15}


@pytest.mark.parametrize("count", [3, 60])
def test_ledger_import_queries_do_not_grow_with_its_rows(
    town_staff, network, tmp_path, count, django_assert_num_queries
):
    path = _ledger_file(tmp_path, network["yatou_room"].name, count)

    with django_assert_num_queries(LEDGER_IMPORT_QUERIES[connection.vendor]):
        outcome = legal_service_rows_import(acting_user=town_staff, source=path)

    assert outcome.written == count == LegalService.objects.count()


def test_ledger_import_with_unreadable_rows_checks_the_others_without_loading_them(
    town_staff, network, tmp_path, monkeypatch
):
    room = network["yatou_room"].name
    rows = [
        [room, "法律咨询", "来访", "2022-06-01", "王建国", "", "土地承包", ""],
        [room, "法律咨询", "来访", "2022-13-01", "李秀英", "", "赡养", ""],
        [room, "法律咨询", "来访", "2022-06-02", "张伟", "", "邻里纠纷", ""],
    ]
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(xlsx_bytes(headers=SERVICE_HEADERS, rows=rows))
    loads = []
    load = services.bulk_load
    monkeypatch.setattr(services, "bulk_load", lambda *args: loads.append(args) or load(*args))

    outcome = legal_service_rows_import(acting_user=town_staff, source=path)

    assert outcome.written == 0
    assert [problem[:3] for problem in outcome.problems] == ["第3行"]
    assert loads == []  # the file was refused: its good rows were checked, not loaded
    assert not LegalService.objects.exists()


def test_ledger_import_refuses_a_station_of_another_town(town_staff, network):
    rows = [
        [network["ningjin_room"].name, "法律咨询", "来访", "2022-06-01", "王建国", "", "土地", ""]
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:service-import"), {"file": _upload(SERVICE_HEADERS, rows)}
    )

    assert response.status_code == 400
    assert "第2行" in response.context["problems"][0]
    assert "服务站点" in response.context["problems"][0]
    assert not LegalService.objects.exists()


def test_ledger_import_is_refused_to_a_department(department_officer):
    response = login_client(department_officer).post(
        reverse("legalservice:service-import"), {"file": _upload(SERVICE_HEADERS, [])}
    )

    assert response.status_code == 403


# Legal liaisons ------------------------------------------------------------------------------


def test_liaison_template_has_the_import_columns(town_staff):
    response = login_client(town_staff).get(reverse("legalservice:liaison-import-template"))

    assert _first_row(response.content) == [
        "村居区划代码*",
        "姓名*",
        "身份证号*",
        "手机号",
        "遴选来源*",
        "认定日期*",
        "培训日期",
    ]


def test_liaison_import_registers_every_row(town_staff, world):
    village = world.yatou_village.code
    rows = [
        [village, "李明白", id_number(), "13812345678", "党员", "2022-03-01", "2022-04-01"],
        [village, "张法治", id_number(), "", "网格员", "2022-03-01", ""],
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:liaison-import"), {"file": _upload(LIAISON_HEADERS, rows)}
    )

    assert response.status_code == 302
    assert LegalLiaison.objects.count() == 2


def test_liaison_import_with_one_bad_row_saves_nothing_and_names_row_and_column(town_staff, world):
    village = world.yatou_village.code
    rows = [
        [village, "李明白", id_number(), "", "党员", "2022-03-01", ""],
        [village, "张法治", id_number(), "", "党员", "2022-03-01", "2022-01-01"],
    ]

    response = login_client(town_staff).post(
        reverse("legalservice:liaison-import"), {"file": _upload(LIAISON_HEADERS, rows)}
    )

    assert response.status_code == 400
    assert list(response.context["problems"]) == ["第3行“培训日期”培训日期不能早于认定日期"]
    assert not LegalLiaison.objects.exists()


def test_liaison_import_refuses_another_towns_village(town_staff, world):
    rows = [[world.ningjin_village.code, "李明白", id_number(), "", "党员", "2022-03-01", ""]]

    response = login_client(town_staff).post(
        reverse("legalservice:liaison-import"), {"file": _upload(LIAISON_HEADERS, rows)}
    )

    assert response.status_code in (400, 403)
    assert not LegalLiaison.objects.exists()
