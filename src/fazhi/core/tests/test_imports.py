import dataclasses
import datetime
import io
import os
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.imports import (
    ImportContext,
    ImportFailed,
    ImportFileError,
    StagedUpload,
    boolean,
    choice,
    column_prefetch,
    date,
    error_workbook_bytes,
    import_commit,
    import_preview,
    integer,
    lookup,
    staged_purge,
    template_workbook_bytes,
    upload_stage,
)
from fazhi.core.models import AuditLog, Enterprise, Organization
from fazhi.core.resources import ENTERPRISE_IMPORT
from fazhi.core.services.directory import enterprise_create

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "名称", "所在区划代码", "法定代表人", "行业", "住所", "成立日期"]
GOOD_ROWS = [
    [
        "91371082MA3F2P7Q3M",
        "荣成甲水产有限公司",
        "371082007000",
        "王一",
        "水产品加工",
        "崖头路1号",
        "2020-01-05",
    ],
    [
        "91371082MA3G3R8T10",
        "荣成乙渔业有限公司",
        "371082007201",
        "",
        "",
        "",
        datetime.date(2019, 5, 1),
    ],
    [
        "91371082MA3J5X1K4U",
        "荣成丙食品有限公司",
        "371082001",
        "李二",
        "食品制造",
        "",
        "2018年3月9日",
    ],
]
BAD_USCC = ["91371082MA3H4W9U2X", "荣成丁商贸有限公司", "371082007000", "", "", "", ""]
UNKNOWN_REGION = ["91371082MA3K6Y2L57", "荣成戊物流有限公司", "371082099000", "", "", "", ""]
# Lines as Excel numbers them: the header is line 1.
MIXED_ROWS = [GOOD_ROWS[0], BAD_USCC, GOOD_ROWS[1], UNKNOWN_REGION, GOOD_ROWS[2]]
IMPORT_MESSAGE = "批量导入“企业名录”"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


