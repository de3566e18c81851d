"""Sitting at a counter: taking it, leaving it (ending any phone duty), a break, and which
counters are free."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.transitions import CALLED, SERVING, WAITING
from centre.domain.context import CentreContext
from centre.domain.counter import phone
from centre.domain.counter.state import (
    Outcome,
    Staff,
    current_ticket,
    find,
    mine,
    outcome,
    record,
    require_free,
)
from centre.store import counters as counter_store
from centre.store import tickets as ticket_store
from kernel.clock import iso
from kernel.db import write_transaction


def take(db: Database, now: datetime, counter_id: object, staff: Staff) -> dict[str, Any]:
    """Inside the caller's transaction: take a free counter (or the one you already hold) and
    leave any other you held. The counter as it is now."""
    counter = find(db, counter_id)
    if counter["staff"] not in (None, staff.username):
        raise QueueError("counter_taken", counter=counter["id"])
    previous = counter_store.by_staff(db, staff.username)
    if previous is not None and previous["id"] != counter["id"]:
        if previous["ticket_id"]:
            raise QueueError("invalid_state", reason="ticket_open_elsewhere")
        phone.end_duty(db, now, previous, staff)
        counter_store.update(db, previous["id"], state="closed", staff=None, since=iso(now))
    if counter["staff"] != staff.username:
        counter_store.update(db, counter["id"], state="open", staff=staff.username, since=iso(now))
        record(db, "counter.opened", now, counter, staff)
    return counter_store.get(db, counter["id"])


def leave(db: Database, now: datetime, staff: Staff) -> dict[str, Any] | None:
    """Inside the caller's transaction: close the counter you hold (None if none); a ticket
    still open there goes back to waiting."""
    counter = counter_store.by_staff(db, staff.username)
    if counter is None:
        return None
    ticket = current_ticket(db, counter)
    if ticket is not None and ticket["status"] in (CALLED, SERVING):
        ticket_store.update(db, ticket["id"], status=WAITING, counter=None, staff=None)
        record(db, "ticket.returned", now, counter, staff, ticket)
    phone.end_duty(db, now, counter, staff)
    counter_store.update(
        db, counter["id"], state="closed", staff=None, ticket_id=None, since=iso(now)
    )
    record(db, "counter.closed", now, counter, staff)
    return counter


def sign_in(ctx: CentreContext, db: Database, counter_id: object, staff: Staff) -> Outcome:
    """Take a free counter (or the one you already hold); leave any other you held."""
    with write_transaction(db):
        counter = take(db, ctx.clock.now(), counter_id, staff)
        return outcome(db, counter["id"])


def sign_out(ctx: CentreContext, db: Database, staff: Staff) -> None:
    """Close the counter you hold; a ticket still open there goes back to waiting."""
    with write_transaction(db):
        leave(db, ctx.clock.now(), staff)


def take_break(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        require_free(counter)
        now = ctx.clock.now()
        counter_store.update(db, counter["id"], state="break", since=iso(now))
        record(db, "counter.break", now, counter, staff)
        return outcome(db, counter["id"])


def resume(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        if counter["state"] != "break":
            raise QueueError("invalid_state", reason="not_on_break")
        now = ctx.clock.now()
        counter_store.update(db, counter["id"], state="open", since=iso(now))
        record(db, "counter.resumed", now, counter, staff)
        return outcome(db, counter["id"])


def current(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """The counter as its screen shows it, for the person sitting there."""
    mine(db, counter_id, staff)
    return outcome(db, counter_id)


def listing(db: Database) -> list[dict[str, Any]]:
    """Every counter for the login screen: open or not, taken or free (no names)."""
    return [
        {"id": c["id"], "state": c["state"], "taken": c["staff"] is not None}
        for c in counter_store.all(db)
    ]
