"""Import of historic normative documents: final state, an honest timeline, every bad row
reported by line and column, nothing half-imported."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from fazhi.conftest import login_client
from fazhi.core.imports import import_commit, import_preview
from fazhi.core.models import AuditLog
from fazhi.core.workflow import transitions_of
from fazhi.rules.models import NormativeDocument
from fazhi.rules.resources import HISTORIC_DOCUMENT_IMPORT
from fazhi.rules.services.history import HistoricDocument, document_import_historic
from fazhi.rules.tests.lifecycle import D, make_document

pytestmark = pytest.mark.django_db

HEADERS = [
    "文件名称",
    "制定机关",
    "起草单位",
    "文种",
    "文号",
    "登记号",
    "签发日期",
    "公布日期",
    "施行日期",
    "有效期至",
    "报送备案日期",
]
GOOD_GOVERNMENT = [
    "荣成市城市绿化管理办法",
    "荣成市人民政府",
    "荣成市市场监督管理局",
    "办法",
    "荣政发〔2021〕2号",
    "RCDR-2021-0010002",
    "2021-03-01",
    "2021-03-05",
    "2021-04-01",
    "",
    "2021-03-25",
]
GOOD_DEPARTMENT = [
    "荣成市市场监管行政处罚裁量基准（试行）",
    "荣成市市场监督管理局",
    "",
    "其他",
    "荣市监发〔2021〕8号",
    "RCDR-2021-0020008",
    "2021-06-01",
    "2021-06-02",
    "",
    "",
    "",
]


def _workbook(tmp_path, rows, name="historic.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _row(base, **changes):
    row = list(base)
    for header, value in changes.items():
        row[HEADERS.index(header)] = value
    return row


def test_good_file_imports_documents_in_their_final_state(tmp_path, world, bureau_reviewer):
    path = _workbook(tmp_path, [GOOD_GOVERNMENT, GOOD_DEPARTMENT])

    preview = import_preview(
        spec=HISTORIC_DOCUMENT_IMPORT, source=path, acting_user=bureau_reviewer
    )
    result = import_commit(
        spec=HISTORIC_DOCUMENT_IMPORT,
        source=path,
        acting_user=bureau_reviewer,
        expected_count=preview.valid_count,
    )

    assert preview.errors == ()
    assert result.written == 2
    government = NormativeDocument.objects.get(registration_number="RCDR-2021-0010002")
    assert government.status == NormativeDocument.Status.FILED
    assert government.level == NormativeDocument.Level.GOVERNMENT
    assert government.organization == world.market
    assert government.valid_until == D(2026, 4, 1)
    assert government.filed_late is False
    department = NormativeDocument.objects.get(registration_number="RCDR-2021-0020008")
    assert department.status == NormativeDocument.Status.PUBLISHED
    assert department.level == NormativeDocument.Level.DEPARTMENT
    assert department.organization == world.market
    assert department.valid_until == D(2023, 6, 2)  # 试行: two years
    actions = [t.action for t in transitions_of(government)]
    assert actions == ["历史数据导入：签发印发", "历史数据导入：公布", "历史数据导入：报送备案"]
    assert [t.step_on for t in transitions_of(government)] == [
        D(2021, 3, 1),
        D(2021, 3, 5),
        D(2021, 3, 25),
    ]
    assert "未经本平台办理合法性审核" in transitions_of(government).first().opinion
    assert AuditLog.objects.filter(message__contains="批量导入“历史规范性文件”2行").exists()


def test_bad_rows_are_reported_by_line_and_column(
    tmp_path, world, department_officer, bureau_reviewer
):
    make_document(world, department_officer, bureau_reviewer, stage="issued")  # RCDR-2022-0010003
    rows = [
        GOOD_GOVERNMENT,
        _row(GOOD_GOVERNMENT, 制定机关="荣成市不存在局", 登记号="RCDR-2021-1"),
        _row(GOOD_GOVERNMENT, 文号="荣政发2021年2号", 登记号="RCDR-2021-2"),
        _row(
            GOOD_GOVERNMENT, 文号="荣政发〔2021〕5号", 公布日期="2021-02-01", 登记号="RCDR-2021-3"
        ),
        _row(GOOD_GOVERNMENT, 文号="荣政发〔2021〕6号", 登记号="RCDR-2022-0010003"),
        _row(GOOD_GOVERNMENT, 文号="荣政发〔2021〕7号"),  # same 登记号 as line 2
        _row(GOOD_GOVERNMENT, 起草单位="", 文号="荣政发〔2021〕9号", 登记号="RCDR-2021-9"),
    ]
    path = _workbook(tmp_path, rows)

    preview = import_preview(
        spec=HISTORIC_DOCUMENT_IMPORT, source=path, acting_user=bureau_reviewer
    )

    found = {(error.line, error.column): error.message for error in preview.errors}
    assert preview.valid_count == 1
    assert "不存在" in found[(3, "制定机关")]
    assert "文号格式应为" in found[(4, "文号")]
    assert found[(5, "公布日期")] == "公布日期不能早于签发日期"
    assert found[(6, "登记号")] == "登记号RCDR-2022-0010003已被其他文件使用"
    assert found[(7, "登记号")] == "与第2行重复"
    assert found[(8, "起草单位")] == "政府规范性文件须填写起草单位"
    assert NormativeDocument.objects.count() == 1  # the check wrote nothing


def test_department_imports_only_its_own_documents(tmp_path, world, other_department_officer):
    path = _workbook(tmp_path, [GOOD_DEPARTMENT])

    preview = import_preview(
        spec=HISTORIC_DOCUMENT_IMPORT, source=path, acting_user=other_department_officer
    )

    assert preview.valid_count == 0
    [error] = preview.errors
    assert error.column == "制定机关"


def test_batch_service_writes_nothing_when_one_row_is_bad(world, bureau_reviewer):
    good = HistoricDocument(
        title="荣成市城市绿化管理办法",
        issuer_name="荣成市人民政府",
        organization_name="荣成市市场监督管理局",
        kind="measures",
        doc_number="荣政发〔2021〕2号",
        registration_number="RCDR-2021-0010002",
        signed_on=D(2021, 3, 1),
        published_on=D(2021, 3, 5),
    )
    out_of_order = HistoricDocument(
        **{
            **good.__dict__,
            "doc_number": "荣政发〔2021〕3号",
            "registration_number": "RCDR-2021-0010003",
            "effective_on": D(2021, 3, 4),
            "filed_on": D(2021, 3, 1),
        }
    )
    repeated = HistoricDocument(**{**good.__dict__, "registration_number": "RCDR-2021-0010004"})

    with pytest.raises(ValidationError) as error:
        document_import_historic(acting_user=bureau_reviewer, rows=[good, out_of_order, repeated])

    errors = error.value.message_dict
    assert errors["rows.2.effective_on"] == ["施行日期不能早于公布日期"]
    assert errors["rows.2.filed_on"] == ["报送备案日期不能早于公布日期"]
    assert errors["rows.3.doc_number"] == ["文号与第1行重复"]
    assert "rows.1.title" not in errors
    assert NormativeDocument.objects.count() == 0
    assert len(document_import_historic(acting_user=bureau_reviewer, rows=[good])) == 1


def test_import_page_per_persona(tmp_path, world, bureau_reviewer, officer, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    template = login_client(bureau_reviewer).get("/rules/documents/import/?download=template")

    assert template.status_code == 200
    headers = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.rows)]
    assert headers[:3] == ["文件名称*", "制定机关*", "起草单位"]
    assert login_client(officer).get("/rules/documents/import/").status_code == 403


def test_import_page_flow(tmp_path, world, bureau_reviewer, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    path = _workbook(tmp_path, [GOOD_GOVERNMENT])
    client = login_client(bureau_reviewer)

    with path.open("rb") as upload:
        checked = client.post("/rules/documents/import/", {"file": upload})
    preview = client.get("/rules/documents/import/")
    token = preview.context["staged"].token
    done = client.post("/rules/documents/import/", {"action": "commit", "token": token})

    assert checked.status_code == 302
    assert preview.context["preview"].valid_count == 1
    assert done.status_code == 302
    assert NormativeDocument.objects.get().status == NormativeDocument.Status.FILED
