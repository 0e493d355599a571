"""Staff pages and the portal page of joint inspections: personas, refusals on the page, no
half-imported plan, flat query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.inspections.models import (
    InspectionMatter,
    InspectionPlan,
    JointInspection,
    PlanItem,
    PlanningRun,
)
from fazhi.inspections.services import matters, plans
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
HEADERS = ["统一社会信用代码", "检查事项编码", "检查方式", "计划开始日期", "计划结束日期"]
OUTSIDE_REGION_USCC = "91371083MA3CKH9N2T"  # a valid code of the other county's enterprise


def _page(response) -> str:
    return response.content.decode()


def _matter(user, organization, code="JC01", **extra):
    return matters.matter_create(
        acting_user=user,
        organization=organization,
        code=code,
        name=f"安全生产检查{code}",
        legal_basis="《中华人民共和国安全生产法》第六十五条",
        category="routine",
        **extra,
    )


def _workbook(rows) -> SimpleUploadedFile:
    content = xlsx_bytes(headers=HEADERS, rows=rows)
    return SimpleUploadedFile(
        "plan.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _filed_plan(user, organization, rows, *, code="JC01"):
    _matter(user, organization, code)
    plan = plans.plan_open(acting_user=user, organization=organization, year=2022)
    plans.plan_items_add(acting_user=user, plan_id=plan.pk, rows=rows)
    return plans.plan_file(acting_user=user, plan_id=plan.pk, on=D(2022, 3, 20))


@pytest.fixture
def two_filed_plans(world, department_officer, other_department_officer):
    """Market plans both enterprises in Q2, ecology both in May: the planner merges them."""
    yatou, ningjin = world.enterprise_yatou.uscc, world.enterprise_ningjin.uscc
    q2 = (D(2022, 4, 1), D(2022, 6, 30))
    may = (D(2022, 5, 1), D(2022, 5, 31))
    market = _filed_plan(
        department_officer,
        world.market,
        [PlanRow(yatou, "JC01", "routine", *q2), PlanRow(ningjin, "JC01", "routine", *q2)],
    )
    ecology = _filed_plan(
        other_department_officer,
        world.ecology,
        [PlanRow(yatou, "HB01", "routine", *may), PlanRow(ningjin, "HB01", "routine", *may)],
        code="HB01",
    )
    return market, ecology


def test_department_keeps_its_matters_list(world, department_officer, bureau_staff):
    client = login_client(department_officer)
    url = reverse("inspections:matter-create")
    assert client.get(url).status_code == 200

    refused = client.post(
        url,
        {
            "organization": world.market.pk,
            "code": "SC01",
            "name": "食品生产经营检查",
            "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
            "category": "routine",
            "double_random": "on",
            "frequency_per_year": 1,
        },
    )
    assert refused.status_code == 400
    assert "须写明各风险等级的抽查比例" in _page(refused)
    assert not InspectionMatter.objects.exists()

    response = client.post(
        url,
        {
            "organization": world.market.pk,
            "code": "SC01",
            "name": "食品生产经营检查",
            "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
            "category": "routine",
            "double_random": "on",
            "rate_high": 30,
            "rate_medium_high": 10,
            "rate_medium": 2,
            "rate_low": 1,
            "frequency_per_year": 1,
        },
    )
    assert response.status_code == 302
    matter = InspectionMatter.objects.get()
    assert matter.organization == world.market
    assert matter.sampling_rates == {"high": 30, "medium_high": 10, "medium": 2, "low": 1}

    listing = login_client(bureau_staff).get(
        reverse("inspections:matter-list"), {"double_random": "1"}
    )
    assert listing.status_code == 200
    assert "食品生产经营检查" in _page(listing)
    assert "高风险30%" in _page(listing)
    export = login_client(bureau_staff).get(reverse("inspections:matter-list"), {"export": "xlsx"})
    assert export.status_code == 200


def test_town_staff_sees_no_inspection_pages(town_staff):
    client = login_client(town_staff)
    assert client.get(reverse("inspections:matter-list")).status_code == 403
    assert client.get(reverse("inspections:plan-list")).status_code == 403
    assert client.get(reverse("inspections:run-list")).status_code == 403
    assert client.post(reverse("inspections:matter-create"), {"code": "X"}).status_code == 403
    assert not InspectionMatter.objects.exists()


def test_department_plans_imports_files_and_discloses(
    world, department_officer, other_department_officer, bureau_staff
):
    _matter(department_officer, world.market)
    client = login_client(department_officer)

    opened = client.post(
        reverse("inspections:plan-open"),
        {"organization": world.market.pk, "year": 2022, "period": "year"},
    )
    assert opened.status_code == 302
    plan = InspectionPlan.objects.get()
    detail_url = reverse("inspections:plan-detail", args=[plan.pk])
    assert opened["Location"] == detail_url
    again = client.post(
        reverse("inspections:plan-open"),
        {"organization": world.market.pk, "year": 2022, "period": "year"},
    )
    assert again.status_code == 400
    assert "已有2022年该期间的检查计划" in _page(again)

    matter = InspectionMatter.objects.get()
    added = client.post(
        reverse("inspections:plan-items-add", args=[plan.pk]),
        {
            "uscc": world.enterprise_yatou.uscc,
            "matter": matter.pk,
            "method": "routine",
            "window_start": "2022-04-01",
            "window_end": "2022-04-30",
        },
    )
    assert added.status_code == 302
    outside = client.post(
        reverse("inspections:plan-items-add", args=[plan.pk]),
        {
            "uscc": world.enterprise_yatou.uscc,
            "matter": matter.pk,
            "method": "routine",
            "window_start": "2023-04-01",
            "window_end": "2023-04-30",
        },
    )
    assert outside.status_code == 400
    assert "超出计划期间" in _page(outside)
    assert plan.items.count() == 1

    import_url = reverse("inspections:plan-import", args=[plan.pk])
    template = client.get(reverse("inspections:plan-import-template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    bad = client.post(
        import_url,
        {
            "file": _workbook(
                [
                    [world.enterprise_ningjin.uscc, "JC01", "日常检查", "2022-05-01", "2022-05-31"],
                    [OUTSIDE_REGION_USCC, "JC01", "日常检查", "2022-05-01", "2022-05-31"],
                ]
            )
        },
    )
    assert bad.status_code == 400
    page = _page(bad)
    assert "第3行：统一社会信用代码91371083MA3CKH9N2T不在本区域企业名录中" in page
    assert "第2行" not in page
    assert plan.items.count() == 1

    good = client.post(
        import_url,
        {
            "file": _workbook(
                [
                    [world.enterprise_ningjin.uscc, "JC01", "日常检查", "2022-05-01", "2022-05-31"],
                    [world.enterprise_yatou.uscc, "JC01", "重点检查", "2022-06-01", "2022-06-30"],
                ]
            )
        },
    )
    assert good.status_code == 302
    assert plan.items.count() == 3
    shown = client.get(detail_url)
    assert world.enterprise_ningjin.name in _page(shown)
    assert world.enterprise_ningjin.uscc in _page(shown)

    # Another department: 404 on the plan, and its POSTs change nothing.
    other = login_client(other_department_officer)
    assert other.get(detail_url).status_code == 404
    assert other.post(reverse("inspections:plan-file", args=[plan.pk])).status_code == 404
    assert (
        other.post(
            reverse("inspections:plan-items-add", args=[plan.pk]),
            {"uscc": world.enterprise_yatou.uscc},
        ).status_code
        == 404
    )
    assert other.get(import_url).status_code == 404
    plan = InspectionPlan.objects.get(pk=plan.pk)
    assert plan.status == InspectionPlan.Status.DRAFT
    assert plan.items.count() == 3

    disclose_early = client.post(reverse("inspections:plan-disclose", args=[plan.pk]))
    assert disclose_early.status_code == 400
    assert "不能公示检查计划" in _page(disclose_early)

    assert client.post(reverse("inspections:plan-file", args=[plan.pk])).status_code == 302
    plan = InspectionPlan.objects.get(pk=plan.pk)
    assert plan.status == InspectionPlan.Status.FILED
    assert plan.filed_late  # filed after the end of March 2022
    refused = client.post(import_url)
    assert refused.status_code == 302
    assert client.post(reverse("inspections:plan-disclose", args=[plan.pk])).status_code == 302
    plan = InspectionPlan.objects.get(pk=plan.pk)
    assert plan.status == InspectionPlan.Status.DISCLOSED
    history = _page(client.get(detail_url))
    assert "报司法局备案" in history
    assert "公示检查计划" in history

    # The bureau sees the plan read-only.
    bureau_page = _page(login_client(bureau_staff).get(detail_url))
    assert "增加计划事项" not in bureau_page
    assert world.market.name in bureau_page


def test_bureau_proposes_reviews_adjusts_and_confirms(
    world, bureau_staff, department_officer, two_filed_plans
):
    client = login_client(bureau_staff)
    form = client.get(reverse("inspections:run-propose"))
    assert form.status_code == 200
    assert world.ecology.name in _page(form)  # the capacity table lists the departments

    bad = client.post(
        reverse("inspections:run-propose"),
        {"year": 2022, "max_entries": 4, "blackout": "2022-05-40", "skip_weekends": "on"},
    )
    assert bad.status_code == 400
    assert "第1行" in _page(bad)
    none = client.post(reverse("inspections:run-propose"), {"year": 2019, "max_entries": 4})
    assert none.status_code == 400
    assert "没有已备案的检查计划事项" in _page(none)
    assert not PlanningRun.objects.exists()

    response = client.post(
        reverse("inspections:run-propose"),
        {
            "year": 2022,
            "max_entries": 4,
            "blackout": "2022-05-02~2022-05-04\n2022-05-09",
            "skip_weekends": "on",
            f"capacity_{world.market.pk}": 10,
        },
    )
    assert response.status_code == 302
    run = PlanningRun.objects.get()
    assert run.items == 4
    assert run.entries == 2  # each enterprise entered once by both departments
    assert run.limits["capacity_per_month"] == {"market": 10}
    assert "2022-05-03" in run.limits["blackout"]

    page = _page(client.get(reverse("inspections:run-detail", args=[run.pk])))
    for number in ("入企次数下界", "减少入企次数", "计算用时"):
        assert number in page
    assert page.count("timeline-row") == 2
    assert world.enterprise_yatou.name in page

    joint = JointInspection.objects.get(enterprise=world.enterprise_yatou)
    joint_url = reverse("inspections:joint-detail", args=[joint.pk])
    detail = _page(client.get(joint_url))
    assert world.market.name in detail
    assert world.ecology.name in detail
    assert "调整日期" in detail
    market_plan, _ecology_plan = two_filed_plans
    plan_page = _page(client.get(reverse("inspections:plan-detail", args=[market_plan.pk])))
    assert joint_url in plan_page

    outside = client.post(reverse("inspections:joint-move", args=[joint.pk]), {"day": "2022-06-15"})
    assert outside.status_code == 400
    assert "不在以下计划事项的计划时间内" in _page(outside)
    moved = client.post(reverse("inspections:joint-move", args=[joint.pk]), {"day": "2022-05-10"})
    assert moved.status_code == 302
    joint.refresh_from_db()
    assert joint.day == D(2022, 5, 10)

    all_of_them = client.post(
        reverse("inspections:joint-split", args=[joint.pk]),
        {"organizations": [world.market.pk, world.ecology.pk], "day": "2022-05-11"},
    )
    assert all_of_them.status_code == 400
    assert "请选择部分" in _page(all_of_them)
    split = client.post(
        reverse("inspections:joint-split", args=[joint.pk]),
        {"organizations": [world.ecology.pk], "day": "2022-05-11"},
    )
    assert split.status_code == 302
    run = PlanningRun.objects.get(pk=run.pk)
    assert run.entries == 3
    assert JointInspection.objects.filter(enterprise=world.enterprise_yatou).count() == 2

    # A department sees the run read-only and cannot confirm or adjust it.
    department = login_client(department_officer)
    read_only = _page(department.get(reverse("inspections:run-detail", args=[run.pk])))
    assert "确认方案" not in read_only
    assert "调整日期" not in _page(department.get(joint_url))
    assert department.post(reverse("inspections:run-confirm", args=[run.pk])).status_code == 403
    assert (
        department.post(
            reverse("inspections:joint-move", args=[joint.pk]), {"day": "2022-05-12"}
        ).status_code
        == 403
    )
    joint.refresh_from_db()
    assert joint.day == D(2022, 5, 10)

    assert client.post(reverse("inspections:run-confirm", args=[run.pk])).status_code == 302
    run = PlanningRun.objects.get(pk=run.pk)
    assert run.status == PlanningRun.Status.CONFIRMED
    late = client.post(reverse("inspections:joint-move", args=[joint.pk]), {"day": "2022-05-12"})
    assert late.status_code == 400
    assert "不能再调整" in _page(late)


def test_department_cannot_propose_a_run(world, department_officer, two_filed_plans):
    client = login_client(department_officer)
    assert client.get(reverse("inspections:run-propose")).status_code == 403
    response = client.post(reverse("inspections:run-propose"), {"year": 2022, "max_entries": 4})
    assert response.status_code == 403
    assert not PlanningRun.objects.exists()


def test_portal_shows_disclosed_plans_and_the_confirmed_schedule(
    world, department_officer, other_department_officer, bureau_staff, two_filed_plans
):
    market, _ecology = two_filed_plans
    plans.plan_disclose(acting_user=department_officer, plan_id=market.pk, on=D(2022, 3, 25))
    _matter(department_officer, world.market, "JC02")
    draft = plans.plan_open(acting_user=department_officer, organization=world.market, year=2023)
    plans.plan_items_add(
        acting_user=department_officer,
        plan_id=draft.pk,
        rows=[PlanRow(world.enterprise_yatou.uscc, "JC02", "key", D(2023, 4, 1), D(2023, 4, 30))],
    )
    from fazhi.inspections.services import planning

    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)

    anonymous = Client()
    url = reverse("inspections-portal:plans")
    page = _page(anonymous.get(url, {"year": 2022}))
    assert page.count("portal-plan-item") == 2  # market's disclosed plan only
    assert "2023年" not in page.split("已实施的联合检查")[0]
    assert "安全生产检查JC02" not in page
    assert page.count("portal-joint") == 2
    assert world.ecology.name in page

    searched = _page(anonymous.get(url, {"q": world.enterprise_ningjin.uscc}))
    assert searched.count("portal-plan-item") == 1
    assert world.enterprise_ningjin.name in searched
    by_name = _page(anonymous.get(url, {"q": "崖头"}))
    assert by_name.count("portal-plan-item") == 1
    assert _page(anonymous.get(url, {"year": 2021})).count("portal-joint") == 0


def _count_queries(client, url) -> int:
    client.get(url)  # warm the per-session caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_keep_their_query_count_as_rows_grow(
    world, department_officer, other_department_officer, bureau_staff, two_filed_plans
):
    client = login_client(bureau_staff)
    urls = [
        reverse("inspections:matter-list"),
        reverse("inspections:plan-list"),
        reverse("inspections:run-list"),
    ]
    from fazhi.inspections.services import planning

    market, _ecology = two_filed_plans
    plans.plan_disclose(acting_user=department_officer, plan_id=market.pk, on=D(2022, 3, 25))
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    run_url = reverse("inspections:run-detail", args=[PlanningRun.objects.get().pk])
    portal = reverse("inspections-portal:plans")
    before = [_count_queries(client, url) for url in [*urls, run_url]]
    portal_before = _count_queries(Client(), portal)

    for code in ("JC02", "JC03", "JC04"):
        _matter(department_officer, world.market, code)
    for year in (2023, 2024):
        plan = plans.plan_open(acting_user=department_officer, organization=world.market, year=year)
        plans.plan_items_add(
            acting_user=department_officer,
            plan_id=plan.pk,
            rows=[
                PlanRow(world.enterprise_yatou.uscc, "JC02", "key", D(year, 4, 1), D(year, 4, 9))
            ],
        )
        plans.plan_file(acting_user=department_officer, plan_id=plan.pk, on=D(year, 3, 1))
        plans.plan_disclose(acting_user=department_officer, plan_id=plan.pk, on=D(year, 3, 2))
    planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    run_url = reverse("inspections:run-detail", args=[PlanningRun.objects.first().pk])
    after = [_count_queries(client, url) for url in [*urls, run_url]]
    assert after == before
    assert _count_queries(Client(), portal) == portal_before
    assert _page(Client().get(portal, {"year": 2022})).count("portal-plan-item") == 4
    assert PlanItem.objects.count() == 6
