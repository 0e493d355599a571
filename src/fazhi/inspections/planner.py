"""Merge the departments' plan items into joint inspections (进一次门、查多项事).

A pure module, no Django: the planning service feeds it plain `PlanItem`s and stores the `Plan`.

Every item (a department plans to inspect an enterprise some day within a window) lands in
exactly one joint visit (enterprise, day) whose day lies inside the item's window, or is reported
as unplaced with a reason. Without limits the fewest entries per enterprise is the interval
point-cover problem, solved exactly by the greedy in `min_cover`. The limits (blackout days,
public holidays, weekends, each department's capacity per month, a yearly cap of entries per
enterprise) are met heuristically:

1. Per enterprise, the greedy cover over *open* days (not blacked out, not a holiday, not a
   skipped weekend) groups the items; it is still exact there, so its size is the lower bound
   reported. A group may take any open day of the intersection of its items' windows (its
   range); the ranges of one enterprise's groups share no open day.
2. A group with a department of limited capacity is narrowed to one month of its range: those
   with the fewest months to choose from first, the month where the fewest items are blocked by a
   full department and the tightest department keeps the most room.
3. Items of a department that is full in every such month are split off and placed one by one:
   first in a visit of their enterprise that the department already joins, then in one it still
   has room to join (narrowing that visit to a month with room), then in a new visit. An item
   with no such day is unplaced.
4. Only then does each visit get its day, so the day never changes how items are grouped: the
   open day of its range on which its departments have the fewest visits so far, ties to the
   earliest. A month's visits spread over its working days instead of piling up on one.

The yearly cap is never a reason to leave an item out: an enterprise that needs more entries is
listed in `Plan.over_cap`. Same input in any order gives the same plan: everything is sorted by
full keys and days are integer ordinals internally.

Built for a province in about a second (300,000 items, `bench/inspections_planner.py`): one
sort, the groups kept as runs of the sorted items, `PlanItem` and `JointVisit` as NamedTuples
(three times faster to build than frozen dataclasses), one string object per department (so
departments compare by identity), per-day visit counts as flat lists of ints that order like the
tuples they stand for (so heapq compares ints), a visit's key (lead, range) as one int, and the
cyclic garbage collector paused during a run. Each step touches only what it changes: the
bound's correction only the enterprises with items left out, the cap only enterprises with
enough visits, the added visits are merged into the sorted ones.
"""

