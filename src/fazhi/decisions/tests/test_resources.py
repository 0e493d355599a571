"""Excel import of historic decisions: validated row by row, all or nothing."""

import datetime
import io

import openpyxl
import pytest

from fazhi.core.imports import import_commit, import_preview, template_workbook_bytes
from fazhi.core.models import AuditLog
from fazhi.decisions.models import DecisionStep, MajorDecision
from fazhi.decisions.resources import HISTORIC_DECISION_IMPORT
from fazhi.legality.models import LegalityReview

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in HISTORIC_DECISION_IMPORT.columns]


def _row(overrides=None):
    values = {
        "决策事项名称": "荣成市城市供水专项规划",
        "区划代码": "371082000000",
        "承办单位编码": "market",
        "年度": 2021,
        "涉及社会公众切身利益": "是",
        "须召开听证会": "否",
        "专业性技术性较强": "否",
        "可能影响社会稳定": "否",
        "涉及市场主体经济活动": "否",
        "启动日期": "2021-03-01",
        "草案拟订日期": "2021-04-01",
        "公众参与完成日期": "2021-05-10",
        "送合法性审查日期": "2021-05-17",
        "合法性审查意见日期": "2021-05-31",
        "合法性审查意见": "合法",
        "会议名称": "市政府第30次常务会议",
        "决定日期": "2021-06-08",
        "讨论结果": "通过",
        "向党委请示报告日期": "2021-06-10",
        "公布日期": "2021-06-18",
        "文号": "荣政发〔2021〕5号",
    }
    values.update(overrides or {})
    return [values.get(header, "") for header in HEADERS]


def _workbook(tmp_path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "historic.xlsx"
    workbook.save(path)
    return path


def test_good_and_bad_rows_are_reported_by_line_and_column(tmp_path, world, bureau_staff):
    path = _workbook(
        tmp_path,
        [
            _row(),
            # mandatory public participation without a date
            _row({"决策事项名称": "缺少公众参与的决策", "公众参与完成日期": ""}),
            # hearing materials only five days before the hearing
            _row(
                {
                    "决策事项名称": "听证材料送达过晚的决策",
                    "须召开听证会": "是",
                    "听证会日期": "2021-05-12",
                    "听证材料送达日期": "2021-05-07",
                }
            ),
            # legality review concluded after three working days, with no reason
            _row({"决策事项名称": "审查时间不足的决策", "合法性审查意见日期": "2021-05-20"}),
            # a wrongly written document number
            _row({"决策事项名称": "文号错误的决策", "文号": "荣政发[2021]5号"}),
        ],
    )

    preview = import_preview(spec=HISTORIC_DECISION_IMPORT, source=path, acting_user=bureau_staff)

    assert (preview.total_rows, preview.valid_count) == (5, 1)
    by_line = {error.line: error for error in preview.errors}
    assert set(by_line) == {3, 4, 5, 6}
    assert "尚缺：公众参与" in by_line[3].message
    assert by_line[4].column == "听证材料送达日期"
    assert "7日前送达" in by_line[4].message
    assert "最短期限" in by_line[5].message
    assert by_line[6].column == "文号"
    assert not MajorDecision.objects.exists()  # the check rolls everything back
    assert not LegalityReview.objects.exists()


def test_commit_writes_the_good_rows_through_the_services(tmp_path, world, bureau_staff):
    path = _workbook(tmp_path, [_row(), _row({"决策事项名称": "", "年度": "两千"})])
    preview = import_preview(spec=HISTORIC_DECISION_IMPORT, source=path, acting_user=bureau_staff)

    result = import_commit(
        spec=HISTORIC_DECISION_IMPORT,
        source=path,
        acting_user=bureau_staff,
        skip_lines=preview.error_lines,
        expected_count=preview.valid_count,
    )

    assert (result.written, result.skipped) == (1, 1)
    decision = MajorDecision.objects.get()
    assert (decision.status, decision.is_historic, decision.doc_number) == (
        MajorDecision.Status.PUBLISHED,
        True,
        "荣政发〔2021〕5号",
    )
    assert set(DecisionStep.objects.values_list("kind", flat=True)) == {
        "drafting",
        "public_participation",
        "collective_decision",
        "party_report",
        "publication",
    }
    review = LegalityReview.objects.get()
    assert (review.opinion, review.concluded_on) == ("lawful", datetime.date(2021, 5, 31))
    assert AuditLog.objects.filter(event=AuditLog.Event.CREATE, message__contains="导入").exists()


def test_a_department_cannot_import(tmp_path, world, department_officer):
    path = _workbook(tmp_path, [_row()])

    preview = import_preview(
        spec=HISTORIC_DECISION_IMPORT, source=path, acting_user=department_officer
    )

    assert preview.valid_count == 0
    assert not MajorDecision.objects.exists()


def test_template_marks_the_required_columns():
    content = template_workbook_bytes(HISTORIC_DECISION_IMPORT)

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][:5] == [
        "决策事项名称*",
        "区划代码*",
        "承办单位编码*",
        "年度*",
        "涉及社会公众切身利益",
    ]
