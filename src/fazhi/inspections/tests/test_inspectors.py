"""Drawing a department's inspectors for a joint inspection: only certified, qualified officers
without a conflict, rotating away from last time's, at least two, re-runnable."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from fazhi.core.exceptions import PermissionDenied
from fazhi.core.models import RandomDraw
from fazhi.core.services.draws import draw_verify
from fazhi.enforcement.services.certificates import (
    certificate_apply,
    certificate_issue,
    certificate_suspend,
)
from fazhi.enforcement.services.officers import officer_register
from fazhi.inspections.models import InspectorConflict, InspectorDraw, JointInspection
from fazhi.inspections.selectors_draws import inspectors_of
from fazhi.inspections.services import inspectors, matters, planning, plans
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
RULE = "以抽取日前一交易日上证综合指数收盘点位作为随机种子值"
FOOD = "食品安全执法资格"


def _id_number(serial: int) -> str:
    body = f"37108219800101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _certified(world, department_officer, bureau_staff, name, serial, **extra):
    officer = officer_register(
        acting_user=department_officer,
        organization=world.market,
        name=name,
        id_number=_id_number(serial),
        staffing_type="administrative",
        **extra,
    )
    certificate = certificate_apply(
        acting_user=department_officer, officer_id=officer.pk, on=D(2021, 12, 1)
    )
    certificate_issue(
        acting_user=bureau_staff,
        certificate_id=certificate.pk,
        number=f"37108200{serial:04d}",
        valid_until=D(2024, 12, 31),
        on=D(2021, 12, 20),
    )
    return officer


@pytest.fixture
def team(world, department_officer, bureau_staff):
    """Five certified market officers: four qualified for food inspection, one not."""
    qualified = [
        _certified(world, department_officer, bureau_staff, f"检查员{n}", n, qualifications=[FOOD])
        for n in range(1, 5)
    ]
    unqualified = _certified(world, department_officer, bureau_staff, "无资格员", 9)
    return qualified, unqualified


def _visits(world, department_officer, bureau_staff, windows):
    matters.matter_create(
        acting_user=department_officer,
        organization=world.market,
        code="SP01",
        name="食品经营检查",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        category="routine",
        qualification=FOOD,
    )
    plan = plans.plan_open(acting_user=department_officer, organization=world.market, year=2022)
    plans.plan_items_add(
        acting_user=department_officer,
        plan_id=plan.pk,
        rows=[PlanRow(world.enterprise_yatou.uscc, "SP01", "routine", *w) for w in windows],
    )
    plans.plan_file(acting_user=department_officer, plan_id=plan.pk, on=D(2022, 3, 20))
    run = planning.planning_run_propose(acting_user=bureau_staff, region=world.county, year=2022)
    planning.planning_run_confirm(acting_user=bureau_staff, run_id=run.pk)
    return list(JointInspection.objects.filter(run=run).order_by("day"))


def _draw(user, world, visit, seed="3201.55"):
    announced = inspectors.inspector_draw_announce(
        acting_user=user, joint_id=visit.pk, organization=world.market, seed_rule=RULE
    )
    return inspectors.inspector_draw_run(
        acting_user=user, inspector_draw_id=announced.pk, seed_value=seed
    )


def test_two_qualified_certified_officers_are_drawn_and_the_draw_replays(
    world, department_officer, bureau_staff, team
):
    qualified, _unqualified = team
    (visit,) = _visits(world, department_officer, bureau_staff, [(D(2022, 5, 1), D(2022, 5, 31))])

    done = _draw(department_officer, world, visit)

    drawn = set(done.inspectors.all())
    assert len(drawn) == 2
    assert drawn <= set(qualified)
    assert done.excluded == {"371082000009": "不具备检查事项要求的资格"}
    assert draw_verify(RandomDraw.objects.get(pk=done.draw_id)).ok
    cards = inspectors_of(visit)
    assert {card.department for card in cards} == {world.market.name}
    assert {card.name for card in cards} == {officer.name for officer in drawn}
    assert all(card.certificate_number and card.valid_until for card in cards)


def test_suspended_conflicted_and_last_time_officers_are_never_drawn(
    world, department_officer, bureau_staff, team
):
    qualified, _unqualified = team
    first, second = _visits(
        world,
        department_officer,
        bureau_staff,
        [(D(2022, 5, 1), D(2022, 5, 31)), (D(2022, 10, 1), D(2022, 10, 31))],
    )
    last_time = set(_draw(department_officer, world, first).inspectors.all())
    others = [o for o in qualified if o not in last_time]
    # Of the two left, one declares a conflict: too few remain.
    InspectorConflict.objects.create(
        officer=others[0],
        enterprise=world.enterprise_yatou,
        reason="配偶在该企业任职",
        declared_on=D(2022, 9, 1),
    )
    with pytest.raises(ValidationError) as error:
        inspectors.inspector_draw_announce(
            acting_user=department_officer,
            joint_id=second.pk,
            organization=world.market,
            seed_rule=RULE,
        )
    assert "只有1名，少于应选派的2名" in error.value.message_dict["organization"][0]
    InspectorConflict.objects.all().delete()
    # A suspended certificate: the officer stays in the frozen list with the reason, never drawn.
    certificate = others[0].certificates.get()
    certificate_suspend(
        acting_user=bureau_staff,
        certificate_id=certificate.pk,
        reason="涉嫌违纪",
        on=D(2022, 9, 1),
    )
    with pytest.raises(ValidationError):
        inspectors.inspector_draw_announce(
            acting_user=department_officer,
            joint_id=second.pk,
            organization=world.market,
            seed_rule=RULE,
        )
    assert not InspectorDraw.objects.filter(joint_inspection=second).exists()


def test_a_certificate_suspended_after_the_announcement_voids_the_draw(
    world, department_officer, bureau_staff, team
):
    qualified, _unqualified = team
    (visit,) = _visits(world, department_officer, bureau_staff, [(D(2022, 5, 1), D(2022, 5, 31))])
    announced = inspectors.inspector_draw_announce(
        acting_user=department_officer,
        joint_id=visit.pk,
        organization=world.market,
        seed_rule=RULE,
    )
    # Whoever the seed picks, every qualified certificate has lapsed since the announcement.
    for officer in qualified:
        certificate_suspend(
            acting_user=bureau_staff,
            certificate_id=officer.certificates.get().pk,
            reason="年审未通过",
            on=D(2022, 4, 1),
        )
    voided = inspectors.inspector_draw_run(
        acting_user=department_officer, inspector_draw_id=announced.pk, seed_value="3201.55"
    )
    assert "执法证已失效" in voided.void_reason
    assert not voided.inspectors.exists()
    assert inspectors_of(visit) == []


def test_only_the_department_itself_draws_its_inspectors(
    world, department_officer, other_department_officer, bureau_staff, team
):
    (visit,) = _visits(world, department_officer, bureau_staff, [(D(2022, 5, 1), D(2022, 5, 31))])
    with pytest.raises(PermissionDenied):
        inspectors.inspector_draw_announce(
            acting_user=other_department_officer,
            joint_id=visit.pk,
            organization=world.market,
            seed_rule=RULE,
        )
    _draw(department_officer, world, visit)
    with pytest.raises(ValidationError) as error:
        _draw(department_officer, world, visit)
    assert "已为该次联合检查抽取" in error.value.message_dict["joint_inspection"][0]