import gc
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from heapq import heapify, heapreplace
from itertools import chain, compress, islice
from operator import add, eq, itemgetter, sub
from typing import Any, NamedTuple, TypeVar

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
    visits per enterprise per calendar year. No visit falls on a `blackout` day or one of the
    `holidays` (the public holidays of the working calendar), nor on a Saturday or Sunday when
    `skip_weekends`.
    """

    capacity_per_month: Mapping[str, int] = field(default_factory=dict)
    max_entries_per_enterprise: int | None = None
    blackout: frozenset[date] = frozenset()
    skip_weekends: bool = False
    holidays: frozenset[date] = frozenset()


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
    enterprise, the minimum cover of their windows by open days (without closed days and with
    every item placed, it equals `lower_bound(items)`); `gap` is what the capacity limits cost on
    top. `solo_entries` counts the entries if each department went alone but still combined its
    own items at an enterprise: per (enterprise, department), the minimum cover of that
    department's windows by open days; under monthly capacities, the entries each department
    makes in the schedule (never fewer than that cover: where its month was full, going alone it
    would need them too). `saved` is what joint inspection saves against that, never negative.
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


# A closed day's visit count: high enough that `min` over a range never picks it.
_CLOSED = 1 << 40
_UNLIMITED = 1 << 62
# (month index, first day, last open day): the part of a range inside one month.
_MonthPart = tuple[int, int, int]
# A visit the capacity pass may still change: [low, high, rows].
_Draft = list[Any]


class _Calendar:
    """Open days and calendar months over a range of day ordinals, as flat lists."""

    __slots__ = ("_parts", "dates", "first", "latest_open", "month_of", "months", "no_visits")

    def __init__(self, first: int, last: int, limits: Limits) -> None:
        closed = {day.toordinal() for day in chain(limits.blackout, limits.holidays)}
        self.first = first
        self.dates = [date.fromordinal(ordinal) for ordinal in range(first, last + 1)]
        # latest_open[o - first] is the last open day <= o; first - 1 when there is none.
        self.latest_open: list[int] = []
        # no_visits is the visit count of every day before planning: 0 when open, else _CLOSED.
        self.no_visits: list[int] = []
        base = self.dates[0].year * 12 + self.dates[0].month - 1
        self.month_of: list[int] = []
        latest = first - 1
        for ordinal, day in enumerate(self.dates, start=first):
            if ordinal not in closed and not (limits.skip_weekends and day.weekday() >= 5):
                latest = ordinal
                self.no_visits.append(0)
            else:
                self.no_visits.append(_CLOSED)
            self.latest_open.append(latest)
            self.month_of.append(day.year * 12 + day.month - 1 - base)
        self.months = self.month_of[-1] + 1
        self._parts: dict[tuple[int, int], list[_MonthPart]] = {}

    def month_parts(self, start: int, end: int) -> list[_MonthPart]:
        """[start, end] cut into months, each part ending on its last open day; latest first.

        Months without an open day in [start, end] are left out.
        """
        found = self._parts.get((start, end))
        if found is not None:
            return found
        found = []
        first = self.first
        day = self.latest_open[end - first]
        while day >= start:
            month_start = day - self.dates[day - first].day + 1
            found.append((self.month_of[day - first], max(start, month_start), day))
            if month_start <= start:
                break
            day = self.latest_open[month_start - 1 - first]
        self._parts[start, end] = found
        return found


@dataclass(slots=True)
class _Runs:
    """The greedy's groups as runs of the sorted rows, with the range each may take a day in.

    Run i is rows[starts[i]:starts[i + 1]] unless `members` names its rows; its day lies in
    [lows[i], highs[i]], highs[i] being an open day. `added` holds visits the capacity pass
    created: (enterprise, [low, high, rows]); `left_out` the rows it could not place.
    """

    rows: list[_Row]
    starts: list[int]
    lows: list[int]
    highs: list[int]
    members: dict[int, list[_Row]] = field(default_factory=dict)
    added: list[tuple[str, _Draft]] = field(default_factory=list)
    left_out: list[_Row] = field(default_factory=list)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run.

    A province's run allocates about a million small tuples and lists and makes no reference
    cycles; the collector would repeatedly traverse them all for nothing (about a third of the
    run time with limits).

    On the way out the young objects, the plan's half a million visits and item tuples among
    them, go straight to the oldest generation (`freeze` then `unfreeze`): the plan outlives the
    run, and otherwise the collector's first young collection after it would traverse them all
    only to promote them (about a tenth of a second for a province). Any cyclic garbage among the
    promoted objects is still collected, by the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def plan(items: Iterable[PlanItem], limits: Limits | None = None) -> Plan:
    """Schedule the items into joint visits respecting the limits; see the module docstring.

    Raises ValueError when two items share an id.
    """
    with _gc_paused():
        return _plan(items, limits or Limits())


def _plan(items: Iterable[PlanItem], limits: Limits) -> Plan:
    # One string object per department: the planner hashes and compares departments all along,
    # and a string compares with itself by identity, not character by character.
    departments: dict[str, str] = {}
    department_of = departments.setdefault
    rows: list[_Row] = [
        (
            enterprise,
            end.toordinal(),
            start.toordinal(),
            department_of(department, department),
            item_id,
        )
        for item_id, enterprise, department, start, end in items
    ]
    if len(set(map(itemgetter(4), rows))) != len(rows):
        raise ValueError("plan item ids must be unique")
    # An item whose window starts after it ends finds no day in the cover (see `_no_open_day`).
    unplaced: list[tuple[int, str]] = []
    rows.sort()
    if not rows:
        return Plan((), 0, 0, (), ())

    ends = list(map(itemgetter(1), rows))
    # From the earliest start or end (an inverted window ends before it starts) to the last end.
    first = min(min(map(itemgetter(2), rows)), min(ends))
    calendar = _Calendar(first, max(ends), limits)
    runs, solo, capped = _cover(rows, calendar, limits, unplaced)
    bound = len(runs.starts) - 1
    if limits.capacity_per_month:
        _schedule(runs, capped, calendar, limits.capacity_per_month, unplaced)
        # Items left out for capacity do not count in the bound.
        bound -= _cover_saved_without(runs.left_out, runs.rows, calendar)
    visits = _visits(runs, calendar)
    if limits.capacity_per_month:
        # Each department's entries here are at least its own cover of the items it inspects
        # (its visits' days cover them), so the per-pair shortfall against going alone sums up
        # to all of them.
        solo = sum(map(len, map(itemgetter(3), visits)))
    return Plan(
        visits=tuple(visits),
        lower_bound=bound,
        solo_entries=solo,
        over_cap=_over_cap(visits, limits.max_entries_per_enterprise),
        unplaced=tuple(sorted(unplaced)),
    )


def _no_open_day(row: _Row, limits: Limits) -> tuple[int, str]:
    if row[2] > row[1]:
        return (
            row[4],
            f"检查期限有误：开始日期 {date.fromordinal(row[2])} 晚于结束日期 "
            f"{date.fromordinal(row[1])}",
        )
    closed = ["禁止检查日"]
    if limits.holidays:
        closed.append("法定节假日")
    if limits.skip_weekends:
        closed.append("周末")
    kinds = "、".join(closed[:-1]) + "或" + closed[-1] if len(closed) > 1 else closed[0]
    return (
        row[4],
        f"检查期限 {date.fromordinal(row[2])} 至 {date.fromordinal(row[1])} "
        f"内均为{kinds}，没有可以安排检查的日期",
    )


def _cover(
    rows: list[_Row], calendar: _Calendar, limits: Limits, unplaced: list[tuple[int, str]]
) -> tuple[_Runs, int, list[int]]:
    """Group the sorted rows by the greedy cover over open days, per enterprise.

    Each row joins the enterprise's latest group or opens a new one, so the groups are runs of
    consecutive rows. Returns the runs over the rows that have an open day (the others go to
    `unplaced`), the solo entries, and the runs with a department whose capacity is limited.
    """
    limited = limits.capacity_per_month
    # Under capacities the solo entries come from the schedule (see _plan).
    count_solo = not limited
    capped: list[int] = []
    latest_open = calendar.latest_open
    first = calendar.first
    none = first - 1
    kept: list[_Row] = []
    starts: list[int] = []
    lows: list[int] = []
    highs: list[int] = []
    current = None
    point = low = none
    run = last_capped = -1
    solo = 0
    solo_point: dict[str, int] = {}
    for row in rows:
        enterprise, end, start, department, _ = row
        if enterprise != current:
            current = enterprise
            point = none
            solo_point = {}
        if start > point:
            day = latest_open[end - first]
            if day < start:
                unplaced.append(_no_open_day(row, limits))
                continue
            point = day
            low = start
            run += 1
            starts.append(len(kept))
            lows.append(start)
            highs.append(day)
        elif start > low:
            low = lows[run] = start
        kept.append(row)
        if count_solo:
            if solo_point.get(department, none) < start:
                solo_point[department] = latest_open[end - first]
                solo += 1
        elif department in limited and last_capped != run:
            capped.append(run)
            last_capped = run
    starts.append(len(kept))
    return _Runs(kept, starts, lows, highs), solo, capped


def _cover_saved_without(left_out: list[_Row], rows: list[_Row], calendar: _Calendar) -> int:
    """How many fewer entries the greedy cover of the sorted `rows` needs without `left_out`.

    Only the enterprises of the left-out rows change, so only their rows (found by bisection:
    the rows are sorted by enterprise first) are covered again.
    """
    if not left_out:
        return 0
    ids = set(map(itemgetter(4), left_out))
    before: list[_Row] = []
    for enterprise in sorted(set(map(itemgetter(0), left_out))):
        lo = bisect_left(rows, (enterprise,))
        # Every other enterprise sorts at or after the code followed by the smallest character.
        before.extend(rows[lo : bisect_left(rows, (enterprise + "\0",), lo)])
    after = [row for row in before if row[4] not in ids]
    return _cover_size(before, calendar) - _cover_size(after, calendar)


def _cover_size(rows: list[_Row], calendar: _Calendar) -> int:
    """The greedy cover's size over sorted rows that all have an open day."""
    latest_open = calendar.latest_open
    first = calendar.first
    size = 0
    current = None
    point = first - 1
    for enterprise, end, start, _, _ in rows:
        if enterprise != current:
            current = enterprise
            point = first - 1
        if start > point:
            point = latest_open[end - first]
            size += 1
    return size


