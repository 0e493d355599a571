"""Merge the departments' plan items into joint inspections (进一次门、查多项事).

A pure module, no Django: the planning service feeds it plain `PlanItem`s and stores the `Plan`.

Every item (a department plans to inspect an enterprise some day within a window) lands in
exactly one joint visit (enterprise, day) whose day lies inside the item's window, or is reported
as unplaced with a reason. Without limits the fewest entries per enterprise is the interval
point-cover problem, solved exactly by the greedy in `min_cover`. The limits (blackout days,
weekends, each department's capacity per month, a yearly cap of entries per enterprise) are met
heuristically:

1. Per enterprise, the greedy cover over *open* days (not blacked out, not a skipped weekend)
   groups the items; it is still exact there, so its size is the lower bound reported.
2. A group whose departments all have unlimited capacity takes the greedy's day (the last open day
   of its earliest-ending window). The others get, those with the fewest months to choose from
   first, the month within the intersection of their windows where the fewest items are blocked
   by a full department and the tightest department keeps the most room, on its last open day.
3. Items of a department that is full in every such month are split off and placed one by one:
   first in a visit of their enterprise that the department already joins, then in one it still
   has room to join, then in a new visit. An item with no such day is unplaced.

The yearly cap is never a reason to leave an item out: an enterprise that needs more entries is
listed in `Plan.over_cap`. Same input in any order gives the same plan: everything is sorted by
full keys and days are integer ordinals internally.

Built for a province in seconds (300,000 items): one sort, the groups kept as runs of the sorted
items, `PlanItem` and `JointVisit` as NamedTuples (three times faster to build than frozen
dataclasses), and the cyclic garbage collector paused during a run.
"""

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, pairwise
from operator import itemgetter
from typing import NamedTuple, TypeVar

Day = TypeVar("Day", int, date)

# (enterprise, end, start, department, id): sorting these orders items by enterprise, then by the
# end of their window as the greedy cover needs, with the id making the order total.
_Row = tuple[str, int, int, str, int]


class PlanItem(NamedTuple):
    """A department's plan to inspect an enterprise on some day of [start, end] (inclusive)."""

    id: int
    enterprise: str
    department: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Limits:
    """What a schedule must respect; the defaults limit nothing.

    `capacity_per_month` maps a department to the joint visits it can take part in per calendar
    month (a department missing from it is unlimited). `max_entries_per_enterprise` caps the
    visits per enterprise per calendar year. No visit falls on a `blackout` day, nor on a Saturday
    or Sunday when `skip_weekends`.
    """

    capacity_per_month: Mapping[str, int] = field(default_factory=dict)
    max_entries_per_enterprise: int | None = None
    blackout: frozenset[date] = frozenset()
    skip_weekends: bool = False


