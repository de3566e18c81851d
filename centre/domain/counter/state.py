"""What every counter action shares: who acts, the counter as found and left, its event row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.transitions import next_state
from centre.store import counters as counter_store
from centre.store import events as event_store
from centre.store import tickets as ticket_store


@dataclass(frozen=True)
class Staff:
    """The signed-in person acting at a counter."""

    username: str
    role: str
    name: str = ""


@dataclass(frozen=True)
class Outcome:
    """The counter after an action: its row, the ticket at it, the tickets parked there, and
    the ticket the action finished (if it finished one)."""

    counter: dict[str, Any]
    ticket: dict[str, Any] | None
    parked: list[dict[str, Any]] = field(default_factory=list)
    finished: dict[str, Any] | None = None


def find(db: Database, counter_id: object) -> dict[str, Any]:
    counter = counter_store.get(db, counter_id) if isinstance(counter_id, str) else None
    if counter is None:
        raise QueueError("unknown_counter")
    return counter


def mine(db: Database, counter_id: str, staff: Staff) -> dict[str, Any]:
    """The counter, if this person sits at it."""
    counter = find(db, counter_id)
    if counter["staff"] != staff.username:
        raise QueueError("not_at_counter")
    return counter


def current_ticket(db: Database, counter: dict[str, Any]) -> dict[str, Any] | None:
    return ticket_store.get(db, counter["ticket_id"]) if counter["ticket_id"] else None


def with_current(
    db: Database, counter_id: str, staff: Staff, action: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """This person's counter and its open ticket, if `action` may be done to that ticket."""
    counter = mine(db, counter_id, staff)
    ticket = current_ticket(db, counter)
    if ticket is None:
        raise QueueError("invalid_state", reason="no_ticket", action=action)
    next_state(ticket["status"], action)
    return counter, ticket


def require_free(counter: dict[str, Any]) -> None:
    """Ready to call: not on a break or on phone duty, no ticket open."""
    if counter["state"] == "break":
        raise QueueError("on_break")
    if counter["state"] == "phone":
        raise QueueError("on_phone")
    if counter["ticket_id"]:
        raise QueueError("invalid_state", reason="ticket_open")


def outcome(db: Database, counter_id: str) -> Outcome:
    counter = counter_store.get(db, counter_id)
    return Outcome(counter, current_ticket(db, counter), ticket_store.parked_at(db, counter_id))


def named(ticket: dict[str, Any]) -> dict[str, Any]:
    """The ticket as the events that announce or close it name it."""
    return {"number": ticket["number"], "service": ticket["service"]}


def record(
    db: Database,
    event: str,
    now: datetime,
    counter: dict[str, Any],
    staff: Staff,
    ticket: dict[str, Any] | None = None,
    **data: Any,
) -> None:
    """The action's event row, in its transaction: at which counter, by whom, on which ticket."""
    event_store.append(
        db,
        event,
        now,
        ticket_id=ticket["id"] if ticket is not None else None,
        counter=counter["id"],
        staff=staff.username,
        **data,
    )