def _schedule(
    runs: _Runs,
    capped: list[int],
    calendar: _Calendar,
    capacity_per_month: Mapping[str, int],
    unplaced: list[tuple[int, str]],
) -> None:
    """Narrow the `capped` runs to a month within capacity; split off what won't fit."""
    rows, starts, lows, highs, members = runs.rows, runs.starts, runs.lows, runs.highs, runs.members
    # room[department][month]: how many more visits the department can join that month.
    room = {
        department: [max(0, cap)] * calendar.months
        for department, cap in capacity_per_month.items()
    }
    # Runs with the fewest months to choose from go first, each bucket in run order.
    constrained: defaultdict[int, list[tuple[int, list[_MonthPart]]]] = defaultdict(list)
    for index in capped:
        parts = calendar.month_parts(lows[index], highs[index])
        constrained[len(parts)].append((index, parts))

    split_off: list[_Row] = []
    # Months are tried latest first.
    for index, parts in chain.from_iterable(constrained[n] for n in sorted(constrained)):
        lo = starts[index]
        if starts[index + 1] - lo == 1:
            row = rows[lo]
            rooms = room[row[3]]
            best_room = 0
            for part in parts:
                if rooms[part[0]] > best_room:
                    best_room, chosen = rooms[part[0]], part
            if best_room:
                rooms[chosen[0]] -= 1
                lows[index], highs[index] = chosen[1], chosen[2]
            else:
                split_off.append(row)
                members[index] = []
            continue
        group = rows[lo : starts[index + 1]]
        limited = sorted({row[3] for row in group if row[3] in room})
        best = (_UNLIMITED, 0)
        best_blocked: list[str] = []
        for part in parts:
            month = part[0]
            blocked: list[str] = []
            tightest = _UNLIMITED
            for department in limited:
                left = room[department][month]
                if left <= 0:
                    blocked.append(department)
                elif left < tightest:
                    tightest = left
            left_out = sum(row[3] in blocked for row in group) if blocked else 0
            if (left_out, -tightest) < best:
                best, chosen, best_blocked = (left_out, -tightest), part, blocked
        lows[index], highs[index] = chosen[1], chosen[2]
        if best_blocked:
            split_off.extend(row for row in group if row[3] in best_blocked)
            members[index] = [row for row in group if row[3] not in best_blocked]
        for department in limited:
            if department not in best_blocked:
                room[department][chosen[0]] -= 1

    if split_off:
        _place_split_off(sorted(split_off), runs, calendar, room, unplaced)


