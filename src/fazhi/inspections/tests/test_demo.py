"""The 2022 demo: 17 departments in joint inspections, double-random draws that replay."""

from fazhi.core import demo as core_demo
from fazhi.core.figures import figure_evaluate
from fazhi.core.models import RandomDraw, Region
from fazhi.core.services.draws import draw_verify
from fazhi.inspections import demo
from fazhi.inspections.models import InspectionPlan, PlanItem, PlanningRun, TargetDraw


def test_demo_plans_merge_seventeen_departments_and_draws_replay(db):
    core_demo.build_demo(lambda line: None)
    lines: list[str] = []
    demo.build_demo(lines.append)
    county = Region.objects.get(code=core_demo.COUNTY_CODE)
    joint = figure_evaluate("inspections.joint_departments", county, 2022)
    assert (joint.value, joint.previous) == (17, 0)
    run = PlanningRun.objects.get(status=PlanningRun.Status.CONFIRMED)
    assert run.entries < run.solo_entries
    assert run.gap >= 0
    # Every filed item is placed once, inside its window.
    assert (
        not PlanItem.objects.filter(joint_inspection__isnull=True)
        .exclude(pk__in=[item_id for item_id, _reason in run.unplaced])
        .exists()
    )
    assert InspectionPlan.objects.filter(filed_late=True).count() == 1
    draws = RandomDraw.objects.filter(pk__in=TargetDraw.objects.values("draw_id"))
    assert draws.count() == 17
    assert all(draw_verify(draw).ok for draw in draws)
    demo.build_demo(lines.append)
    assert lines[-1] == "涉企检查计划已存在，跳过"
