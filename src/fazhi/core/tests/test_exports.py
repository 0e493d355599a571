import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import login_client
from fazhi.core.exports import counted, csv_write, sheets_of
from fazhi.core.models import AuditLog, ExportJob, Membership, RuleParameterValue
from fazhi.core.parameters import EXPORT_BACKGROUND_ROWS
from fazhi.core.services.exports import INTERRUPTED, export_jobs_purge

pytestmark = pytest.mark.django_db

LIST_URL = "/enterprises/"
HEADERS = ["名称", "统一社会信用代码"]
# Session, user, the user's memberships (menu), the jobs (the session was saved a moment ago, by
# the export: core.sessions saves it at most once a minute).
QUERIES_OF_MY_EXPORTS = 4


@pytest.fixture
def background_above_one_row(world):
    _lower_threshold()


def _lower_threshold():
    # The bureau lowers the threshold: the two enterprises of the test world go to a job.
    RuleParameterValue.objects.create(
        key=EXPORT_BACKGROUND_ROWS,
        value=1,
        valid_from=timezone.localdate() - datetime.timedelta(days=1),
        legal_basis="测试",
        reason="测试后台导出",
    )


def _workbook_rows(content: bytes) -> dict[str, list[list[object]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def _export_in_background(
    client, django_capture_on_commit_callbacks, export_format="xlsx", **params
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(LIST_URL, {"export": export_format, **params})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:export-job-list")
    return ExportJob.objects.get()


def _download(client, job) -> bytes:
    response = client.get(reverse("core:export-job-download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_export_at_or_below_the_threshold_downloads_at_once(world, bureau_staff):
    client = login_client(bureau_staff)

    response = client.get(LIST_URL, {"export": "xlsx"})

    assert response.status_code == 200
    assert not ExportJob.objects.exists()
    assert len(_workbook_rows(response.content)["企业名录"]) == 3


def test_export_above_the_threshold_becomes_a_job(world, bureau_staff, background_above_one_row):
    client = login_client(bureau_staff)

    response = client.get(LIST_URL, {"export": "csv", "q": "荣成", "page": "1"})

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.requested_by == bureau_staff
    assert (job.title, job.format, job.status) == ("企业", "csv", ExportJob.Status.QUEUED)
    assert job.rows_total == 2
    # The job re-runs the list with the user's filters, not the page number or the export flag.
    assert job.query == "q=%E8%8D%A3%E6%88%90"
    assert job.filters == "筛选条件：关键词=荣成"
    page = client.get(response["Location"])
    assert "已转为后台导出" in page.content.decode()
    # Nothing is exported, and so nothing audited, until the job has run.
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_job_writes_the_rows_and_columns_of_the_inline_export(
    world, bureau_staff, django_capture_on_commit_callbacks
):
    client = login_client(bureau_staff)
    inline = _workbook_rows(client.get(LIST_URL, {"export": "xlsx", "sort": "-uscc"}).content)
    _lower_threshold()

    job = _export_in_background(client, django_capture_on_commit_callbacks, sort="-uscc")

    assert job.status == ExportJob.Status.DONE
    assert (job.rows_done, job.rows_total) == (2, 2)
    assert job.query == ""
    assert _workbook_rows(_download(client, job)) == inline


def test_csv_job_is_utf8_with_bom_so_excel_reads_chinese(
    world, bureau_staff, background_above_one_row, django_capture_on_commit_callbacks
):
    client = login_client(bureau_staff)

    job = _export_in_background(client, django_capture_on_commit_callbacks, "csv", sort="uscc")
    content = _download(client, job)

    assert job.filename.endswith(".csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:2] == HEADERS
    assert [row[0] for row in rows[1:]] == ["荣成崖头水产有限公司", "荣成宁津渔业有限公司"]


def test_xlsx_job_continues_on_further_sheets_past_the_sheet_limit(
    world,
    bureau_staff,
    background_above_one_row,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.EXPORT_SHEET_MAX_ROWS = 1
    client = login_client(bureau_staff)

    job = _export_in_background(client, django_capture_on_commit_callbacks, sort="uscc")
    sheets = _workbook_rows(_download(client, job))

    assert list(sheets) == ["企业名录", "企业名录（2）"]
    assert [rows[0][:2] for rows in sheets.values()] == [HEADERS, HEADERS]
    assert [rows[1][0] for rows in sheets.values()] == [
        "荣成崖头水产有限公司",
        "荣成宁津渔业有限公司",
    ]


def test_sheets_are_cut_without_an_empty_last_sheet():
    def cut(count, size):
        return [
            (sheet.name, len(list(sheet.rows)))
            for sheet in sheets_of(
                name="台账", headers=["a"], rows=([n] for n in range(count)), sheet_rows=size
            )
        ]

    assert cut(4, 2) == [("台账", 2), ("台账（2）", 2)]
    assert cut(5, 2) == [("台账", 2), ("台账（2）", 2), ("台账（3）", 1)]
    assert cut(0, 2) == [("台账", 0)]


def test_progress_is_reported_every_chunk_and_at_the_end():
    reported: list[int] = []

    rows = list(counted(([n] for n in range(5)), progress=reported.append, chunk=2))

    assert len(rows) == 5
    assert reported == [2, 4, 5]


def test_job_progress_reaches_the_page(
    world, bureau_staff, background_above_one_row, django_capture_on_commit_callbacks, settings
):
    settings.EXPORT_CHUNK_ROWS = 1
    client = login_client(bureau_staff)
    job = _export_in_background(client, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, rows_done=1)

    page = client.get(reverse("core:export-job-list")).content.decode()

    assert "1 / 2 行（50%）" in page
    # While a job runs the table asks for itself again (htmx, served from this host).
    assert 'hx-trigger="every 3s"' in page


def test_job_completion_writes_the_lists_export_audit_row(
    world, bureau_staff, background_above_one_row, django_capture_on_commit_callbacks
):
    client = login_client(bureau_staff)

    _export_in_background(client, django_capture_on_commit_callbacks, q="荣成")

    row = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert row.user == bureau_staff
    assert row.message == "导出“企业”2行；筛选条件：关键词=荣成"


def test_download_is_audited(
    world, bureau_staff, background_above_one_row, django_capture_on_commit_callbacks
):
    client = login_client(bureau_staff)
    job = _export_in_background(client, django_capture_on_commit_callbacks)

    _download(client, job)

    download = AuditLog.objects.get(event=AuditLog.Event.EXPORT, changes__download=True)
    assert download.user == bureau_staff
    assert download.object_id == str(job.pk)
    assert download.message == "下载后台导出的“企业”2行（Excel）"


def test_another_user_cannot_download(
    world,
    bureau_staff,
    other_county_bureau,
    background_above_one_row,
    django_capture_on_commit_callbacks,
):
    job = _export_in_background(login_client(bureau_staff), django_capture_on_commit_callbacks)
    other = login_client(other_county_bureau)

    response = other.get(reverse("core:export-job-download", args=[job.pk]))
    page = other.get(reverse("core:export-job-list")).content.decode()

    assert response.status_code == 404
    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=other_county_bureau).exists()
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT, changes__download=True).exists()
    assert reverse("core:export-job-download", args=[job.pk]) not in page


def test_job_fails_with_a_reason_when_the_user_lost_the_right(
    world, bureau_staff, background_above_one_row, django_capture_on_commit_callbacks
):
    client = login_client(bureau_staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(LIST_URL, {"export": "xlsx"})
    Membership.objects.filter(user=bureau_staff).delete()

    for callback in callbacks:
        callback()

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "您现在没有导出该列表的权限（角色或数据范围已变更），导出未完成"
    assert not job.file
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()
    refused = client.get(reverse("core:export-job-download", args=[job.pk]), follow=True)
    assert "没有可下载的文件" in refused.content.decode()


def test_purge_removes_files_past_retention_and_fails_interrupted_jobs(
    world, bureau_staff, background_above_one_row, django_capture_on_commit_callbacks
):
    client = login_client(bureau_staff)
    done = _export_in_background(client, django_capture_on_commit_callbacks)
    stuck = ExportJob.objects.create(
        requested_by=bureau_staff,
        title="企业",
        export_name="企业名录",
        path=LIST_URL,
        format="csv",
        status=ExportJob.Status.RUNNING,
    )
    ExportJob.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    storage, name = done.file.storage, done.file.name

    removed = export_jobs_purge(now=done.expires_at + datetime.timedelta(seconds=1))

    done.refresh_from_db()
    stuck.refresh_from_db()
    assert removed == 1
    assert (done.status, done.file.name) == (ExportJob.Status.EXPIRED, "")
    assert not storage.exists(name)
    assert (stuck.status, stuck.error) == (ExportJob.Status.FAILED, INTERRUPTED)


def test_csv_never_lets_excel_read_text_as_a_formula():
    output = io.StringIO()

    csv_write(output, headers=["说明", "数"], rows=[['=HYPERLINK("http://x")', -3]])

    assert output.getvalue().splitlines()[1] == '"\'=HYPERLINK(""http://x"")",-3'


def test_my_exports_page_costs_the_same_queries_for_one_job_or_many(
    world, bureau_staff, background_above_one_row, django_assert_num_queries
):
    client = login_client(bureau_staff)
    client.get(LIST_URL, {"export": "xlsx"})
    with django_assert_num_queries(QUERIES_OF_MY_EXPORTS):
        client.get(reverse("core:export-job-list"))
    for _ in range(3):
        client.get(LIST_URL, {"export": "csv"})

    with django_assert_num_queries(QUERIES_OF_MY_EXPORTS):
        page = client.get(reverse("core:export-job-list"))

    assert page.content.decode().count("排队中") == 4