def _place_split_off(
    split_off: list[_Row],
    runs: _Runs,
    calendar: _Calendar,
    room: dict[str, list[int]],
    unplaced: list[tuple[int, str]],
) -> None:
    """Place each row in a visit its department can join, narrowing its range, else a new one."""
    rows, starts, lows, highs, members = runs.rows, runs.starts, runs.lows, runs.highs, runs.members
    first = calendar.first
    latest_open = calendar.latest_open
    month_of = calendar.month_of

    drafts_of: dict[str, list[_Draft]] = {}
    of_runs: list[tuple[int, _Draft]] = []
    for enterprise in sorted({row[0] for row in split_off}):
        drafts: list[_Draft] = []
        drafts_of[enterprise] = drafts
        index = bisect_left(starts, bisect_left(rows, (enterprise,)))
        while index < len(starts) - 1 and rows[starts[index]][0] == enterprise:
            group = members.setdefault(index, rows[starts[index] : starts[index + 1]])
            if group:
                draft: _Draft = [lows[index], highs[index], group]
                drafts.append(draft)
                of_runs.append((index, draft))
            index += 1

    for row in split_off:
        enterprise, end, start, department, item_id = row
        rooms = room[department]
        drafts = drafts_of[enterprise]
        best: tuple[int, int, int] | None = None
        chosen: _Draft | None = None
        chosen_range = (0, 0)
        for draft in drafts:
            low = max(draft[0], start)
            high = min(draft[1], end)
            if high < low or latest_open[high - first] < low:
                continue
            high = latest_open[high - first]
            if any(other[3] == department for other in draft[2]):
                # The draft's range already lies within one month the department has joined.
                rank, narrowed = (0, 0, -high), (low, high)
            else:
                free = 0
                for month, part_low, part_high in calendar.month_parts(low, high):
                    if rooms[month] > free:
                        free, narrowed = rooms[month], (part_low, part_high)
                if free <= 0:
                    continue
                rank = (1, -free, -narrowed[1])
            if best is None or rank < best:
                best, chosen, chosen_range = rank, draft, narrowed
        if chosen is None:
            free = 0
            for month, part_low, part_high in calendar.month_parts(start, end):
                if rooms[month] > free:
                    free, chosen_range = rooms[month], (part_low, part_high)
            if not free:
                unplaced.append(
                    (
                        item_id,
                        f"{department} 在检查期限 {date.fromordinal(start)} 至 "
                        f"{date.fromordinal(end)} 内各月的联合检查次数均已达到上限，无法安排",
                    )
                )
                runs.left_out.append(row)
                continue
            chosen = [0, 0, []]
            drafts.append(chosen)
            runs.added.append((enterprise, chosen))
        chosen[0], chosen[1] = chosen_range
        if best is None or best[0] == 1:
            rooms[month_of[chosen[1] - first]] -= 1
        chosen[2].append(row)

    for index, draft in of_runs:
        lows[index], highs[index] = draft[0], draft[1]


