"""The joint-inspection planner: exact cover, placement, limits, the cap and determinism."""

import datetime
import random
from collections import Counter
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.inspections.planner import Limits, Plan, PlanItem, lower_bound, min_cover, plan

D = datetime.date
# 2022: Jan 31–Feb 6 is the Spring Festival week; Jan 1, 2022 is a Saturday.
SPRING_FESTIVAL = frozenset(D(2022, 1, 31) + datetime.timedelta(days=n) for n in range(7))
MARKET = "市场监督管理局"
SAFETY = "应急管理局"
ECOLOGY = "生态环境分局"
FIRE = "消防救援大队"


def item(item_id: int, enterprise: str, department: str, start: D, end: D) -> PlanItem:
    return PlanItem(id=item_id, enterprise=enterprise, department=department, start=start, end=end)


def month(n: int) -> tuple[D, D]:
    first = D(2022, n, 1)
    following = D(2022 + n // 12, n % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def quarter(n: int) -> tuple[D, D]:
    return month(3 * n - 2)[0], month(3 * n)[1]


def assert_well_formed(items: list[PlanItem], result: Plan, limits: Limits | None = None) -> None:
    """Every item once, each visit inside its items' windows and the limits, counts consistent."""
    by_id = {it.id: it for it in items}
    placed = [item_id for visit in result.visits for item_id in visit.item_ids]
    unplaced = [item_id for item_id, _ in result.unplaced]
    assert sorted(placed + unplaced) == sorted(by_id)
    for visit in result.visits:
        assert visit.lead in visit.departments
        assert visit.departments == tuple(sorted({by_id[i].department for i in visit.item_ids}))
        for item_id in visit.item_ids:
            assert by_id[item_id].enterprise == visit.enterprise
            assert by_id[item_id].start <= visit.day <= by_id[item_id].end
    assert len({(visit.enterprise, visit.day) for visit in result.visits}) == result.entries
    assert result.gap == result.entries - result.lower_bound >= 0
    assert result.saved == result.solo_entries - result.entries >= 0
    if limits is None:
        return
    for visit in result.visits:
        assert visit.day not in limits.blackout
        assert visit.day not in limits.holidays
        assert not (limits.skip_weekends and visit.day.weekday() >= 5)
    per_month = Counter(
        (department, visit.day.year, visit.day.month)
        for visit in result.visits
        for department in visit.departments
    )
    for (department, _, _), n in per_month.items():
        assert n <= limits.capacity_per_month.get(department, n)
    per_year = Counter((visit.enterprise, visit.day.year) for visit in result.visits)
    cap = limits.max_entries_per_enterprise
    over = sorted({e for (e, _), n in per_year.items() if cap is not None and n > cap})
    assert list(result.over_cap) == over


windows = st.lists(
    st.tuples(st.integers(0, 19), st.integers(0, 19)).map(sorted).map(tuple), max_size=7
)


def brute_force_cover(windows: list[tuple[int, int]]) -> int:
    for size in range(len(windows) + 1):
        for points in combinations(range(20), size):
            if all(any(start <= p <= end for p in points) for start, end in windows):
                return size
    raise AssertionError("unreachable: one point per window always covers")


@settings(max_examples=300, deadline=None)
@given(windows)
def test_greedy_cover_is_minimal_and_covers_every_window(windows: list[tuple[int, int]]) -> None:
    points = min_cover(windows)
    assert len(points) == brute_force_cover(windows)
    assert all(any(start <= p <= end for p in points) for start, end in windows)


def test_min_cover_works_on_dates_and_rejects_a_reversed_window() -> None:
    assert min_cover([month(1), quarter(1), month(3)]) == [D(2022, 1, 31), D(2022, 3, 31)]
    with pytest.raises(ValueError, match="window"):
        min_cover([(D(2022, 2, 1), D(2022, 1, 1))])


def test_departments_planning_the_same_quarter_enter_once_led_by_the_busiest() -> None:
    items = [
        item(1, "alpha", SAFETY, *quarter(1)),
        item(2, "alpha", MARKET, *month(2)),
        item(3, "alpha", MARKET, *quarter(1)),
        item(4, "alpha", ECOLOGY, *month(2)),
        item(5, "beta", FIRE, *month(2)),
    ]
    result = plan(items)
    assert_well_formed(items, result)
    alpha = next(visit for visit in result.visits if visit.enterprise == "alpha")
    assert alpha.item_ids == (1, 2, 3, 4)
    # The windows meet in February; the first day of it, nobody being busy yet.
    assert alpha.day == D(2022, 2, 1)
    assert alpha.lead == MARKET
    assert (result.entries, result.lower_bound, result.solo_entries, result.saved) == (2, 2, 4, 2)


def test_lead_ties_go_to_the_smallest_department_key() -> None:
    result = plan([item(1, "alpha", "b-dept", *month(5)), item(2, "alpha", "a-dept", *month(5))])
    assert result.visits[0].lead == "a-dept"


def random_items(rng: random.Random, n: int, enterprises: int = 6) -> list[PlanItem]:
    departments = [MARKET, SAFETY, ECOLOGY, FIRE]
    windows = [month(m) for m in range(1, 13)] + [quarter(q) for q in range(1, 5)]
    return [
        item(i, f"ent-{rng.randrange(enterprises)}", rng.choice(departments), *rng.choice(windows))
        for i in range(1, n + 1)
    ]


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 60))
def test_without_limits_entries_meet_the_lower_bound(rng: random.Random, n: int) -> None:
    items = random_items(rng, n)
    result = plan(items)
    assert_well_formed(items, result)
    assert result.unplaced == ()
    assert result.entries == result.lower_bound == lower_bound(items)


