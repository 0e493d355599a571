"""The overviews: a department's visits (本部门检查任务), the plan board per department and the
enterprises' burden chart with its Excel export — counts, flags, scoping, flat query counts."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from fazhi.conftest import login_client
from fazhi.inspections.models import JointInspection
from fazhi.inspections.services import execution, matters, planning, plans
from fazhi.inspections.services.plans import PlanRow

pytestmark = pytest.mark.django_db

D = datetime.date
MONTHS = [(D(2022, m, 1), D(2022, m, 28)) for m in (3, 5, 7, 9, 11)]


def _matter(user, organization, code):
    matters.matter_create(
        acting_user=user,
        organization=organization,
        code=code,
        name=f"{organization.name}检查",
        legal_basis="依据",
        category="routine",
    )


@pytest.fixture
def schedule(world, department_officer, other_department_officer, bureau_staff):
    """Market plans 崖头's enterprise in five months and 宁津's in May; ecology joins in May.

    Confirmed: 崖头's enterprise is entered five times (over the cap of four), 宁津's once; going
    alone market needs six entries and ecology two.
    """
    yatou, ningjin = world.enterprise_yatou.uscc, world.enterprise_ningjin.uscc
    _matter(department_officer, world.market, "SC01")
    market = plans.plan_open(acting_user=department_officer, organization=world.market, year=2022)
    rows = [PlanRow(yatou, "SC01", "routine", *window) for window in MONTHS]
    rows.append(PlanRow(ningjin, "SC01", "routine", *MONTHS[1]))
    plans.plan_items_add(acting_user=department_officer, plan_id=market.pk, rows=rows)
    plans.plan_file(acting_user=department_officer, plan_id=market.pk, on=D(2022, 3, 20))
    _matter(other_department_officer, world.ecology, "HB01")
    ecology = plans.plan_open(
        acting_user=other_department_officer, organization=world.ecology, year=2022
    )
    plans.plan_items_add(
        acting_user=other_department_officer,
        plan_id=ecology.pk,
        rows=[
            PlanRow(yatou, "HB01", "routine", *MONTHS[1]),
            PlanRow(ningjin, "HB01", "routine", *MONTHS[1]),
        ],
    )
    plans.plan_file(acting_user=other_department_officer, plan_id=ecology.pk, on=D(2022, 4, 8))
    run = planning.planning_run_propose(
        acting_user=bureau_staff, region=world.county, year=2022, skip_weekends=False
    )
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    return run


def _visit(run, enterprise, month):
    return JointInspection.objects.get(run=run, enterprise=enterprise, day__month=month)


@pytest.fixture
def may_visit_done(world, schedule, department_officer, other_department_officer):
    """The May visit to 崖头's enterprise held; ecology found a problem, nothing disclosed yet."""
    joint = _visit(schedule, world.enterprise_yatou, 5)
    lead = other_department_officer if joint.lead == world.ecology else department_officer
    execution.joint_arrive(acting_user=lead, joint_id=joint.pk)
    for item in joint.items.select_related("plan"):
        if item.plan.organization_id == world.market.pk:
            execution.result_record(
                acting_user=department_officer, item_id=item.pk, outcome="passed", on=D(2022, 5, 20)
            )
        else:
            execution.result_record(
                acting_user=other_department_officer,
                item_id=item.pk,
                outcome="problem",
                description="未设置标识",
                measure="rectify",
                rectify_due_on=D(2022, 6, 20),
                on=D(2022, 5, 20),
            )
    execution.joint_leave(acting_user=lead, joint_id=joint.pk)
    return joint


def _page(response) -> str:
    return response.content.decode()


# 本部门检查任务 -------------------------------------------------------------------------------


def test_department_sees_its_visits_with_lead_and_other_departments(
    world, schedule, other_department_officer
):
    client = login_client(other_department_officer)

    page = _page(client.get(reverse("inspections:task-list")))

    # Ecology takes part in the two May visits only.
    assert page.count("task-row") == 2
    assert world.enterprise_yatou.name in page
    assert world.enterprise_ningjin.name in page
    assert world.market.name in page  # the lead
    assert "2022-05-" in page
    assert "2022-03-" not in page


def test_tasks_filter_by_month_and_state(world, schedule, may_visit_done, department_officer):
    client = login_client(department_officer)
    url = reverse("inspections:task-list")

    assert _page(client.get(url)).count("task-row") == 6
    may = _page(client.get(url, {"year": 2022, "month": 5}))
    assert may.count("task-row") == 2
    finished = _page(client.get(url, {"state": "finished"}))
    assert finished.count("task-row") == 1
    assert _page(client.get(url, {"state": "pending"})).count("task-row") == 5
    assert _page(client.get(url, {"state": "underway"})).count("task-row") == 0


def test_overdue_disclosure_is_flagged_red_in_the_task_list(
    world, schedule, may_visit_done, other_department_officer
):
    client = login_client(other_department_officer)
    url = reverse("inspections:task-list")

    overdue = _page(client.get(url, {"state": "disclosure_overdue"}))

    assert overdue.count("task-row") == 1
    assert "disclosure-overdue" in overdue
    assert "1项逾期未公示" in overdue
    assert "期限2022-06-20" in overdue
    result = may_visit_done.results.get(item__plan__organization=world.ecology)
    execution.result_disclose(acting_user=other_department_officer, result_id=result.pk)
    assert _page(client.get(url, {"state": "disclosure_overdue"})).count("task-row") == 0


