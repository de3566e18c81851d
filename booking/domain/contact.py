"""The contact centre's work on the phone: first free times anywhere, live waits, logged calls.

Bookings, moves and cancellations go through `reserve` and `bookings` like every other
channel's; this module adds only what the phone needs on top."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from booking.core import live_waits, validation
from booking.core.calendar import day_bounds, local_day, local_instant
from booking.core.errors import BookingError, collect, invalid
from booking.core.model import Slot
from booking.domain import availability, roll_up, world
from booking.domain.context import BookingContext
from booking.store import audit
from booking.store import setup as setup_store
from booking.store import sync as sync_store
from kernel import visit_facts, visit_store
from kernel.clock import iso
from kernel.db import retrying, write_transaction

# The contact centre's calls are stored as visit facts under this centre id at central: it is
# no citizen service centre (no bookings, no queue), so it is in no centre list, only in reports.
CONTACT_CENTRE = "kontaktcenter"
# Its name where reports name centres.
CONTACT_CENTRE_NAME = _l("Contact centre")
# The free times offered beside the first one.
NEXT_COUNT = 8
# The slots are looked for a week at a time: the first free time is usually in the first.
STEP = timedelta(days=7)


def first_free(
    ctx: BookingContext, db: Database, service: Any, centre: Any = None
) -> dict[str, Any]:
    """The first free time of a service at any centre (or the one asked), each centre's first,
    and the next few free times in time order (each at its own centre)."""
    rule, ids = collect(
        lambda: world.service_rule(ctx, db, validation.text_id(service, "service")),
        lambda: availability.centre_ids(ctx, db, centre or None),
    )
    centres = {c["id"]: c for c in setup_store.centres(db)}
    now = ctx.now()
    horizon = max(centres[c]["horizon_days"] for c in ids) if ids else 0
    last = local_instant(local_day(now, ctx.tz) + timedelta(days=horizon + 1), time(0), ctx.tz)
    found: list[Slot] = []
    firsts: dict[str, Slot] = {}
    start = now
    # Week by week until every centre has its first time and enough times are found.
    while start < last and (len(firsts) < len(ids) or len(found) < NEXT_COUNT):
        end = min(last, start + STEP)
        for slot in availability.availability(ctx, db, rule, ids, (start, end)):
            found.append(slot)
            firsts.setdefault(slot.centre, slot)
        start = end

    def shown(slot: Slot | None) -> dict[str, str] | None:
        return availability.slot_view(slot, ctx) if slot else None

    ordered = sorted(ids, key=lambda c: (firsts[c].start, c) if c in firsts else (last, c))
    return {
        "service": rule.id,
        "centre": centre or None,
        "first": shown(found[0]) if found else None,
        "centres": [
            {"centre": c, "name": centres[c]["name"], "first": shown(firsts.get(c))}
            for c in ordered
        ],
        "next": [shown(slot) for slot in found[:NEXT_COUNT]],
    }


def waits(ctx: BookingContext, db: Database) -> dict[str, Any]:
    """Every centre's walk-in queue per service now, from the events it uploaded today, with
    how fresh they are: its last contact and whether it still reports ("live")."""
    now = ctx.now()
    start, end = day_bounds(local_day(now, ctx.tz), ctx.tz)
    by_centre: dict[str, list[dict[str, Any]]] = {}
    for event in sync_store.events_between(db, iso(start), iso(end)):
        by_centre.setdefault(event["centre"], []).append(event)
    contacts = sync_store.last_contacts(db)
    walk_in = [s.id for s in ctx.catalogue.services if not s.requires_appointment]
    answer = []
    for centre in setup_store.centres(db):
        events = by_centre.get(centre["id"], [])
        reporting = roll_up.reporting_state(ctx, contacts.get(centre["id"]))
        counters = roll_up.open_counters(events) if reporting == "live" else 0
        found = live_waits.queues(events, now, counters)
        services = []
        for service in walk_in:
            queue = found.get(service) or live_waits.ServiceQueue(
                service, 0, None, None, 0 if counters else None
            )
            advice = queue.wait_minutes if reporting == "live" else None
            services.append({**queue.__dict__, "wait_minutes": advice})
        answer.append(
            {
                "id": centre["id"],
                "name": centre["name"],
                "reporting": reporting,
                "last_contact_at": contacts.get(centre["id"]),
                "last_event_at": events[-1]["at"] if events else None,
                "open_counters": counters,
                "services": services,
            }
        )
    return {"at": iso(now), "centres": answer}


def _parse_call(
    ctx: BookingContext, db: Database, data: dict[str, Any]
) -> tuple[str, str, str | None]:
    known = {s.id for s in ctx.catalogue.services}

    def service() -> str:
        value = validation.text_id(data.get("service"), "service")
        if value not in known:
            raise invalid(service="unknown")
        return value

    def outcome() -> str:
        value = data.get("outcome")
        if value is None or value == "":
            raise invalid(outcome="required")
        if not isinstance(value, str) or value not in visit_facts.CALL_OUTCOMES:
            raise invalid(outcome="invalid")
        return value

    def where() -> str | None:
        centres = {c["id"] for c in setup_store.centres(db)}
        try:
            return visit_facts.call_target(
                data.get("outcome"), data.get("administration"), data.get("to"), centres
            )
        except visit_facts.VisitError as err:
            raise invalid(**{err.params["field"]: err.params["reason"]}) from None

    service_id, outcome_id, handed_to = collect(service, outcome, where)
    return service_id, outcome_id, handed_to


@retrying
def log_call(ctx: BookingContext, db: Database, data: Any, by: str) -> dict[str, Any]:
    """Store one call (service asked about, outcome, where it went) as a phone visit fact of
    the contact centre, audited with who took it; the fact as stored."""
    if not isinstance(data, dict):
        raise BookingError("validation", fields={"body": "invalid"})
    service_id, outcome, handed_to = _parse_call(ctx, db, data)
    now: datetime = ctx.now()
    fact = visit_facts.call_fact(
        f"call:{uuid.uuid4().hex}", now, service_id, outcome, handed_to, ctx.tz, ctx.catalogue
    )
    with write_transaction(db):
        visit_store.add(db, CONTACT_CENTRE, fact)
        audit.append(db, iso(now), by, "call.logged", service=service_id, outcome=outcome)
    return fact
