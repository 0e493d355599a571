import json
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.conftest import World
from fazhi.core import draws
from fazhi.core.draws import DrawInputError, Entry, Rounding, SampleRule, SizeRule
from fazhi.core.exceptions import InvalidTransition, PermissionDenied
from fazhi.core.models import AuditLog, RandomDraw, Transition, User
from fazhi.core.permissions import access_random_draw_by_id
from fazhi.core.roles import Capability
from fazhi.core.selectors_draws import draw_list, draw_list_of
from fazhi.core.services.draws import draw_announce, draw_document_of, draw_run, draw_verify

SEED = "a" * 64


def _population(size: int) -> list[Entry]:
    return [Entry(key=f"K{number:04d}") for number in range(size)]


def _draw(entries: list[Entry], rule: SampleRule, seed_value: str = "3087.26") -> draws.DrawResult:
    return draws.draw_compute(
        population=draws.population_canonical(entries),
        seed_value=seed_value,
        purpose="告知承诺事后核查",
        rule=rule,
    )


COUNT_10 = SampleRule(default=SizeRule(count=10))


# --- the pure algorithm --------------------------------------------------------------------------


def test_same_inputs_draw_the_same_sample() -> None:
    first = _draw(_population(100), COUNT_10)
    second = _draw(_population(100), COUNT_10)
    assert first == second
    assert len(first.selected) == 10
    assert len(set(first.selected)) == 10


def test_input_order_does_not_matter() -> None:
    entries = _population(50)
    assert _draw(entries, COUNT_10) == _draw(list(reversed(entries)), COUNT_10)
    assert draws.population_canonical(entries) == draws.population_canonical(entries[::-1])


def test_another_seed_value_draws_another_sample() -> None:
    assert _draw(_population(100), COUNT_10, "3087.26").selected != (
        _draw(_population(100), COUNT_10, "3087.27").selected
    )


def test_purpose_enters_the_seed() -> None:
    digest = draws.population_digest("[]")
    assert draws.seed_derive(seed_value="1", population_digest=digest, purpose="甲") != (
        draws.seed_derive(seed_value="1", population_digest=digest, purpose="乙")
    )


def test_changing_one_weight_changes_the_digest() -> None:
    entries = _population(5)
    changed = [*entries[:4], Entry(key=entries[4].key, weight=Decimal(2))]
    assert draws.population_digest(draws.population_canonical(entries)) != (
        draws.population_digest(draws.population_canonical(changed))
    )


def test_weight_notation_does_not_change_the_digest() -> None:
    # 1, 1.0 and 1.00 are the same weight: the canonical text must not depend on how it was typed.
    plain = draws.population_canonical([Entry("A", Decimal("1")), Entry("B", Decimal("2.5"))])
    padded = draws.population_canonical([Entry("A", Decimal("1.00")), Entry("B", Decimal("2.50"))])
    assert plain == padded == '[["A","1",""],["B","2.5",""]]'


def test_sample_is_in_rank_order() -> None:
    entries = _population(30)
    result = _draw(entries, COUNT_10)
    ranks = [draws.rank_key(result.seed, Entry(key)) for key in result.selected]
    assert ranks == sorted(ranks)
    unselected = {entry.key for entry in entries} - set(result.selected)
    assert max(ranks) < min(draws.rank_key(result.seed, Entry(key)) for key in unselected)


def test_heavier_entries_are_drawn_more_often() -> None:
    # Ten heavy entries (weight 4) among ninety light ones: each draw of 10 picks a heavy entry
    # with probability about 4/13 per slot, a light one about 1/13, so heavy entries make up
    # roughly 3 of every 10 — far above their 10% share. The seeds are fixed, so this is exact.
    entries = [Entry(f"H{n}", Decimal(4)) for n in range(10)] + [
        Entry(f"L{n}", Decimal(1)) for n in range(90)
    ]
    heavy = 0
    for trial in range(200):
        result = _draw(entries, COUNT_10, seed_value=f"trial-{trial}")
        heavy += sum(1 for key in result.selected if key.startswith("H"))
    share = heavy / 2000
    assert 0.22 < share < 0.40


def test_uniform_weights_draw_every_entry_about_equally() -> None:
    entries = _population(20)
    counts = dict.fromkeys((entry.key for entry in entries), 0)
    for trial in range(400):
        for key in _draw(entries, SampleRule(default=SizeRule(count=5)), f"u{trial}").selected:
            counts[key] += 1
    # Expected 100 each (400 × 5 / 20); a fair draw stays well inside ±40.
    assert all(60 < count < 140 for count in counts.values())