def test_task_list_queries_do_not_grow_with_visits(
    world, schedule, department_officer, django_assert_max_num_queries
):
    client = login_client(department_officer)
    client.get(reverse("inspections:task-list"))
    with django_assert_max_num_queries(12):
        page = _page(client.get(reverse("inspections:task-list")))
    assert page.count("task-row") == 6


def test_task_list_is_for_departments_only(schedule, bureau_staff, other_county_bureau):
    assert login_client(bureau_staff).get(reverse("inspections:task-list")).status_code == 403
    assert (
        login_client(other_county_bureau).get(reverse("inspections:task-list")).status_code == 403
    )


# 检查计划看板 ---------------------------------------------------------------------------------


def _row(page: str, organization) -> str:
    start = page.index(f'data-organization="{organization.pk}"')
    return page[start : page.index("</tr>", start)]


def _cell(row: str, name: str) -> str:
    start = row.index(f"board-{name}")
    return row[row.index(">", start) + 1 : row.index("</td>", start)]


def test_bureau_board_counts_match_the_records(
    world, schedule, may_visit_done, bureau_staff, django_assert_max_num_queries
):
    client = login_client(bureau_staff)
    url = reverse("inspections:plan-board")
    client.get(url, {"year": 2022})

    with django_assert_max_num_queries(14):
        page = _page(client.get(url, {"year": 2022}))

    market, ecology = _row(page, world.market), _row(page, world.ecology)
    assert "已备案" in market
    assert "board-filed-late" not in market
    assert "board-filed-late" in ecology  # filed on 8 April, after the 31 March deadline
    assert (_cell(market, "planned"), _cell(market, "placed"), _cell(market, "held")) == (
        "6",
        "6",
        "1",
    )
    assert (_cell(market, "recorded"), _cell(market, "problems")) == ("1", "0")
    assert (_cell(ecology, "planned"), _cell(ecology, "recorded"), _cell(ecology, "problems")) == (
        "2",
        "1",
        "1",
    )
    assert (_cell(ecology, "rectify-due"), _cell(ecology, "rectified")) == ("1", "0")
    # Both results are past their 20-working-day disclosure deadline (20 June 2022).
    assert "bg-red" in _cell(ecology, "overdue")
    assert ">1<" in _cell(ecology, "overdue") + "<"


def test_department_board_shows_its_own_row_and_months(
    world, schedule, may_visit_done, department_officer
):
    page = _page(login_client(department_officer).get(reverse("inspections:plan-board")))

    assert page.count("board-row") == 1
    assert world.ecology.name not in page
    assert page.count("month-row") == 12
    months = page[page.index("board-months") :]
    may = months[months.index("<td>5月</td>") : months.index("</tr>", months.index("<td>5月</td>"))]
    assert '<td class="text-end">2</td>' in may  # two items planned from May


def test_other_county_bureau_sees_no_department_on_the_board(schedule, other_county_bureau):
    page = _page(
        login_client(other_county_bureau).get(reverse("inspections:plan-board"), {"year": 2022})
    )
    assert page.count("board-row") == 0


# 企业检查负担 ---------------------------------------------------------------------------------


def test_burden_chart_counts_entries_per_enterprise(world, schedule, bureau_staff):
    page = _page(login_client(bureau_staff).get(reverse("inspections:burden")))

    assert "2家" in page  # two enterprises
    assert "6次" in page  # 5 + 1 joint entries
    # Going alone: market 5 + 1, ecology 1 + 1.
    assert 'burden-solo-total">8次' in page
    assert 'data-entries="1"><td>1次</td><td class="text-end histogram-joint">1</td>' in page
    assert 'data-entries="5"><td>5次</td><td class="text-end histogram-joint">1</td>' in page
    assert 'data-entries="6"><td>6次</td><td class="text-end histogram-joint">0</td>' in page
    assert page.count("over-cap-row") == 1
    assert "vendor/echarts/echarts.min.js" in page


def test_burden_export_downloads_the_enterprises_over_the_cap(world, schedule, bureau_staff):
    response = login_client(bureau_staff).get(reverse("inspections:burden"), {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("企业名称", "统一社会信用代码")
    assert rows[1:] == [
        (world.enterprise_yatou.name, world.enterprise_yatou.uscc, "崖头街道", 5, 6, 2)
    ]


def test_other_county_bureau_sees_no_burden(schedule, other_county_bureau):
    client = login_client(other_county_bureau)
    page = _page(client.get(reverse("inspections:burden")))
    assert "还没有已确认的联合检查统筹方案" in page
    assert "over-cap-row" not in page
    response = client.get(reverse("inspections:burden"), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(list(workbook.active.iter_rows(values_only=True))) == 1


def test_menu_lists_the_overviews(schedule, department_officer):
    page = _page(login_client(department_officer).get(reverse("inspections:plan-board")))
    for name in ("task-list", "plan-board", "burden"):
        assert reverse(f"inspections:{name}") in page
