"""The live overview of all centres, computed from the queue events they uploaded today."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from booking.core.calendar import day_bounds, local_day
from booking.domain.context import BookingContext
from booking.store import setup as setup_store
from booking.store import sync as store
from kernel.clock import iso, parse_iso

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
# A counter's last event says whether someone serves there now; any ticket handled at a
# counter means it is open (its opening may have been sent the day before).
# Phone duty shuts the counter to citizens as a break does.
COUNTER_OPENS = (
    {"counter.opened", "counter.resumed", "counter.phone_ended"} | BEING_SERVED | SERVED | NO_SHOW
)
COUNTER_SHUTS = {"counter.closed", "counter.break", "counter.phone_started", "staff.logout"}
# A running centre calls central every few seconds (its contact is written every 30 s):
# silent this long, it is not running or cannot reach central, and its figures are old.
SILENT_AFTER = timedelta(minutes=2)


def open_counters(events: list[dict[str, Any]]) -> int:
    open_now: dict[str, bool] = {}
    for event in events:
        if not event["counter"]:
            continue
        if event["type"] in COUNTER_OPENS:
            open_now[event["counter"]] = True
        elif event["type"] in COUNTER_SHUTS:
            open_now[event["counter"]] = False
    return sum(open_now.values())


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
        "open_counters": open_counters(events),
    }


def reporting_state(ctx: BookingContext, last_contact: str | None) -> str:
    """ "live", "silent" (called before, not lately) or "never" (no call on record)."""
    seen = parse_iso(last_contact)
    if seen is None:
        return "never"
    return "live" if ctx.now() - seen <= SILENT_AFTER else "silent"


def _warnings(figures: dict[str, Any], reporting: str) -> list[str]:
    """What staff must act on: citizens wait at a running centre where nobody serves."""
    if reporting == "live" and figures["waiting"] > 0 and figures["open_counters"] == 0:
        return ["no_counter_open"]
    return []


def overview(ctx: BookingContext, db: Database) -> dict[str, Any]:
    today = local_day(ctx.now(), ctx.tz)
    start, end = day_bounds(today, ctx.tz)
    by_centre: dict[str, list[dict[str, Any]]] = {}
    for event in store.events_between(db, iso(start), iso(end)):
        by_centre.setdefault(event["centre"], []).append(event)
    contacts = store.last_contacts(db)
    centres = []
    for centre in setup_store.centres(db):
        figures = _figures(by_centre.get(centre["id"], []))
        reporting = reporting_state(ctx, contacts.get(centre["id"]))
        centres.append(
            {
                "id": centre["id"],
                "name": centre["name"],
                **figures,
                "reporting": reporting,
                "last_contact_at": contacts.get(centre["id"]),
                "warnings": _warnings(figures, reporting),
            }
        )
    return {"day": today.isoformat(), "centres": centres}
