"""Serving the called citizen: start, then finish (and call the next), no-show, park, or
transfer elsewhere."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.transitions import DONE, SERVING, WAITING, next_state
from centre.domain import visits
from centre.domain.context import CentreContext
from centre.domain.counter.calling import call_next_at
from centre.domain.counter.state import (
    Outcome,
    Staff,
    find,
    mine,
    named,
    outcome,
    record,
    with_current,
)
from centre.domain.counter.state import outcome as counter_outcome
from centre.store import counters as counter_store
from centre.store import tickets as ticket_store
from kernel.catalogue import Service, UnknownService
from kernel.clock import iso
from kernel.db import write_transaction
from kernel.visit_facts import parse_outcome


def start(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, "start")
        now = ctx.clock.now()
        ticket_store.update(db, ticket["id"], status=SERVING, started_at=iso(now))
        record(db, "ticket.serving", now, counter, staff, ticket)
        return outcome(db, counter["id"])


def _close(
    ctx: CentreContext,
    db: Database,
    counter: dict[str, Any],
    ticket: dict[str, Any],
    staff: Staff,
    action: str,
    event: str,
    answer: tuple[str, str | None, list[str]] | None = None,
) -> None:
    """Inside the caller's transaction: close the counter's open ticket by `action`; a finish
    or no-show ends the visit (its fact), with staff's `answer` (outcome, hand-over, tasks)."""
    now = ctx.clock.now()
    fields: dict[str, Any] = {"status": next_state(ticket["status"], action)}
    if action == "finish":
        fields["finished_at"] = iso(now)
        # Finished straight from "called": the visit started when it was called.
        fields["started_at"] = ticket["started_at"] or ticket["called_at"]
    ticket_store.update(db, ticket["id"], **fields)
    counter_store.update(db, counter["id"], ticket_id=None)
    extra: dict[str, Any] = {}
    if action in VISIT_ENDS:
        outcome, handed_to, tasks = answer or (None, None, None)
        extra["visit"] = visits.close(
            ctx, db, {**ticket, **fields}, VISIT_ENDS[action], now, outcome, handed_to, tasks
        )
    record(db, event, now, counter, staff, ticket, **named(ticket), **extra)


def service_or_none(ctx: CentreContext, ticket: dict[str, Any]) -> Service | None:
    """The ticket's service; None once the catalogue no longer has it (it still finishes)."""
    try:
        return ctx.catalogue.service(ticket["service"])
    except UnknownService:
        return None


# Counter actions that end a visit, and the visit's status.
VISIT_ENDS = {"finish": "served", "no_show": "no_show"}


def _close_current(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, action: str, event: str
) -> Outcome:
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, action)
        _close(ctx, db, counter, ticket, staff, action, event)
        return outcome(db, counter["id"])


def finish(
    ctx: CentreContext,
    db: Database,
    counter_id: str,
    staff: Staff,
    ticket_ref: object = None,
    call_next: object = False,
    outcome: object = None,
    administration: object = None,
    tasks: object = None,
) -> Outcome:
    """Finish the counter's open ticket and, with `call_next`, call the next citizen in the
    same transaction (nobody waiting: the ticket is still finished, no one is called).

    With `ticket_ref` (the id the screen showed) a repeat is harmless: finishing a ticket this
    counter already finished changes nothing and calls no one, and a ticket that is no longer
    the counter's open one is never finished by mistake. The outcome's `finished` is the
    ticket this call finished, None for a repeat.

    `outcome` (default "resolved"), `administration` (with "handed_over") and `tasks` (default
    the service's main task) say what the visit was; a bad one is "validation" naming it."""
    if ticket_ref is not None and (not isinstance(ticket_ref, str) or len(ticket_ref) > 64):
        raise QueueError("validation", field="ticket")
    if not isinstance(call_next, bool):
        raise QueueError("validation", field="call_next")
    with write_transaction(db):
        counter = mine(db, counter_id, staff)
        if ticket_ref is not None and counter["ticket_id"] != ticket_ref:
            done = ticket_store.get(db, ticket_ref)
            if done is not None and done["status"] == DONE and done["counter"] == counter["id"]:
                return counter_outcome(db, counter["id"])
            raise QueueError("invalid_state", reason="not_current", action="finish")
        counter, ticket = with_current(db, counter_id, staff, "finish")
        answer = parse_outcome(service_or_none(ctx, ticket), outcome, administration, tasks)
        _close(ctx, db, counter, ticket, staff, "finish", "ticket.finished", answer)
        if call_next:
            after = call_next_at(ctx, db, counter_store.get(db, counter["id"]), staff)
        else:
            after = counter_outcome(db, counter["id"])
        return replace(after, finished=ticket_store.get(db, ticket["id"]))


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
    not_to_me: object = False,
) -> Outcome:
    """Send the current ticket back to waiting for another service or counter, keeping its
    arrival time so the citizen does not start over. `not_to_me` (with a service): call-next
    does not hand it back to this person while another open counter serves that service."""
    if (service is None) == (to_counter is None):
        raise QueueError("validation", field="service|counter")
    if not isinstance(not_to_me, bool) or (not_to_me and service is None):
        raise QueueError("validation", field="not_to_me")
    with write_transaction(db):
        counter, ticket = with_current(db, counter_id, staff, "transfer")
        now = ctx.clock.now()
        fields: dict[str, Any] = {
            "status": WAITING,
            # Served again from the next call: the first counter's start is no service time.
            "started_at": None,
            "counter": None,
            "staff": None,
            "target_counter": None,
            "target_staff": None,
            "not_staff": staff.username if not_to_me else None,
        }
        if service is not None:
            chosen = ctx.catalogue.service(service)
            # Nobody would call it: those services take booked appointments only.
            if chosen.requires_appointment:
                raise QueueError("appointment_required", reason="transfer")
            fields["service"] = chosen.id
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
            not_to_me=fields["not_staff"] is not None,
        )
        return outcome(db, counter["id"])
