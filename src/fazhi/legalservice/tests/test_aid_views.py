import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.workflow import transitions_of
from fazhi.legalservice.aid_services import ApplicationRow, legal_aid_apply
from fazhi.legalservice.models import LegalAidApplication

pytestmark = pytest.mark.django_db

Aid = LegalAidApplication
WEDNESDAY = datetime.date(2022, 6, 1)
ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(datetime.datetime.fromisoformat("2022-06-01T10:00:00+08:00")):
        yield


def _row(region, **overrides):
    values = {
        "region": region,
        "applicant_name": "王秀英",
        "id_number": ID_NUMBER,
        "channel": Aid.Channel.COUNTER,
        "matter": Aid.Matter.LABOUR_PAY,
        "received_on": WEDNESDAY,
        "phone": "13800138000",
    }
    values.update(overrides)
    return ApplicationRow(**values)


def _apply(user, region, **overrides):
    return legal_aid_apply(acting_user=user, row=_row(region, **overrides))


def _detail(pk):
    return reverse("legalservice:aid-detail", args=[pk])


def _step(pk, step):
    return reverse("legalservice:aid-step", args=[pk, step])


def _prefixed(step, **values):
    return {f"{step}-{name}": value for name, value in values.items()}


# Who may open which page ---------------------------------------------------------------------


@pytest.mark.parametrize("persona_name", ["bureau_staff", "town_staff"])
@pytest.mark.parametrize("url_name", ["legalservice:aid-list", "legalservice:aid-create"])
def test_legal_service_desk_opens_the_list_and_the_form(request, world, persona_name, url_name):
    user = request.getfixturevalue(persona_name)

    assert login_client(user).get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("persona_name", ["bureau_staff", "town_staff"])
