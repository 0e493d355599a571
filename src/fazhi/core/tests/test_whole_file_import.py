import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from fazhi.core.audit import audit_record
from fazhi.core.imports import (
    Column,
    ImportSpec,
    integer,
    service_rows_renumbered,
    text,
    whole_file_import,
    whole_file_only,
    whole_file_rows_read,
)
from fazhi.core.models import AuditLog

pytestmark = pytest.mark.django_db

BOOK_IMPORT = ImportSpec(
    key="tests.books",
    title="图书",
    columns=[
        Column("书名", "title", text(max_length=20), required=True, example="示例书名"),
        Column("册数", "copies", integer(min_value=1), required=True, example="1"),
        Column("编号", "code", text(), unique=True, example="B-001"),
    ],
    row_writer=whole_file_only,
)


def _source(tmp_path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["书名", "册数", "编号"])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    path = tmp_path / "图书.xlsx"
    path.write_bytes(output.getvalue())
    return path


def _writer(user, written):
    def write(rows):
        for row in rows:
            audit_record(event=AuditLog.Event.CREATE, user=user, message=f"图书{row['title']}")
        written.extend(rows)
        return len(rows)

    return write


def _books_logged():
    return AuditLog.objects.filter(message__startswith="图书").count()


def test_reader_names_example_row_empty_required_cells_bad_cells_and_repeats(tmp_path, sysadmin):
    source = _source(
        tmp_path,
        [
            ["示例书名", "1", "B-001"],  # line 2: the template's example row
            ["行政法", "2", "A-1"],
            ["", "零", "A-2"],
            ["民法", "3", "A-1"],
        ],
    )

    rows, problems = whole_file_rows_read(spec=BOOK_IMPORT, source=source, acting_user=sysadmin)

    assert rows == [(3, {"title": "行政法", "copies": 2, "code": "A-1"})]
    assert problems == [
        "第2行：这是导入模板中的示例行，请删除后再导入",
        "第4行：书名：必填，不能为空；册数：应为整数，不能是“零”",
        "第5行：编号与第3行重复",
    ]


def test_service_rows_are_renumbered_to_file_lines_everywhere_in_a_message():
    assert service_rows_renumbered(
        ["第2行：册数太多", "第3行：与第1行是同一本书", "没有行号"], [4, 7, 9]
    ) == ["第7行：册数太多", "第9行：与第4行是同一本书", "没有行号"]


def test_service_refusal_names_file_lines_sorted_and_writes_nothing(tmp_path, sysadmin):
    source = _source(
        tmp_path,
        [
            ["行政法", "2", "A-1"],
            ["示例书名", "1", "B-001"],
            ["民法", "3", "A-2"],
            ["刑法", "1", "A-3"],
        ],
    )
    written = []

    def write(rows):
        _writer(sysadmin, written)(rows)
        raise ValidationError({"rows": ["第3行：刑法已在馆藏中", "第2行：与第1行重复"]})

    outcome = whole_file_import(spec=BOOK_IMPORT, source=source, acting_user=sysadmin, write=write)

    assert outcome.written == 0
    assert outcome.problems == (
        "第3行：这是导入模板中的示例行，请删除后再导入",
        "第4行：与第2行重复",
        "第5行：刑法已在馆藏中",
    )
    assert _books_logged() == 0


def test_readable_rows_are_rolled_back_when_another_row_is_bad(tmp_path, sysadmin):
    source = _source(tmp_path, [["行政法", "2", "A-1"], ["民法", "多", "A-2"]])
    written = []

    outcome = whole_file_import(
        spec=BOOK_IMPORT, source=source, acting_user=sysadmin, write=_writer(sysadmin, written)
    )

    assert outcome.written == 0
    assert outcome.problems == ("第3行：册数：应为整数，不能是“多”",)
    assert [row["title"] for row in written] == ["行政法"]  # checked by the service …
    assert _books_logged() == 0  # … and rolled back


def test_good_file_is_written_whole(tmp_path, sysadmin):
    source = _source(tmp_path, [["行政法", "2", "A-1"], ["民法", "1", ""]])

    outcome = whole_file_import(
        spec=BOOK_IMPORT, source=source, acting_user=sysadmin, write=_writer(sysadmin, [])
    )

    assert outcome.written == 2
    assert outcome.problems == ()
    assert _books_logged() == 2


def test_file_with_only_the_example_row_reports_it_and_not_the_empty_problem(tmp_path, sysadmin):
    source = _source(tmp_path, [["示例书名", "1", "B-001"]])

    outcome = whole_file_import(
        spec=BOOK_IMPORT,
        source=source,
        acting_user=sysadmin,
        write=_writer(sysadmin, []),
        empty_problem="文件中没有图书",
    )

    assert outcome.problems == ("第2行：这是导入模板中的示例行，请删除后再导入",)


def test_a_file_with_unreadable_rows_is_only_checked_when_the_caller_can_check(tmp_path, sysadmin):
    source = _source(
        tmp_path, [["行政法", "2", "A-1"], ["民法", "多", "A-2"], ["刑法", "1", "A-3"]]
    )
    written: list[dict] = []
    checked: list[dict] = []

    def validate(rows):
        checked.extend(rows)
        raise ValidationError({"rows": ["第2行：刑法已在馆藏中"]})

    outcome = whole_file_import(
        spec=BOOK_IMPORT,
        source=source,
        acting_user=sysadmin,
        write=_writer(sysadmin, written),
        validate=validate,
    )

    assert written == []  # the writer never ran: the file was refused anyway
    assert [row["title"] for row in checked] == ["行政法", "刑法"]
    assert outcome.problems == ("第3行：册数：应为整数，不能是“多”", "第4行：刑法已在馆藏中")


def test_a_readable_file_is_written_not_merely_checked(tmp_path, sysadmin):
    source = _source(tmp_path, [["行政法", "2", "A-1"]])

    def validate(rows):
        raise AssertionError("a file without unreadable rows goes straight to the writer")

    outcome = whole_file_import(
        spec=BOOK_IMPORT,
        source=source,
        acting_user=sysadmin,
        write=_writer(sysadmin, []),
        validate=validate,
    )

    assert outcome.written == 1
