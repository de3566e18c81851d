"""Which waiting tickets and booked times a member of staff is shown: pure rules."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

# Counter staff and tax secondees see what they may serve; reception and the manager see all.
FILTERED_ROLES = ("staff", "tax")


def visible_queue(
    tickets: list[dict[str, Any]],
    role: str,
    username: str,
    counter: str | None,
    allowed: Collection[str],
) -> list[dict[str, Any]]:
    """Tickets meant for this person or counter first, then those of services they may serve
    that are meant for nobody in particular."""
    if role not in FILTERED_ROLES:
        return tickets
    mine = [
        t
        for t in tickets
        if t["target_staff"] == username or (counter and t["target_counter"] == counter)
    ]
    general = [
        t
        for t in tickets
        if t["service"] in allowed and t["target_staff"] is None and t["target_counter"] is None
    ]
    return mine + [t for t in general if t not in mine]


def visible_appointments(
    rows: list[dict[str, Any]], role: str, allowed: Collection[str]
) -> list[dict[str, Any]]:
    """Booked times of the services this person may serve (all for reception and managers)."""
    if role not in FILTERED_ROLES:
        return rows
    return [r for r in rows if r["service"] in allowed]


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight, whatever daylight saving did to the day."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