def test_zero_weight_entries_are_never_drawn() -> None:
    entries = [Entry("A", Decimal(0)), Entry("B", Decimal(1)), Entry("C", Decimal(0))]
    result = _draw(entries, SampleRule(default=SizeRule(count=3)))
    assert result.selected == ("B",)
    assert result.eligible == 1
    assert result.excluded_zero_weight == 2


def test_empty_population_draws_nothing() -> None:
    result = _draw([], COUNT_10)
    assert result.selected == ()
    assert result.eligible == 0


def test_sample_at_least_the_population_draws_everyone() -> None:
    entries = _population(7)
    result = _draw(entries, COUNT_10)
    assert sorted(result.selected) == [entry.key for entry in entries]


@pytest.mark.parametrize(
    ("rate", "rounding", "expected"),
    [
        ("0.05", Rounding.UP, 3),  # 2.55 → 3
        ("0.05", Rounding.HALF_UP, 3),
        ("0.05", Rounding.DOWN, 2),
        ("0.04", Rounding.HALF_UP, 2),  # 2.04 → 2
        ("0.01", Rounding.UP, 1),  # 0.51 → 1: a positive rate always checks someone
        ("0", Rounding.UP, 0),
        ("1", Rounding.UP, 51),
    ],
)
def test_rate_becomes_a_count_by_the_rounding_rule(
    rate: str, rounding: Rounding, expected: int
) -> None:
    rule = SampleRule(default=SizeRule(rate=Decimal(rate), rounding=rounding))
    assert len(_draw(_population(51), rule).selected) == expected


def test_each_stratum_draws_its_own_size() -> None:
    entries = [Entry(f"A{n}", stratum="高风险") for n in range(10)] + [
        Entry(f"B{n}", stratum="低风险") for n in range(40)
    ]
    rule = SampleRule(
        default=SizeRule(count=1),
        strata={"高风险": SizeRule(rate=Decimal("0.5")), "低风险": SizeRule(rate=Decimal("0.1"))},
    )
    result = _draw(entries, rule)
    assert sum(1 for key in result.selected if key.startswith("A")) == 5
    assert sum(1 for key in result.selected if key.startswith("B")) == 4


def test_strata_without_a_rule_use_the_default() -> None:
    entries = [Entry(f"A{n}", stratum="甲") for n in range(10)] + [
        Entry(f"B{n}", stratum="乙") for n in range(10)
    ]
    rule = SampleRule(default=SizeRule(count=2), strata={"甲": SizeRule(count=6)})
    selected = _draw(entries, rule).selected
    assert sum(1 for key in selected if key.startswith("A")) == 6
    assert sum(1 for key in selected if key.startswith("B")) == 2


def test_only_named_strata_are_drawn_without_a_default() -> None:
    entries = [Entry("A", stratum="甲"), Entry("B", stratum="乙")]
    assert _draw(entries, SampleRule(strata={"甲": SizeRule(count=5)})).selected == ("A",)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([Entry("A"), Entry("A")], "编号“A”重复"),
        ([Entry("A", Decimal(-1))], "不小于0"),
        ([Entry("")], "编号不能为空"),
        ([("A", "abc")], "不是有效的数字"),
    ],
)
def test_rejects_unusable_population(rows: list[object], message: str) -> None:
    with pytest.raises(DrawInputError, match=message):
        draws.population_canonical(draws.entries_from(rows))  # type: ignore[arg-type]


def test_size_rule_needs_exactly_one_of_count_and_rate() -> None:
    with pytest.raises(DrawInputError, match="抽取数量"):
        SizeRule()
    with pytest.raises(DrawInputError, match="抽取数量"):
        SizeRule(count=1, rate=Decimal("0.1"))
    with pytest.raises(DrawInputError, match="0到1"):
        SizeRule(rate=Decimal("1.5"))


def test_entries_accept_mappings_tuples_and_bare_keys() -> None:
    entries = draws.entries_from(
        [{"key": "A", "weight": 2, "stratum": "甲"}, ("B", "0.5"), ("C", 1, "乙"), "D"]
    )
    assert entries == [
        Entry("A", Decimal(2), "甲"),
        Entry("B", Decimal("0.5"), ""),
        Entry("C", Decimal(1), "乙"),
        Entry("D", Decimal(1), ""),
    ]


def _published(entries: list[Entry], rule: SampleRule) -> dict[str, object]:
    canonical = draws.population_canonical(entries)
    result = _draw(entries, rule)
    return draws.draw_document(
        purpose="告知承诺事后核查",
        seed_rule="2022-11-30 上证指数收盘价",
        announced_at="2022-11-29T09:00:00+08:00",
        population=canonical,
        population_digest=result.population_digest,
        rule=rule,
        seed_value="3087.26",
        seed=result.seed,
        selected=result.selected,
        drawn_at="2022-12-01T09:00:00+08:00",
    )


