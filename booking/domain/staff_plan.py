"""Central's staffing plan for a centre's week: forecast walk-ins, booked times, staff scheduled.

The forecast and its backtest come from the centre's uploaded visit facts (kernel/forecast.py),
the need per hour from Erlang C pooled across services (kernel/staffing_plan.py) plus the
confirmed bookings of the hour, and "staffed" from the staff schedules at central: the minutes
each active staff member of the centre (counter staff and tax secondees) works in the hour,
breaks, absences and holidays taken off, over 60.
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
from booking.domain.tax_cover import parse_week, week_label
from booking.store import bookings as bookings_store
from kernel import forecast, staffing_plan, visit_store
from kernel.clock import iso, parse_iso

__all__ = ["parse_week", "parse_level", "plan_view"]

DEFAULT_LEVEL = 0.8


def parse_level(value: object) -> float:
    """?level= the share to call within the target, 0.5 to 0.99 (default 0.8)."""
    if value in (None, ""):
        return DEFAULT_LEVEL
    try:
        level = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise invalid(level="format") from None
    if not 0.5 <= level <= 0.99:
        raise invalid(level="range")
    return level


def next_monday(ctx: BookingContext) -> date:
    today = local_day(ctx.now(), ctx.tz)
    return today + timedelta(days=7 - today.weekday())


def _centre(db: Database, centre_id: str | None) -> dict[str, Any]:
    if not centre_id:
        raise invalid(centre="required")
    found = setup.find_centre(db, centre_id)
    if found is None:
        raise invalid(centre="unknown")
    return found


def plan_view(
    ctx: BookingContext, db: Database, centre_id: str | None, monday: date | None, level: float
) -> dict[str, Any]:
    """GET /api/v1/plan: per hour of the week the forecast walk-ins, the counters they and the
    booked times need, the counters staffed and the shortfall; the backtest's WAPE. The forecast
    reads the weeks before the asked week, or before this week when it lies further ahead."""
    centre = _centre(db, centre_id)
    monday = monday or next_monday(ctx)
    today = local_day(ctx.now(), ctx.tz)
    origin = min(monday, today - timedelta(days=today.weekday()))
    hours = opening_hours.loads(centre["opening_hours"])

    def open_hours(day: date) -> frozenset[int]:
        return frozenset() if ctx.holidays.is_closed(day) else opening_hours.hours_open(hours, day)

    settings = forecast.Settings()
    first = origin - timedelta(weeks=settings.history_weeks)
    rows = visit_store.walk_ins_by_hour(
        db, centre["id"], first.isoformat(), (origin - timedelta(days=1)).isoformat()
    )
    counts = {(date.fromisoformat(d), h, s): float(n) for d, h, s, n in rows}
    days = forecast.week_days(monday)
    predicted = forecast.forecast(counts, origin, days, open_hours, settings)
    tested = forecast.backtest(counts, origin, open_hours, settings)
    seconds = _service_seconds(ctx, db, centre["id"], first, origin)
    targets = {s.id: s.target_wait_minutes * 60.0 for s in ctx.catalogue.services}
    slots = [(d, h) for d in days for h in sorted(open_hours(d))]
    plan = staffing_plan.plan_hours(
        slots,
        predicted.arrivals,
        _booked_minutes(ctx, db, centre["id"], monday),
        _staffed(ctx, db, centre["id"], days),
        seconds,
        targets,
        level,
    )
    return {
        "centre": {"id": centre["id"], "name": centre["name"]},
        "week": week_label(monday),
        "level": level,
        "trend": round(predicted.trend, 3),
        "backtest": {
            "weeks": len(tested.weeks),
            "wape": _rounded(tested.wape),
            "services": {s: _rounded(w) for s, w in tested.services.items()},
        },
        "hours": [_hour_view(h) for h in plan],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _hour_view(h: staffing_plan.HourPlan) -> dict[str, Any]:
    return {
        "day": h.day.isoformat(),
        "hour": h.hour,
        "walk_ins": round(h.walk_ins, 2),
        "load_erlangs": round(h.load_erlangs, 3),
        "walk_in_counters": h.walk_in_counters,
        "booked_minutes": round(h.booked_minutes, 1),
        "booked_counters": h.booked_counters,
        "needed": h.needed,
        "staffed": round(h.staffed, 2),
        "short": None if h.needed is None else h.short,
    }


def _service_seconds(
    ctx: BookingContext, db: Database, centre_id: str, first: date, origin: date
) -> dict[str, float]:
    """Mean service time per service from the history, the catalogue's minutes without one."""
    seen = visit_store.mean_service_seconds(
        db, centre_id, first.isoformat(), (origin - timedelta(days=1)).isoformat()
    )
    return {
        s.id: float(seen[s.id]) if seen.get(s.id) else s.service_minutes * 60.0
        for s in ctx.catalogue.services
    }


def _booked_minutes(
    ctx: BookingContext, db: Database, centre_id: str, monday: date
) -> dict[staffing_plan.Slot, float]:
    start = local_instant(monday, time(0), ctx.tz)
    end = local_instant(monday + timedelta(weeks=1), time(0), ctx.tz)
    booked = bookings_store.on_day(db, centre_id, iso(start), iso(end))
    spans = [(parse_iso(b["start_at"]), parse_iso(b["end_at"])) for b in booked]
    return staffing_plan.minutes_per_hour(spans, ctx.tz)


def _staffed(
    ctx: BookingContext, db: Database, centre_id: str, days: list[date]
) -> dict[staffing_plan.Slot, float]:
    since = local_instant(days[0], time(0), ctx.tz)
    staff = world.calendars(ctx, db, [centre_id], since).get(centre_id, [])
    spans = [
        span for s in staff for day in days for span in working_time(s, day, ctx.tz, ctx.holidays)
    ]
    return {k: m / 60.0 for k, m in staffing_plan.minutes_per_hour(spans, ctx.tz).items()}
