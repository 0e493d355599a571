"""The staff's forms on community corrections: receiving a decision and the subject's steps."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from fazhi.conftest import login_client
from fazhi.core.models import AuditLog
from fazhi.corrections.models import ApprovalRequest, CorrectionSubject, RewardSanction
from fazhi.corrections.services.approvals import leave_apply
from fazhi.corrections.services.education import education_session_record
from fazhi.corrections.services.intake import subject_record_documents, subject_record_report
from fazhi.corrections.services.transfers import transfer_apply
from fazhi.corrections.services.visits import visit_apply
from fazhi.corrections.tests.conftest import EFFECTIVE, id_number, receive, under_correction

pytestmark = pytest.mark.django_db


def _page(client, subject):
    return client.get(f"/corrections/subjects/{subject.pk}/")


def _fresh(subject):
    return CorrectionSubject.objects.get(pk=subject.pk)


def _step(client, subject, step, **fields):
    data = {f"{step}-{name}": value for name, value in fields.items()}
    return client.post(f"/corrections/subjects/{subject.pk}/steps/{step}/", data)


def _decision(world, **overrides):
    values = {
        "name": "孙志强",
        "id_number": id_number("19850315", 7),
        "region": world.yatou_village.pk,
        "phone": "13912345678",
        "address": "崖头街道幸福路7号",
        "category": CorrectionSubject.Category.PROBATION,
        "crime": "危险驾驶罪",
        "sentence": "拘役三个月，缓刑六个月",
        "prohibition": "",
        "decision_authority": "荣成市人民法院",
        "decision_number": "（2022）鲁1082刑初7号",
        "decision_effective_on": "2022-03-01",
        "term_start": "2022-03-01",
        "term_end": "2022-08-31",
    }
    values.update(overrides)
    return values


# 登记社区矫正对象 ------------------------------------------------------------------------------


def test_the_county_body_sees_the_register_button_and_an_office_does_not(
    world, corrections_body, town_staff
):
    body_list = login_client(corrections_body).get("/corrections/subjects/")
    office_list = login_client(town_staff).get("/corrections/subjects/")

    assert 'href="/corrections/subjects/new/"' in body_list.content.decode()
    assert 'href="/corrections/subjects/new/"' not in office_list.content.decode()


def test_the_county_body_registers_a_decision_and_lands_on_the_subject(world, corrections_body):
    client = login_client(corrections_body)

    assert client.get("/corrections/subjects/new/").status_code == 200
    response = client.post("/corrections/subjects/new/", _decision(world), follow=True)

    subject = CorrectionSubject.objects.get(name="孙志强")
    assert response.redirect_chain[-1][0] == f"/corrections/subjects/{subject.pk}/"
    html = response.content.decode()
    assert "已登记社区矫正对象：孙志强" in html
    assert subject.office == world.office_yatou
    assert subject.report_due_on > EFFECTIVE


def test_a_refused_decision_shows_the_reason_on_its_field_and_saves_nothing(
    world, corrections_body
):
    response = login_client(corrections_body).post(
        "/corrections/subjects/new/", _decision(world, term_start="2022-02-01")
    )

    assert response.status_code == 400
    assert "矫正期限不能早于判决、裁定生效之日" in response.content.decode()
    assert not CorrectionSubject.objects.filter(name="孙志强").exists()


def test_a_bad_id_number_is_named_in_chinese(world, corrections_body):
    response = login_client(corrections_body).post(
        "/corrections/subjects/new/", _decision(world, id_number="371082198503150000")
    )

    assert response.status_code == 400
    assert "身份证号" in response.content.decode()
    assert not CorrectionSubject.objects.exists()


def test_a_judicial_office_may_not_register_a_decision(world, town_staff):
    client = login_client(town_staff)

    assert client.get("/corrections/subjects/new/").status_code == 403
    assert client.post("/corrections/subjects/new/", _decision(world)).status_code == 403
    assert not CorrectionSubject.objects.exists()
    assert AuditLog.objects.filter(event=AuditLog.Event.DENIED, user=town_staff).exists()


# The intake steps ----------------------------------------------------------------------------


@pytest.fixture
def pending(world, corrections_body):
    return receive(corrections_body, world.yatou_village, serial=1)


def test_a_pending_subject_offers_the_office_the_recording_steps_with_today(pending, town_staff):
    html = _page(login_client(town_staff), pending).content.decode()

    for step in ("notice", "documents", "report"):
        assert f'action="/corrections/subjects/{pending.pk}/steps/{step}/"' in html
    assert 'id="step-register"' not in html
    assert 'id="step-announce"' not in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html


def test_the_office_records_notice_documents_and_report(pending, town_staff):
    client = login_client(town_staff)

    notice = _step(client, pending, "notice", notice_received_on="2022-03-03")
    documents = _step(client, pending, "documents", documents_received_on="2022-03-05")
    report = _step(client, pending, "report", reported_on="2022-03-20")

    assert notice.status_code == documents.status_code == report.status_code == 302
    pending = _fresh(pending)
    assert pending.notice_received_on == datetime.date(2022, 3, 3)
    assert pending.documents_received_on == datetime.date(2022, 3, 5)
    assert pending.reported_on == datetime.date(2022, 3, 20)
    html = _page(client, pending).content.decode()
    assert "已登记报到（移交），逾期报到" in html
    assert 'id="step-report"' not in html


def test_a_date_before_the_decision_is_refused_in_chinese(pending, town_staff):
    response = _step(login_client(town_staff), pending, "notice", notice_received_on="2022-02-01")

    assert response.status_code == 400
    assert "收到决定机关通知日期不能早于判决、裁定或者决定生效之日" in response.content.decode()
    pending = _fresh(pending)
    assert pending.notice_received_on is None


def test_a_step_already_taken_is_not_taken_twice(pending, town_staff):
    client = login_client(town_staff)
    _step(client, pending, "notice", notice_received_on="2022-03-03")

    again = _step(client, pending, "notice", notice_received_on="2022-03-04")

    assert again.status_code == 302
    pending = _fresh(pending)
    assert pending.notice_received_on == datetime.date(2022, 3, 3)


@pytest.fixture
def reported(pending, corrections_body):
    for record in (subject_record_documents, subject_record_report):
        record(acting_user=corrections_body, subject_id=pending.pk, on=datetime.date(2022, 3, 5))
    return pending


def test_the_county_body_registers_the_intake_and_the_office_announces(
    reported, corrections_body, town_staff
):
    body = login_client(corrections_body)
    office = login_client(town_staff)
    assert 'id="step-register"' not in _page(office, reported).content.decode()

    registered = _step(body, reported, "register", registered_on="2022-03-06")
    announced = _step(office, reported, "announce", announced_on="2022-03-07")

    assert registered.status_code == announced.status_code == 302
    reported = _fresh(reported)
    assert reported.status == CorrectionSubject.Status.SUPERVISED
    assert reported.registered_on == datetime.date(2022, 3, 6)
    assert reported.announced_on == datetime.date(2022, 3, 7)
    html = _page(office, reported).content.decode()
    assert "已宣告，社区矫正对象在矫" in html
    assert "入矫不满两个月，实行严管" in html


def test_an_intake_before_the_report_is_refused_on_its_field(reported, corrections_body):
    response = _step(
        login_client(corrections_body), reported, "register", registered_on="2022-03-04"
    )

    assert response.status_code == 400
    assert "接收登记日期不能早于报到日期" in response.content.decode()
    reported = _fresh(reported)
    assert reported.status == CorrectionSubject.Status.PENDING


def test_a_judicial_office_may_not_register_the_intake(reported, town_staff):
    response = _step(login_client(town_staff), reported, "register", registered_on="2022-03-06")

    assert response.status_code == 403
    reported = _fresh(reported)
    assert reported.registered_on is None


def test_another_office_gets_404_for_a_step_on_a_subject_outside_its_town(
    pending, other_town_staff
):
    response = _step(
        login_client(other_town_staff), pending, "notice", notice_received_on="2022-03-03"
    )

    assert response.status_code == 404
    pending = _fresh(pending)
    assert pending.notice_received_on is None


def test_steps_are_post_only_and_unknown_steps_are_404(pending, town_staff):
    client = login_client(town_staff)

    assert client.get(f"/corrections/subjects/{pending.pk}/steps/notice/").status_code == 405
    assert _step(client, pending, "no-such-step", ended_on="2022-03-03").status_code == 404


# Leave, its decision, rewards and sanctions --------------------------------------------------


@pytest.fixture
def supervised(world, corrections_body):
    return under_correction(corrections_body, world.yatou_village, serial=2)


def test_the_office_registers_a_short_leave_and_decides_it_at_its_tier(supervised, town_staff):
    client = login_client(town_staff)

    applied = _step(
        client,
        supervised,
        "leave",
        applied_on="2022-04-01",
        starts_on="2022-04-05",
        ends_on="2022-04-06",
        destination="济南市",
        reason="看病",
    )

    request = ApprovalRequest.objects.get(subject=supervised)
    assert applied.status_code == 302
    assert request.tier == ApprovalRequest.Tier.OFFICE
    page = _page(client, supervised).content.decode()
    assert "已登记外出申请（2日），审批层级：司法所（受委托）审批" in page
    decide_url = f"/corrections/subjects/{supervised.pk}/approvals/{request.pk}/decide/"
    assert f'action="{decide_url}"' in page

    prefix = f"approval-{request.pk}"
    decided = client.post(
        decide_url, {f"{prefix}-approve": "yes", f"{prefix}-decided_on": "2022-04-02"}
    )

    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPROVED
    assert "外出申请：已批准" in _page(client, supervised).content.decode()


def test_a_long_leave_goes_to_the_county_body_which_alone_decides_it(
    supervised, corrections_body, town_staff
):
    request = leave_apply(
        acting_user=town_staff,
        subject_id=supervised.pk,
        applied_on=datetime.date(2022, 4, 1),
        starts_on=datetime.date(2022, 4, 5),
        ends_on=datetime.date(2022, 4, 20),
        destination="北京市",
        reason="探亲",
    )
    decide_url = f"/corrections/subjects/{supervised.pk}/approvals/{request.pk}/decide/"
    prefix = f"approval-{request.pk}"
    office = login_client(town_staff)

    assert request.tier == ApprovalRequest.Tier.COUNTY
    assert f'action="{decide_url}"' not in _page(office, supervised).content.decode()
    assert (
        f'action="{decide_url}"'
        in _page(login_client(corrections_body), supervised).content.decode()
    )
    refused = office.post(
        decide_url, {f"{prefix}-approve": "yes", f"{prefix}-decided_on": "2022-04-02"}
    )
    assert refused.status_code == 403
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPLIED


def test_a_refusal_without_reasons_is_refused_on_the_opinion(
    supervised, corrections_body, town_staff
):
    request = leave_apply(
        acting_user=town_staff,
        subject_id=supervised.pk,
        applied_on=datetime.date(2022, 4, 1),
        starts_on=datetime.date(2022, 4, 5),
        ends_on=datetime.date(2022, 4, 5),
        destination="威海市",
        reason="办事",
    )
    prefix = f"approval-{request.pk}"

    response = login_client(town_staff).post(
        f"/corrections/subjects/{supervised.pk}/approvals/{request.pk}/decide/",
        {f"{prefix}-approve": "no", f"{prefix}-decided_on": "2022-04-02"},
    )

    assert response.status_code == 400
    assert "不予批准的，应写明理由" in response.content.decode()
    request.refresh_from_db()
    assert request.status == ApprovalRequest.Status.APPLIED


def test_a_leave_beyond_the_maximum_is_refused_in_chinese(supervised, town_staff):
    response = _step(
        login_client(town_staff),
        supervised,
        "leave",
        applied_on="2022-04-01",
        starts_on="2022-04-05",
        ends_on="2022-06-30",
        destination="上海市",
        reason="务工",
    )

    assert response.status_code == 400
    assert "应报上一级社区矫正机构" in response.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_the_county_body_records_a_warning_which_the_office_cannot(
    supervised, corrections_body, town_staff
):
    office = login_client(town_staff)
    assert 'id="step-reward-sanction"' not in _page(office, supervised).content.decode()
    fields = {"kind": "warning", "decided_on": "2022-04-10", "facts": "未经批准离开所居住县"}

    body = login_client(corrections_body)

    denied = _step(office, supervised, "reward-sanction", **fields)
    denied_blank = _step(office, supervised, "reward-sanction")
    recorded = _step(body, supervised, "reward-sanction", **fields)

    assert denied.status_code == denied_blank.status_code == 403
    assert recorded.status_code == 302
    record = RewardSanction.objects.get(subject=supervised)
    assert record.kind == RewardSanction.Kind.WARNING
    assert "已登记警告" in _page(body, supervised).content.decode()


def test_a_proposal_without_its_receiving_authority_is_refused(supervised, corrections_body):
    response = _step(
        login_client(corrections_body),
        supervised,
        "reward-sanction",
        kind="probation_revocation_proposal",
        decided_on="2022-04-10",
        facts="违反禁止令，情节严重",
    )

    assert response.status_code == 400
    assert "提请事项应写明受理的公安机关或人民法院" in response.content.decode()
    assert not RewardSanction.objects.exists()


# The page's cost ------------------------------------------------------------------------------


def test_the_subject_page_query_count_is_pinned(
    world, supervised, town_staff, django_assert_num_queries
):
    leave_apply(
        acting_user=town_staff,
        subject_id=supervised.pk,
        applied_on=datetime.date(2022, 4, 1),
        starts_on=datetime.date(2022, 4, 5),
        ends_on=datetime.date(2022, 4, 6),
        destination="济南市",
        reason="看病",
    )
    visit_apply(
        acting_user=town_staff,
        subject_id=supervised.pk,
        applied_on=datetime.date(2022, 4, 1),
        visit_on=datetime.date(2022, 4, 3),
        visitor_kind="victim",
        visitor_name="李秀兰",
        visitor_identity="被害人",
        place="崖头司法所",
        purpose="赔偿协商",
    )
    education_session_record(
        acting_user=town_staff,
        subject_id=supervised.pk,
        held_on=datetime.date(2022, 4, 2),
        kind="education",
        hours=Decimal(2),
        content="法律知识学习",
        organizer="崖头司法所",
    )
    transfer_apply(
        acting_user=town_staff,
        subject_id=supervised.pk,
        applied_on=datetime.date(2022, 4, 1),
        to_region=world.ningjin,
        reason="务工",
    )
    client = login_client(town_staff)
    _page(client, supervised)

    # The page's audit row: on PostgreSQL the audit chain takes an advisory lock first. The two
    # files and their document counts come in one query, however many files there are; the
    # team and the plan's versions one each; the devices one, shared with the device steps.
    # Visits, transfers (with their file handovers), the months' hours (sums, level history,
    # required hours) and the open transfer the steps ask about cost one query each.
    audit_lock = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(26 + audit_lock):
        response = _page(client, supervised)

    assert response.status_code == 200
