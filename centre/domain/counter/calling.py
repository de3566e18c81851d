"""Calling a citizen to the counter: the next in line, a ticket by number, again, from parked."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.routing import Candidate, pick_next
from centre.core.transitions import PARKED, next_state
from centre.domain.context import CentreContext
from centre.domain.counter.state import (
    Outcome,
    Staff,
    mine,
    named,
    outcome,
    record,
    require_free,
    with_current,
)
from centre.store import counters as counter_store
from centre.store import settings as settings_store
from centre.store import staff as staff_store
from centre.store import tickets as ticket_store
from kernel.clock import iso, parse_iso
from kernel.db import write_transaction


def _call(
    ctx: CentreContext,
    db: Database,
    counter: dict[str, Any],
    ticket: dict[str, Any],
    staff: Staff,
    action: str,
) -> Outcome:
    now = ctx.clock.now()
    status = next_state(ticket["status"], action)
    ticket_store.update(
        db,
        ticket["id"],
        status=status,
        counter=counter["id"],
        staff=staff.username,
        called_at=iso(now),
        first_called_at=ticket.get("first_called_at") or iso(now),
        call_count=ticket["call_count"] + 1,
        target_counter=None,
        target_staff=None,
        not_staff=None,
    )
    counter_store.update(db, counter["id"], ticket_id=ticket["id"])
    waited = round((now - parse_iso(ticket["arrived_at"])).total_seconds())
    record(db, "ticket.called", now, counter, staff, ticket, **named(ticket), waited_seconds=waited)
    return outcome(db, counter["id"])


def as_candidate(ticket: dict[str, Any]) -> Candidate:
    """A waiting ticket row as the routing rule sees it."""
    return Candidate(
        id=ticket["id"],
        service=ticket["service"],
        arrived_at=parse_iso(ticket["arrived_at"]),
        priority=bool(ticket["priority"]),
        target_staff=ticket["target_staff"],
        target_counter=ticket["target_counter"],
        number=ticket["number"],
        due_at=parse_iso(ticket["appointment_at"]),
        not_staff=ticket["not_staff"],
    )


def served_elsewhere(ctx: CentreContext, db: Database, staff: Staff) -> frozenset[str]:
    """The services some other person at an open counter (not on a break) may serve now."""
    served: set[str] = set()
    for other in counter_store.all(db):
        if other["state"] != "open" or other["staff"] in (None, staff.username):
            continue
        person = staff_store.get(db, other["staff"])
        if person is not None:
            served |= ctx.counter_services(other["id"], person["role"])
    return frozenset(served)


def _next_in_line(
    ctx: CentreContext, db: Database, counter: dict[str, Any], staff: Staff
) -> str | None:
    """The id of the ticket this counter should call now, by the routing rules; None if none."""
    weights = settings_store.weights(db)
    services = ctx.counter_services(counter["id"], staff.role)
    candidates = [
        as_candidate(t)
        for t in ticket_store.call_candidates(db, services, counter["id"], staff.username)
    ]
    chosen = pick_next(
        candidates,
        ctx.clock.now(),
        weights,
        services,
        counter["id"],
        staff.username,
        ctx.appointment_lead,
        served_elsewhere(ctx, db, staff),
    )
    return None if chosen is None else chosen.id


def call_next_at(
    ctx: CentreContext, db: Database, counter: dict[str, Any], staff: Staff
) -> Outcome:
    """Inside the caller's write transaction: call the next eligible ticket to this free
    counter (the counter as it is now); nobody waiting leaves it as it is."""
    require_free(counter)
    chosen = _next_in_line(ctx, db, counter, staff)
    if chosen is None:
        return outcome(db, counter["id"])
    return _call(ctx, db, counter, ticket_store.get(db, chosen), staff, "call")


def call_next(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Call the next eligible ticket; inside one write lock so no two counters share one."""
    with write_transaction(db):
        return call_next_at(ctx, db, mine(db, counter_id, staff), staff)


def _by_reference(ctx: CentreContext, db: Database, ticket_ref: str) -> dict[str, Any]:
    """A ticket by id or by today's number (e.g. "A017")."""
    ticket = ticket_store.get(db, ticket_ref) or ticket_store.by_number(
        db, ctx.today(), ticket_ref.strip().upper()
    )
    if ticket is None:
        raise QueueError("unknown_ticket")
    return ticket


def call_ticket(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, ticket_ref: object
) -> Outcome:
    """Call a specific waiting ticket, by id or by today's number (e.g. "A017")."""
    if not isinstance(ticket_ref, str) or not ticket_ref or len(ticket_ref) > 64:
        raise QueueError("validation", field="ticket")
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        require_free(counter)
        ticket = _by_reference(ctx, db, ticket_ref)
        for_me = (
            ticket["target_counter"] == counter["id"] or ticket["target_staff"] == staff.username
        )
        meant_for_other = ticket["target_counter"] not in (None, counter["id"]) or ticket[
            "target_staff"
        ] not in (None, staff.username)
        # Reception and the manager may step in for an absent colleague; others may not.
        if meant_for_other and staff.role not in ("reception", "manager"):
            raise QueueError("forbidden", reason="meant_for_someone_else")
        if not for_me and ticket["service"] not in ctx.counter_services(counter["id"], staff.role):
            raise QueueError("forbidden", reason="service_not_allowed")
        return _call(ctx, db, counter, ticket, staff, "call")


def recall(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Call the current ticket again (the citizen did not come yet)."""
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, "recall")
        now = ctx.clock.now()
        ticket_store.update(db, ticket["id"], call_count=ticket["call_count"] + 1)
        record(db, "ticket.recalled", now, counter, staff, ticket, **named(ticket))
        return outcome(db, counter["id"])


def unpark(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, ticket_ref: object
) -> Outcome:
    """Take a parked ticket back to this counter and call it again."""
    if not isinstance(ticket_ref, str) or not ticket_ref:
        raise QueueError("validation", field="ticket")
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        require_free(counter)
        ticket = _by_reference(ctx, db, ticket_ref)
        if ticket["status"] != PARKED:
            raise QueueError("invalid_state", reason="not_parked")
        return _call(ctx, db, counter, ticket, staff, "unpark")