def test_published_document_replays_to_the_same_sample() -> None:
    document = json.loads(json.dumps(_published(_population(40), COUNT_10), ensure_ascii=False))
    report = draws.draw_replay(document)
    assert report.ok
    assert report.explanation.startswith("验证通过")


def test_tampered_population_fails_replay_even_with_a_recomputed_digest() -> None:
    document = _published(_population(40), COUNT_10)
    population = document["population"]
    assert isinstance(population, list)
    population.pop()  # someone quietly dropped an entry
    document["population_digest"] = "0" * 64
    report = draws.draw_replay(document)
    assert not report.ok
    assert not report.digest_matches
    assert "摘要" in report.explanation


def test_altered_sample_fails_replay() -> None:
    document = _published(_population(40), COUNT_10)
    selected = document["selected"]
    assert isinstance(selected, list)
    document["selected"] = [*selected[:-1], "K9999"]
    report = draws.draw_replay(document)
    assert report.digest_matches
    assert not report.sample_matches
    assert "抽取结果" in report.explanation


def test_replay_of_a_broken_document_explains_why() -> None:
    report = draws.draw_replay({"purpose": "x"})
    assert not report.ok
    assert report.explanation.startswith("无法重新计算")


# --- model, services and selectors ------------------------------------------------------------


def _announce(world: World, officer: User, **overrides: object) -> RandomDraw:
    arguments: dict[str, object] = {
        "acting_user": officer,
        "purpose": "2022年告知承诺事后核查",
        "region": world.county,
        "organization": world.market,
        "population": [("C-1", 1, "高风险"), ("C-2", 2, "高风险"), ("C-3", 1, "低风险"), "C-4"],
        "seed_rule": "2022-11-30 上证指数收盘价（保留两位小数）",
        "sample_size": 2,
    }
    arguments.update(overrides)
    return draw_announce(**arguments)  # type: ignore[arg-type]


def test_announce_freezes_and_hashes_the_population(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer)
    assert draw.status == RandomDraw.Status.ANNOUNCED
    assert draw.population_size == 4
    assert draw.population_digest == draws.population_digest(draw.population)
    assert draw.seed == ""
    assert draw.selected_keys == []
    assert AuditLog.objects.filter(
        event=AuditLog.Event.CREATE, object_id=str(draw.pk), object_type="core.RandomDraw"
    ).exists()


def test_run_draws_and_stores_everything_needed_to_re_run(
    world: World, department_officer: User
) -> None:
    draw = _announce(world, department_officer)
    officer = department_officer
    draw = draw_run(acting_user=officer, draw_id=draw.pk, seed_value=" 3087.26 ")
    draw = RandomDraw.objects.get(pk=draw.pk)
    assert draw.status == RandomDraw.Status.DRAWN
    assert draw.seed_value == "3087.26"
    expected = draws.draw_compute(
        population=draw.population,
        seed_value="3087.26",
        purpose=draw.purpose,
        rule=SampleRule(default=SizeRule(count=2)),
    )
    assert draw.selected_keys == list(expected.selected)
    assert draw.seed == expected.seed
    assert draw.drawn_at is not None
    assert draw.drawn_at > draw.announced_at
    transition = Transition.objects.get(object_id=draw.pk, action="随机抽取")
    assert "3087.26" in transition.opinion
    assert draw_verify(draw).ok


def test_draw_cannot_run_twice(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer)
    officer = department_officer
    draw_run(acting_user=officer, draw_id=draw.pk, seed_value="1")
    with pytest.raises(InvalidTransition):
        draw_run(acting_user=officer, draw_id=draw.pk, seed_value="2")
    draw = RandomDraw.objects.get(pk=draw.pk)
    assert draw.seed_value == "1"


def test_draw_refuses_to_run_in_the_instant_of_its_announcement(
    world: World, department_officer: User
) -> None:
    with time_machine.travel("2022-11-29 09:00 +0800", tick=False):
        draw = _announce(world, department_officer)
        with pytest.raises(ValidationError, match="晚于公告时间"):
            draw_run(acting_user=department_officer, draw_id=draw.pk, seed_value="1")
    draw = RandomDraw.objects.get(pk=draw.pk)
    assert draw.status == RandomDraw.Status.ANNOUNCED


def test_draw_needs_a_seed_value(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer)
    with pytest.raises(ValidationError, match="随机种子值"):
        draw_run(acting_user=department_officer, draw_id=draw.pk, seed_value="  ")


