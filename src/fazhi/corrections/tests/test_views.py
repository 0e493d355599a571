import datetime
import io

import openpyxl
import pytest

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.corrections.models import SupervisionAlert
from fazhi.corrections.services.intake import subjects_flag_missing
from fazhi.corrections.tests.conftest import receive, under_correction

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects(world, corrections_body):
    return {
        "yatou": under_correction(corrections_body, world.yatou_village, serial=1, name="王建国"),
        "ningjin": under_correction(
            corrections_body, world.ningjin_village, serial=2, name="李卫东"
        ),
        "minor": under_correction(
            corrections_body, world.yatou_village, serial=3, name="赵小龙", birth="20060501"
        ),
    }


def test_a_judicial_office_sees_only_its_own_subjects_masked(subjects, town_staff):
    page = login_client(town_staff).get("/corrections/subjects/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/corrections/subjects/{subjects["yatou"].pk}/"' in html
    assert f'href="/corrections/subjects/{subjects["ningjin"].pk}/"' not in html
    assert subjects["yatou"].masked_id_number in html
    assert subjects["yatou"].id_number not in html
    # a minor's name and even the masked number stay hidden (社区矫正法 art. 54)
    assert "赵小龙" not in html
    assert "赵**" in html
    assert subjects["minor"].masked_id_number not in html


def test_the_list_filters_by_office_category_and_level(world, subjects, bureau_staff):
    client = login_client(bureau_staff)

    by_office = client.get("/corrections/subjects/", {"office": world.office_ningjin.pk})
    by_level = client.get("/corrections/subjects/", {"level": "lenient"})

    assert "李卫东" in by_office.content.decode()
    assert "王建国" not in by_office.content.decode()
    assert "王建国" not in by_level.content.decode()


@pytest.mark.parametrize("persona", ["town_government_staff", "department_officer", "sysadmin"])
def test_users_of_other_modules_are_refused_the_desk(request, subjects, persona):
    client = login_client(request.getfixturevalue(persona))

    assert client.get("/corrections/subjects/").status_code == 403
    assert client.get(f"/corrections/subjects/{subjects['yatou'].pk}/").status_code in (403, 404)


def test_another_office_gets_404_for_a_subject_outside_its_town(subjects, other_town_staff):
    client = login_client(other_town_staff)

    assert client.get(f"/corrections/subjects/{subjects['yatou'].pk}/").status_code == 404


def test_the_detail_page_is_audited_and_shows_clocks_levels_and_files(subjects, town_staff):
    subject = subjects["yatou"]
    page = login_client(town_staff).get(f"/corrections/subjects/{subject.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "报到或移交（10日）" in html
    assert "2022-03-11前" in html
    assert "入矫不满两个月，实行严管" in html
    assert "执行档案" in html
    assert "工作档案" in html
    assert subject.id_number not in html
    assert AuditLog.objects.filter(
        event=AuditLog.Event.VIEW_SENSITIVE, user=town_staff, object_id=str(subject.pk)
    ).exists()


def test_a_reveal_without_a_purpose_shows_nothing_and_with_one_is_audited(subjects, town_staff):
    subject = subjects["yatou"]
    client = login_client(town_staff)

    refused = client.post(f"/corrections/subjects/{subject.pk}/reveal/", {"purpose": ""})
    shown = client.post(f"/corrections/subjects/{subject.pk}/reveal/", {"purpose": "核对报到身份"})

    assert refused.status_code == 400
    assert subject.id_number not in refused.content.decode()
    assert shown.status_code == 200
    assert subject.id_number in shown.content.decode()
    row = AuditLog.objects.get(event=AuditLog.Event.REVEAL, user=town_staff)
    assert row.changes["purpose"] == "核对报到身份"


def test_the_export_is_watermarked_masked_and_audited(subjects, bureau_staff):
    export = login_client(bureau_staff).get("/corrections/subjects/", {"export": "xlsx"})

    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    sheet = workbook.active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"王建国", "李卫东", "赵**"}
    assert "导出人：bureau-staff" in sheet.oddHeader.left.text
    assert "导出人：bureau-staff" in workbook.properties.description
    assert subjects["yatou"].id_number not in str(list(sheet.values))
    row = AuditLog.objects.get(event=AuditLog.Event.EXPORT, user=bureau_staff)
    assert row.changes["rows"] == 3
    assert row.changes["personal_data"] is True


def test_a_judicial_office_may_not_export_personal_data(subjects, town_staff):
    export = login_client(town_staff).get("/corrections/subjects/", {"export": "xlsx"})

    assert export.status_code == 403
    assert not AuditLog.objects.filter(event=AuditLog.Event.EXPORT).exists()


def test_an_alert_is_closed_from_the_to_do_with_an_outcome(world, corrections_body, town_staff):
    subject = receive(corrections_body, world.yatou_village, serial=9)
    subjects_flag_missing(on=datetime.date(2022, 3, 20))
    alert = SupervisionAlert.objects.get(subject=subject)
    client = login_client(town_staff)

    listed = client.get("/corrections/alerts/", {"status": "open"})
    missing = client.post(f"/corrections/alerts/{alert.pk}/close/", {"outcome": "", "note": ""})
    closed = client.post(
        f"/corrections/alerts/{alert.pk}/close/", {"outcome": "found", "note": "已到司法所报到"}
    )

    assert f'id="alert-{alert.pk}"' in listed.content.decode()
    assert missing.status_code == 400
    assert closed.status_code == 302
    assert SupervisionAlert.objects.get(pk=alert.pk).status == "closed"


def test_the_check_board_shows_each_office_of_the_user(world, subjects, bureau_staff, town_staff):
    from fazhi.corrections.services.supervision import location_checks_schedule

    monday = datetime.date(2022, 3, 7)
    for office in (world.office_yatou, world.office_ningjin):
        location_checks_schedule(acting_user=None, office=office, week_start=monday)

    county = login_client(bureau_staff).get("/corrections/checks/", {"week": "2022-03-09"})
    town = login_client(town_staff).get("/corrections/checks/", {"week": "2022-03-09"})

    assert county.content.decode().count('class="board-office"') == 2
    assert town.content.decode().count('class="board-office"') == 1
    assert "崖头司法所" in town.content.decode()
    assert "宁津司法所" not in town.content.decode()


def test_an_open_alert_is_a_to_do_of_its_office_only(
    world, corrections_body, town_staff, other_town_staff
):
    from fazhi.core.todos import todos_for

    receive(corrections_body, world.yatou_village, serial=9, name="周立新")
    subjects_flag_missing(on=datetime.date(2022, 3, 20))

    mine = [item.title for item in todos_for(town_staff) if item.module == "社区矫正"]
    theirs = [item.title for item in todos_for(other_town_staff) if item.module == "社区矫正"]

    assert mine == ["监管预警待处置：周立新（未按时报到）"]
    assert theirs == []
