"""Pages and API of the legal-aid steps beyond the application: a lawyer's desk, notices, advance
aid, termination, quality checks and subsidies (法律援助法 arts. 25, 36, 44, 48, 52, 59)."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from fazhi.conftest import PASSWORD, login_client
from fazhi.legalservice.aid_services import (
    ApplicationRow,
    AssignmentRow,
    DecisionRow,
    legal_aid_apply,
    legal_aid_assign,
    legal_aid_close,
    legal_aid_decide,
)
from fazhi.legalservice.models import LegalAidApplication, LegalAidQualityCheck

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
WEDNESDAY = datetime.date(2022, 6, 1)
API = "/api/v1/legalservice/aid"


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(datetime.datetime.fromisoformat("2022-06-01T10:00:00+08:00")):
        yield


def _apply(user, region, **overrides):
    values = {
        "region": region,
        "applicant_name": "王秀英",
        "id_number": "11010519491231002X",
        "channel": Aid.Channel.COUNTER,
        "matter": Aid.Matter.LABOUR_PAY,
        "received_on": WEDNESDAY,
    }
    values.update(overrides)
    return legal_aid_apply(acting_user=user, row=ApplicationRow(**values))


def _assigned(town_staff, bureau_staff, region, user=None, name="王秀英"):
    application = _apply(town_staff, region, applicant_name=name)
    legal_aid_decide(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=DecisionRow(
            decision=Aid.Decision.GRANTED,
            decided_on=WEDNESDAY,
            eligibility=Aid.Eligibility.COMMITMENT,
        ),
    )
    return legal_aid_assign(
        acting_user=bureau_staff,
        application_id=application.pk,
        row=AssignmentRow(
            assignee_name="李律师",
            assignee_kind=Aid.AssigneeKind.LAWYER,
            assignee_org="山东某律师事务所",
            assigned_on=WEDNESDAY,
            assignee_user=user,
        ),
    )


def _detail(pk):
    return reverse("legalservice:aid-detail", args=[pk])


def _step(pk, step):
    return reverse("legalservice:aid-step", args=[pk, step])


def _prefixed(step, **values):
    return {f"{step}-{name}": value for name, value in values.items()}


def _api(user):
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return Client(headers={"authorization": f"Bearer {response.json()['token']}"})


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


# A lawyer's desk ---------------------------------------------------------------------------------


@pytest.fixture
def cases(world, town_staff, other_town_staff, bureau_staff, lawyer):
    return {
        "mine": _assigned(town_staff, bureau_staff, world.yatou_village, lawyer, "律师本人案件"),
        "by_name": _assigned(town_staff, bureau_staff, world.yatou_village, None, "仅登记姓名"),
        "ningjin": _assigned(
            other_town_staff, bureau_staff, world.ningjin_village, None, "宁津案件"
        ),
    }


def test_a_lawyer_lists_and_opens_only_their_own_cases(lawyer, cases):
    client = login_client(lawyer)

    page = client.get(reverse("legalservice:aid-list"))
    card = client.get(_detail(cases["mine"].pk))

    assert page.status_code == 200
    assert [row.record.applicant_name for row in page.context["table"].rows] == ["律师本人案件"]
    assert "登记申请" not in page.content.decode()
    assert card.status_code == 200
    assert 'id="step-' not in card.content.decode()
    assert client.get(_detail(cases["by_name"].pk)).status_code == 404
    assert client.get(_detail(cases["ningjin"].pk)).status_code == 404
    assert client.get(reverse("legalservice:aid-create")).status_code == 403
    closing = _prefixed("close", closed_on="2022-06-01", closing_summary="结案")
    assert client.post(_step(cases["mine"].pk, "close"), closing).status_code == 403
    assert Aid.objects.get(pk=cases["mine"].pk).status == Aid.Status.ASSIGNED


def test_a_lawyers_token_lists_and_reads_only_their_own_cases(lawyer, cases):
    api = _api(lawyer)

    listed = api.get(f"{API}/")

    assert [item["applicant_name"] for item in listed.json()["items"]] == ["律师本人案件"]
    assert api.get(f"{API}/{cases['mine'].pk}").json()["assignee_user_id"] == lawyer.pk
    assert api.get(f"{API}/{cases['by_name'].pk}").status_code == 404
    assert api.get(f"{API}/{cases['ningjin'].pk}").status_code == 404


def test_the_town_still_sees_only_its_towns_cases(town_staff, cases):
    page = login_client(town_staff).get(reverse("legalservice:aid-list"))
    listed = _api(town_staff).get(f"{API}/").json()["items"]

    names = {row.record.applicant_name for row in page.context["table"].rows}
    assert names == {"律师本人案件", "仅登记姓名"}
    assert {item["applicant_name"] for item in listed} == names


def test_the_centre_assigns_a_lawyers_account_on_the_card(world, town_staff, bureau_staff, lawyer):
    application = _apply(town_staff, world.yatou_village)
    client = login_client(bureau_staff)
    client.post(
        _step(application.pk, "decide"),
        _prefixed("decide", decision="granted", decided_on="2022-06-01", eligibility="commitment"),
    )

    response = client.post(
        _step(application.pk, "assign"),
        _prefixed(
            "assign",
            assignee_name="律师",
            assignee_kind="lawyer",
            assignee_org="山东某律师事务所",
            assigned_on="2022-06-01",
            assignee_user=lawyer.pk,
        ),
    )

    assert response.status_code == 302
    assert login_client(lawyer).get(_detail(application.pk)).status_code == 200


def test_the_api_refuses_an_account_that_is_not_a_lawyer(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)
    api = _api(bureau_staff)
    _post(
        api,
        f"{API}/{application.pk}/decide",
        {"decision": "granted", "eligibility": "commitment"},
    )

    response = _post(
        api,
        f"{API}/{application.pk}/assign",
        {
            "assignee_name": "某人",
            "assignee_kind": "lawyer",
            "assignee_org": "律所",
            "assignee_user_id": town_staff.pk,
        },
    )

    assert response.status_code == 422
    assert "assignee_user_id" in response.content.decode()


# Notices -----------------------------------------------------------------------------------------


def test_the_centre_registers_a_notice_that_shows_in_the_list_with_its_deadline(
    world, bureau_staff
):
    client = login_client(bureau_staff)

    response = client.post(
        reverse("legalservice:aid-notice-create"),
        {
            "region": world.yatou_village.pk,
            "applicant_name": "张某",
            "id_number": "110105200801010014",
            "notifying_body": "court",
            "notifying_authority": "荣成市人民法院",
            "notice_number": "（2022）鲁1082刑初88号",
            "notice_ground": "minor",
            "received_on": "2022-06-01",
        },
    )
    html = client.get(reverse("legalservice:aid-list")).content.decode()

    assert response.status_code == 302
    assert "办案机关通知：荣成市人民法院（2022）鲁1082刑初88号" in html
    # Wednesday + 3 days = Saturday 4 June, a holiday weekend (端午) → Monday 6 June.
    assert '指派：2022-06-06 <span class="text-green aid-due-state">剩余5天</span>' in html


def test_a_town_may_not_register_a_notice(town_staff):
    client = login_client(town_staff)

    assert client.get(reverse("legalservice:aid-notice-create")).status_code == 403
    assert "登记通知辩护" not in client.get(reverse("legalservice:aid-list")).content.decode()


def test_the_api_registers_a_notice_and_names_a_missing_number(world, bureau_staff):
    api = _api(bureau_staff)
    payload = {
        "region_id": world.yatou_village.pk,
        "applicant_name": "张某",
        "id_number": "110105200801010014",
        "notifying_body": "procuratorate",
        "notifying_authority": "荣成市人民检察院",
        "notice_number": "荣检通援〔2022〕3号",
        "notice_ground": "mental_capacity",
    }

    created = _post(api, f"{API}/notices/", payload)
    wrong = _post(api, f"{API}/notices/", {**payload, "notice_ground": "tall"})

    assert created.status_code == 201
    assert created.json()["status"] == "granted"
    assert created.json()["kind"] == "criminal"
    assert created.json()["assignment_due_on"] == "2022-06-06"
    assert wrong.status_code == 422
    assert "notice_ground" in wrong.content.decode()


# Advance aid, termination, quality checks, subsidy ----------------------------------------------


def test_advance_aid_on_the_card_then_the_grant_needs_no_assignment(
    world, town_staff, bureau_staff
):
    application = _apply(town_staff, world.yatou_village)
    client = login_client(bureau_staff)

    advanced = client.post(
        _step(application.pk, "advance"),
        _prefixed(
            "advance",
            advance_reason="limitation",
            limitation_ends_on="2022-06-05",
            assignee_name="李律师",
            assignee_kind="lawyer",
            assignee_org="山东某律师事务所",
            advanced_on="2022-06-01",
        ),
    )
    card = client.get(_detail(application.pk)).content.decode()
    client.post(
        _step(application.pk, "decide"),
        _prefixed("decide", decision="granted", decided_on="2022-06-01", eligibility="commitment"),
    )
    after = client.get(_detail(application.pk)).content.decode()

    assert advanced.status_code == 302
    assert "先行提供法律援助" in card
    assert 'id="step-decide"' in card
    assert 'id="step-assign"' not in after
    assert "决定前已先行指派承办人员" in after


def test_advance_aid_too_early_shows_the_field_error(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)

    response = login_client(bureau_staff).post(
        _step(application.pk, "advance"),
        _prefixed(
            "advance",
            advance_reason="limitation",
            limitation_ends_on="2022-07-01",
            assignee_name="李律师",
            assignee_kind="lawyer",
            assignee_org="律所",
            advanced_on="2022-06-01",
        ),
    )

    assert response.status_code == 400
    assert "距时效或者期限届满还有30日" in response.content.decode()


def test_termination_and_quality_checks_on_the_card(world, town_staff, bureau_staff):
    case = _assigned(town_staff, bureau_staff, world.yatou_village)
    client = login_client(bureau_staff)

    checked = client.post(
        _step(case.pk, "quality"),
        _prefixed(
            "quality",
            kind="hearing",
            checked_on="2022-06-01",
            checker="刘某",
            result="good",
            score="88",
        ),
    )
    ended = client.post(
        _step(case.pk, "terminate"),
        _prefixed(
            "terminate",
            termination_ground="recipient_request",
            terminated_on="2022-06-01",
            termination_notice_on="2022-06-01",
        ),
    )
    card = client.get(_detail(case.pk)).content.decode()

    assert checked.status_code == ended.status_code == 302
    assert "已终止法律援助" in card
    assert "受援人有正当理由要求终止法律援助" in card
    assert "刘某：良好，88.0分" in card
    assert LegalAidQualityCheck.objects.get().application_id == case.pk


def test_the_api_terminates_checks_and_conflicts_on_a_closed_case(world, town_staff, bureau_staff):
    closed = _assigned(town_staff, bureau_staff, world.yatou_village, name="已结案")
    legal_aid_close(
        acting_user=bureau_staff,
        application_id=closed.pk,
        closed_on=WEDNESDAY,
        closing_summary="结案",
    )
    api = _api(bureau_staff)

    unchecked = api.get(f"{API}/unchecked").json()["items"]
    conflict = _post(api, f"{API}/{closed.pk}/terminate", {"termination_ground": "case_ended"})
    check = _post(
        api,
        f"{API}/{closed.pk}/quality-checks",
        {"kind": "follow_up", "checker": "刘某", "result": "excellent", "score": 95},
    )

    assert [item["applicant_name"] for item in unchecked] == ["已结案"]
    assert unchecked[0]["subsidy_amount"] == "1200.00"
    assert conflict.status_code == 409
    assert check.status_code == 201
    assert check.json()["quality_checks"][0]["kind_label"] == "回访受援人"
    assert api.get(f"{API}/unchecked").json()["count"] == 0


def test_the_unchecked_page_and_the_export_carry_the_subsidy(world, town_staff, bureau_staff):
    closed = _assigned(town_staff, bureau_staff, world.yatou_village, name="已结案")
    legal_aid_close(
        acting_user=bureau_staff,
        application_id=closed.pk,
        closed_on=WEDNESDAY,
        closing_summary="结",
    )
    _assigned(town_staff, bureau_staff, world.yatou_village, name="在办")
    client = login_client(bureau_staff)

    page = client.get(reverse("legalservice:aid-unchecked"))
    export = client.get(reverse("legalservice:aid-list"), {"status": "closed", "export": "xlsx"})

    assert [row.record.applicant_name for row in page.context["table"].rows] == ["已结案"]
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][-1] == "办案补贴（元）"
    assert [row[-1] for row in rows[1:]] in (["1200.00"], [1200])
