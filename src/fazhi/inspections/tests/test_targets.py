"""The double-random target draw: rates by risk grade, exclusions on record, replay, the plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc

from fazhi.core.draws import draw_replay
from fazhi.core.models import Enterprise, RandomDraw
from fazhi.core.services.directory import enterprise_create
from fazhi.core.services.draws import draw_document_of, draw_verify
from fazhi.inspections.models import InspectionPlan, PlanItem
from fazhi.inspections.services import matters, plans, targets
from fazhi.inspections.services.plans import PlanRow

D = datetime.date
RULE = "以抽取日前一交易日上证综合指数收盘点位作为随机种子值"
Q3 = (D(2022, 7, 1), D(2022, 9, 30))


def _uscc(serial: int) -> str:
    body = f"91371082MA3C{serial:05d}"
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def register(world, department_officer):
    """30 enterprises on the market department's register: 10 high risk, 20 low risk."""
    created = [
        enterprise_create(
            acting_user=None,
            uscc=_uscc(n),
            name=f"荣成测试企业{n}",
            region=world.yatou,
        )
        for n in range(30)
    ]
    targets.targets_register(
        acting_user=department_officer,
        organization=world.market,
        rows=[(e.uscc, "high" if n < 10 else "low") for n, e in enumerate(created)],
    )
    matter = matters.matter_create(
        acting_user=department_officer,
        organization=world.market,
        code="SJ01",
        name="食品经营双随机抽查",
        legal_basis="《中华人民共和国食品安全法》第一百一十条",
        category="routine",
        double_random=True,
        sampling_rates={"high": 30, "low": 10},
    )
    return created, matter


def test_draw_takes_each_grade_at_its_rate_and_becomes_the_quarters_plan(
    world, department_officer, register
):
    created, matter = register
    target_draw = targets.target_draw_announce(
        acting_user=department_officer,
        matter_id=matter.pk,
        window_start=Q3[0],
        window_end=Q3[1],
        seed_rule=RULE,
    )
    done = targets.target_draw_run(
        acting_user=department_officer, target_draw_id=target_draw.pk, seed_value="3201.55"
    )
    draw = RandomDraw.objects.get(pk=done.draw_id)
    high = {e.uscc for e in created[:10]}
    drawn = set(draw.selected_keys)
    assert len(drawn & high) == 3  # 30 % of 10
    assert len(drawn - high) == 2  # 10 % of 20
    plan = InspectionPlan.objects.get(pk=done.plan_id)
    assert (plan.period, plan.status) == ("q3", InspectionPlan.Status.DRAFT)
    assert set(plan.items.values_list("enterprise__uscc", flat=True)) == drawn
    assert set(plan.items.values_list("method", flat=True)) == {"double_random"}
    assert draw_verify(draw).ok


def test_same_inputs_same_sample_other_seed_other_sample_tampering_fails(
    world, department_officer, register
):
    _created, matter = register
    target_draw = targets.target_draw_announce(
        acting_user=department_officer,
        matter_id=matter.pk,
        window_start=Q3[0],
        window_end=Q3[1],
        seed_rule=RULE,
    )
    targets.target_draw_run(
        acting_user=department_officer, target_draw_id=target_draw.pk, seed_value="3201.55"
    )
    document = draw_document_of(RandomDraw.objects.get(pk=target_draw.draw_id))
    assert draw_replay(document).ok
    other = dict(document, seed_value="3201.56")
    report = draw_replay(other)
    assert not report.ok  # the published seed no longer matches
    recomputed = report.recomputed
    assert recomputed is not None
    rerun = draw_replay({**other, "seed": recomputed.seed, "selected": list(recomputed.selected)})
    assert rerun.ok
    assert recomputed.selected != tuple(document["selected"])
    tampered = dict(document, population=document["population"][1:])
    assert not draw_replay(tampered).ok


def test_enterprises_planned_recently_are_excluded_and_never_drawn(
    world, department_officer, register
):
    created, matter = register
    # Six high-risk enterprises were planned for the matter in Q2.
    plan = plans.plan_open(
        acting_user=department_officer, organization=world.market, year=2022, period="q2"
    )
    plans.plan_items_add(
        acting_user=department_officer,
        plan_id=plan.pk,
        rows=[
            PlanRow(e.uscc, "SJ01", "double_random", D(2022, 4, 1), D(2022, 6, 30))
            for e in created[:6]
        ],
    )
    target_draw = targets.target_draw_announce(
        acting_user=department_officer,
        matter_id=matter.pk,
        window_start=Q3[0],
        window_end=Q3[1],
        seed_rule=RULE,
    )
    assert set(target_draw.excluded) == {e.uscc for e in created[:6]}
    for seed in ("1", "2", "3", "4", "5"):
        draw = RandomDraw.objects.get(pk=target_draw.draw_id)
        document = draw_document_of(draw)
        replay = draw_replay({**document, "seed_value": seed, "seed": "", "selected": []})
        assert replay.recomputed is not None
        assert replay.recomputed.selected
        assert not set(replay.recomputed.selected) & set(target_draw.excluded)
    # A matter outside the double-random scheme cannot be drawn.
    plain = matters.matter_create(
        acting_user=department_officer,
        organization=world.market,
        code="RC01",
        name="日常检查",
        legal_basis="依据",
        category="routine",
    )
    with pytest.raises(ValidationError) as error:
        targets.target_draw_announce(
            acting_user=department_officer,
            matter_id=plain.pk,
            window_start=Q3[0],
            window_end=Q3[1],
            seed_rule=RULE,
        )
    assert "未纳入双随机抽查" in error.value.message_dict["matter"][0]
    assert PlanItem.objects.filter(plan__period="q3").count() == 0
    assert Enterprise.objects.count() >= 30