def test_announce_rejects_bad_inputs_naming_the_field(
    world: World, department_officer: User
) -> None:
    with pytest.raises(ValidationError) as error:
        _announce(world, department_officer, population=["A", "A"])
    assert "population" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _announce(world, department_officer, sample_size=None)
    assert "sample_size" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _announce(world, department_officer, seed_rule=" ")
    assert "seed_rule" in error.value.message_dict
    assert not RandomDraw.objects.exists()


def test_announce_with_rate_and_strata(world: World, department_officer: User) -> None:
    draw = _announce(
        world,
        department_officer,
        sample_size=None,
        sample_rate=Decimal("0.5"),
        strata={"高风险": 2, "低风险": 0},
    )
    draw = draw_run(acting_user=department_officer, draw_id=draw.pk, seed_value="9")
    # 高风险: both; 低风险: none; the unstratified C-4 by the rate: ceil(0.5 × 1) = 1.
    assert sorted(draw.selected_keys) == ["C-1", "C-2", "C-4"]


def test_capability_is_checked_when_the_caller_asks(
    world: World, department_officer: User, town_staff: User, bureau_reviewer: User
) -> None:
    with pytest.raises(PermissionDenied):
        _announce(
            world,
            department_officer,
            acting_user=town_staff,
            capability=Capability.HANDLE_DECISIONS,
        )
    draw = _announce(world, department_officer, capability=Capability.HANDLE_DECISIONS)
    with pytest.raises(PermissionDenied):
        draw_run(
            acting_user=bureau_reviewer,
            draw_id=draw.pk,
            seed_value="1",
            capability=Capability.HANDLE_DECISIONS,
        )
    draw = RandomDraw.objects.get(pk=draw.pk)
    assert draw.status == RandomDraw.Status.ANNOUNCED


def test_run_outside_scope_is_not_found(
    world: World, department_officer: User, other_department_officer: User
) -> None:
    draw = _announce(world, department_officer)
    with pytest.raises(Http404):
        draw_run(acting_user=other_department_officer, draw_id=draw.pk, seed_value="1")
    draw = RandomDraw.objects.get(pk=draw.pk)
    assert draw.status == RandomDraw.Status.ANNOUNCED


def test_verify_detects_a_tampered_population(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer)
    draw = draw_run(acting_user=department_officer, draw_id=draw.pk, seed_value="1")
    RandomDraw.objects.filter(pk=draw.pk).update(population=draw.population.replace('"2"', '"9"'))
    draw = RandomDraw.objects.get(pk=draw.pk)
    result = draw_verify(draw)
    assert not result.ok
    assert not result.digest_matches
    assert "摘要" in result.explanation


def test_verify_detects_an_altered_sample(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer)
    draw = draw_run(acting_user=department_officer, draw_id=draw.pk, seed_value="1")
    RandomDraw.objects.filter(pk=draw.pk).update(selected_keys=["C-9", "C-8"])
    draw = RandomDraw.objects.get(pk=draw.pk)
    result = draw_verify(draw)
    assert result.digest_matches
    assert not result.sample_matches


def test_verify_of_an_announced_draw_checks_the_digest_only(
    world: World, department_officer: User
) -> None:
    result = draw_verify(_announce(world, department_officer))
    # Nothing is wrong with an intact announcement; there is just no sample to compare yet.
    assert result.ok
    assert result.digest_matches
    assert not result.sample_matches
    assert "尚未抽取" in result.explanation


def test_downloaded_document_replays(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer)
    draw = draw_run(acting_user=department_officer, draw_id=draw.pk, seed_value="7")
    document = json.loads(json.dumps(draw_document_of(draw), ensure_ascii=False))
    assert draws.draw_replay(document).ok


def test_draws_are_scoped_to_region_and_organization(
    world: World,
    department_officer: User,
    other_department_officer: User,
    bureau_reviewer: User,
    other_county_bureau: User,
    town_staff: User,
) -> None:
    draw = _announce(world, department_officer)

    def sees(user: User) -> bool:
        return draw_list(user=user).filter(pk=draw.pk).exists()

    assert sees(department_officer)
    assert sees(bureau_reviewer)
    assert not sees(other_department_officer)
    assert not sees(other_county_bureau)
    # The market department serves the whole county, so a town's office is not in its subtree.
    assert not sees(town_staff)
    with pytest.raises(Http404):
        access_random_draw_by_id(other_department_officer, draw.pk)


def test_draws_of_a_subject(world: World, department_officer: User) -> None:
    draw = _announce(world, department_officer, subject=world.enterprise_yatou)
    assert list(draw_list_of(world.enterprise_yatou)) == [draw]
    assert draw.subject == world.enterprise_yatou
