"""The staff page of carrying out a visit: the lead's arrival and departure, each department's
results of its own items, evidence, disclosure and rectification — refusals on the page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import login_client
from fazhi.core.models import Attachment
from fazhi.inspections.models import InspectionResult, JointInspection
from fazhi.inspections.services import execution, matters, planning, plans
from fazhi.inspections.services.plans import PlanRow

pytestmark = pytest.mark.django_db

D = datetime.date
Q2 = (D(2022, 4, 1), D(2022, 6, 30))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def visit(world, department_officer, other_department_officer, bureau_staff):
    """A confirmed visit to 崖头's enterprise: market leads (two items), ecology takes part."""
    for user, organization, code in (
        (department_officer, world.market, "SC01"),
        (other_department_officer, world.ecology, "HB01"),
    ):
        matters.matter_create(
            acting_user=user,
            organization=organization,
            code=code,
            name=f"{organization.name}日常检查",
            legal_basis="依据",
            category="routine",
        )
        plan = plans.plan_open(acting_user=user, organization=organization, year=2022)
        rows = [PlanRow(world.enterprise_yatou.uscc, code, "routine", *Q2)]
        if organization == world.market:
            rows.append(
                PlanRow(
                    world.enterprise_yatou.uscc, code, "routine", D(2022, 4, 15), D(2022, 5, 31)
                )
            )
        plans.plan_items_add(acting_user=user, plan_id=plan.pk, rows=rows)
        plans.plan_file(acting_user=user, plan_id=plan.pk, on=D(2022, 3, 20))
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    joint = JointInspection.objects.get(run=run)
    assert joint.lead == world.market
    return joint


def _url(name, *args):
    return reverse(f"inspections:{name}", args=args)


def _item(joint, organization):
    return joint.items.filter(plan__organization=organization).order_by("pk").first()


def _page(response) -> str:
    return response.content.decode()


def _record(client, joint, item, **data):
    fields = {"outcome": "passed", "description": "", "measure": "none", "rectify_due_on": ""}
    fields.update(data)
    return client.post(
        _url("result-record", joint.pk, item.pk),
        {f"item-{item.pk}-{name}": value for name, value in fields.items()},
    )


def _arrived(joint, user):
    return execution.joint_arrive(acting_user=user, joint_id=joint.pk)


def test_detail_page_links_to_carrying_out_the_visit(visit, department_officer):
    page = _page(login_client(department_officer).get(_url("joint-detail", visit.pk)))
    assert _url("joint-visit", visit.pk) in page
    assert "未登记" in page


def test_lead_records_arrival_and_the_page_shows_it(visit, department_officer):
    client = login_client(department_officer)
    before = _page(client.get(_url("joint-visit", visit.pk)))
    assert _url("joint-arrive", visit.pk) in before
    assert "待检查" in before

    response = client.post(_url("joint-arrive", visit.pk), {"arrived_at": "2022-05-20T09:30"})

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.arrived_at is not None
    page = _page(client.get(_url("joint-visit", visit.pk)))
    assert "2022-05-20 09:30" in page
    assert "检查中" in page
    assert _url("joint-leave", visit.pk) in page
    assert _url("joint-arrive", visit.pk) not in page


def test_only_the_lead_may_record_arrival(visit, other_department_officer):
    client = login_client(other_department_officer)
    page = _page(client.get(_url("joint-visit", visit.pk)))
    # No button for a department that does not lead.
    assert _url("joint-arrive", visit.pk) not in page

    response = client.post(_url("joint-arrive", visit.pk), {"arrived_at": ""})

    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.arrived_at is None


def test_second_arrival_is_refused_next_to_the_field(visit, department_officer):
    _arrived(visit, department_officer)
    client = login_client(department_officer)

    response = client.post(_url("joint-arrive", visit.pk), {"arrived_at": ""})

    assert response.status_code == 400
    assert "已登记到达时间" in _page(response)


def test_result_before_arrival_is_refused_in_chinese(world, visit, department_officer):
    client = login_client(department_officer)
    item = _item(visit, world.market)
    assert _url("result-record", visit.pk, item.pk) not in _page(
        client.get(_url("joint-visit", visit.pk))
    )

    response = _record(client, visit, item)

    assert response.status_code == 400
    assert "请先由牵头部门登记到达时间" in _page(response)
    assert not InspectionResult.objects.exists()


