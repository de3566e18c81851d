"""Serving the called citizen: start, then finish, no-show, park, or transfer elsewhere."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.transitions import SERVING, WAITING, next_state
from centre.domain.context import CentreContext
from centre.domain.counter.state import Outcome, Staff, find, named, outcome, record, with_current
from centre.store import counters as counter_store
from centre.store import tickets as ticket_store
from kernel.clock import iso
from kernel.db import write_transaction


def start(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, "start")
        now = ctx.clock.now()
        ticket_store.update(db, ticket["id"], status=SERVING, started_at=iso(now))
        record(db, "ticket.serving", now, counter, staff, ticket)
        return outcome(db, counter["id"])


def _close_current(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, action: str, event: str
) -> Outcome:
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, action)
        now = ctx.clock.now()
        fields: dict[str, Any] = {"status": next_state(ticket["status"], action)}
        if action == "finish":
            fields["finished_at"] = iso(now)
            # Finished straight from "called": the visit started when it was called.
            fields["started_at"] = ticket["started_at"] or ticket["called_at"]
        ticket_store.update(db, ticket["id"], **fields)
        counter_store.update(db, counter["id"], ticket_id=None)
        record(db, event, now, counter, staff, ticket, **named(ticket))
        return outcome(db, counter["id"])


def finish(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    return _close_current(ctx, db, counter_id, staff, "finish", "ticket.finished")


def no_show(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    return _close_current(ctx, db, counter_id, staff, "no_show", "ticket.no_show")


def park(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Set the current ticket aside at this counter (e.g. citizen fetches a document)."""
    return _close_current(ctx, db, counter_id, staff, "park", "ticket.parked")


def transfer(
    ctx: CentreContext,
    db: Database,
    counter_id: str,
    staff: Staff,
    service: object = None,
    to_counter: object = None,
) -> Outcome:
    """Send the current ticket back to waiting for another service or counter, keeping its
    arrival time so the citizen does not start over."""
    if (service is None) == (to_counter is None):
        raise QueueError("validation", field="service|counter")
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, "transfer")
        now = ctx.clock.now()
        fields: dict[str, Any] = {
            "status": WAITING,
            "counter": None,
            "staff": None,
            "target_counter": None,
            "target_staff": None,
        }
        if service is not None:
            fields["service"] = ctx.catalogue.service(service).id
        else:
            target = find(db, to_counter)
            if target["id"] == counter["id"]:
                raise QueueError("validation", field="counter")
            fields["target_counter"] = target["id"]
        ticket_store.update(db, ticket["id"], **fields)
        counter_store.update(db, counter["id"], ticket_id=None)
        record(
            db,
            "ticket.transferred",
            now,
            counter,
            staff,
            ticket,
            number=ticket["number"],
            from_service=ticket["service"],
            to_service=fields.get("service", ticket["service"]),
            to_counter=fields["target_counter"],
        )
        return outcome(db, counter["id"])
