"""Staff ask for a ticket's paper copy again: queued on the printer, recorded as an event."""

from __future__ import annotations

from typing import Any, Protocol

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.domain.context import CentreContext
from centre.store import events as event_store
from centre.store import tickets as ticket_store
from kernel.db import write_transaction


class Printer(Protocol):
    """The kiosk printer (centre/printing.py TicketPrinter)."""

    def reprint(self, ticket_id: str) -> bool: ...


def reprint(
    ctx: CentreContext, db: Database, printer: Printer, ticket_id: object, by: str
) -> dict[str, Any]:
    """Queue the ticket's receipt again with its current position; print_pending if its
    previous copy is still in the queue. The ticket."""
    if not isinstance(ticket_id, str) or not ticket_id or len(ticket_id) > 64:
        raise QueueError("validation", field="ticket")
    ticket = ticket_store.get(db, ticket_id)
    if ticket is None:
        raise QueueError("unknown_ticket")
    if not printer.reprint(ticket["id"]):
        raise QueueError("print_pending")
    with write_transaction(db):
        event_store.append(
            db,
            "print.reprint_requested",
            ctx.clock.now(),
            ticket_id=ticket["id"],
            staff=by,
            number=ticket["number"],
        )
    return ticket
