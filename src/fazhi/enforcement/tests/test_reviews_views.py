"""Case-file review pages: personas, the end-to-end flow in the browser's place (test client)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.conftest import login_client
from fazhi.core.models import Attachment
from fazhi.enforcement.models import (
    BatchFile,
    Problem,
    RectificationNotice,
    ReviewBatch,
    ScoreSheet,
)
from fazhi.enforcement.tests.test_reviews import case_files, rubric

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