def test_desk_opens_a_card_in_scope(request, world, town_staff, persona_name):
    application = _apply(town_staff, world.yatou_village)
    user = request.getfixturevalue(persona_name)

    response = login_client(user).get(_detail(application.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "138****8000" in html
    assert ID_NUMBER not in html
    assert "13800138000" not in html


def test_another_towns_card_is_not_found(world, town_staff, other_town_staff):
    application = _apply(town_staff, world.yatou_village)

    response = login_client(other_town_staff).get(_detail(application.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("persona_name", ["sysadmin", "department_officer", "officer"])
def test_other_roles_are_refused(request, world, town_staff, persona_name):
    application = _apply(town_staff, world.yatou_village)
    client = login_client(request.getfixturevalue(persona_name))

    assert client.get(reverse("legalservice:aid-list")).status_code == 403
    assert client.get(reverse("legalservice:aid-create")).status_code == 403
    assert client.get(_detail(application.pk)).status_code in (403, 404)


def test_town_office_registers_but_may_not_decide(world, town_staff):
    application = _apply(town_staff, world.yatou_village)
    client = login_client(town_staff)

    page = client.get(_detail(application.pk)).content.decode()
    response = client.post(
        _step(application.pk, "decide"),
        _prefixed(
            "decide",
            decision="granted",
            decided_on="2022-06-01",
            eligibility="income",
            monthly_income="1000",
        ),
    )

    assert 'id="step-materials"' in page
    assert 'id="step-decide"' not in page
    assert response.status_code == 403
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.RECEIVED


def test_menu_links_to_the_applications(bureau_staff, town_staff, department_officer):
    url = reverse("legalservice:aid-list")

    assert url in login_client(bureau_staff).get(url).content.decode()
    assert url in login_client(town_staff).get(url).content.decode()
    assert url not in login_client(department_officer).get("/").content.decode()


# The flow ------------------------------------------------------------------------------------


def test_green_channel_application_from_registration_to_closing(world, town_staff, bureau_staff):
    # given: the town's office registers a migrant worker's wage claim at the counter
    response = login_client(town_staff).post(
        reverse("legalservice:aid-create"),
        {
            "region": world.yatou_village.pk,
            "applicant_name": "张建军",
            "id_number": ID_NUMBER,
            "phone": "13800138000",
            "channel": "counter",
            "matter": "labour_pay",
            "green_channel": "migrant_wages",
            "summary": "拖欠工资三个月",
            "received_on": "2022-06-01",
        },
    )
    application = Aid.objects.get(applicant_name="张建军")
    assert response.status_code == 302
    assert response["Location"] == _detail(application.pk)
    centre = login_client(bureau_staff)
    registered = centre.get(_detail(application.pk)).content.decode()
    # 法律援助法 art. 43: 7 calendar days from receipt.
    assert "7日（自然日）" in registered
    assert "2022-06-08" in registered
    assert "剩余7天" in registered
    assert "待指派" in registered  # the green channel's same-day result is still open

    # when: the centre grants on the income test the same day
    response = centre.post(
        _step(application.pk, "decide"),
        _prefixed(
            "decide",
            decision="granted",
            decided_on="2022-06-01",
            eligibility="income",
            monthly_income="1000",
        ),
    )
    assert response.status_code == 302
    granted = centre.get(_detail(application.pk)).content.decode()
    application = Aid.objects.get(pk=application.pk)
    assert application.status == Aid.Status.GRANTED
    assert "3日（自然日）" in granted
    assert f"{application.assignment_due_on:%Y-%m-%d}" in granted
    assert 'id="step-assign"' in granted

    # when: it assigns a lawyer the same day
    response = centre.post(
        _step(application.pk, "assign"),
        _prefixed(
            "assign",
            assignee_name="李律师",
            assignee_kind="lawyer",
            assignee_org="山东某律师事务所",
            assigned_on="2022-06-01",
        ),
    )
    assert response.status_code == 302
    assigned = centre.get(_detail(application.pk)).content.decode()
    assert "山东某律师事务所" in assigned
    assert assigned.count('<span class="badge bg-green-lt">按期</span>') == 2
    assert 'aid-same-day">是</span>' in assigned
    assert 'id="step-close"' in assigned

    # when: it closes the case with its report
    response = centre.post(
        _step(application.pk, "close"),
        _prefixed("close", closed_on="2022-06-01", closing_summary="调解结案，追回工资"),
    )

    # then
    assert response.status_code == 302
    closed = centre.get(_detail(application.pk)).content.decode()
    application = Aid.objects.get(pk=application.pk)
    assert application.status == Aid.Status.CLOSED
    assert application.same_day_met is True
    assert "调解结案，追回工资" in closed
    # a closed case takes only quality checks (法律援助法 art. 59)
    assert closed.count('class="card aid-step"') == 1
    assert 'id="step-quality"' in closed
    assert [transition.action for transition in transitions_of(application)] == [
        "收到法律援助申请",
        "决定给予法律援助",
        "指派承办人员",
        "结案",
    ]


def test_forwarded_application_shows_its_24_hours(world, bureau_staff):
    response = login_client(bureau_staff).post(
        reverse("legalservice:aid-create"),
        {
            "region": world.yatou.pk,
            "applicant_name": "刘某",
            "id_number": ID_NUMBER,
            "channel": "forwarded",
            "facility": "荣成市看守所",
            "facility_received_at": "2022-05-30T09:00",
            "matter": "criminal_defence",
            "received_on": "2022-06-01",
        },
    )

    application = Aid.objects.get(applicant_name="刘某")
    assert response.status_code == 302
    html = login_client(bureau_staff).get(_detail(application.pk)).content.decode()
    assert "24小时" in html
    assert "2022-05-31 09:00" in html
    # received on 1 June, the day after the 24 hours ended: late
    assert '<span class="badge bg-red-lt">逾期</span>' in html


def test_forwarded_application_without_the_facility_time_shows_the_field_error(world, bureau_staff):
    response = login_client(bureau_staff).post(
        reverse("legalservice:aid-create"),
        {
            "region": world.yatou.pk,
            "applicant_name": "刘某",
            "id_number": ID_NUMBER,
            "channel": "forwarded",
            "facility": "荣成市看守所",
            "matter": "criminal_defence",
            "received_on": "2022-06-01",
        },
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["facility_received_at"] == ["监管场所转交的申请应填写监管场所收到申请的时间"]
    assert not Aid.objects.filter(applicant_name="刘某").exists()


def test_refusal_without_reasons_shows_the_field_error(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)

    response = login_client(bureau_staff).post(
        _step(application.pk, "decide"),
        _prefixed("decide", decision="refused", decided_on="2022-06-01", refusal_reasons=""),
    )

    assert response.status_code == 400
    form = next(step["form"] for step in response.context["steps"] if step["name"] == "decide")
    assert form.errors["refusal_reasons"] == [
        "不予法律援助的，应当书面说明理由（法律援助法第四十三条）"
    ]
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.RECEIVED


def test_refusal_with_reasons_opens_the_objection(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)
    client = login_client(bureau_staff)

    client.post(
        _step(application.pk, "decide"),
        _prefixed(
            "decide", decision="refused", decided_on="2022-06-01", refusal_reasons="不属于援助事项"
        ),
    )
    client.post(
        _step(application.pk, "objection"),
        _prefixed("objection", objection_received_on="2022-06-01"),
    )

    html = client.get(_detail(application.pk)).content.decode()
    assert Aid.objects.get(pk=application.pk).status == Aid.Status.REFUSED
    assert "异议审查" in html
    assert "5日（自然日）" in html
    assert 'id="step-objection-decide"' in html


def test_missing_materials_notice_is_given_only_once(world, town_staff):
    application = _apply(town_staff, world.yatou_village)
    client = login_client(town_staff)

    first = client.post(
        _step(application.pk, "materials"),
        _prefixed(
            "materials", materials_missing="劳动合同、工资条", materials_notice_on="2022-06-01"
        ),
    )
    waiting = client.get(_detail(application.pk)).content.decode()
    client.post(
        _step(application.pk, "materials-complete"),
        _prefixed("materials-complete", materials_completed_on="2022-06-01"),
    )
    complete = client.get(_detail(application.pk)).content.decode()
    again = client.post(
        _step(application.pk, "materials"),
        _prefixed("materials", materials_missing="身份证复印件", materials_notice_on="2022-06-01"),
    )

    assert first.status_code == 302
    assert "自补正齐全之日重新起算" in waiting
    assert 'id="step-materials"' not in complete
    assert again.status_code == 400
    form = next(step["form"] for step in again.context["steps"] if step["name"] == "materials")
    assert form.errors["materials_missing"] == ["已于2022-06-01一次性告知补正，不能再次告知"]
    assert Aid.objects.get(pk=application.pk).materials_missing == "劳动合同、工资条"


def test_unknown_step_is_not_found(world, town_staff, bureau_staff):
    application = _apply(town_staff, world.yatou_village)

    response = login_client(bureau_staff).post(_step(application.pk, "approve"), {})

    assert response.status_code == 404


# The list ------------------------------------------------------------------------------------


@pytest.fixture
def applications(world, town_staff, other_town_staff):
    return {
        "late": _apply(
            town_staff,
            world.yatou_village,
            applicant_name="逾期申请人",
            received_on=WEDNESDAY - datetime.timedelta(days=12),
        ),
        "fresh": _apply(
            town_staff,
            world.yatou,
            applicant_name="绿色通道申请人",
            green_channel=Aid.GreenChannel.SUBSISTENCE,
        ),
        "ningjin": _apply(other_town_staff, world.ningjin_village, applicant_name="宁津申请人"),
    }


def test_list_shows_the_next_deadline_red_when_overdue(bureau_staff, applications):
    html = login_client(bureau_staff).get(reverse("legalservice:aid-list")).content.decode()

    # received 20 May: the decision was due 27 May, five days ago
    assert (
        '审查决定：2022-05-27 <span class="text-red fw-bold aid-due-state">已逾期5天</span>' in html
    )
    assert '审查决定：2022-06-08 <span class="text-green aid-due-state">剩余7天</span>' in html


def test_town_sees_only_its_own_applications(town_staff, applications):
    html = login_client(town_staff).get(reverse("legalservice:aid-list")).content.decode()

    assert "逾期申请人" in html
    assert "宁津申请人" not in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"overdue": "1"}, ["逾期申请人"]),
        ({"overdue": "0"}, ["绿色通道申请人", "宁津申请人"]),
        ({"green": "1"}, ["绿色通道申请人"]),
        ({"year": "2022", "status": "received", "channel": "counter"}, None),
        ({"kind": "criminal"}, []),
        ({"matter": "labour_pay"}, None),
    ],
)
def test_list_filters(bureau_staff, applications, filters, expected):
    response = login_client(bureau_staff).get(reverse("legalservice:aid-list"), filters)

    names = sorted(row.record.applicant_name for row in response.context["table"].rows)
    assert names == sorted(
        expected if expected is not None else ["逾期申请人", "绿色通道申请人", "宁津申请人"]
    )


def test_export_holds_the_filtered_rows_with_the_deadline(bureau_staff, applications):
    response = login_client(bureau_staff).get(
        reverse("legalservice:aid-list"), {"overdue": "1", "export": "xlsx"}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["收到申请日期", "申请人"]
    assert [row[1] for row in rows[1:]] == ["逾期申请人"]
    assert "审查决定：2022-05-27 已逾期5天" in rows[1]


# The session and the user, the menu, the count and the page of rows, the filters' choices;
# none per row (the region and its town come in the page's query).
LIST_QUERIES = 6


def test_list_query_count_is_pinned_and_does_not_grow_with_rows(
    world, bureau_staff, town_staff, django_assert_num_queries
):
    client = login_client(bureau_staff)
    for _ in range(3):
        _apply(town_staff, world.yatou_village)
    client.get(reverse("legalservice:aid-list"))  # warm the per-process caches
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("legalservice:aid-list"))

    for _ in range(25):
        _apply(town_staff, world.yatou_village)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("legalservice:aid-list"))
    assert response.context["total"] == 28


def test_card_marks_an_open_deadline_overdue(bureau_staff, applications):
    html = login_client(bureau_staff).get(_detail(applications["late"].pk)).content.decode()

    assert '<span class="text-red fw-bold">已逾期5天</span>' in html