class JointVisit(NamedTuple):
    """One entry into an enterprise: the departments inspecting together, led by `lead`."""

    enterprise: str
    day: date
    lead: str
    departments: tuple[str, ...]
    item_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The schedule and how it compares with the bound and with departments going alone.

    `lower_bound` is the fewest entries any schedule of the placed items could reach: per
    enterprise, the minimum cover of their windows by open days (without blackout days and
    weekends, and with every item placed, it equals `lower_bound(items)`); `gap` is what the
    capacity limits cost on top. `solo_entries` counts the entries if each department went alone
    but still combined its own items at an enterprise: per (enterprise, department), the minimum
    cover of that department's windows by open days, again over the placed items, raised where the
    monthly capacity gave a department more entries at an enterprise than that cover (going alone
    it would need them too); `saved` is what joint inspection saves against that, never negative.
    """

    visits: tuple[JointVisit, ...]
    lower_bound: int
    solo_entries: int
    over_cap: tuple[str, ...]
    unplaced: tuple[tuple[int, str], ...]

    @property
    def entries(self) -> int:
        return len(self.visits)

    @property
    def gap(self) -> int:
        return self.entries - self.lower_bound

    @property
    def saved(self) -> int:
        return self.solo_entries - self.entries


def min_cover(windows: Iterable[tuple[Day, Day]]) -> list[Day]:
    """The fewest days such that every (start, end) window contains one; ascending.

    The greedy is exact: the window that ends first needs a day inside it, and its last day
    covers every other window that any of its days covers. Raises ValueError on start > end.
    """
    points: list[Day] = []
    for start, end in sorted(windows, key=itemgetter(1)):
        if start > end:
            raise ValueError(f"window starts after it ends: {start} > {end}")
        if not points or start > points[-1]:
            points.append(end)
    return points


def lower_bound(items: Iterable[PlanItem]) -> int:
    """The fewest entries that can cover the items without limits: per enterprise, `min_cover`."""
    windows: defaultdict[str, list[tuple[date, date]]] = defaultdict(list)
    for item in items:
        windows[item.enterprise].append((item.start, item.end))
    return sum(len(min_cover(of_enterprise)) for of_enterprise in windows.values())


class _Calendar:
    """Open days and calendar months over a range of day ordinals, as flat lists."""

    __slots__ = ("_windows", "dates", "first", "latest_open", "month_of")

    def __init__(self, first: int, last: int, limits: Limits) -> None:
        blackout = {day.toordinal() for day in limits.blackout}
        self.first = first
        self.dates = [date.fromordinal(ordinal) for ordinal in range(first, last + 1)]
        # latest_open[o - first] is the last open day <= o; first - 1 when there is none.
        self.latest_open: list[int] = []
        self.month_of: list[int] = []
        latest = first - 1
        for ordinal, day in enumerate(self.dates, start=first):
            if ordinal not in blackout and not (limits.skip_weekends and day.weekday() >= 5):
                latest = ordinal
            self.latest_open.append(latest)
            self.month_of.append(day.year * 12 + day.month - 1)
        self._windows: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def open_days_by_month(self, start: int, end: int) -> list[tuple[int, int]]:
        """(month, its last open day in [start, end]) for each month having one, latest first."""
        found = self._windows.get((start, end))
        if found is not None:
            return found
        found = []
        day = self.latest_open[end - self.first]
        while day >= start:
            found.append((self.month_of[day - self.first], day))
            end_of_previous_month = day - self.dates[day - self.first].day
            if end_of_previous_month < start:
                break
            day = self.latest_open[end_of_previous_month - self.first]
        self._windows[start, end] = found
        return found


# A visit being built: enterprise, day, and its rows (which split-off items may still join).
_Draft = tuple[str, int, list[_Row]]
_UNLIMITED = 1 << 62


@dataclass(slots=True)
class _Changes:
    """How the capacity pass changed the greedy's runs; a run it does not name keeps its day."""

    days: dict[int, int] = field(default_factory=dict)
    members: dict[int, list[_Row]] = field(default_factory=dict)
    new_visits: list[_Draft] = field(default_factory=list)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run.

    A province's run allocates about a million small tuples and lists and makes no reference
    cycles; the collector would repeatedly traverse them all for nothing (about a third of the
    run time with limits).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan(items: Iterable[PlanItem], limits: Limits | None = None) -> Plan:
    """Schedule the items into joint visits respecting the limits; see the module docstring.

    Raises ValueError when two items share an id.
    """
    with _gc_paused():
        return _plan(items, limits or Limits())


