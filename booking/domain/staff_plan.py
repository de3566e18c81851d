"""Central's staffing plan for a centre's week: forecast walk-ins, booked times, staff scheduled.

The forecast and its backtest come from the centre's uploaded visit facts, the need per hour
from Erlang C pooled across services plus the confirmed bookings of the hour (kernel/plan_week),
and "staffed" from the staff schedules at central: the minutes each active staff member of the
centre (counter staff and tax secondees) works in the hour, breaks, absences and holidays taken
off, over 60.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from sqlite_utils import Database

from booking.core import opening_hours
from booking.core.calendar import local_day, local_instant, working_time
from booking.core.errors import invalid
from booking.domain import setup, world
from booking.domain.context import BookingContext
from booking.domain.tax_cover import parse_week
from booking.store import bookings as bookings_store
from kernel import plan_week, staffing_plan, visit_store
from kernel.clock import iso, parse_iso

__all__ = ["parse_level", "parse_week", "plan_view"]


def parse_level(value: object) -> float | None:
    """?level=, or None when not given (the centre's configured service level then)."""
    if value in (None, ""):
        return None
    try:
        return plan_week.parse_level(value)
    except ValueError as error:
        raise invalid(level=str(error)) from None


def _centre(db: Database, centre_id: str | None) -> dict[str, Any]:
    if not centre_id:
        raise invalid(centre="required")
    found = setup.find_centre(db, centre_id)
    if found is None:
        raise invalid(centre="unknown")
    return found


def plan_view(
    ctx: BookingContext,
    db: Database,
    centre_id: str | None,
    monday: date | None,
    level: float | None = None,
) -> dict[str, Any]:
    """GET /api/v1/plan for one centre and week (None: next week), at `level` (None: the
    centre's configured service level; the wait target is always the configured one)."""
    centre = _centre(db, centre_id)
    target = ctx.config.plan_for(centre["id"])
    today = local_day(ctx.now(), ctx.tz)
    monday = monday or plan_week.next_monday(today)
    origin = plan_week.origin_for(monday, today)
    hours = opening_hours.loads(centre["opening_hours"])

    def open_hours(day: date) -> frozenset[int]:
        return frozenset() if ctx.holidays.is_closed(day) else opening_hours.hours_open(hours, day)

    first, last = plan_week.history_days(origin)
    days = [monday + timedelta(days=n) for n in range(7)]
    return plan_week.build(
        centre,
        monday,
        origin,
        visit_store.walk_ins_by_hour(db, centre["id"], first, last),
        visit_store.mean_service_seconds(db, centre["id"], first, last),
        ctx.catalogue,
        open_hours,
        _booked(ctx, db, centre["id"], monday),
        _staffed(ctx, db, centre["id"], days),
        ctx.tz,
        target.level if level is None else level,
        target.seconds,
    )


def _booked(ctx: BookingContext, db: Database, centre_id: str, monday: date) -> list:
    start = local_instant(monday, time(0), ctx.tz)
    end = local_instant(monday + timedelta(weeks=1), time(0), ctx.tz)
    booked = bookings_store.on_day(db, centre_id, iso(start), iso(end))
    return [(parse_iso(b["start_at"]), parse_iso(b["end_at"])) for b in booked]


def _staffed(
    ctx: BookingContext, db: Database, centre_id: str, days: list[date]
) -> dict[staffing_plan.Slot, float]:
    since = local_instant(days[0], time(0), ctx.tz)
    staff = world.calendars(ctx, db, [centre_id], since).get(centre_id, [])
    spans = [s for m in staff for day in days for s in working_time(m, day, ctx.tz, ctx.holidays)]
    return {k: m / 60.0 for k, m in staffing_plan.minutes_per_hour(spans, ctx.tz).items()}
