"""What staff do at a counter: sit down, call, serve, finish, transfer, park, take a break."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.routing import Candidate, pick_next
from centre.core.transitions import CALLED, PARKED, SERVING, WAITING, next_state
from centre.domain.context import CentreContext
from centre.store import counters as counter_store
from centre.store import events as event_store
from centre.store import settings as settings_store
from centre.store import tickets as ticket_store
from kernel.clock import iso, parse_iso
from kernel.db import write_transaction


@dataclass(frozen=True)
class Staff:
    """The signed-in person acting at a counter."""

    username: str
    role: str
    name: str = ""


@dataclass(frozen=True)
class Outcome:
    """The counter after an action, and the ticket that was called (to announce), if any."""

    counter: dict[str, Any]
    ticket: dict[str, Any] | None
    announce: bool = False
    # The ticket this action changed, as it is now (it may have left the counter).
    changed: dict[str, Any] | None = None


def _counter(db: Database, counter_id: object) -> dict[str, Any]:
    counter = counter_store.get(db, counter_id) if isinstance(counter_id, str) else None
    if counter is None:
        raise QueueError("unknown_counter")
    return counter


def _my_counter(db: Database, counter_id: str, staff: Staff) -> dict[str, Any]:
    counter = _counter(db, counter_id)
    if counter["staff"] != staff.username:
        raise QueueError("not_at_counter")
    return counter


def _current(db: Database, counter: dict[str, Any]) -> dict[str, Any] | None:
    return ticket_store.get(db, counter["ticket_id"]) if counter["ticket_id"] else None


def _outcome(
    db: Database, counter_id: str, announce: bool = False, changed_id: str | None = None
) -> Outcome:
    counter = counter_store.get(db, counter_id)
    current = _current(db, counter)
    changed = ticket_store.get(db, changed_id) if changed_id else current
    return Outcome(counter, current, announce, changed)


def sign_in(ctx: CentreContext, db: Database, counter_id: object, staff: Staff) -> Outcome:
    """Take a free counter (or the one you already hold); leave any other you held."""
    now = ctx.clock.now()
    with write_transaction(db):
        counter = _counter(db, counter_id)
        if counter["staff"] not in (None, staff.username):
            raise QueueError("counter_taken", counter=counter["id"])
        previous = counter_store.by_staff(db, staff.username)
        if previous is not None and previous["id"] != counter["id"]:
            if previous["ticket_id"]:
                raise QueueError("invalid_state", reason="ticket_open_elsewhere")
            counter_store.update(db, previous["id"], state="closed", staff=None, since=iso(now))
        if counter["staff"] != staff.username:
            counter_store.update(
                db, counter["id"], state="open", staff=staff.username, since=iso(now)
            )
            event_store.append(
                db, "counter.opened", now, counter=counter["id"], staff=staff.username
            )
        return _outcome(db, counter["id"])


def sign_out(ctx: CentreContext, db: Database, staff: Staff) -> None:
    """Close the counter you hold; a ticket still open there goes back to waiting."""
    now = ctx.clock.now()
    with write_transaction(db):
        counter = counter_store.by_staff(db, staff.username)
        if counter is None:
            return
        current = _current(db, counter)
        if current is not None and current["status"] in (CALLED, SERVING):
            ticket_store.update(db, current["id"], status=WAITING, counter=None, staff=None)
            event_store.append(
                db,
                "ticket.returned",
                now,
                ticket_id=current["id"],
                counter=counter["id"],
                staff=staff.username,
            )
        counter_store.update(
            db, counter["id"], state="closed", staff=None, ticket_id=None, since=iso(now)
        )
        event_store.append(db, "counter.closed", now, counter=counter["id"], staff=staff.username)


def _require_free(counter: dict[str, Any]) -> None:
    if counter["state"] == "break":
        raise QueueError("on_break")
    if counter["ticket_id"]:
        raise QueueError("invalid_state", reason="ticket_open")


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
        call_count=ticket["call_count"] + 1,
        target_counter=None,
        target_staff=None,
    )
    counter_store.update(db, counter["id"], ticket_id=ticket["id"])
    event_store.append(
        db,
        "ticket.called",
        now,
        ticket_id=ticket["id"],
        counter=counter["id"],
        staff=staff.username,
        number=ticket["number"],
        service=ticket["service"],
        waited_seconds=round((now - parse_iso(ticket["arrived_at"])).total_seconds()),
    )
    return _outcome(db, counter["id"], announce=True)


def call_next(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Call the next eligible ticket; inside one write lock so no two counters share one."""
    with write_transaction(db):
        counter = _my_counter(db, counter_id, staff)
        _require_free(counter)
        weights = {s: v["weight"] for s, v in settings_store.all(db).items()}
        candidates = [
            Candidate(
                id=t["id"],
                service=t["service"],
                arrived_at=parse_iso(t["arrived_at"]),
                priority=bool(t["priority"]),
                target_staff=t["target_staff"],
                target_counter=t["target_counter"],
                number=t["number"],
                due_at=parse_iso(t["appointment_at"]),
            )
            for t in ticket_store.with_status(db, WAITING)
        ]
        chosen = pick_next(
            candidates,
            ctx.clock.now(),
            weights,
            ctx.counter_services(counter["id"], staff.role),
            counter["id"],
            staff.username,
            ctx.appointment_lead,
        )
        if chosen is None:
            return _outcome(db, counter["id"])
        return _call(ctx, db, counter, ticket_store.get(db, chosen.id), staff, "call")