def _plan(items: Iterable[PlanItem], limits: Limits) -> Plan:
    rows: list[_Row] = [
        (enterprise, end.toordinal(), start.toordinal(), department, item_id)
        for item_id, enterprise, department, start, end in items
    ]
    if len({row[4] for row in rows}) != len(rows):
        raise ValueError("plan item ids must be unique")
    unplaced = [
        (
            row[4],
            f"检查期限有误：开始日期 {date.fromordinal(row[2])} 晚于结束日期 "
            f"{date.fromordinal(row[1])}",
        )
        for row in rows
        if row[2] > row[1]
    ]
    if unplaced:
        rows = [row for row in rows if row[2] <= row[1]]
    rows.sort()
    if not rows:
        return Plan((), 0, 0, (), tuple(sorted(unplaced)))

    calendar = _Calendar(min(row[2] for row in rows), max(row[1] for row in rows), limits)
    rows, starts, solo, capped = _cover(rows, calendar, limits, unplaced)
    bound = len(starts) - 1
    changes = _Changes()
    if limits.capacity_per_month:
        placeable = len(unplaced)
        limit = {department: max(0, cap) for department, cap in limits.capacity_per_month.items()}
        _schedule(rows, starts, capped, calendar, limit, changes, unplaced)
        if len(unplaced) > placeable:
            # Items left out for capacity count in neither the bound nor the solo entries.
            left_out = {item_id for item_id, _ in unplaced[placeable:]}
            touched = {row[0] for row in rows if row[4] in left_out}
            before = [row for row in rows if row[0] in touched]
            after = [row for row in before if row[4] not in left_out]
            old, new = _cover(before, calendar, limits, []), _cover(after, calendar, limits, [])
            bound += len(new[1]) - len(old[1])  # both lists of starts end with a sentinel
            solo += new[2] - old[2]
    visits = _visits(rows, starts, calendar, changes)
    if limits.capacity_per_month:
        solo += _capacity_shortfall(rows, visits, calendar)
    return Plan(
        visits=tuple(visits),
        lower_bound=bound,
        solo_entries=solo,
        over_cap=_over_cap(visits, limits.max_entries_per_enterprise),
        unplaced=tuple(sorted(unplaced)),
    )


def _capacity_shortfall(rows: list[_Row], visits: list[JointVisit], calendar: _Calendar) -> int:
    """Extra entries a department going alone would need under the same monthly capacity.

    Its own cover ignores capacity; where the schedule had to give a department more entries at
    an enterprise than that cover (its month was full), going alone it would need them too. Only
    (enterprise, department) pairs with two or more entries can fall short, so only they are
    counted again; this keeps `saved` from ever turning negative.
    """
    entries_of: Counter[tuple[str, str]] = Counter(
        (visit.enterprise, department) for visit in visits for department in visit.departments
    )
    repeated = {pair for pair, count in entries_of.items() if count > 1}
    if not repeated:
        return 0
    placed = {item_id for visit in visits for item_id in visit.item_ids}
    latest_open, first = calendar.latest_open, calendar.first
    point: dict[tuple[str, str], int] = {}
    cover: Counter[tuple[str, str]] = Counter()
    for enterprise, end, start, department, item_id in rows:  # sorted by enterprise, end
        pair = (enterprise, department)
        if pair in repeated and item_id in placed and point.get(pair, first - 1) < start:
            point[pair] = latest_open[end - first]
            cover[pair] += 1
    return sum(max(0, entries_of[pair] - cover[pair]) for pair in repeated)


def _cover(
    rows: list[_Row], calendar: _Calendar, limits: Limits, unplaced: list[tuple[int, str]]
) -> tuple[list[_Row], list[int], int, list[int]]:
    """Group the sorted rows by the greedy cover over open days, per enterprise.

    Each row joins the enterprise's latest group or opens a new one, so the groups are runs of
    consecutive rows. Returns the rows that have an open day (the others go to `unplaced`), where
    each run starts in them (and their length at the end), the solo entries, and the runs with a
    department whose capacity is limited.
    """
    limited = limits.capacity_per_month
    capped: list[int] = []
    latest_open = calendar.latest_open
    first = calendar.first
    none = first - 1
    kept: list[_Row] = []
    starts: list[int] = []
    current = None
    point = none
    solo = 0
    solo_point: dict[str, int] = {}
    for row in rows:
        enterprise, end, start, department, item_id = row
        if enterprise != current:
            current = enterprise
            point = none
            solo_point = {}
        if start > point:
            day = latest_open[end - first]
            if day < start:
                closed = "禁止检查日或周末" if limits.skip_weekends else "禁止检查日"
                unplaced.append(
                    (
                        item_id,
                        f"检查期限 {date.fromordinal(start)} 至 {date.fromordinal(end)} "
                        f"内均为{closed}，没有可以安排检查的日期",
                    )
                )
                continue
            point = day
            starts.append(len(kept))
        kept.append(row)
        if department in limited and (not capped or capped[-1] != len(starts) - 1):
            capped.append(len(starts) - 1)
        if solo_point.get(department, none) < start:
            solo_point[department] = latest_open[end - first]
            solo += 1
    starts.append(len(kept))
    return kept, starts, solo, capped


