"""Free slots for a service at one centre or all of them, and the nearest alternatives."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from booking.core import validation
from booking.core.calendar import day_bounds, local_day, local_instant
from booking.core.errors import collect, invalid
from booking.core.model import Interval, ServiceRule, Slot
from booking.core.slots import free_slots, nearest
from booking.domain import world
from booking.domain.context import BookingContext
from booking.store import setup as setup_store

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
) -> list[Slot]:
    """Free slots of a service in `window` at the given centres, by time then centre."""
    now = ctx.now()
    calendars = world.calendars(ctx, db, centre_ids, min(window[0], now))
    busy = world.busy_blocks(db, centre_ids, window, now)
    centres = {c["id"]: c for c in setup_store.centres(db)}
    slots: list[Slot] = []
    for centre_id in centre_ids:
        slots.extend(
            free_slots(
                rule,
                calendars.get(centre_id, []),
                busy,
                window,
                now,
                world.policy(centres[centre_id]),
                ctx.tz,
                ctx.holidays,
            )
        )
    slots.sort(key=lambda slot: (slot.start, slot.centre))
    return slots


def centre_ids(db: Database, centre_id: str | None) -> list[str]:
    """One known centre, or all active centres when none is given."""
    if centre_id:
        return [world.centre(db, validation.text_id(centre_id, "centre"))["id"]]
    return [c["id"] for c in setup_store.centres(db)]


def alternatives(
    ctx: BookingContext,
    db: Database,
    rule: ServiceRule,
    centre_id: str,
    wanted: datetime,
    count: int = 5,
) -> list[Slot]:
    """The free slots nearest to a taken time at the same centre; other centres if none.

    The same day and the next are looked at first (usually enough, and quick), then two weeks.
    """
    near = (wanted - timedelta(days=1), wanted + timedelta(days=1))
    found = nearest(availability(ctx, db, rule, [centre_id], near), wanted, count)
    if len(found) < count:
        window = (wanted - ALTERNATIVES_BEFORE, wanted + ALTERNATIVES_AFTER)
        found = nearest(availability(ctx, db, rule, [centre_id], window), wanted, count)
    if not found:
        others = [c for c in centre_ids(db, None) if c != centre_id]
        found = nearest(availability(ctx, db, rule, others, window), wanted, count)
    return found


class LocalFormatter:
    """UTC instants as local ISO 8601 text with offset, fast for thousands of slots.

    Clocks only change on whole UTC hours, so one time-zone look-up per hour is enough.
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._hours: dict[datetime, tuple[str, str]] = {}

    def __call__(self, moment: datetime) -> str:
        if moment.second or moment.microsecond:
            return moment.astimezone(self.tz).isoformat()
        hour = moment.replace(minute=0)
        parts = self._hours.get(hour)
        if parts is None:
            local = hour.astimezone(self.tz).isoformat()  # 2026-11-24T09:00:00+01:00
            parts = (local[:14], local[16:])
            self._hours[hour] = parts
        return f"{parts[0]}{moment.minute:02d}{parts[1]}"


def slot_view(slot: Slot, ctx: BookingContext, fmt: LocalFormatter | None = None) -> dict[str, str]:
    """A slot as the API shows it: ISO 8601 local times with their UTC offset."""
    fmt = fmt or LocalFormatter(ctx.tz)
    return {"centre": slot.centre, "start": fmt(slot.start), "end": fmt(slot.end)}


def slot_views(slots: list[Slot], ctx: BookingContext) -> list[dict[str, str]]:
    fmt = LocalFormatter(ctx.tz)
    return [slot_view(slot, ctx, fmt) for slot in slots]
