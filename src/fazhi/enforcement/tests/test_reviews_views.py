"""Case-file review pages: personas, the end-to-end flow in the browser's place (test client)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fazhi.conftest import login_client
from fazhi.core.models import Attachment
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.enforcement.models import (
    BatchFile,
    BatchReviewer,
    CaseFile,
    Problem,
    RectificationNotice,
    ReviewBatch,
    ScoreSheet,
)
from fazhi.enforcement.services import reviews
from fazhi.enforcement.tests.test_reviews import appoint, case_files, drawn_batch, rubric
from fazhi.enforcement.tests.test_reviews import batch as new_batch

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def scene(world, bureau_staff, department_officer, other_department_officer):
    rubric(bureau_staff, world)
    case_files(department_officer, world.market, 3, "荣市监罚")
    case_files(other_department_officer, world.ecology, 2, "荣环罚")
    return world


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("bureau_staff", 200),
        ("department_officer", 200),
        ("other_county_bureau", 200),
        ("bureau_reviewer", 403),
        ("town_staff", 403),
        ("officer", 403),
        ("sysadmin", 403),
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/enforcement/reviews/batches/",
        "/enforcement/reviews/rubrics/",
        "/enforcement/reviews/case-files/",
        "/enforcement/reviews/rectifications/",
    ],
)
def test_review_pages_open_for_the_right_personas(request, scene, persona, status, url):
    client = login_client(request.getfixturevalue(persona))
    assert client.get(url).status_code == status


def test_only_the_bureau_may_create_a_batch(scene, department_officer):
    client = login_client(department_officer)
    response = client.post(
        "/enforcement/reviews/batches/new/",
        {"title": "越权", "starts_on": "2022-04-01", "departments": [scene.market.pk]},
    )
    assert response.status_code == 403
    assert not ReviewBatch.objects.exists()


def test_department_registers_a_case_file(scene, department_officer):
    client = login_client(department_officer)
    response = client.post(
        "/enforcement/reviews/case-files/new/",
        {
            "organization": scene.market.pk,
            "case_number": "荣市监罚〔2022〕99号",
            "case_type": "penalty",
            "title": "无照经营案",
            "closed_on": "2022-03-01",
        },
    )
    assert response.status_code == 302
    listing = client.get("/enforcement/reviews/case-files/").content.decode()
    assert "荣市监罚〔2022〕99号" in listing
    assert "荣环罚" not in listing  # another department's files stay out of sight


def test_a_batch_is_drawn_scored_and_its_findings_rectified_and_closed(
    scene, bureau_staff, department_officer, other_department_officer
):
    bureau = login_client(bureau_staff)
    # given a batch drawn on the page
    response = bureau.post(
        "/enforcement/reviews/batches/new/",
        {
            "title": "2022年第一季度案卷评查",
            "starts_on": "2022-04-01",
            "departments": [scene.market.pk, scene.ecology.pk],
            "closed_from": "2022-01-01",
            "closed_until": "2022-03-31",
            "sample_count": "1",
            "blind": "on",
        },
    )
    assert response.status_code == 302
    batch = ReviewBatch.objects.get()
    detail = f"/enforcement/reviews/batches/{batch.pk}/"
    assert (
        bureau.post(f"{detail}reviewers/", {"reviewers-users": [bureau_staff.pk]}).status_code
        == 302
    )
    assert (
        bureau.post(
            f"{detail}announce/", {"announce-seed_rule": "当日上证综指收盘点位"}
        ).status_code
        == 302
    )
    assert bureau.post(f"{detail}draw/", {"draw-seed_value": "3241.50"}).status_code == 302
    page = bureau.get(detail).content.decode()
    batch = ReviewBatch.objects.get()
    assert f'href="/draws/{batch.draw_id}/"' in page
    assert f'href="/portal/draws/{batch.draw_id}/verify/"' in page
    assert BatchFile.objects.filter(batch=batch).count() == 2

    # when the reviewer scores both files, one with a problem
    items = {item.code: item for item in batch.rubric_version.items.all()}
    market_file = BatchFile.objects.get(batch=batch, case_file__organization=scene.market)
    sheets = ScoreSheet.objects.filter(batch_file__batch=batch)
    for sheet in sheets:
        data = {"submit": "1"}
        if sheet.batch_file == market_file:
            data |= {f"occurrences-{items['N1'].pk}": "2", f"note-{items['N1'].pk}": "未告知听证"}
        response = bureau.post(f"/enforcement/reviews/sheets/{sheet.pk}/", data)
        assert response.status_code == 302
    market_file.refresh_from_db()
    assert market_file.final_score == 90
    board = bureau.get(f"{detail}board/").content.decode()
    assert "90.0" in board

    # and concludes the batch: the market department gets a notice
    assert bureau.post(f"{detail}conclude/").status_code == 302
    notice = RectificationNotice.objects.get()
    assert notice.organization == scene.market
    notice_url = f"/enforcement/reviews/rectifications/{notice.pk}/"

    # another department cannot see it, let alone answer it
    ecology = login_client(other_department_officer)
    assert ecology.post(f"{notice_url}respond/", {"respond-response": "冒名"}).status_code == 404

    market = login_client(department_officer)
    assert "未告知听证" in market.get(notice_url).content.decode()
    response = market.post(
        f"{notice_url}respond/",
        {
            "respond-response": "已补充听证告知书",
            "respond-evidence": SimpleUploadedFile(
                "整改.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.filter(object_id=notice.pk).count() == 1

    # then the bureau accepts and the notice is closed
    response = bureau.post(f"{notice_url}recheck/", {"recheck-accepted": "1"})
    assert response.status_code == 302
    notice = RectificationNotice.objects.get()
    assert notice.status == RectificationNotice.Status.CLOSED
    assert Problem.objects.get().rectified_on == notice.closed_on


def test_blind_sheet_page_hides_the_colleagues_score(scene, bureau_staff):
    from fazhi.enforcement.services import reviews
    from fazhi.enforcement.tests.test_reviews import drawn_batch, second_reviewer

    colleague = second_reviewer(scene)
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff, colleague])
    batch_file = drawn.files.first()
    theirs = ScoreSheet.objects.get(batch_file=batch_file, reviewer__user=colleague)
    reviews.score_sheet_submit(acting_user=colleague, sheet_id=theirs.pk)
    mine = ScoreSheet.objects.get(batch_file=batch_file, reviewer__user=bureau_staff)

    page = login_client(bureau_staff).get(f"/enforcement/reviews/sheets/{mine.pk}/")

    assert 'id="others-hidden"' in page.content.decode()
    assert "other-sheet" not in page.content.decode()


# -------------------------------------------------------------------------- invited reviewers


def test_the_reviewers_form_offers_serving_supervisors_and_adds_one(scene, bureau_staff):
    serving = appoint(bureau_staff, "王监督")
    later = appoint(bureau_staff, "五月聘任", term_start=D(2022, 5, 1))
    created = new_batch(bureau_staff, scene)
    client = login_client(bureau_staff)
    detail = f"/enforcement/reviews/batches/{created.pk}/"

    page = client.get(detail).content.decode()
    assert "王监督（律师" in page
    assert "五月聘任" not in page  # out of term on the batch's start date

    response = client.post(
        f"{detail}reviewers/",
        {"reviewers-users": [bureau_staff.pk], "reviewers-invited_supervisors": [serving.pk]},
    )
    assert response.status_code == 302
    assert BatchReviewer.objects.filter(batch=created, invited_supervisor=serving).exists()
    assert "王监督（特邀）" in client.get(detail).content.decode()

    refused = client.post(f"{detail}reviewers/", {"reviewers-invited_supervisors": [later.pk]})
    assert refused.status_code == 400
    assert not BatchReviewer.objects.filter(invited_supervisor=later).exists()


def test_the_supervisor_list_shows_the_review_batches_each_took_part_in(scene, bureau_staff):
    reviewing = appoint(bureau_staff, "王监督")
    idle = appoint(bureau_staff, "李监督")
    drawn = drawn_batch(bureau_staff, scene, [bureau_staff])
    reviews.review_batch_reviewers_assign(
        acting_user=bureau_staff, batch_id=drawn.pk, invited_supervisor_ids=[reviewing.pk]
    )
    sheet = ScoreSheet.objects.filter(reviewer__invited_supervisor=reviewing).first()
    assert sheet is not None
    reviews.score_sheet_submit(acting_user=bureau_staff, sheet_id=sheet.pk)

    response = login_client(bureau_staff).get("/enforcement/supervisors/")

    assert response.status_code == 200
    assert "参与案卷评查批次" in response.content.decode()
    shown = {
        row.record.name: row.get_cell("review_batch_count")
        for row in response.context["table"].page.object_list
    }
    assert shown == {"王监督": 1, "李监督": 0}
    assert idle.participations.count() == 0


# -------------------------------------------------------------------------- case-file import

IMPORT_URL = "/enforcement/reviews/case-files/import/"
IMPORT_HEADERS = ["案号", "案件类型", "案由", "结案日期"]
GOOD_ROW = ["荣市监罚〔2022〕101号", "行政处罚", "无照经营案", "2022-03-01"]


def _ledger(rows: list[list[object]], headers: list[str] = IMPORT_HEADERS) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "案卷台账.xlsx",
        xlsx_bytes(headers=headers, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_the_import_template_is_a_workbook_with_the_ledger_headers(scene, department_officer):
    client = login_client(department_officer)

    response = client.get("/enforcement/reviews/case-files/import-template.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["案号*", "案件类型*", "案由*", "结案日期*"]
    # the template, filled in, imports as it is
    filled = client.post(
        IMPORT_URL, {"organization": scene.market.pk, "file": _ledger([GOOD_ROW], headers)}
    )
    assert filled.status_code == 302
    assert CaseFile.objects.filter(case_number=GOOD_ROW[0]).exists()


def test_a_department_imports_its_case_file_ledger(scene, department_officer):
    client = login_client(department_officer)
    assert "导入案卷台账" in client.get("/enforcement/reviews/case-files/").content.decode()

    response = client.post(
        IMPORT_URL,
        {
            "organization": scene.market.pk,
            "file": _ledger(
                [
                    ["荣市监罚〔2022〕101号", "行政处罚", "无照经营案", "2022-03-01"],
                    [
                        "荣市监强〔2022〕7号",
                        "行政强制",
                        "查封扣押案",
                        D(2022, 3, 5),  # an Excel date cell
                    ],
                ]
            ),
        },
    )

    assert response.status_code == 302
    imported = CaseFile.objects.filter(
        case_number__in=["荣市监罚〔2022〕101号", "荣市监强〔2022〕7号"]
    )
    assert {
        (case_file.organization_id, case_file.case_type, case_file.closed_on)
        for case_file in imported
    } == {
        (scene.market.pk, "penalty", D(2022, 3, 1)),
        (scene.market.pk, "coercion", D(2022, 3, 5)),
    }


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["荣市监罚〔2022〕102号", "行政处罚", "案由", "2022-13-01"], "第3行：结案日期："),
        (["荣市监罚〔2022〕102号", "行政处理", "案由", "2022-03-01"], "第3行：案件类型："),
        (["荣市监罚〔2022〕101号", "行政处罚", "重复", "2022-03-02"], "第3行：案号与第2行重复"),
        (["荣市监罚-000", "行政处罚", "已登记", "2022-03-02"], "第3行：案号荣市监罚-000已登记"),
    ],
    ids=["bad_date_case", "unknown_type_case", "repeated_in_file_case", "already_registered_case"],
)
def test_a_ledger_with_one_bad_row_saves_nothing_and_names_it(
    scene, department_officer, bad_row, message
):
    before = CaseFile.objects.count()

    response = login_client(department_officer).post(
        IMPORT_URL, {"organization": scene.market.pk, "file": _ledger([GOOD_ROW, bad_row])}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "第2行" not in html.replace("与第2行重复", "")  # the good row is not blamed
    assert CaseFile.objects.count() == before


def test_a_department_imports_only_into_its_own_organization(
    scene, department_officer, bureau_staff
):
    before = CaseFile.objects.count()

    into_other = login_client(department_officer).post(
        IMPORT_URL, {"organization": scene.ecology.pk, "file": _ledger([GOOD_ROW])}
    )
    by_the_bureau = login_client(bureau_staff).post(
        IMPORT_URL, {"organization": scene.market.pk, "file": _ledger([GOOD_ROW])}
    )

    assert into_other.status_code == 400  # ecology is not among the department's choices
    assert by_the_bureau.status_code == 403
    assert CaseFile.objects.count() == before
