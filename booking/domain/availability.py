"""Free slots for a service at one centre or all of them, and the nearest alternatives."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from operator import attrgetter
from typing import Any

from sqlite_utils import Database

from booking.core import validation
from booking.core.calendar import day_bounds, local_day, local_instant
from booking.core.errors import collect, invalid
from booking.core.local_text import LocalFormatter
from booking.core.model import Interval, ServiceRule, Slot
from booking.core.slots import free_slots, nearest
from booking.domain import world
from booking.domain.context import BookingContext
from booking.domain.setup_cache import SetupSnapshot

DEFAULT_DAYS = 14
MAX_DAYS = 92
# How far around a taken time to look for alternatives.
ALTERNATIVES_BEFORE = timedelta(days=2)
ALTERNATIVES_AFTER = timedelta(days=14)


def _bound(ctx: BookingContext, value: str, field: str, end: bool) -> datetime:
    """A day (whole local day; `to` includes it) or an exact time with its offset."""
    if len(value) == 10:
        day = validation.day(value, field)
        return local_instant(day, time.max if end else time(0), ctx.tz)
    return validation.instant(value, field)


def parse_window(ctx: BookingContext, args: Mapping[str, Any]) -> Interval:
    """`from` and `to` of an availability query: by default today and the two weeks after."""
    raw_from, raw_to = args.get("from") or None, args.get("to") or None
    today = local_day(ctx.now(), ctx.tz)
    start, end = collect(
        lambda: _bound(ctx, raw_from, "from", False) if raw_from else day_bounds(today, ctx.tz)[0],
        lambda: _bound(ctx, raw_to, "to", True) if raw_to else None,
    )
    if end is None:
        last = local_day(start, ctx.tz) + timedelta(days=DEFAULT_DAYS)
        end = local_instant(last, time(0), ctx.tz)
    if end <= start:
        raise invalid(to="before_from")
    if end - start > timedelta(days=MAX_DAYS):
        raise invalid(to="range_too_long")
    return start, end


def availability(
    ctx: BookingContext,
    db: Database,
    rule: ServiceRule,
    centre_ids: list[str],
    window: Interval,
    setup: SetupSnapshot | None = None,
    busy: dict[str, list[Interval]] | None = None,
) -> list[Slot]:
    """Free slots of a service in `window` at the given centres, by time then centre.

    `setup` and `busy` (the blocks reaching into `window` at these centres), when the caller
    has just read them for this request."""
    now = ctx.now()
    # The setup version is read once; the bookings are read fresh on every call.
    setup = setup or ctx.cache.current(db)
    calendars = world.calendars(ctx, db, centre_ids, min(window[0], now), setup)
    policies = world.policies(ctx, db, setup)
    if busy is None:
        busy = world.busy_blocks(db, centre_ids, window, now)
    slots: list[Slot] = []
    # Centres in id order, each's slots in time order: a stable sort by time alone then gives
    # time, then centre (comparing one datetime is much cheaper than a tuple).
    for centre_id in sorted(centre_ids):
        policy = policies.get(centre_id)
        if policy is None:
            continue  # no longer active: nothing to book there
        staff = calendars.get(centre_id, [])
        slots.extend(
            free_slots(
                rule,
                staff,
                busy,
                window,
                now,
                policy,
                ctx.tz,
                ctx.holidays,
                grid=world.grid(ctx, setup, rule, centre_id, staff),
                memo=world.day_memo(setup, rule, centre_id),
            )
        )
    slots.sort(key=_by_time)
    return slots


_by_time = attrgetter("start")


def centre_ids(ctx: BookingContext, db: Database, centre_id: str | None) -> list[str]:
    """One known centre, or all active centres when none is given."""
    if centre_id:
        return [world.centre(db, validation.text_id(centre_id, "centre"))["id"]]
    return list(world.policies(ctx, db))


def near_window(wanted: datetime) -> Interval:
    """Where the nearest other times are looked for first: a day either side."""
    return (wanted - timedelta(days=1), wanted + timedelta(days=1))


def alternatives(
    ctx: BookingContext,
    db: Database,
    rule: ServiceRule,
    centre_id: str,
    wanted: datetime,
    count: int = 5,
    setup: SetupSnapshot | None = None,
    busy_near: dict[str, list[Interval]] | None = None,
) -> list[Slot]:
    """The free slots nearest to a taken time at the same centre; other centres if none.

    The same day and the next are looked at first (usually enough, and quick), then two weeks.
    `busy_near`: the centre's blocks reaching into `near_window(wanted)`, already read.
    """
    near = near_window(wanted)
    found = nearest(availability(ctx, db, rule, [centre_id], near, setup, busy_near), wanted, count)
    if len(found) < count:
        window = (wanted - ALTERNATIVES_BEFORE, wanted + ALTERNATIVES_AFTER)
        found = nearest(availability(ctx, db, rule, [centre_id], window), wanted, count)
    if not found:
        others = [c for c in centre_ids(ctx, db, None) if c != centre_id]
        found = nearest(availability(ctx, db, rule, others, window), wanted, count)
    return found


def slot_view(slot: Slot, ctx: BookingContext, fmt: LocalFormatter | None = None) -> dict[str, str]:
    """A slot as the API shows it: ISO 8601 local times with their UTC offset."""
    fmt = fmt or ctx.local_text
    return {"centre": slot.centre, "start": fmt(slot.start), "end": fmt(slot.end)}


def slot_views(slots: list[Slot], ctx: BookingContext) -> list[dict[str, str]]:
    fmt = ctx.local_text
    # Thousands of slots, nearly every time already made once: a dict read each.
    known = fmt.known
    return [
        {
            "centre": s.centre,
            "start": known.get(s.start) or fmt(s.start),
            "end": known.get(s.end) or fmt(s.end),
        }
        for s in slots
    ]
