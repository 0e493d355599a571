"""Staff pages of the officer register: personas, refusals on the card, all-or-nothing import,
flat query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.conftest import login_client
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.enforcement.models import Certificate, Officer
from fazhi.enforcement.tests.factories import id_number, issued_certificate, officer

pytestmark = pytest.mark.django_db
D = datetime.date
HEADERS = [
    "姓名",
    "身份证号",
    "编制类型",
    "法律职业资格",
    "执法领域",
    "执法区域",
    "派驻镇街区划代码",
    "执法资格",
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("department_officer", 200),
        ("bureau_staff", 200),
        ("bureau_reviewer", 403),
        ("town_staff", 403),
        ("officer", 403),
        ("lawyer", 403),
        ("sysadmin", 403),
    ],
)
def test_the_register_opens_for_departments_and_the_bureau_only(request, world, persona, status):
    client = login_client(request.getfixturevalue(persona))
    assert client.get("/enforcement/officers/").status_code == status


def test_the_card_shows_the_masked_id_number_and_the_history(
    world, department_officer, bureau_staff, other_department_officer
):
    number = id_number()
    holder = officer(department_officer, world.market, name="孙执法", id_number=number)
    issued_certificate(department_officer, bureau_staff, holder, number="ZF-0001")
    page = login_client(bureau_staff).get(f"/enforcement/officers/{holder.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert number not in html
    assert number[:6] + "********" + number[-4:] in html
    assert "ZF-0001" in html
    assert 'id="action-review"' in html
    outside = login_client(other_department_officer).get(f"/enforcement/officers/{holder.pk}/")
    assert outside.status_code == 404


def test_registering_an_officer_through_the_form(world, department_officer):
    client = login_client(department_officer)
    response = client.post(
        "/enforcement/officers/new/",
        {
            "organization": world.market.pk,
            "name": "周执法",
            "id_number": id_number(),
            "staffing_type": "administrative",
            "qualifications": "市场监管执法；双随机抽查检查",
        },
    )
    assert response.status_code == 302
    assert Officer.objects.get().qualifications == ["市场监管执法", "双随机抽查检查"]
    wrong = client.post(
        "/enforcement/officers/new/",
        {
            "organization": world.market.pk,
            "name": "吴执法",
            "id_number": "371082198001011235",
            "staffing_type": "administrative",
        },
    )
    assert wrong.status_code == 400
    assert "身份证号" in wrong.content.decode()
    assert Officer.objects.count() == 1


def test_the_bureau_may_not_register_officers(world, bureau_staff):
    assert login_client(bureau_staff).get("/enforcement/officers/new/").status_code == 403


def test_applying_for_contract_staff_shows_the_reason_on_the_card(world, department_officer):
    worker = officer(department_officer, world.market, name="郑协管", staffing_type="contract")
    response = login_client(department_officer).post(
        f"/enforcement/officers/{worker.pk}/apply/", {"apply-opinion": ""}
    )
    assert response.status_code == 400
    assert "郑协管为合同制人员，不能申领行政执法证件" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_department_may_not_issue_from_the_card(world, department_officer, bureau_staff):
    holder = officer(department_officer, world.market)
    login_client(department_officer).post(f"/enforcement/officers/{holder.pk}/apply/")
    refused = login_client(department_officer).post(
        f"/enforcement/officers/{holder.pk}/issue/",
        {"issue-number": "X1", "issue-valid_until": "2030-01-01"},
    )
    assert refused.status_code == 403
    assert Certificate.objects.get().status == Certificate.Status.APPLIED
    issued = login_client(bureau_staff).post(
        f"/enforcement/officers/{holder.pk}/issue/",
        {"issue-number": "X1", "issue-valid_until": "2030-01-01"},
    )
    assert issued.status_code == 302
    assert Certificate.objects.get().status == Certificate.Status.ISSUED


def test_the_list_filters_by_certificate_state(world, department_officer, bureau_staff):
    issued_certificate(
        department_officer,
        bureau_staff,
        officer(department_officer, world.market, name="逾期甲"),
        issued_on=D(2020, 1, 10),
    )
    officer(department_officer, world.market, name="无证乙", staffing_type="contract")
    client = login_client(department_officer)
    overdue = client.get(
        "/enforcement/officers/", {"certificate_state": "overdue"}
    ).content.decode()
    assert "逾期甲" in overdue
    assert "无证乙" not in overdue
    assert "certificate-overdue" in overdue
    invalid = client.get(
        "/enforcement/officers/", {"certificate_state": "invalid"}
    ).content.decode()
    assert "无证乙" in invalid
    assert "逾期甲" not in invalid


def test_the_list_query_count_does_not_grow_with_the_officers(
    world, department_officer, bureau_staff, django_assert_max_num_queries
):
    for index in range(12):
        holder = officer(department_officer, world.market, name=f"执法{index}")
        issued_certificate(department_officer, bureau_staff, holder)
    client = login_client(department_officer)
    client.get("/enforcement/officers/")
    with django_assert_max_num_queries(16):
        page = client.get("/enforcement/officers/")
    assert page.status_code == 200
    with django_assert_max_num_queries(16):
        export = client.get("/enforcement/officers/", {"export": "xlsx"})
    assert export.status_code == 200


def _upload(rows):
    return SimpleUploadedFile(
        "officers.xlsx",
        xlsx_bytes(headers=HEADERS, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_an_import_with_bad_rows_names_them_and_saves_nothing(world, department_officer):
    good = id_number()
    rows = [
        ["甲", good, "行政编制", "是", "市场监管", "荣成市", "", "市场监管执法"],
        ["乙", "371082198001011235", "行政编制", "", "", "", "", ""],
        ["丙", id_number(), "编外", "", "", "", "", ""],
        ["丁", good, "事业编制", "", "", "", "", ""],
    ]
    response = login_client(department_officer).post(
        "/enforcement/officers/import/",
        {"organization": world.market.pk, "file": _upload(rows)},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "第3行" in html
    assert "第4行" in html
    assert "第5行：身份证号与第2行重复" in html  # the file's line, not the service's row
    assert "第2行：" not in html
    assert not Officer.objects.exists()


def test_a_clean_import_registers_every_row(world, department_officer):
    rows = [
        ["甲", id_number(), "行政编制", "是", "市场监管", "荣成市", "371082007000", "市场监管执法"],
        ["乙", id_number(), "劳务派遣", "否", "", "", "", ""],
    ]
    response = login_client(department_officer).post(
        "/enforcement/officers/import/",
        {"organization": world.market.pk, "file": _upload(rows)},
    )
    assert response.status_code == 302
    assert Officer.objects.filter(organization=world.market).count() == 2
    assert Officer.objects.get(name="甲").posted_region == world.yatou
