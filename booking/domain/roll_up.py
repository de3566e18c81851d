"""The live overview of all centres, computed from the queue events they uploaded today."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from booking.core.calendar import day_bounds, local_day
from booking.domain.context import BookingContext
from booking.store import setup as setup_store
from booking.store import sync as store
from kernel.clock import iso

# A ticket's last event says where it is now.
WAITING = {
    "ticket.issued",
    "ticket.checked_in",
    "ticket.returned",
    "ticket.transferred",
    "ticket.parked",
}
BEING_SERVED = {"ticket.called", "ticket.recalled", "ticket.serving"}
SERVED = {"ticket.finished"}
NO_SHOW = {"ticket.no_show"}


def _figures(events: list[dict[str, Any]]) -> dict[str, Any]:
    last: dict[str, str] = {}
    waits: dict[str, int] = {}
    checked_in = 0
    for event in events:
        ticket = event["ticket_id"]
        if not ticket or not event["type"].startswith("ticket."):
            continue
        last[ticket] = event["type"]
        if event["type"] == "ticket.checked_in":
            checked_in += 1
        if event["type"] == "ticket.called" and ticket not in waits:
            waited = json.loads(event["data"] or "{}").get("waited_seconds")
            if isinstance(waited, int | float):
                waits[ticket] = int(waited)
    states = list(last.values())
    average = round(sum(waits.values()) / len(waits) / 60, 1) if waits else None
    return {
        "waiting": sum(1 for s in states if s in WAITING),
        "being_served": sum(1 for s in states if s in BEING_SERVED),
        "served_today": sum(1 for s in states if s in SERVED),
        "average_wait_minutes": average,
        "no_shows": sum(1 for s in states if s in NO_SHOW),
        "checked_in": checked_in,
        "last_event_at": events[-1]["at"] if events else None,
    }


def overview(ctx: BookingContext, db: Database) -> dict[str, Any]:
    today = local_day(ctx.now(), ctx.tz)
    start, end = day_bounds(today, ctx.tz)
    by_centre: dict[str, list[dict[str, Any]]] = {}
    for event in store.events_between(db, iso(start), iso(end)):
        by_centre.setdefault(event["centre"], []).append(event)
    return {
        "day": today.isoformat(),
        "centres": [
            {"id": c["id"], "name": c["name"], **_figures(by_centre.get(c["id"], []))}
            for c in setup_store.centres(db)
        ],
    }