def test_department_records_a_result_only_for_its_own_item(
    world, visit, department_officer, other_department_officer
):
    _arrived(visit, department_officer)
    ecology_item = _item(visit, world.ecology)
    market = login_client(department_officer)
    ecology_form = f"item-{ecology_item.pk}-outcome"
    assert ecology_form not in _page(market.get(_url("joint-visit", visit.pk)))

    refused = _record(market, visit, ecology_item)

    assert refused.status_code == 403
    assert not InspectionResult.objects.exists()

    ecology = login_client(other_department_officer)
    assert ecology_form in _page(ecology.get(_url("joint-visit", visit.pk)))
    response = _record(
        ecology,
        visit,
        ecology_item,
        outcome="problem",
        description="危险废物贮存场所未设置标识",
        measure="rectify",
        rectify_due_on=(timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    )
    assert response.status_code == 302
    result = InspectionResult.objects.get()
    assert result.item == ecology_item
    page = _page(ecology.get(_url("joint-visit", visit.pk)))
    assert "危险废物贮存场所未设置标识" in page
    assert "责令整改" in page
    # The market department sees that ecology has recorded, not what it found.
    market_page = _page(market.get(_url("joint-visit", visit.pk)))
    assert "已登记" in market_page
    assert "危险废物贮存场所未设置标识" not in market_page


def test_result_errors_show_next_to_their_fields(world, visit, department_officer):
    _arrived(visit, department_officer)
    item = _item(visit, world.market)
    client = login_client(department_officer)

    no_description = _record(client, visit, item, outcome="problem", measure="rectify")

    assert no_description.status_code == 400
    assert "发现问题的，请描述问题及依据" in _page(no_description)
    no_deadline = _record(
        client, visit, item, outcome="problem", description="台账缺失", measure="rectify"
    )
    assert no_deadline.status_code == 400
    assert "责令整改的，请填写晚于检查日期的整改期限" in _page(no_deadline)
    assert not InspectionResult.objects.exists()


def test_visit_closes_then_results_are_disclosed_and_rectified(
    world, visit, department_officer, other_department_officer
):
    _arrived(visit, department_officer)
    market = login_client(department_officer)
    for item in visit.items.filter(plan__organization=world.market):
        assert _record(market, visit, item).status_code == 302

    refused = market.post(_url("joint-leave", visit.pk), {"left_at": ""})

    assert refused.status_code == 400
    assert f"以下部门尚未登记检查结果：{world.ecology.name}" in _page(refused)
    visit.refresh_from_db()
    assert visit.left_at is None

    ecology = login_client(other_department_officer)
    due = timezone.localdate() + datetime.timedelta(days=30)
    _record(
        ecology,
        visit,
        _item(visit, world.ecology),
        outcome="problem",
        description="未设置标识",
        measure="rectify",
        rectify_due_on=due.isoformat(),
    )
    result = InspectionResult.objects.get(item__plan__organization=world.ecology)
    disclose_url = _url("result-disclose", visit.pk, result.pk)
    # No disclosure before the visit has ended.
    assert disclose_url not in _page(ecology.get(_url("joint-visit", visit.pk)))
    assert market.post(_url("joint-leave", visit.pk), {"left_at": ""}).status_code == 302

    page = _page(ecology.get(_url("joint-visit", visit.pk)))
    assert disclose_url in page
    assert _url("result-rectified", visit.pk, result.pk) in page
    # Another department may not disclose ecology's result.
    assert market.post(_url("result-disclose", visit.pk, result.pk), {}).status_code in (403, 404)
    response = ecology.post(
        _url("result-disclose", visit.pk, result.pk), {f"disclose-{result.pk}-on": ""}
    )
    assert response.status_code == 302
    again = ecology.post(
        _url("result-disclose", visit.pk, result.pk), {f"disclose-{result.pk}-on": ""}
    )
    assert again.status_code == 400
    assert "检查结果已公示" in _page(again)
    response = ecology.post(
        _url("result-rectified", visit.pk, result.pk), {f"rectified-{result.pk}-on": ""}
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.disclosed_on == timezone.localdate()
    assert result.rectified_on == timezone.localdate()
    assert "整改完成" in _page(ecology.get(_url("joint-visit", visit.pk)))


def test_evidence_is_attached_to_a_result_and_bad_files_are_refused(
    world, visit, department_officer
):
    _arrived(visit, department_officer)
    item = _item(visit, world.market)
    result = execution.result_record(
        acting_user=department_officer, item_id=item.pk, outcome="passed"
    )
    client = login_client(department_officer)
    url = _url("result-evidence-add", visit.pk, result.pk)

    refused = client.post(
        url, {f"evidence-{result.pk}-file": SimpleUploadedFile("现场.exe", b"MZ\x90\x00")}
    )

    assert refused.status_code == 400
    assert "的类型不允许上传" in _page(refused)
    assert not Attachment.objects.exists()
    response = client.post(
        url,
        {
            f"evidence-{result.pk}-file": SimpleUploadedFile("现场照片.png", PNG),
            f"evidence-{result.pk}-description": "仓库现场",
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.get().object_id == result.pk
    assert "现场照片.png" in _page(client.get(_url("joint-visit", visit.pk)))


def test_overdue_disclosure_is_flagged_on_the_visit(world, visit, department_officer):
    execution.joint_arrive(
        acting_user=department_officer,
        joint_id=visit.pk,
        at=datetime.datetime(2022, 5, 20, 9, tzinfo=datetime.UTC),
    )
    item = _item(visit, world.market)
    execution.result_record(
        acting_user=department_officer, item_id=item.pk, outcome="passed", on=D(2022, 5, 20)
    )

    page = _page(login_client(department_officer).get(_url("joint-visit", visit.pk)))

    assert "disclosure-overdue" in page
    assert "2022-06-20" in page  # the due date, 20 working days on


def test_bureau_sees_the_visit_without_buttons(world, visit, bureau_staff, department_officer):
    _arrived(visit, department_officer)
    page = _page(login_client(bureau_staff).get(_url("joint-visit", visit.pk)))
    assert world.ecology.name in page
    assert "result-form" not in page
    assert _url("joint-leave", visit.pk) not in page


def test_other_county_cannot_open_the_visit(visit, other_county_bureau):
    client = login_client(other_county_bureau)
    assert client.get(_url("joint-visit", visit.pk)).status_code == 404
    assert client.post(_url("joint-arrive", visit.pk), {}).status_code == 404
