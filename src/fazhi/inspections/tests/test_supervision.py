"""Accompanying supervision (伴随式监督): the bureau draws confirmed joint inspections to go along
with, on core's verifiable draw."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import RandomDraw
from fazhi.core.services.directory import enterprise_create
from fazhi.core.services.draws import draw_verify
from fazhi.inspections.models import JointInspection, SupervisionDraw
from fazhi.inspections.services import matters, planning, plans, supervision
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
RULE = "以抽取日前一交易日上证综合指数收盘点位作为随机种子值"
Q2 = (D(2022, 4, 1), D(2022, 6, 30))


def _uscc(serial: int) -> str:
    body = f"91371082MA3D{serial:05d}"
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def visits(world, department_officer, bureau_staff):
    """Eight confirmed joint inspections in the second quarter, one per enterprise."""
    enterprises = [
        enterprise_create(
            acting_user=None, uscc=_uscc(n), name=f"监督测试企业{n}", region=world.yatou
        )
        for n in range(8)
    ]
    matters.matter_create(
        acting_user=department_officer,
        organization=world.market,
        code="JC01",
        name="市场监管检查",
        legal_basis="依据",
        category="routine",
    )
    plan = plans.plan_open(acting_user=department_officer, organization=world.market, year=2022)
    plans.plan_items_add(
        acting_user=department_officer,
        plan_id=plan.pk,
        rows=[PlanRow(e.uscc, "JC01", "routine", *Q2) for e in enterprises],
    )
    plans.plan_file(acting_user=department_officer, plan_id=plan.pk, on=D(2022, 3, 20))
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    return list(JointInspection.objects.filter(run=run))


def _announce(user, size=3):
    return supervision.supervision_draw_announce(
        acting_user=user, window_start=Q2[0], window_end=Q2[1], sample_size=size, seed_rule=RULE
    )


def test_the_bureau_draws_visits_to_accompany_and_the_draw_replays(bureau_staff, visits):
    announced = _announce(bureau_staff)
    assert announced.draw.population_size == len(visits) == 8
    assert not announced.joint_inspections.exists()

    done = supervision.supervision_draw_run(
        acting_user=bureau_staff, supervision_draw_id=announced.pk, seed_value="3201.55"
    )

    drawn = set(done.joint_inspections.values_list("pk", flat=True))
    assert len(drawn) == 3
    assert drawn <= {visit.pk for visit in visits}
    assert draw_verify(RandomDraw.objects.get(pk=done.draw_id)).ok
    # Another seed, another draw of the same frozen visits.
    other = supervision.supervision_draw_run(
        acting_user=bureau_staff,
        supervision_draw_id=_announce(bureau_staff).pk,
        seed_value="3188.02",
    )
    assert set(other.joint_inspections.values_list("pk", flat=True)) != drawn


def test_departments_cannot_draw_and_do_not_see_the_draws(
    bureau_staff, department_officer, other_county_bureau, visits
):
    with pytest.raises(PermissionDenied):
        _announce(department_officer)
    _announce(bureau_staff)
    assert not SupervisionDraw.objects.visible_to(department_officer).exists()
    assert not SupervisionDraw.objects.visible_to(other_county_bureau).exists()
    assert SupervisionDraw.objects.visible_to(bureau_staff).count() == 1


def test_unusable_inputs_name_the_field(bureau_staff, visits):
    with pytest.raises(ValidationError) as error:
        _announce(bureau_staff, size=9)
    assert "超过可抽取的联合检查数8" in error.value.message_dict["sample_size"][0]
    with pytest.raises(ValidationError) as error:
        supervision.supervision_draw_announce(
            acting_user=bureau_staff,
            window_start=D(2022, 10, 1),
            window_end=D(2022, 12, 31),
            sample_size=1,
            seed_rule=RULE,
        )
    assert "没有已确认且尚未开始的联合检查" in error.value.message_dict["window_start"][0]
    assert not SupervisionDraw.objects.exists()