def _visits(
    rows: list[_Row], starts: list[int], calendar: _Calendar, changes: _Changes
) -> list[JointVisit]:
    """The visits: each run on the greedy's day unless the capacity pass changed it."""
    latest_open = calendar.latest_open
    first = calendar.first
    dates = calendar.dates
    days = changes.days
    members = changes.members
    visits: list[JointVisit] = []
    append = visits.append
    for index, (lo, hi) in enumerate(pairwise(starts)):
        row = rows[lo]
        day = days.get(index)
        if day is None:
            day = latest_open[row[1] - first]
        group = members.get(index)
        if group is None:
            if hi - lo == 1:
                append(JointVisit(row[0], dates[day - first], row[3], (row[3],), (row[4],)))
                continue
            group = rows[lo:hi]
        elif not group:
            continue
        append(_visit(row[0], day, group, calendar))
    if changes.new_visits:
        visits.extend(_visit(*draft, calendar) for draft in changes.new_visits)
        visits.sort(key=itemgetter(0, 1))
    return visits


def _schedule(
    rows: list[_Row],
    starts: list[int],
    capped: list[int],
    calendar: _Calendar,
    limit: Mapping[str, int],
    changes: _Changes,
    unplaced: list[tuple[int, str]],
) -> None:
    """Date the `capped` runs within the departments' monthly capacity; split off what won't fit."""
    first = calendar.first
    # Runs with the fewest months to choose from go first, each bucket in run order.
    constrained: defaultdict[int, list[tuple[int, list[tuple[int, int]], list[_Row]]]]
    constrained = defaultdict(list)
    for index in capped:
        lo = starts[index]
        hi = starts[index + 1]
        head = rows[lo]
        if hi - lo == 1:
            group = [head]
            start = head[2]
        else:
            group = rows[lo:hi]
            start = max(row[2] for row in group)
        months = calendar.open_days_by_month(start, head[1])
        constrained[len(months)].append((index, months, group))

    days = changes.days
    used: dict[tuple[str, int], int] = {}
    split_off: list[_Row] = []
    # Months are tried latest first.
    for index, months, group in chain.from_iterable(constrained[n] for n in sorted(constrained)):
        if len(group) == 1:
            department = group[0][3]
            cap = limit[department]
            best_room = 0
            for month, day in months:
                room = cap - used.get((department, month), 0)
                if room > best_room:
                    best_room, days[index] = room, day
            if best_room:
                month = calendar.month_of[days[index] - first]
                used[department, month] = used.get((department, month), 0) + 1
            else:
                split_off.append(group[0])
                changes.members[index] = []
            continue
        limited = sorted({row[3] for row in group if row[3] in limit})
        best = (_UNLIMITED, 0)
        best_blocked: list[str] = []
        for month, day in months:
            blocked: list[str] = []
            tightest = _UNLIMITED
            for department in limited:
                room = limit[department] - used.get((department, month), 0)
                if room <= 0:
                    blocked.append(department)
                elif room < tightest:
                    tightest = room
            left_out = sum(row[3] in blocked for row in group) if blocked else 0
            if (left_out, -tightest) < best:
                best, days[index], best_blocked = (left_out, -tightest), day, blocked
        if best_blocked:
            split_off.extend(row for row in group if row[3] in best_blocked)
            changes.members[index] = [row for row in group if row[3] not in best_blocked]
        month = calendar.month_of[days[index] - first]
        for department in limited:
            if department not in best_blocked:
                used[department, month] = used.get((department, month), 0) + 1

    if split_off:
        _place_split_off(sorted(split_off), rows, starts, calendar, limit, used, changes, unplaced)