def _xlsx(rows, headers=HEADERS, *, title=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _file(tmp_path, content: bytes, name="企业.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _sheet_rows(content: bytes, index=0):
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook.worksheets[index].iter_rows(values_only=True)]


def _import_url(**query):
    url = reverse("core:enterprise-import")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _upload(client, content: bytes, name="企业名录.xlsx"):
    return client.post(_import_url(), {"file": SimpleUploadedFile(name, content)})


def _staged_files(upload_dir):
    return sorted(path.name for path in upload_dir.iterdir()) if upload_dir.exists() else []


def _import_audits():
    return AuditLog.objects.filter(message__startswith=IMPORT_MESSAGE)


# Template -------------------------------------------------------------------------------------


def test_template_download_has_the_headers_and_an_example_row(world, sysadmin):
    response = login_client(sysadmin).get(_import_url(download="template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''%E4%BC%81%E4%B8%9A" in response["Content-Disposition"]
    rows = _sheet_rows(response.content)
    assert rows[0] == [
        "统一社会信用代码*",
        "名称*",
        "所在区划代码*",
        "法定代表人",
        "行业",
        "住所",
        "成立日期",
    ]
    assert rows[1] == [column.example for column in ENTERPRISE_IMPORT.columns]
    guide = _sheet_rows(response.content, index=1)
    assert guide[0] == ["列名", "是否必填", "填写要求"]
    assert guide[1][:2] == ["统一社会信用代码", "是"]


def test_template_filled_in_without_deleting_the_example_reports_the_example_row(
    world, sysadmin, tmp_path
):
    template = _sheet_rows(template_workbook_bytes(ENTERPRISE_IMPORT))
    path = _file(tmp_path, _xlsx([template[1], GOOD_ROWS[0]], headers=template[0]))

    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)

    assert (preview.total_rows, preview.valid_count) == (2, 1)
    assert [(error.line, error.message) for error in preview.errors] == [
        (2, "这是导入模板中的示例行，请删除后再导入")
    ]


# Upload, preview, error workbook, commit --------------------------------------------------------


def test_preview_counts_valid_rows_and_lists_bad_rows_by_line_with_reasons(
    world, sysadmin, upload_dir
):
    client = login_client(sysadmin)
    before = Enterprise.objects.count()

    response = _upload(client, _xlsx(MIXED_ROWS))

    assert response.status_code == 302
    page = client.get(_import_url())
    text = page.content.decode()
    assert page.status_code == 200
    preview = page.context["preview"]
    assert (preview.total_rows, preview.valid_count, preview.invalid_count) == (5, 3, 2)
    assert [(e.line, e.column, e.message) for e in preview.errors] == [
        (3, "统一社会信用代码", "统一社会信用代码校验位不正确"),
        (5, "所在区划代码", "区划代码 371082099000 不存在，请核对或先在行政区划中添加"),
    ]
    assert "导入有效的3行" in text
    assert "下载错误明细" in text
    assert "第3行" in text
    assert "第5行" in text
    # Checking writes nothing: the dry run of the service is rolled back.
    assert Enterprise.objects.count() == before
    assert not _import_audits().exists()
    assert len(_staged_files(upload_dir)) == 2  # the file and its preview


def test_error_workbook_holds_exactly_the_bad_rows_with_their_reasons(world, sysadmin):
    client = login_client(sysadmin)
    _upload(client, _xlsx(MIXED_ROWS))

    response = client.get(_import_url(download="errors"))

    assert response.status_code == 200
    rows = _sheet_rows(response.content)
    assert rows[0] == [*HEADERS, "错误原因", "原行号"]
    assert [row[0] for row in rows[1:]] == ["91371082MA3H4W9U2X", "91371082MA3K6Y2L57"]
    assert rows[1][-2:] == ["统一社会信用代码：统一社会信用代码校验位不正确", 3]
    assert rows[2][-2:] == [
        "所在区划代码：区划代码 371082099000 不存在，请核对或先在行政区划中添加",
        5,
    ]


def test_corrected_error_workbook_can_be_imported_again(world, sysadmin, tmp_path):
    source = _file(tmp_path, _xlsx(MIXED_ROWS))
    preview = import_preview(spec=ENTERPRISE_IMPORT, source=source, acting_user=sysadmin)
    workbook = openpyxl.load_workbook(
        io.BytesIO(error_workbook_bytes(spec=ENTERPRISE_IMPORT, source=source, preview=preview))
    )
    sheet = workbook.active
    sheet["A2"] = "91371082MA3H4W9U2R"
    sheet["C3"] = "371082007000"
    corrected = io.BytesIO()
    workbook.save(corrected)

    again = import_preview(
        spec=ENTERPRISE_IMPORT,
        source=_file(tmp_path, corrected.getvalue(), "corrected.xlsx"),
        acting_user=sysadmin,
    )

    assert (again.total_rows, again.valid_count, again.errors) == (2, 2, ())


def test_commit_writes_exactly_the_valid_rows_and_one_import_audit_row(world, sysadmin, upload_dir):
    client = login_client(sysadmin)
    before = Enterprise.objects.count()
    _upload(client, _xlsx(MIXED_ROWS))
    token = client.get(_import_url()).context["staged"].token

    response = client.post(_import_url(), {"action": "commit", "token": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("core:enterprise-list")
    assert Enterprise.objects.count() == before + 3
    imported = Enterprise.objects.get(uscc="91371082MA3J5X1K4U")
    assert imported.region == world.ningjin  # the 9-digit town code
    assert imported.established_on == datetime.date(2018, 3, 9)
    assert imported.created_by == sysadmin
    assert not Enterprise.objects.filter(uscc__in=[BAD_USCC[0], UNKNOWN_REGION[0]]).exists()
    audit = _import_audits().get()
    assert (audit.event, audit.user, audit.success) == (AuditLog.Event.CREATE, sysadmin, True)
    assert audit.message == "批量导入“企业名录”3行，跳过有误的2行；文件：企业名录.xlsx"
    assert audit.changes == {"file": "企业名录.xlsx", "written": 3, "skipped": 2}
    # The service audits each enterprise it registers, as when entered by hand.
    assert (
        AuditLog.objects.filter(
            event=AuditLog.Event.CREATE, object_type="core.Enterprise", user=sysadmin
        ).count()
        == 3
    )
    assert _staged_files(upload_dir) == []
    listing = client.get(response["Location"])
    assert "已从“企业名录.xlsx”导入企业名录3行，有误的2行未导入" in listing.content.decode()


def test_commit_with_a_stale_token_imports_nothing(world, sysadmin):
    client = login_client(sysadmin)
    before = Enterprise.objects.count()
    _upload(client, _xlsx(GOOD_ROWS))

    response = client.post(_import_url(), {"action": "commit", "token": "0" * 32})

    assert response.status_code == 302
    assert Enterprise.objects.count() == before
    assert "导入页面已过期" in client.get(_import_url()).content.decode()


def test_discard_drops_the_uploaded_file(world, sysadmin, upload_dir):
    client = login_client(sysadmin)
    _upload(client, _xlsx(GOOD_ROWS))

    client.post(_import_url(), {"action": "discard"})

    assert _staged_files(upload_dir) == []
    assert client.get(_import_url()).context["preview"] is None


# Duplicates ---------------------------------------------------------------------------------


def test_duplicates_within_the_file_and_against_the_register_are_reported(
    world, sysadmin, tmp_path
):
    registered = [world.enterprise_yatou.uscc, "荣成重复登记有限公司", "371082007000"]
    first = ["91371082mA3l7a3m6t", "荣成己水产有限公司", "371082007000"]
    again = ["91371082MA3L7A3M6T", "荣成己水产有限公司(重复)", "371082001000"]
    path = _file(tmp_path, _xlsx([registered, first, again], headers=HEADERS[:3]))

    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)

    assert (preview.total_rows, preview.valid_count) == (3, 1)
    assert [(e.line, e.column) for e in preview.errors] == [
        (2, "统一社会信用代码"),
        (4, "统一社会信用代码"),
    ]
    assert "已存在" in preview.errors[0].message
    assert preview.errors[1].message == "与第3行重复"


# Files that cannot be imported --------------------------------------------------------------


def test_wrong_headers_name_the_missing_and_unknown_columns_and_import_nothing(
    world, sysadmin, upload_dir
):
    client = login_client(sysadmin)
    before = Enterprise.objects.count()
    headers = ["统一社会信用代码", "单位名称", "所在区划代码", "序号"]

    response = _upload(client, _xlsx([r[:4] for r in GOOD_ROWS], headers=headers))

    assert response.status_code == 400
    text = response.content.decode()
    assert "缺少必填列“名称”" in text
    assert "无法识别的列“单位名称”、“序号”" in text
    assert Enterprise.objects.count() == before
    assert _staged_files(upload_dir) == []


def _docx_like() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        pytest.param(b"just some text", "企业.xlsx", "不是有效的Excel工作簿", id="text_case"),
        pytest.param(b"", "企业.xlsx", "文件是空的", id="empty_case"),
        pytest.param(_docx_like(), "企业.xlsx", "不是有效的Excel工作簿", id="docx_case"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "企业.xls", ".xls", id="xls_case"
        ),
        pytest.param(_xlsx([], headers=[]), "企业.xlsx", "文件中没有数据", id="blank_sheet_case"),
        pytest.param(
            _xlsx([["a", "b"]], headers=["甲", "乙"]),
            "企业.xlsx",
            "未找到表头",
            id="no_header_case",
        ),
        pytest.param(_xlsx([]), "企业.xlsx", "只有表头，没有数据行", id="header_only_case"),
    ],
)
def test_files_that_are_not_importable_get_a_clear_message_and_nothing_is_written(
    world, sysadmin, upload_dir, content, name, message
):
    client = login_client(sysadmin)
    before = Enterprise.objects.count()

    response = _upload(client, content, name)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Enterprise.objects.count() == before
    assert _staged_files(upload_dir) == []


def test_a_zero_byte_file_is_refused_at_staging(world, sysadmin):
    with pytest.raises(ImportFileError, match="文件是空的"):
        upload_stage(SimpleUploadedFile("企业.xlsx", b""), user=sysadmin)


def test_more_rows_than_the_limit_are_refused(world, sysadmin, tmp_path):
    spec = dataclasses.replace(ENTERPRISE_IMPORT, max_rows=2)
    path = _file(tmp_path, _xlsx(GOOD_ROWS))

    with pytest.raises(ImportFileError, match="超过单次导入上限2行"):
        import_preview(spec=spec, source=path, acting_user=sysadmin)


def test_a_sheet_with_a_far_away_cell_is_refused_before_it_is_loaded(world, sysadmin, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(GOOD_ROWS[0])
    workbook.active.cell(row=900_000, column=300, value="x")
    output = io.BytesIO()
    workbook.save(output)

    with pytest.raises(ImportFileError, match="数据区域过大"):
        import_preview(
            spec=ENTERPRISE_IMPORT,
            source=_file(tmp_path, output.getvalue()),
            acting_user=sysadmin,
        )


# Reading ------------------------------------------------------------------------------------


def test_a_title_row_above_the_headers_keeps_excel_line_numbers(world, sysadmin, tmp_path):
    path = _file(tmp_path, _xlsx([GOOD_ROWS[0], BAD_USCC], title="荣成市企业名录(2024年)"))

    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)

    assert (preview.total_rows, preview.valid_count) == (2, 1)
    assert [error.line for error in preview.errors] == [4]


def test_csv_files_in_utf8_or_gbk_are_read(world, sysadmin, tmp_path):
    lines = [",".join(HEADERS[:3]), "91371082MA3M8B4N76,荣成庚贸易有限公司,371082007201"]
    for encoding in ("utf-8-sig", "gbk"):
        path = _file(tmp_path, "\r\n".join(lines).encode(encoding), f"{encoding}.csv")

        preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)

        assert (preview.total_rows, preview.valid_count, preview.errors) == (1, 1, ())


