"""Import of historic department contract filings: rows checked by line and column, all or none."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.contracts.models import Contract
from fazhi.contracts.resources import CONTRACT_FILING_IMPORT
from fazhi.core.imports import import_commit, import_preview, template_workbook_bytes

pytestmark = pytest.mark.django_db

HEADERS = [
    "合同名称",
    "承办单位",
    "相对方名称",
    "相对方统一社会信用代码",
    "合同类型",
    "合同金额(元)",
    "合同编号",
    "签订日期",
    "备案日期",
]
USCC = "91371082MA3C4TQX1J"


def _row(**values):
    row = {
        "合同名称": "物业服务合同",
        "承办单位": "market",
        "相对方名称": "荣成崖头水产有限公司",
        "相对方统一社会信用代码": USCC,
        "合同类型": "服务",
        "合同金额(元)": "120,000.50",
        "合同编号": "",
        "签订日期": "2021-09-29",
        "备案日期": "2021-10-08",
    }
    row.update(values)
    return [row[header] for header in HEADERS]


def _file(tmp_path, rows, name="备案.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    output = io.BytesIO()
    workbook.save(output)
    path.write_bytes(output.getvalue())
    return path


ROWS = [
    _row(合同编号="A-1"),
    _row(合同编号="A-2", 承办单位="荣成市市场监督管理局", 备案日期="2021-10-20"),
    _row(合同编号="A-3", 相对方统一社会信用代码="91371082MA3C4TQX1X"),
    _row(合同编号="A-4", 承办单位="ecology"),
    _row(合同编号="A-5", 合同类型="借钱", **{"合同金额(元)": "-5"}),
    _row(合同编号="A-6", 签订日期="2021-10-09", 备案日期="2021-10-08"),
    _row(合同编号="A-1"),
]


def test_template_has_the_columns_required_ones_starred():
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook_bytes(CONTRACT_FILING_IMPORT)))
    headers = next(workbook.worksheets[0].iter_rows(values_only=True))

    assert [header.rstrip("*") for header in headers] == HEADERS
    assert headers[0] == "合同名称*"
    assert headers[5] == "合同金额(元)"


def test_bad_rows_are_reported_by_line_and_column(world, department_officer, tmp_path):
    preview = import_preview(
        spec=CONTRACT_FILING_IMPORT, source=_file(tmp_path, ROWS), acting_user=department_officer
    )

    errors = {(error.line, error.column) for error in preview.errors}
    assert preview.total_rows == 7
    assert preview.valid_count == 2
    assert (4, "相对方统一社会信用代码") in errors
    assert (5, "承办单位") in errors
    assert (6, "合同金额(元)") in errors
    assert (6, "合同类型") in errors
    assert any(
        line == 7 and "备案日期不能早于签订日期" in error.message
        for error in preview.errors
        for line in [error.line]
    )
    assert any(error.line == 8 for error in preview.errors)  # duplicate number within the file
    assert not Contract.objects.exists()


def test_commit_writes_the_good_rows_with_their_on_time_flags(world, department_officer, tmp_path):
    source = _file(tmp_path, ROWS)
    preview = import_preview(
        spec=CONTRACT_FILING_IMPORT, source=source, acting_user=department_officer
    )

    result = import_commit(
        spec=CONTRACT_FILING_IMPORT,
        source=source,
        acting_user=department_officer,
        skip_lines=preview.error_lines,
        expected_count=preview.valid_count,
    )

    assert result.written == 2
    on_time = Contract.objects.get(number="A-1")
    late = Contract.objects.get(number="A-2")
    assert on_time.amount == Decimal("120000.50")
    assert on_time.filing_due_on == datetime.date(2021, 10, 12)
    assert on_time.filed_on_time is True
    assert late.filed_on_time is False
    assert on_time.status == Contract.Status.FILED
    assert on_time.counterparty_enterprise == world.enterprise_yatou


def test_import_page_is_refused_without_the_capability(world, sysadmin):
    response = login_client(sysadmin).get(reverse("contracts:filing-import"))

    assert response.status_code == 403


def test_import_page_checks_an_upload(world, department_officer, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    client = login_client(department_officer)
    content = _file(tmp_path, ROWS).read_bytes()

    response = client.post(
        reverse("contracts:filing-import"),
        {"file": SimpleUploadedFile("备案.xlsx", content)},
        follow=True,
    )

    assert response.status_code == 200
    assert "相对方统一社会信用代码" in response.content.decode()
    assert not Contract.objects.exists()