def _place_split_off(
    split_off: list[_Row],
    rows: list[_Row],
    starts: list[int],
    calendar: _Calendar,
    limit: Mapping[str, int],
    used: dict[tuple[str, int], int],
    changes: _Changes,
    unplaced: list[tuple[int, str]],
) -> None:
    """Place each row in an existing visit if its department can join one, else in a new visit."""
    first = calendar.first
    month_of = calendar.month_of

    def room(department: str, month: int) -> int:
        cap = limit.get(department)
        return _UNLIMITED if cap is None else cap - used.get((department, month), 0)

    by_enterprise: dict[str, list[_Draft]] = {}
    wanted = {row[0] for row in split_off}
    for index, (lo, hi) in enumerate(pairwise(starts)):
        enterprise = rows[lo][0]
        if enterprise not in wanted:
            continue
        group = changes.members.setdefault(index, rows[lo:hi])
        if group:
            day = changes.days.get(index, calendar.latest_open[rows[lo][1] - first])
            by_enterprise.setdefault(enterprise, []).append((enterprise, day, group))
    for row in split_off:
        enterprise, end, start, department, item_id = row
        visits = by_enterprise.setdefault(enterprise, [])
        best: tuple[int, int, int] | None = None
        chosen: _Draft | None = None
        for draft in visits:
            day = draft[1]
            if not start <= day <= end:
                continue
            if any(other[3] == department for other in draft[2]):
                rank = (0, 0, -day)
            else:
                free = room(department, month_of[day - first])
                if free <= 0:
                    continue
                rank = (1, -free, -day)
            if best is None or rank < best:
                best, chosen = rank, draft
        if chosen is None:
            best_free = 0
            for month, day in calendar.open_days_by_month(start, end):
                free = room(department, month)
                if free > best_free:
                    best_free, chosen = free, (enterprise, day, [])
            if chosen is None:
                unplaced.append(
                    (
                        item_id,
                        f"{department} 在检查期限 {date.fromordinal(start)} 至 "
                        f"{date.fromordinal(end)} 内各月的联合检查次数均已达到上限，无法安排",
                    )
                )
                continue
            visits.append(chosen)
            changes.new_visits.append(chosen)
        if best is None or best[0] == 1:
            month = month_of[chosen[1] - first]
            used[department, month] = used.get((department, month), 0) + 1
        chosen[2].append(row)


def _visit(enterprise: str, day: int, rows: list[_Row], calendar: _Calendar) -> JointVisit:
    """The visit of rows on a day; the lead is the department with the most items, ties by key."""
    if len(rows) == 1:
        row = rows[0]
        return JointVisit(
            enterprise, calendar.dates[day - calendar.first], row[3], (row[3],), (row[4],)
        )
    per_department: dict[str, int] = {}
    for row in rows:
        per_department[row[3]] = per_department.get(row[3], 0) + 1
    departments = tuple(sorted(per_department))
    lead = departments[0]
    if len(departments) < len(rows):
        most = max(per_department.values())
        lead = next(d for d in departments if per_department[d] == most)
    return JointVisit(
        enterprise,
        calendar.dates[day - calendar.first],
        lead,
        departments,
        tuple(sorted(row[4] for row in rows)),
    )


def _over_cap(visits: list[JointVisit], cap: int | None) -> tuple[str, ...]:
    """Enterprises entered more than `cap` times in some calendar year."""
    if cap is None:
        return ()
    entries = Counter(map(itemgetter(0), visits))
    many = {enterprise for enterprise, n in entries.items() if n > cap}
    per_year = Counter((v.enterprise, v.day.year) for v in visits if v.enterprise in many)
    return tuple(sorted({enterprise for (enterprise, _), n in per_year.items() if n > cap}))
