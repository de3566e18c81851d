"""A centre's staffing plan for a week, from its own visits and its booking replica.

The same plan as central's (kernel/plan_week.py), with what a centre knows: the walk-ins and
service times of its own visit facts, the confirmed bookings of its replica as booked load, and
as "staffed" the number of configured counters in every open hour (the staff schedules live at
central; a centre does not know who will come). Public holidays (the `holidays` package's
Danish public holidays) and hours outside the opening hours are closed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import holidays
from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.hours import OpeningHours, hours_open
from centre.domain.context import CentreContext
from centre.store import replica
from kernel import plan_week, visit_store
from kernel.clock import iso, parse_iso

DANISH_HOLIDAYS = holidays.Denmark(categories=("public",))


def parse(ctx: CentreContext, week: object, level: object) -> tuple[date | None, float]:
    """?week=YYYY-Www and ?level= as the plan takes them (no level: the centre's [plan]
    service_level); QueueError("validation") otherwise."""
    try:
        monday = plan_week.parse_week(week)
    except ValueError:
        raise QueueError("validation", field="week", reason="format") from None
    try:
        return monday, plan_week.parse_level(level, ctx.plan.level)
    except ValueError as error:
        raise QueueError("validation", field="level", reason=str(error)) from None


def open_hours_of(hours: OpeningHours) -> Callable[[date], frozenset[int]]:
    """The local hours the centre is open on a day: none on a Danish public holiday."""

    def open_hours(day: date) -> frozenset[int]:
        return frozenset() if day in DANISH_HOLIDAYS else hours_open(hours, day)

    return open_hours


def plan_view(
    ctx: CentreContext, db: Database, monday: date | None, level: float
) -> dict[str, Any]:
    """GET /api/v1/plan at a centre: this centre's week (None: next week)."""
    today = date.fromisoformat(ctx.today())
    monday = monday or plan_week.next_monday(today)
    origin = plan_week.origin_for(monday, today)
    open_hours = open_hours_of(ctx.hours)

    first, last = plan_week.history_days(origin)
    days = [monday + timedelta(days=n) for n in range(7)]
    counters = float(len(ctx.counters))
    return plan_week.build(
        {"id": ctx.id, "name": ctx.name},
        monday,
        origin,
        visit_store.walk_ins_by_hour(db, ctx.id, first, last),
        visit_store.mean_service_seconds(db, ctx.id, first, last),
        ctx.catalogue,
        open_hours,
        _booked(ctx, db, monday),
        {(day, hour): counters for day in days for hour in open_hours(day)},
        ctx.tz,
        level,
        ctx.plan.seconds,
    )


def _booked(ctx: CentreContext, db: Database, monday: date) -> list[tuple[datetime, datetime]]:
    start = datetime.combine(monday, time(0), ctx.tz)
    end = datetime.combine(monday + timedelta(weeks=1), time(0), ctx.tz)
    found = replica.between(db, iso(start), iso(end))
    return [
        (parse_iso(b["start_at"]), parse_iso(b["end_at"]))
        for b in found
        if b["status"] == "confirmed"
    ]