def test_lower_bound_is_the_cover_per_enterprise() -> None:
    items = [
        item(1, "alpha", MARKET, *month(1)),
        item(2, "alpha", SAFETY, *month(2)),
        item(3, "alpha", FIRE, *quarter(1)),
        item(4, "beta", MARKET, *month(1)),
    ]
    assert lower_bound(items) == 3


def test_capacity_splits_the_full_department_off_to_another_date() -> None:
    # The market bureau can join one visit in February: beta's joint visit goes without it,
    # and its quarterly item for beta moves to another month.
    items = [
        item(1, "alpha", MARKET, *month(2)),
        item(2, "beta", SAFETY, *month(2)),
        item(3, "beta", MARKET, *quarter(1)),
    ]
    limits = Limits(capacity_per_month={MARKET: 1})
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    assert result.unplaced == ()
    days = {visit.item_ids: visit.day for visit in result.visits}
    assert days[(1,)].month == 2
    assert days[(3,)].month in (1, 3)
    assert result.gap == 1


def test_an_item_whose_department_is_full_all_window_long_is_unplaced_with_a_reason() -> None:
    items = [item(1, "alpha", MARKET, *month(3)), item(2, "beta", MARKET, *month(3))]
    limits = Limits(capacity_per_month={MARKET: 1})
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    assert [item_id for item_id, _ in result.unplaced] == [2]
    assert "已达到上限" in result.unplaced[0][1]
    assert result.lower_bound == result.entries == 1


def test_a_full_department_still_joins_a_visit_it_already_takes_part_in() -> None:
    items = [item(1, "alpha", MARKET, *month(3)), item(2, "alpha", MARKET, *quarter(1))]
    limits = Limits(capacity_per_month={MARKET: 1})
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    assert [visit.item_ids for visit in result.visits] == [(1, 2)]


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 80), st.integers(0, 3))
def test_limits_are_respected_and_every_placeable_item_is_placed(
    rng: random.Random, n: int, capacity: int
) -> None:
    items = random_items(rng, n)
    limits = Limits(
        capacity_per_month={MARKET: capacity, SAFETY: capacity + 1},
        max_entries_per_enterprise=3,
        blackout=SPRING_FESTIVAL,
        skip_weekends=True,
    )
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    if capacity == 0:
        assert {it.id for it in items if it.department == MARKET} <= dict(result.unplaced).keys()
    # An item is left out only when no open day of its window is still free for its department.
    joined = {(v.enterprise, v.day, d) for v in result.visits for d in v.departments}
    per_month = Counter((d, v.day.month) for v in result.visits for d in v.departments)
    by_id = {it.id: it for it in items}
    for item_id, reason in result.unplaced:
        assert "已达到上限" in reason
        it = by_id[item_id]
        for n in range((it.end - it.start).days + 1):
            day = it.start + datetime.timedelta(days=n)
            if day in limits.blackout or day.weekday() >= 5:
                continue
            assert (it.enterprise, day, it.department) not in joined
            assert per_month[it.department, day.month] >= limits.capacity_per_month[it.department]