def call_ticket(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, ticket_ref: object
) -> Outcome:
    """Call a specific waiting ticket, by id or by today's number (e.g. "A017")."""
    if not isinstance(ticket_ref, str) or not ticket_ref or len(ticket_ref) > 64:
        raise QueueError("validation", field="ticket")
    with write_transaction(db):
        counter = _my_counter(db, counter_id, staff)
        _require_free(counter)
        ticket = ticket_store.get(db, ticket_ref) or ticket_store.by_number(
            db, ctx.today(), ticket_ref.strip().upper()
        )
        if ticket is None:
            raise QueueError("unknown_ticket")
        mine = ticket["target_counter"] == counter["id"] or ticket["target_staff"] == staff.username
        meant_for_other = ticket["target_counter"] not in (None, counter["id"]) or ticket[
            "target_staff"
        ] not in (None, staff.username)
        # Reception and the manager may step in for an absent colleague; others may not.
        if meant_for_other and staff.role not in ("reception", "manager"):
            raise QueueError("forbidden", reason="meant_for_someone_else")
        if not mine and ticket["service"] not in ctx.counter_services(counter["id"], staff.role):
            raise QueueError("forbidden", reason="service_not_allowed")
        return _call(ctx, db, counter, ticket, staff, "call")


def _act_on_current(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, action: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    counter = _my_counter(db, counter_id, staff)
    ticket = _current(db, counter)
    if ticket is None:
        raise QueueError("invalid_state", reason="no_ticket", action=action)
    next_state(ticket["status"], action)
    return counter, ticket


def recall(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Call the current ticket again (the citizen did not come yet)."""
    with write_transaction(db):
        counter, ticket = _act_on_current(ctx, db, counter_id, staff, "recall")
        now = ctx.clock.now()
        ticket_store.update(db, ticket["id"], call_count=ticket["call_count"] + 1)
        event_store.append(
            db,
            "ticket.recalled",
            now,
            ticket_id=ticket["id"],
            counter=counter["id"],
            staff=staff.username,
            number=ticket["number"],
            service=ticket["service"],
        )
        return _outcome(db, counter["id"], announce=True)


def start(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter, ticket = _act_on_current(ctx, db, counter_id, staff, "start")
        now = ctx.clock.now()
        ticket_store.update(db, ticket["id"], status=SERVING, started_at=iso(now))
        event_store.append(
            db,
            "ticket.serving",
            now,
            ticket_id=ticket["id"],
            counter=counter["id"],
            staff=staff.username,
        )
        return _outcome(db, counter["id"])


def _close_current(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, action: str, event: str
) -> Outcome:
    with write_transaction(db):
        counter, ticket = _act_on_current(ctx, db, counter_id, staff, action)
        now = ctx.clock.now()
        fields: dict[str, Any] = {"status": next_state(ticket["status"], action)}
        if action == "finish":
            fields["finished_at"] = iso(now)
            # Finished straight from "called": the visit started when it was called.
            fields["started_at"] = ticket["started_at"] or ticket["called_at"]
        ticket_store.update(db, ticket["id"], **fields)
        counter_store.update(db, counter["id"], ticket_id=None)
        event_store.append(
            db,
            event,
            now,
            ticket_id=ticket["id"],
            counter=counter["id"],
            staff=staff.username,
            number=ticket["number"],
            service=ticket["service"],
        )
        return _outcome(db, counter["id"], changed_id=ticket["id"])


def finish(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    return _close_current(ctx, db, counter_id, staff, "finish", "ticket.finished")


def no_show(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    return _close_current(ctx, db, counter_id, staff, "no_show", "ticket.no_show")


def park(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    """Set the current ticket aside at this counter (e.g. citizen fetches a document)."""
    return _close_current(ctx, db, counter_id, staff, "park", "ticket.parked")


def unpark(
    ctx: CentreContext, db: Database, counter_id: str, staff: Staff, ticket_ref: object
) -> Outcome:
    """Take a parked ticket back to this counter and call it again."""
    if not isinstance(ticket_ref, str) or not ticket_ref:
        raise QueueError("validation", field="ticket")
    with write_transaction(db):
        counter = _my_counter(db, counter_id, staff)
        _require_free(counter)
        ticket = ticket_store.get(db, ticket_ref) or ticket_store.by_number(
            db, ctx.today(), ticket_ref.strip().upper()
        )
        if ticket is None:
            raise QueueError("unknown_ticket")
        if ticket["status"] != PARKED:
            raise QueueError("invalid_state", reason="not_parked")
        return _call(ctx, db, counter, ticket, staff, "unpark")


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
        counter, ticket = _act_on_current(ctx, db, counter_id, staff, "transfer")
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
            target = _counter(db, to_counter)
            if target["id"] == counter["id"]:
                raise QueueError("validation", field="counter")
            fields["target_counter"] = target["id"]
        ticket_store.update(db, ticket["id"], **fields)
        counter_store.update(db, counter["id"], ticket_id=None)
        event_store.append(
            db,
            "ticket.transferred",
            now,
            ticket_id=ticket["id"],
            counter=counter["id"],
            staff=staff.username,
            number=ticket["number"],
            from_service=ticket["service"],
            to_service=fields.get("service", ticket["service"]),
            to_counter=fields["target_counter"],
        )
        return _outcome(db, counter["id"], changed_id=ticket["id"])


def take_break(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter = _my_counter(db, counter_id, staff)
        _require_free(counter)
        now = ctx.clock.now()
        counter_store.update(db, counter["id"], state="break", since=iso(now))
        event_store.append(db, "counter.break", now, counter=counter["id"], staff=staff.username)
        return _outcome(db, counter["id"])


def resume(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    with write_transaction(db):
        counter = _my_counter(db, counter_id, staff)
        if counter["state"] != "break":
            raise QueueError("invalid_state", reason="not_on_break")
        now = ctx.clock.now()
        counter_store.update(db, counter["id"], state="open", since=iso(now))
        event_store.append(db, "counter.resumed", now, counter=counter["id"], staff=staff.username)
        return _outcome(db, counter["id"])


def current(ctx: CentreContext, db: Database, counter_id: str, staff: Staff) -> Outcome:
    _my_counter(db, counter_id, staff)
    return _outcome(db, counter_id)