_new_visit = partial(tuple.__new__, JointVisit)


def _visits(runs: _Runs, calendar: _Calendar) -> list[JointVisit]:
    """The visits in (enterprise, day) order, spread over the open days of their ranges.

    Each visit takes the open day of its range on which its lead department leads the fewest
    visits, ties to the day with the fewest visits overall, then to the earliest. All visits of
    one lead and range are dated together (`_days_of_visits`), narrower ranges first, so that the
    flexible visits fill in around the fixed ones.

    Built column by column: most runs are one item of one department, so the columns come from
    the runs' first rows with the built-in `map` and `zip`, and only the other runs are visited
    one by one.
    """
    rows, starts, members = runs.rows, runs.starts, runs.members
    count = len(starts) - 1
    heads = list(map(rows.__getitem__, islice(starts, count)))
    enterprises = list(map(itemgetter(0), heads))
    leads = list(map(itemgetter(3), heads))
    # Most visits have one department: they share one tuple per department.
    alone = {lead: (lead,) for lead in set(leads)}
    departments: list[tuple[str, ...]] = list(map(alone.__getitem__, leads))
    item_ids: list[tuple[int, ...]] = list(zip(map(itemgetter(4), heads)))
    lows, highs = runs.lows.copy(), runs.highs.copy()
    several = compress(range(count), map((1).__lt__, map(sub, islice(starts, 1, None), starts)))
    empty = []
    for index in sorted(set(several).union(members)):
        group = members.get(index)
        if group is None:
            group = rows[starts[index] : starts[index + 1]]
        if not group:
            empty.append(index)
            continue
        leads[index], departments[index], item_ids[index] = _lead_and_members(group)
    runs_kept = count - len(empty)
    for enterprise, (low, high, group) in runs.added:
        lead, of_visit, ids = _lead_and_members(group)
        enterprises.append(enterprise)
        leads.append(lead)
        departments.append(of_visit)
        item_ids.append(ids)
        lows.append(low)
        highs.append(high)
    columns = [enterprises, leads, departments, item_ids, lows, highs]
    if empty:
        keep = [True] * len(enterprises)
        for index in empty:
            keep[index] = False
        columns = [list(compress(column, keep)) for column in columns]
    enterprises, leads, departments, item_ids, lows, highs = columns

    days = _days_of_visits(leads, lows, highs, calendar)
    fields = zip(enterprises, days, leads, departments, item_ids, strict=True)
    visits = list(map(_new_visit, islice(fields, runs_kept)))
    # The runs' visits are in (enterprise, day) order already: within an enterprise the runs'
    # ranges are disjoint and ascending. Only the visits the capacity pass added go in between.
    added = sorted(map(_new_visit, fields), key=_by_enterprise_and_day)
    return _merged(visits, added) if added else visits