def test_blackout_days_and_weekends_are_never_used() -> None:
    # January 29–30, 2022 is a weekend right before the Spring Festival week.
    items = [item(1, "alpha", MARKET, D(2022, 1, 20), D(2022, 2, 6))]
    limits = Limits(blackout=SPRING_FESTIVAL, skip_weekends=True)
    assert plan(items, limits).visits[0].day == D(2022, 1, 20)
    # The 7 working days from 20 January to the festival share 24 visits: 3 or 4 each.
    many = [item(n, f"ent-{n}", MARKET, D(2022, 1, 20), D(2022, 2, 6)) for n in range(24)]
    days = Counter(visit.day for visit in plan(many, limits).visits)
    assert set(days.values()) == {3, 4}
    assert all(day not in SPRING_FESTIVAL and day.weekday() < 5 for day in days)
    assert len(days) == 7
    with_weekends = Counter(v.day for v in plan(many, Limits(blackout=SPRING_FESTIVAL)).visits)
    assert len(with_weekends) == 11
    assert D(2022, 1, 30) in with_weekends


def test_a_window_without_an_open_day_is_unplaced_with_a_chinese_reason() -> None:
    items = [
        item(1, "alpha", MARKET, D(2022, 2, 1), D(2022, 2, 5)),
        item(2, "alpha", SAFETY, D(2022, 1, 29), D(2022, 1, 30)),
        item(3, "alpha", FIRE, D(2022, 3, 2), D(2022, 3, 1)),
        item(4, "alpha", ECOLOGY, *month(1)),
    ]
    limits = Limits(blackout=SPRING_FESTIVAL, skip_weekends=True)
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    reasons = dict(result.unplaced)
    assert sorted(reasons) == [1, 2, 3]
    assert "禁止检查日或周末" in reasons[1]
    assert "没有可以安排检查的日期" in reasons[2]
    assert "开始日期 2022-03-02 晚于结束日期 2022-03-01" in reasons[3]
    assert (result.entries, result.lower_bound, result.solo_entries) == (1, 1, 1)


def test_the_cap_holds_when_it_can_and_names_the_enterprise_when_it_cannot() -> None:
    items = [
        item(1, "alpha", MARKET, *month(1)),
        item(2, "alpha", SAFETY, *quarter(1)),
        item(3, "alpha", FIRE, *month(5)),
        item(4, "beta", MARKET, *month(1)),
        item(5, "beta", SAFETY, *month(4)),
        item(6, "beta", FIRE, *month(7)),
    ]
    limits = Limits(max_entries_per_enterprise=2)
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    entries = Counter(visit.enterprise for visit in result.visits)
    assert entries == {"alpha": 2, "beta": 3}
    assert result.over_cap == ("beta",)
    assert result.unplaced == ()


def test_the_cap_counts_entries_per_calendar_year() -> None:
    items = [
        item(1, "alpha", MARKET, D(2022, 12, 1), D(2022, 12, 31)),
        item(2, "alpha", SAFETY, D(2023, 1, 1), D(2023, 1, 31)),
    ]
    result = plan(items, Limits(max_entries_per_enterprise=1))
    assert result.entries == 2
    assert result.over_cap == ()


def test_the_same_items_in_any_order_give_the_same_plan() -> None:
    rng = random.Random(7)
    items = random_items(rng, 200, enterprises=20)
    limits = Limits(
        capacity_per_month={MARKET: 2, FIRE: 1},
        max_entries_per_enterprise=4,
        blackout=SPRING_FESTIVAL,
        skip_weekends=True,
    )
    expected = plan(items, limits)
    assert expected.unplaced
    for _ in range(5):
        rng.shuffle(items)
        assert plan(items, limits) == expected
        assert plan(iter(items), limits) == expected


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        plan([item(1, "alpha", MARKET, *month(1)), item(1, "beta", MARKET, *month(1))])