def test_region_must_be_a_town_or_village(world, sysadmin, tmp_path):
    row = ["91371082MA3M8B4N76", "荣成庚贸易有限公司", world.county.code]
    path = _file(tmp_path, _xlsx([row], headers=HEADERS[:3]))

    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)

    assert preview.errors[0].message == (
        "荣成市(371082000000)是县级市(区)，应填写镇(街道)或村(社区)的区划代码"
    )


def test_required_cells_left_empty_are_reported_per_column(world, sysadmin, tmp_path):
    path = _file(tmp_path, _xlsx([["", "荣成庚贸易有限公司", ""]], headers=HEADERS[:3]))

    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)

    assert [(e.column, e.message) for e in preview.errors] == [
        ("统一社会信用代码", "必填，不能为空"),
        ("所在区划代码", "必填，不能为空"),
    ]


@pytest.mark.parametrize(
    ("parser", "cell", "expected"),
    [
        (date(), "2020-01-05", datetime.date(2020, 1, 5)),
        (date(), "2020/1/5", datetime.date(2020, 1, 5)),
        (date(), "2020年1月5日", datetime.date(2020, 1, 5)),
        (date(), "20200105", datetime.date(2020, 1, 5)),
        (date(), datetime.datetime(2020, 1, 5, 0, 0), datetime.date(2020, 1, 5)),  # noqa: DTZ001
        (integer(min_value=0), 12.0, 12),
        (integer(min_value=0), "1,200", 1200),
        (boolean(), "是", True),
        (boolean(), "N", False),
        (choice(Enterprise.Status.choices), "注销", Enterprise.Status.CLOSED),
        (choice(Enterprise.Status.choices), "active", Enterprise.Status.ACTIVE),
    ],
)
def test_parsers_accept_what_people_type(parser, cell, expected):
    assert parser(cell, None) == expected