_by_enterprise_and_day = itemgetter(0, 1)


def _merged(visits: list[JointVisit], added: list[JointVisit]) -> list[JointVisit]:
    """The sorted `visits` with the sorted `added` each after the visits of the same key.

    As a stable sort of visits + added by (enterprise, day), without sorting them all again.
    """
    merged: list[JointVisit] = []
    taken = 0
    for visit in added:
        at = bisect_right(visits, visit[:2], taken, key=_by_enterprise_and_day)
        merged.extend(visits[taken:at])
        merged.append(visit)
        taken = at
    merged.extend(visits[taken:])
    return merged


def _days_of_visits(
    leads: list[str], lows: list[int], highs: list[int], calendar: _Calendar
) -> Iterator[date]:
    """The day of each visit, given its lead and range; see `_visits`.

    The visits of one key (lead, low, high) are dated together, the keys in the order of
    (high - low, low, lead). A key is one int that sorts in that order, `per_width` days of low
    per unit of width and `per_low` leads (numbered in name order) per day of low: ints hash and
    sort much faster than tuples.
    """
    names = sorted(set(leads))
    number = {lead: n for n, lead in enumerate(names)}
    first = calendar.first
    per_low = len(names)
    per_width = len(calendar.dates) * per_low
    keys = [
        (high - low) * per_width + (low - first) * per_low + number[lead]
        for lead, low, high in zip(leads, lows, highs, strict=True)
    ]
    per_key = Counter(keys)
    loads = _DayLoads(calendar, len(keys))
    filled: dict[int, Iterator[int]] = {}
    for key in sorted(per_key):
        width, rest = divmod(key, per_width)
        low, lead = divmod(rest, per_low)
        low += first
        filled[key] = iter(loads.fill(names[lead], low, low + width, per_key[key]))
    offsets = map(next, map(filled.__getitem__, keys))
    return map(calendar.dates.__getitem__, offsets)


