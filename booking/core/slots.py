"""Slot computation: when a centre's pool of qualified staff can take one more appointment."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from booking.core.calendar import HolidayCalendar, local_day, working_time
from booking.core.model import Interval, Policy, ServiceRule, Slot, StaffCalendar


class BusyIndex:
    """One staff member's booked blocks (appointment + buffer), for fast overlap checks."""

    def __init__(self, blocks: Iterable[Interval]) -> None:
        ordered = sorted(blocks)
        self.starts = [start for start, _ in ordered]
        # Running maximum of the ends, so one look-up answers "does anything before reach t?".
        self.max_end: list[datetime] = []
        for _, end in ordered:
            self.max_end.append(max(end, self.max_end[-1]) if self.max_end else end)

    def is_free(self, start: datetime, end: datetime) -> bool:
        before = bisect_left(self.starts, end)
        return before == 0 or self.max_end[before - 1] <= start


def candidate_starts(
    staff: StaffCalendar,
    service: ServiceRule,
    day: date,
    tz: ZoneInfo,
    holidays: HolidayCalendar,
) -> list[datetime]:
    """Start times on a local day where the appointment fits in the staff member's working time.

    A grid of appointment-plus-buffer steps from the start of each working stretch (after a
    break the grid starts again). Steps are real elapsed time, so slots stay right when the
    clocks change; the buffer may run past the end of a stretch, the appointment may not.
    """
    starts: list[datetime] = []
    step, length = service.block, service.length
    for stretch_start, stretch_end in working_time(staff, day, tz, holidays):
        moment = stretch_start
        while moment + length <= stretch_end:
            starts.append(moment)
            moment += step
    return starts


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def bookable_window(now: datetime, policy: Policy, tz: ZoneInfo) -> tuple[datetime, date]:
    """The earliest bookable start and the last bookable local day."""
    return now + policy.min_notice, local_day(now, tz) + timedelta(days=policy.horizon_days)


# A day's slots of one centre and service as if nothing were booked, each with every
# qualified member who works through it: what a cache may keep until the setup changes.
Grid = Callable[[date], Sequence[Slot]]
# A day's free slots of one centre and service (before a window cuts them), with the booked
# blocks that decided them (`_day_key`): kept beside the grid, and worked out again only
# when that day's bookings change.
DayMemo = MutableMapping[date, tuple[tuple, list[Slot]]]


def day_grid(
    service: ServiceRule,
    qualified: Sequence[StaffCalendar],
    day: date,
    tz: ZoneInfo,
    holidays: HolidayCalendar,
) -> list[Slot]:
    """Every slot on a local day where some of `qualified` (all of one centre) can take the
    appointment, in time order, with those members in the order given; bookings are not
    looked at."""
    members_by_start: dict[datetime, list[str]] = {}
    for member in qualified:
        for start in candidate_starts(member, service, day, tz, holidays):
            members_by_start.setdefault(start, []).append(member.id)
    if not members_by_start:
        return []
    centre, length = qualified[0].centre, service.length
    return [
        Slot(centre, start, start + length, tuple(members_by_start[start]))
        for start in sorted(members_by_start)
    ]


