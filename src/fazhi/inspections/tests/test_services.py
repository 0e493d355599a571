"""Plans (rows all or nothing, filing deadline), the planner run, the bureau's edits, figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.figures import figure_evaluate
from fazhi.inspections.models import InspectionPlan, JointInspection, PlanItem, PlanningRun
from fazhi.inspections.services import matters, planning, plans
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
Q2 = (D(2022, 4, 1), D(2022, 6, 30))
MARCH_20 = D(2022, 3, 20)


def _matter(user, organization, code="JC01"):
    return matters.matter_create(
        acting_user=user,
        organization=organization,
        code=code,
        name="安全生产检查",
        legal_basis="《中华人民共和国安全生产法》第六十五条",
        category="routine",
    )


def _filed_plan(user, organization, rows, *, filed_on=MARCH_20):
    plan = plans.plan_open(acting_user=user, organization=organization, year=2022)
    plans.plan_items_add(acting_user=user, plan_id=plan.pk, rows=rows)
    return plans.plan_file(acting_user=user, plan_id=plan.pk, on=filed_on)


@pytest.fixture
def two_departments(world, department_officer, other_department_officer):
    """Market and ecology both plan the two demo enterprises in Q2; ecology also in May."""
    _matter(department_officer, world.market)
    _matter(other_department_officer, world.ecology)
    yatou, ningjin = world.enterprise_yatou.uscc, world.enterprise_ningjin.uscc
    market = _filed_plan(
        department_officer,
        world.market,
        [PlanRow(yatou, "JC01", "routine", *Q2), PlanRow(ningjin, "JC01", "routine", *Q2)],
    )
    ecology = _filed_plan(
        other_department_officer,
        world.ecology,
        [
            PlanRow(yatou, "JC01", "routine", D(2022, 5, 1), D(2022, 5, 31)),
            PlanRow(ningjin, "JC01", "routine", D(2022, 6, 1), D(2022, 6, 30)),
        ],
        filed_on=D(2022, 4, 2),
    )
    return market, ecology


def test_bad_rows_are_reported_by_line_and_nothing_is_added(world, department_officer):
    _matter(department_officer, world.market)
    plan = plans.plan_open(acting_user=department_officer, organization=world.market, year=2022)
    good = PlanRow(world.enterprise_yatou.uscc, "JC01", "routine", *Q2)
    rows = [
        good,
        PlanRow("91371082MA3C000000", "JC01", "routine", *Q2),  # not a valid code
        PlanRow(world.enterprise_other_county.uscc, "JC01", "routine", *Q2),  # not in the county
        PlanRow(world.enterprise_ningjin.uscc, "XX99", "routine", *Q2),  # not on the list
        PlanRow(world.enterprise_ningjin.uscc, "JC01", "routine", D(2023, 1, 1), D(2023, 1, 31)),
        PlanRow(world.enterprise_ningjin.uscc, "JC01", "double_random", *Q2),
    ]
    with pytest.raises(ValidationError) as error:
        plans.plan_items_add(acting_user=department_officer, plan_id=plan.pk, rows=rows)
    problems = error.value.message_dict["rows"]
    assert [p.split("：")[0] for p in problems] == ["第2行", "第3行", "第4行", "第5行", "第6行"]
    assert "不在本区域企业名录中" in problems[1]
    assert "XX99" in problems[2]
    assert "超出计划期间" in problems[3]
    assert "未纳入双随机抽查" in problems[4]
    assert not PlanItem.objects.exists()


def test_filing_after_the_end_of_march_is_flagged(world, two_departments):
    market, ecology = two_departments
    assert market.filing_due_on == D(2022, 3, 31)
    assert (market.status, market.filed_late) == (InspectionPlan.Status.FILED, False)
    assert ecology.filed_late is True


def test_other_department_cannot_touch_the_plan(
    world, department_officer, other_department_officer
):
    plan = plans.plan_open(acting_user=department_officer, organization=world.market, year=2022)

    with pytest.raises((PermissionDenied, Http404)):
        plans.plan_file(acting_user=other_department_officer, plan_id=plan.pk)
    assert InspectionPlan.objects.get(pk=plan.pk).status == InspectionPlan.Status.DRAFT


def test_planner_run_merges_departments_and_the_figures_follow(
    world, bureau_staff, department_officer, two_departments
):
    with pytest.raises(PermissionDenied):
        planning.planning_run_propose(
            acting_user=department_officer, region=world.county, year=2022
        )
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    # Each enterprise needs one entry: the windows of both departments overlap.
    assert (run.items, run.entries, run.lower_bound, run.solo_entries) == (4, 2, 2, 4)
    assert run.saved == 2
    assert PlanItem.objects.filter(joint_inspection__isnull=True).count() == 0
    for joint in JointInspection.objects.all():
        assert joint.departments == 2
        for item in joint.items.all():
            assert item.window_start <= joint.day <= item.window_end
    # Not confirmed yet: no figure.
    assert figure_evaluate("inspections.joint_departments", world.county, 2022).value == 0
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk, on=D(2022, 4, 10))
    assert figure_evaluate("inspections.joint_departments", world.county, 2022).value == 2
    assert figure_evaluate("inspections.joint_inspections", world.county, 2022).value == 2
    assert figure_evaluate("inspections.entries_saved", world.county, 2022).value == 2
    # A second proposal supersedes nothing confirmed until it is confirmed itself.
    second = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    assert PlanningRun.objects.get(pk=run.pk).status == PlanningRun.Status.CONFIRMED
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=second.pk)
    assert PlanningRun.objects.get(pk=run.pk).status == PlanningRun.Status.SUPERSEDED


def test_bureau_moves_and_splits_within_the_windows(world, bureau_staff, two_departments):
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    joint = JointInspection.objects.get(run=run, enterprise=world.enterprise_yatou)
    with pytest.raises(ValidationError) as error:
        planning.joint_inspection_move(
            acting_user=bureau_staff, joint_id=joint.pk, day=D(2022, 4, 6)
        )
    assert "不在以下计划事项的计划时间内" in error.value.message_dict["day"][0]
    with pytest.raises(ValidationError) as error:
        planning.joint_inspection_move(
            acting_user=bureau_staff, joint_id=joint.pk, day=D(2022, 5, 7)
        )
    assert "周末" in error.value.message_dict["day"][0]
    moved = planning.joint_inspection_move(
        acting_user=bureau_staff, joint_id=joint.pk, day=D(2022, 5, 10)
    )
    assert moved.day == D(2022, 5, 10)
    split = planning.joint_inspection_split(
        acting_user=bureau_staff,
        joint_id=joint.pk,
        organization_ids=[world.ecology.pk],
        day=D(2022, 5, 20),
    )
    assert split.lead == world.ecology
    assert JointInspection.objects.get(pk=joint.pk).lead == world.market
    assert PlanningRun.objects.get(pk=run.pk).entries == 3
    with pytest.raises(ValidationError):
        planning.joint_inspection_split(
            acting_user=bureau_staff,
            joint_id=split.pk,
            organization_ids=[world.ecology.pk],
            day=D(2022, 5, 20),
        )
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    with pytest.raises(ValidationError) as error:
        planning.joint_inspection_move(
            acting_user=bureau_staff, joint_id=joint.pk, day=D(2022, 5, 11)
        )
    assert "已确认" in error.value.message_dict["run"][0]


def test_items_without_capacity_are_reported_with_the_department_name(
    world, bureau_staff, two_departments
):
    run = planning.planning_run_propose(
        acting_user=bureau_staff,
        region=world.county,
        year=2022,
        capacity_per_month={world.ecology.pk: 0},
    )
    reasons = [reason for _item, reason in run.unplaced]
    assert len(reasons) == 2
    assert all(reason.startswith(world.ecology.name) for reason in reasons)
    assert run.saved >= 0
    with pytest.raises(ValidationError) as error:
        planning.planning_run_propose(
            acting_user=bureau_staff, region=world.county, year=2022, capacity_per_month={0: 1}
        )
    assert "capacity_per_month" in error.value.message_dict