@pytest.mark.parametrize(
    ("parser", "cell", "message"),
    [
        (date(), "2020-02-30", "日期“2020-02-30”不存在"),
        (date(), "明年", "日期“明年”格式不对，应如 2020-01-05"),
        (integer(min_value=0), "1.5", "应为整数，不能是“1.5”"),
        (integer(min_value=0), "-1", "不能小于0"),
        (boolean(), "也许", "应填“是”或“否”，不能是“也许”"),
        (choice(Enterprise.Status.choices), "停业", "应为“存续”、“注销”之一，不能是“停业”"),
    ],
)
def test_parsers_refuse_with_a_chinese_reason(parser, cell, message):
    with pytest.raises(ValidationError, match=message) as raised:
        parser(cell, None)
    assert raised.value.messages == [message]


# All or nothing ---------------------------------------------------------------------------


def test_a_failure_during_commit_leaves_no_row_written(world, sysadmin, tmp_path):
    path = _file(tmp_path, _xlsx(GOOD_ROWS))
    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)
    calls = []

    def failing_writer(values, *, acting_user):
        calls.append(values["uscc"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return enterprise_create(acting_user=acting_user, **values)

    spec = dataclasses.replace(ENTERPRISE_IMPORT, row_writer=failing_writer)
    before = Enterprise.objects.count()

    with pytest.raises(ImportFailed) as failed:
        import_commit(
            spec=spec,
            source=path,
            acting_user=sysadmin,
            skip_lines=preview.error_lines,
            expected_count=preview.valid_count,
            file_name="企业.xlsx",
        )

    assert failed.value.message == "第3行写入时发生系统错误。已全部撤销，没有导入任何数据"
    assert len(calls) == 2
    # The first row had been written in the same transaction and is rolled back with it.
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(uscc=GOOD_ROWS[0][0]).exists()
    failure = AuditLog.objects.get(success=False, message__startswith=IMPORT_MESSAGE)
    assert failure.user == sysadmin
    assert not _import_audits().filter(success=True).exists()


def test_commit_imports_nothing_when_a_row_became_invalid_after_the_preview(
    world, sysadmin, tmp_path
):
    path = _file(tmp_path, _xlsx(GOOD_ROWS))
    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin)
    enterprise_create(
        acting_user=sysadmin, uscc=GOOD_ROWS[2][0], name="抢先登记有限公司", region=world.yatou
    )
    before = Enterprise.objects.count()

    with pytest.raises(ImportFailed, match="第4行 统一社会信用代码"):
        import_commit(
            spec=ENTERPRISE_IMPORT,
            source=path,
            acting_user=sysadmin,
            skip_lines=preview.error_lines,
            expected_count=preview.valid_count,
        )

    assert Enterprise.objects.count() == before


def test_commit_refuses_when_the_count_differs_from_the_preview(world, sysadmin, tmp_path):
    path = _file(tmp_path, _xlsx(GOOD_ROWS))
    before = Enterprise.objects.count()

    with pytest.raises(ImportFailed, match="预览2行，现在3行"):
        import_commit(spec=ENTERPRISE_IMPORT, source=path, acting_user=sysadmin, expected_count=2)

    assert Enterprise.objects.count() == before


# Permissions and the staged file ---------------------------------------------------------------


def test_department_officer_is_refused_and_nothing_is_written(
    world, department_officer, upload_dir
):
    client = login_client(department_officer)
    before = Enterprise.objects.count()

    page = client.get(_import_url())
    template = client.get(_import_url(download="template"))
    upload = _upload(client, _xlsx(GOOD_ROWS))
    commit = client.post(_import_url(), {"action": "commit", "token": "0" * 32})

    assert [page.status_code, template.status_code, upload.status_code, commit.status_code] == [
        403,
        403,
        403,
        403,
    ]
    assert Enterprise.objects.count() == before
    assert _staged_files(upload_dir) == []
    assert (
        AuditLog.objects.filter(
            event=AuditLog.Event.DENIED,
            user=department_officer,
            message__contains="manage_code_lists",
        ).count()
        == 4
    )


def test_enterprise_list_offers_import_only_to_those_who_may_import(
    world, sysadmin, department_officer
):
    import_url = reverse("core:enterprise-import")

    admin_page = login_client(sysadmin).get(reverse("core:enterprise-list"))
    officer_page = login_client(department_officer).get(reverse("core:enterprise-list"))

    assert f'href="{import_url}"' in admin_page.content.decode()
    assert f'href="{import_url}"' not in officer_page.content.decode()


def test_staged_upload_from_the_session_is_only_the_owners_and_never_a_path(
    world, sysadmin, department_officer
):
    staged = upload_stage(SimpleUploadedFile("企业.xlsx", _xlsx(GOOD_ROWS)), user=sysadmin)

    assert StagedUpload.from_dict(staged.to_dict(), user=sysadmin) == staged
    assert StagedUpload.from_dict(staged.to_dict(), user=department_officer) is None
    forged = {**staged.to_dict(), "token": "../../fazhi.sqlite3"}
    assert StagedUpload.from_dict(forged, user=sysadmin) is None
    assert StagedUpload.from_dict({**staged.to_dict(), "suffix": ".py"}, user=sysadmin) is None
    assert oct(staged.path.stat().st_mode & 0o777) == "0o600"


def test_uploads_older_than_a_day_are_purged(world, sysadmin):
    old = upload_stage(SimpleUploadedFile("旧.xlsx", _xlsx(GOOD_ROWS)), user=sysadmin)
    new = upload_stage(SimpleUploadedFile("新.xlsx", _xlsx(GOOD_ROWS)), user=sysadmin)
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()  # noqa: DTZ005
    os.utime(old.path, (two_days_ago, two_days_ago))

    removed = staged_purge()

    assert removed == 1
    assert not old.path.exists()
    assert new.path.exists()


def test_a_refusal_by_the_service_is_reported_per_row_and_stays_on_record(
    world, department_officer, tmp_path
):
    path = _file(tmp_path, _xlsx(GOOD_ROWS[:2]))

    preview = import_preview(spec=ENTERPRISE_IMPORT, source=path, acting_user=department_officer)

    assert preview.valid_count == 0
    assert {error.message for error in preview.errors} == {
        "无权办理此行：记录不在您的数据范围内，或缺少相应权限"
    }
    # The dry run is rolled back, the denials it met are written again (S10).
    denials = AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=department_officer)
    assert denials.count() == 2


def test_lookup_finds_only_rows_the_user_may_see(world, town_staff, other_town_staff):
    parser = lookup(
        queryset=lambda user: Organization.objects.visible_to(user), field="code", label="单位"
    )

    found = parser("office-yatou", ImportContext(town_staff))

    assert found == world.office_yatou
    with pytest.raises(ValidationError, match="单位“office-yatou”不存在或不在您的数据范围内"):
        parser("office-yatou", ImportContext(other_town_staff))


def test_a_lookup_column_is_fetched_at_once_and_each_cell_then_found_without_a_query(
    world, town_staff, django_assert_num_queries
):
    parser = lookup(
        queryset=lambda user: Organization.objects.visible_to(user), field="code", label="单位"
    )
    context = ImportContext(town_staff)
    cells = ["office-yatou", "office-yatou", "无此单位", None, " office-yatou "]

    # The user's scope, then the column's codes in one query.
    with django_assert_num_queries(2):
        column_prefetch(parser, cells, context)
    with django_assert_num_queries(0):
        found = parser("office-yatou", context)
        with pytest.raises(ValidationError, match="单位“无此单位”不存在或不在您的数据范围内"):
            parser("无此单位", context)

    assert found == world.office_yatou