def free_slots(
    service: ServiceRule,
    staff: Sequence[StaffCalendar],
    busy: Mapping[str, Iterable[Interval]],
    window: Interval,
    now: datetime,
    policy: Policy,
    tz: ZoneInfo,
    holidays: HolidayCalendar,
    ignore_busy: bool = False,
    grid: Grid | None = None,
    memo: DayMemo | None = None,
) -> list[Slot]:
    """Bookable slots of one centre in `window`, each with the qualified staff free for it.

    `staff` are the centre's staff members (all of one centre); `busy` maps a staff id to the
    blocks already booked or held. A slot exists when at least one qualified member is free for
    the whole appointment and its buffer. `grid` gives a day's `day_grid` of these staff
    (from a cache); without it each day's grid is worked out here. `memo` keeps each day's
    answer for the grid's days (see DayMemo); give it only together with that `grid`.
    """
    qualified = [member for member in staff if member.qualifies(service)]
    if not qualified:
        return []
    earliest, last_day = bookable_window(now, policy, tz)
    lower = max(window[0], earliest)
    if lower >= window[1]:
        return []
    if grid is None:
        grid = lambda day: day_grid(service, qualified, day, tz, holidays)  # noqa: E731
    first_day = local_day(lower, tz)
    final_day = min(local_day(window[1] - timedelta(microseconds=1), tz), last_day)
    # Only members with something booked need a look; the others are free all day.
    indexes = {} if ignore_busy else {m.id: BusyIndex(busy.get(m.id, ())) for m in qualified}
    indexes = {member_id: index for member_id, index in indexes.items() if index.starts}
    block, upper = service.block, window[1]
    slots: list[Slot] = []
    for day in _days(first_day, final_day):
        day_slots = grid(day)
        if not day_slots:
            continue
        if not indexes:
            free = day_slots  # nobody booked: the grid's own slots (they never change)
        elif memo is None:
            free = _free_on_day(day_slots, indexes, block)
        else:
            key = _day_key(day_slots, indexes, block)
            kept = memo.get(day)
            if kept is None or kept[0] != key:
                # Two threads may both work a day out; either answer is the same.
                kept = memo[day] = (key, _free_on_day(day_slots, indexes, block))
            free = kept[1]
        if free and lower <= free[0].start and free[-1].start < upper:
            slots.extend(free)
        else:
            slots.extend(slot for slot in free if lower <= slot.start < upper)
    return slots


def _free_on_day(
    day_slots: Sequence[Slot], indexes: Mapping[str, BusyIndex], block: timedelta
) -> list[Slot]:
    """A day's grid slots with only the members still free for each; those with none go."""
    found: list[Slot] = []
    for slot in day_slots:
        start = slot.start
        end = start + block
        free = tuple(
            m for m in slot.staff if (i := indexes.get(m)) is None or i.is_free(start, end)
        )
        if len(free) == len(slot.staff):
            found.append(slot)  # every member free: the grid's own slot
        elif free:
            found.append(Slot(slot.centre, start, slot.end, free))
    return found


def _day_key(
    day_slots: Sequence[Slot], indexes: Mapping[str, BusyIndex], block: timedelta
) -> tuple:
    """What of the booked blocks can decide this day's slots: for each member, the blocks
    from the first whose running end passes the day's first start up to the last that
    starts before its last slot ends. Outside that range every answer of `is_free` for the
    day is the same whatever the blocks are, so equal keys give equal free slots."""
    first, last_end = day_slots[0].start, day_slots[-1].start + block
    parts = []
    for member_id, index in indexes.items():
        low = bisect_right(index.max_end, first)
        high = bisect_left(index.starts, last_end)
        if low < high:
            parts.append((member_id, tuple(index.starts[low:high]), tuple(index.max_end[low:high])))
    return tuple(parts)


def nearest(slots: Sequence[Slot], wanted: datetime, count: int = 5) -> list[Slot]:
    """The `count` slots closest in time to `wanted` (not `wanted` itself), in time order."""
    others = [slot for slot in slots if slot.start != wanted]
    others.sort(key=lambda slot: (abs(slot.start - wanted), slot.start, slot.centre))
    return sorted(others[:count], key=lambda slot: (slot.start, slot.centre))


def choose_staff(
    service: ServiceRule,
    free: Sequence[str],
    staff: Mapping[str, StaffCalendar],
    load: Mapping[str, int],
) -> str:
    """Which free member gets the booking.

    Members whose role is not needed come last (a tax secondee is kept for what only a
    secondee may do), then the one with the fewest bookings that day, then by id so the choice
    is repeatable.
    """
    if not free:
        raise ValueError("no free staff member to choose from")

    def rank(staff_id: str) -> tuple[int, int, str]:
        member = staff[staff_id]
        specialist = int(member.role != "staff" and "staff" in service.roles)
        return specialist, load.get(staff_id, 0), staff_id

    return min(free, key=rank)