def test_no_items_make_an_empty_plan() -> None:
    assert plan([]) == Plan((), 0, 0, (), ())


def working_days(first: D, last: D, closed: frozenset[D]) -> list[D]:
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if day.weekday() < 5 and day not in closed]


@pytest.mark.parametrize("enterprises", [1, 20, 40, 95])
def test_a_months_visits_spread_over_its_working_days(enterprises: int) -> None:
    # October 2022: the National Day week is a public holiday, the 17th is blacked out.
    holidays = frozenset(D(2022, 10, 1) + datetime.timedelta(days=n) for n in range(7))
    limits = Limits(holidays=holidays, blackout=frozenset({D(2022, 10, 17)}), skip_weekends=True)
    departments = [MARKET, SAFETY, ECOLOGY]
    items = [item(n, f"ent-{n:03}", departments[n % 3], *month(10)) for n in range(enterprises)] + [
        item(1000 + n, f"ent-{n:03}", FIRE, *quarter(4)) for n in range(0, enterprises, 2)
    ]
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    assert result.entries == result.lower_bound == enterprises
    open_days = working_days(*month(10), holidays | limits.blackout)
    assert len(open_days) == 15
    per_day = Counter(visit.day for visit in result.visits)
    assert set(per_day) <= set(open_days)
    # Busiest and quietest working days differ by one visit at most, overall and per lead.
    assert max(per_day.values()) == -(-enterprises // len(open_days))
    assert len(per_day) == min(enterprises, len(open_days))
    for department in departments:
        led = Counter(v.day for v in result.visits if v.lead == department)
        if not led:
            continue
        busiest = max(led.values())
        assert busiest - min(led[day] for day in open_days) <= 1 or len(led) < len(open_days)
        assert busiest == -(-sum(led.values()) // len(open_days))


def test_a_flexible_visit_takes_the_quietest_day_of_its_range() -> None:
    # Two market visits fixed to 1 February; the quarterly one avoids that day.
    items = [
        item(1, "alpha", MARKET, D(2022, 2, 1), D(2022, 2, 1)),
        item(2, "beta", MARKET, D(2022, 2, 1), D(2022, 2, 1)),
        item(3, "gamma", MARKET, D(2022, 2, 1), D(2022, 2, 2)),
    ]
    days = {visit.enterprise: visit.day for visit in plan(items).visits}
    assert days == {"alpha": D(2022, 2, 1), "beta": D(2022, 2, 1), "gamma": D(2022, 2, 2)}


def test_holidays_are_never_used_and_name_the_reason() -> None:
    national_day = frozenset(D(2022, 10, 1) + datetime.timedelta(days=n) for n in range(7))
    items = [
        item(1, "alpha", MARKET, D(2022, 10, 3), D(2022, 10, 7)),
        item(2, "beta", MARKET, D(2022, 10, 1), D(2022, 10, 10)),
    ]
    result = plan(items, Limits(holidays=national_day))
    assert [item_id for item_id, _ in result.unplaced] == [1]
    assert "法定节假日" in result.unplaced[0][1]
    assert result.visits[0].day == D(2022, 10, 8)


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 120), st.integers(0, 4))
def test_spreading_keeps_the_limits_and_the_same_plan_in_any_order(
    rng: random.Random, n: int, capacity: int
) -> None:
    items = random_items(rng, n, enterprises=30)
    limits = Limits(
        capacity_per_month={MARKET: capacity, FIRE: capacity + 2},
        max_entries_per_enterprise=3,
        blackout=SPRING_FESTIVAL,
        holidays=frozenset({D(2022, 5, 2), D(2022, 5, 3)}),
        skip_weekends=True,
    )
    result = plan(items, limits)
    assert_well_formed(items, result, limits)
    assert not {visit.day for visit in result.visits} & limits.holidays
    rng.shuffle(items)
    assert plan(items, limits) == result
