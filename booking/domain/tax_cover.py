"""The tax-secondee rule at central: each centre's gaps in secondee cover, for managers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from booking.core import opening_hours
from booking.core.calendar import WEEKDAYS, format_time, local_day, local_instant, working_time
from booking.core.errors import invalid
from booking.core.tax_cover import (
    ClosedDays,
    Gap,
    NeverClosed,
    centre_gaps,
    cover,
    secondees_at,
    week_days,
    weekly_plan,
)
from booking.domain import setup, world
from booking.domain.context import BookingContext
from kernel.clock import iso

# The days a centre is sent of its secondees' schedule: today and the six after it.
SCHEDULE_DAYS = 7
WEEK = re.compile(r"(\d{4})-W(\d{2})")


def parse_week(value: object) -> date | None:
    """ "2026-W49" -> the Monday of that ISO week; nothing -> None (the weekly plan)."""
    if value in (None, ""):
        return None
    match = WEEK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise invalid(week="format")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise invalid(week="format") from None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _centres(db: Database, centre_ids: Sequence[str] | None) -> list[dict[str, Any]]:
    """The centres taking bookings (all of them if None), in their configured order."""
    return [c for c in setup.centres(db) if centre_ids is None or c["id"] in centre_ids]


def gaps(
    ctx: BookingContext, db: Database, centre_ids: Sequence[str] | None, monday: date | None
) -> list[Gap]:
    """The gaps of the centres (all active ones if None): in the weekly plan, or in the week
    starting `monday` with its absences, extra days and holidays."""
    return _gaps(ctx, db, _centres(db, centre_ids), monday)


def _gaps(
    ctx: BookingContext, db: Database, centres: list[dict[str, Any]], monday: date | None
) -> list[Gap]:
    ids = [c["id"] for c in centres]
    if monday is None:
        since: datetime = ctx.now()
        today = local_day(since, ctx.tz)
        # Any week will do for the plan: only the weekdays matter.
        days = week_days(today - timedelta(days=today.weekday()))
        closed: ClosedDays = NeverClosed()
    else:
        since = local_instant(monday, time(0), ctx.tz)
        days = week_days(monday)
        closed = ctx.holidays
    calendars = world.calendars(ctx, db, ids, since)
    found: list[Gap] = []
    for centre in centres:
        staff = calendars.get(centre["id"], [])
        if monday is None:
            staff = weekly_plan(staff)
        hours = opening_hours.loads(centre["opening_hours"])
        minimum = ctx.config.tax_secondees_minimum
        found += centre_gaps(centre["id"], hours, staff, days, ctx.tz, closed, minimum)
    return found


def cover_view(
    ctx: BookingContext, db: Database, centre_ids: Sequence[str] | None, monday: date | None
) -> dict[str, Any]:
    """GET /api/v1/manager/tax-cover: per centre its gaps (weekday, from, to, secondees there)."""
    centres = _centres(db, centre_ids)
    found = _gaps(ctx, db, centres, monday)
    return {
        "week": week_label(monday) if monday else None,
        "minimum": ctx.config.tax_secondees_minimum,
        "centres": [
            {
                "id": c["id"],
                "name": c["name"],
                "gaps": [
                    {
                        "day": g.day.isoformat() if monday else None,
                        "weekday": WEEKDAYS[g.day.weekday()],
                        "from": format_time(g.start),
                        "to": format_time(g.end),
                        "present": g.present,
                    }
                    for g in found
                    if g.centre == c["id"]
                ],
            }
            for c in centres
        ],
    }


def schedule(ctx: BookingContext, db: Database, centre_id: str) -> dict[str, Any]:
    """GET /api/v1/sync/tax-schedule: when the centre's tax secondees are at work, today and the
    next six days (absences, breaks and holidays taken off), as stretches with how many are
    there; no names, no ids. A day listed without stretches has nobody scheduled."""
    now = ctx.now()
    today = local_day(now, ctx.tz)
    days = [today + timedelta(days=n) for n in range(SCHEDULE_DAYS)]
    staff = secondees_at(centre_id, world.calendars(ctx, db, [centre_id], now).get(centre_id, []))
    return {
        "centre": centre_id,
        "generated_at": iso(now),
        "days": [
            {
                "day": day.isoformat(),
                "periods": [
                    {"from": iso(start), "to": iso(end), "secondees": count}
                    for (start, end), count in cover(
                        [working_time(s, day, ctx.tz, ctx.holidays) for s in staff]
                    )
                ],
            }
            for day in days
        ],
    }