def _lead_and_members(rows: list[_Row]) -> tuple[str, tuple[str, ...], tuple[int, ...]]:
    """The lead, departments and items of a visit of the rows.

    The lead is the department with the most items, ties by key.
    """
    if len(rows) == 1:  # what is left of a visit after its other items were split off
        (_, _, _, department, item_id) = rows[0]
        return department, (department,), (item_id,)
    if len(rows) == 2:  # most visits of several items; with two, the first department leads
        (_, _, _, one, one_id), (_, _, _, other, other_id) = rows
        ids = (one_id, other_id) if one_id < other_id else (other_id, one_id)
        if one == other:
            return one, (one,), ids
        pair = (one, other) if one < other else (other, one)
        return pair[0], pair, ids
    departments = tuple(sorted(set(map(itemgetter(3), rows))))
    lead = departments[0]
    if 1 < len(departments) < len(rows):
        per_department = Counter(map(itemgetter(3), rows))
        most = max(per_department.values())
        lead = next(d for d in departments if per_department[d] == most)
    return lead, departments, tuple(sorted(map(itemgetter(4), rows)))


class _DayLoads:
    """The visits each lead department leads, and all departments make, on each day.

    A day's load for a lead is kept as one int that orders like the tuple (led, overall, day):
    led * per_led + overall * days + day, `per_led` being above any overall * days + day (no day
    has more visits than there are). heapq then compares ints instead of tuples, and a day's
    next offer is its code plus `step`.
    """

    __slots__ = ("_closed", "_days", "_first", "_led", "_overall", "_per_led", "_step")

    def __init__(self, calendar: _Calendar, visits: int) -> None:
        days = len(calendar.dates)
        self._first = calendar.first
        self._days = days
        self._per_led = (visits + 1) * days
        self._step = self._per_led + days
        # A closed day's led code is above every open day's, so it is never chosen while the range
        # has an open day (every range ends on one).
        closed = (visits + 2) * self._per_led
        self._closed = [0 if n == 0 else closed for n in calendar.no_visits]
        self._led: dict[str, list[int]] = {}
        self._overall = list(range(days))

    def fill(self, lead: str, low: int, high: int, count: int) -> list[int]:
        """The calendar offsets of `count` visits led by `lead` in [low, high], counted in.

        Low and high are day ordinals. The same days, in order, as choosing `count` times one
        after another the day with the fewest visits led (then overall, then the earliest): each
        day offers its code plus j * step for its j-th visit, so a heap of the days' next offers
        yields the choices in order, each in logarithmic time (heapq runs in C).
        """
        led = self._led.get(lead)
        if led is None:
            led = self._led[lead] = self._closed.copy()
        overall, days, step = self._overall, self._days, self._step
        span = slice(low - self._first, high - self._first + 1)
        offers = map(add, led[span], overall[span])
        if count == 1:  # one key in nine on the province bench
            chosen = [min(offers) % days]
        else:
            heap = list(offers)
            heapify(heap)
            chosen = []
            for _ in range(count):
                offer = heap[0]
                heapreplace(heap, offer + step)
                chosen.append(offer % days)
        per_led = self._per_led
        for day in chosen:
            led[day] += per_led
            overall[day] += days
        return chosen


def _over_cap(visits: list[JointVisit], cap: int | None) -> tuple[str, ...]:
    """Enterprises entered more than `cap` times in some calendar year (`visits` are sorted)."""
    if cap is None:
        return ()
    # The visits are sorted by enterprise: one with more than `cap` visits has the same
    # enterprise as the visit `cap` places further on.
    enterprises = list(map(itemgetter(0), visits))
    further_on = islice(enterprises, max(cap, 0), None)
    many = set(compress(enterprises, map(eq, enterprises, further_on)))
    theirs = compress(visits, map(many.__contains__, enterprises))
    per_year = Counter((v.enterprise, v.day.year) for v in theirs)
    return tuple(sorted({enterprise for (enterprise, _), n in per_year.items() if n > cap}))
