"""The subject page's steps after intake: residence change, devices, team, plan, level, ending."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.conftest import login_client
from fazhi.corrections.models import (
    ApprovalRequest,
    CorrectionPlan,
    CorrectionSubject,
    LevelChange,
    LocationDevice,
    TeamMember,
)
from fazhi.corrections.services.approvals import device_order
from fazhi.corrections.tests.conftest import under_correction

pytestmark = pytest.mark.django_db


def _page(client, subject):
    return client.get(f"/corrections/subjects/{subject.pk}/")


def _step(client, subject, step, **fields):
    data = {f"{step}-{name}": value for name, value in fields.items()}
    return client.post(f"/corrections/subjects/{subject.pk}/steps/{step}/", data)


def _fresh(subject):
    return CorrectionSubject.objects.get(pk=subject.pk)


@pytest.fixture
def supervised(world, corrections_body):
    return under_correction(corrections_body, world.yatou_village, serial=4)


# The date of each intake step, and no second date ---------------------------------------------


def test_the_page_shows_the_date_of_each_recorded_step(supervised, town_staff):
    html = _page(login_client(town_staff), supervised).content.decode()

    assert "办理环节" in html
    for label, day in (
        ("收到决定机关通知", "2022-03-03"),
        ("收到法律文书", "2022-03-03"),
        ("报到（移交）", "2022-03-03"),
        ("接收登记", "2022-03-04"),
        ("宣告", "2022-03-04"),
    ):
        assert f'<dt class="col-5 col-md-3">{label}</dt>' in html
        assert day in html
    for step in ("notice", "documents", "report", "register", "announce"):
        assert f'id="step-{step}"' not in html


def test_a_second_notice_date_is_refused_with_a_message_and_the_first_kept(supervised, town_staff):
    client = login_client(town_staff)

    again = _step(client, supervised, "notice", notice_received_on="2022-03-09")

    assert again.status_code == 302
    assert _fresh(supervised).notice_received_on == datetime.date(2022, 3, 3)
    assert (
        "登记收到决定机关通知：该环节已办理或当前不能办理"
        in _page(client, supervised).content.decode()
    )


# 迁居 (art. 27) --------------------------------------------------------------------------------


def test_the_office_registers_a_residence_change_which_the_county_body_decides(
    supervised, town_staff, corrections_body
):
    office = login_client(town_staff)
    body = login_client(corrections_body)

    applied = _step(
        office,
        supervised,
        "residence-change",
        applied_on="2022-04-01",
        starts_on="2022-04-15",
        destination="威海市环翠区",
        reason="随子女居住",
    )

    request = ApprovalRequest.objects.get(subject=supervised)
    assert applied.status_code == 302
    assert (request.kind, request.tier) == ("residence_change", "county")
    decide_url = f"/corrections/subjects/{supervised.pk}/approvals/{request.pk}/decide/"
    page = _page(office, supervised).content.decode()
    assert "已登记迁居申请，由县级社区矫正机构审批" in page
    assert f'action="{decide_url}"' not in page
    prefix = f"approval-{request.pk}"
    decided = body.post(
        decide_url, {f"{prefix}-approve": "yes", f"{prefix}-decided_on": "2022-04-02"}
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPROVED


def test_a_residence_change_without_its_reason_is_refused_in_chinese(supervised, town_staff):
    response = _step(
        login_client(town_staff),
        supervised,
        "residence-change",
        applied_on="2022-04-01",
        starts_on="2022-04-15",
        destination="威海市环翠区",
    )

    assert response.status_code == 400
    assert "请填写迁居事由" in response.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_a_town_government_may_not_register_a_residence_change(supervised, town_government_staff):
    response = _step(
        login_client(town_government_staff),
        supervised,
        "residence-change",
        applied_on="2022-04-01",
        starts_on="2022-04-15",
        destination="威海市环翠区",
        reason="随子女居住",
    )

    assert response.status_code == 403
    assert not ApprovalRequest.objects.exists()


# 电子定位装置 (art. 29) -------------------------------------------------------------------------

_ORDER = {
    "ground": "left_without_approval",
    "device_number": "RC-2022-007",
    "starts_on": "2022-05-01",
}


def test_the_county_body_orders_a_device_for_at_most_three_months(supervised, corrections_body):
    client = login_client(corrections_body)

    too_long = _step(client, supervised, "device-order", **_ORDER, ends_on="2022-08-15")
    ordered = _step(client, supervised, "device-order", **_ORDER)

    assert too_long.status_code == 400
    assert "每次使用期限不得超过三个月（至2022-07-31）" in too_long.content.decode()
    assert ordered.status_code == 302
    device = LocationDevice.objects.get(subject=supervised)
    assert (device.starts_on, device.ends_on) == (
        datetime.date(2022, 5, 1),
        datetime.date(2022, 7, 31),
    )
    html = _page(client, supervised).content.decode()
    assert "已登记使用电子定位装置，期限2022-05-01至2022-07-31" in html
    assert "装置RC-2022-007" in html
    assert 'id="step-device-extend"' in html
    assert 'id="step-device-remove"' in html


def test_a_judicial_office_may_not_order_a_device_and_sees_no_device_step(supervised, town_staff):
    client = login_client(town_staff)

    response = _step(client, supervised, "device-order", **_ORDER)

    assert response.status_code == 403
    assert not LocationDevice.objects.exists()
    assert 'id="step-device-order"' not in _page(client, supervised).content.decode()


@pytest.fixture
def device(supervised, corrections_body):
    return device_order(
        acting_user=corrections_body,
        subject_id=supervised.pk,
        ground="left_without_approval",
        device_number="RC-2022-007",
        starts_on=datetime.date(2022, 5, 1),
    )


def test_the_county_body_extends_the_current_device_after_an_assessment(
    supervised, device, corrections_body
):
    client = login_client(corrections_body)

    too_long = _step(
        client, supervised, "device-extend", assessment="仍有脱管风险", ends_on="2022-11-30"
    )
    extended = _step(client, supervised, "device-extend", assessment="仍有脱管风险")

    assert too_long.status_code == 400
    assert "每次延长不得超过三个月（至2022-10-31）" in too_long.content.decode()
    assert extended.status_code == 302
    extension = LocationDevice.objects.get(extends=device)
    assert (extension.starts_on, extension.ends_on) == (
        datetime.date(2022, 8, 1),
        datetime.date(2022, 10, 31),
    )
    assert extension.assessment == "仍有脱管风险"
    assert "已延长电子定位期限至2022-10-31" in _page(client, supervised).content.decode()


def test_an_extension_without_an_assessment_is_refused(supervised, device, corrections_body):
    response = _step(login_client(corrections_body), supervised, "device-extend", assessment=" ")

    assert response.status_code == 400
    assert "请填写评估意见" in response.content.decode()
    assert LocationDevice.objects.count() == 1


def test_the_county_body_removes_the_device_and_its_steps_go(supervised, device, corrections_body):
    client = login_client(corrections_body)

    early = _step(client, supervised, "device-remove", removed_on="2022-04-30")
    removed = _step(client, supervised, "device-remove", removed_on="2022-06-10")

    assert early.status_code == 400
    assert "解除日期不能早于使用起始日期" in early.content.decode()
    assert removed.status_code == 302
    device.refresh_from_db()
    assert device.removed_on == datetime.date(2022, 6, 10)
    html = _page(client, supervised).content.decode()
    assert "2022-06-10解除" in html
    assert 'id="step-device-extend"' not in html
    assert 'id="step-device-remove"' not in html


def test_the_device_steps_cost_the_page_no_query(supervised, corrections_body):
    client = login_client(corrections_body)
    _page(client, supervised)
    with CaptureQueriesContext(connection) as without_device:
        _page(client, supervised)
    device_order(
        acting_user=corrections_body,
        subject_id=supervised.pk,
        ground="left_without_approval",
        device_number="RC-2022-007",
        starts_on=datetime.date(2022, 5, 1),
    )

    with CaptureQueriesContext(connection) as with_device:
        page = _page(client, supervised)

    # The devices section and the extend/remove steps read the same prefetched rows.
    assert 'id="step-device-extend"' in page.content.decode()
    assert len(with_device) == len(without_device)


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        pytest.param("device-extend", {"assessment": "仍有脱管风险"}, id="extend_case"),
        pytest.param("device-remove", {"removed_on": "2022-06-10"}, id="remove_case"),
    ],
)
def test_a_judicial_office_may_not_extend_or_remove_a_device(
    supervised, device, town_staff, step, fields
):
    response = _step(login_client(town_staff), supervised, step, **fields)

    assert response.status_code == 403
    device.refresh_from_db()
    assert device.removed_on is None
    assert LocationDevice.objects.count() == 1


# 矫正小组 (art. 25) and 矫正方案 (art. 24) --------------------------------------------------------


@pytest.fixture
def woman(world, corrections_body):
    return under_correction(
        corrections_body, world.yatou_village, serial=5, name="李秀兰", female=True
    )


def test_the_office_builds_a_female_subject_s_team_and_is_warned_until_a_woman_joins(
    woman, town_staff
):
    client = login_client(town_staff)
    warning = "社区矫正对象为女性的，矫正小组中应有女性成员"

    man = _step(
        client,
        woman,
        "team-member",
        name="张强",
        role="office",
        gender="male",
        joined_on="2022-03-05",
    )
    after_man = _page(client, woman).content.decode()
    woman_added = _step(
        client,
        woman,
        "team-member",
        name="刘芳",
        role="village",
        gender="female",
        joined_on="2022-03-06",
    )
    after_woman = _page(client, woman).content.decode()

    assert man.status_code == woman_added.status_code == 302
    assert list(TeamMember.objects.filter(subject=woman).values_list("name", flat=True)) == [
        "张强",
        "刘芳",
    ]
    # Shown in the success message and on the team card while no woman is in the team.
    assert after_man.count(warning) == 2
    assert "已增加矫正小组成员：刘芳（村（居）民委员会人员）" in after_woman
    assert warning not in after_woman
    assert "刘芳" in after_woman


def test_a_team_member_without_a_name_is_refused_in_chinese(woman, town_staff):
    response = _step(
        login_client(town_staff),
        woman,
        "team-member",
        name="",
        role="office",
        gender="female",
        joined_on="2022-03-05",
    )

    assert response.status_code == 400
    assert "请填写姓名" in response.content.decode()
    assert not TeamMember.objects.exists()


def test_a_town_government_may_not_add_a_team_member(woman, town_government_staff):
    response = _step(
        login_client(town_government_staff),
        woman,
        "team-member",
        name="刘芳",
        role="village",
        gender="female",
        joined_on="2022-03-06",
    )

    assert response.status_code == 403
    assert not TeamMember.objects.exists()


def test_the_plan_s_versions_show_and_a_revision_needs_its_reason(supervised, town_staff):
    client = login_client(town_staff)

    first = _step(
        client, supervised, "plan", content="每周到司法所报到一次", effective_on="2022-03-05"
    )
    unexplained = _step(
        client, supervised, "plan", content="每月报到一次", effective_on="2022-05-05"
    )
    second = _step(
        client,
        supervised,
        "plan",
        content="每月报到一次",
        effective_on="2022-05-05",
        change_reason="考核合格，调整为普管",
    )

    assert first.status_code == second.status_code == 302
    assert unexplained.status_code == 400
    assert "调整矫正方案应写明调整原因" in unexplained.content.decode()
    assert list(
        CorrectionPlan.objects.filter(subject=supervised).values_list("version", "content")
    ) == [(2, "每月报到一次"), (1, "每周到司法所报到一次")]
    html = _page(client, supervised).content.decode()
    assert html.count('class="corrections-plan"') == 2
    assert "第2版" in html
    assert "考核合格，调整为普管" in html


def test_another_office_gets_404_for_the_plan_of_a_subject_outside_its_town(
    supervised, other_town_staff
):
    response = _step(
        login_client(other_town_staff),
        supervised,
        "plan",
        content="每周报到",
        effective_on="2022-03-05",
    )

    assert response.status_code == 404
    assert not CorrectionPlan.objects.exists()


# 管理等级 (分类管理) ----------------------------------------------------------------------------


def test_the_county_body_changes_the_level_and_the_page_shows_the_history(
    supervised, corrections_body
):
    client = login_client(corrections_body)
    fields = {"level": "normal", "rule": "periodic_assessment", "effective_on": "2022-05-04"}

    changed = _step(client, supervised, "level", **fields, reason="两个月考核合格")
    unchanged = _step(client, supervised, "level", **fields)

    assert changed.status_code == 302
    assert unchanged.status_code == 400
    assert "管理等级未改变" in unchanged.content.decode()
    assert list(
        LevelChange.objects.filter(subject=supervised).values_list("previous_level", "level")
    ) == [("", "strict"), ("strict", "normal")]
    html = _page(client, supervised).content.decode()
    assert "2022-05-04 普管" in html
    assert "由严管调整；定期考核评估调整；两个月考核合格" in html


def test_a_judicial_office_may_not_change_the_level(supervised, town_staff):
    response = _step(
        login_client(town_staff),
        supervised,
        "level",
        level="normal",
        rule="periodic_assessment",
        effective_on="2022-05-04",
    )

    assert response.status_code == 403
    assert _fresh(supervised).level == "strict"


# 解除 (art. 44) and 终止 (art. 45) --------------------------------------------------------------

_RELEASE = {"end_reason": "expiry", "release_certificate_number": "荣矫解字〔2022〕4号"}


def test_the_county_body_releases_at_the_end_of_the_term_with_the_certificate(
    supervised, corrections_body
):
    client = login_client(corrections_body)

    early = _step(client, supervised, "release", ended_on="2022-08-30", **_RELEASE)
    released = _step(client, supervised, "release", ended_on="2022-08-31", **_RELEASE)

    assert early.status_code == 400
    assert "矫正期限至2022-08-31，尚未期满" in early.content.decode()
    assert released.status_code == 302
    supervised = _fresh(supervised)
    assert supervised.status == CorrectionSubject.Status.RELEASED
    assert supervised.release_certificate_number == "荣矫解字〔2022〕4号"
    html = _page(client, supervised).content.decode()
    assert "已解除矫正，解除社区矫正证明书编号：荣矫解字〔2022〕4号" in html
    assert "2022-08-31，矫正期满" in html
    # An ended correction offers no further step.
    assert 'class="card corrections-step"' not in html


def test_the_county_body_terminates_on_a_reason_of_art_45(supervised, corrections_body):
    client = login_client(corrections_body)

    terminated = _step(client, supervised, "terminate", ended_on="2022-06-01", end_reason="death")

    assert terminated.status_code == 302
    supervised = _fresh(supervised)
    assert (supervised.status, supervised.end_reason) == ("terminated", "death")
    assert "已终止矫正：死亡" in _page(client, supervised).content.decode()


@pytest.mark.parametrize(
    ("step", "fields"),
    [
        pytest.param("release", {"ended_on": "2022-08-31", **_RELEASE}, id="release_case"),
        pytest.param("terminate", {"ended_on": "2022-06-01", "end_reason": "death"}, id="end_case"),
    ],
)
def test_a_judicial_office_may_not_end_a_correction(supervised, town_staff, step, fields):
    client = login_client(town_staff)

    response = _step(client, supervised, step, **fields)

    assert response.status_code == 403
    assert _fresh(supervised).status == CorrectionSubject.Status.SUPERVISED
    assert f'id="step-{step}"' not in _page(client, supervised).content.decode()
