"""Voiding tickets: staff take numbers out of the queue, one or many, all or none."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.transitions import next_state
from centre.domain import visits
from centre.domain.context import CentreContext
from centre.store import events as event_store
from centre.store import tickets as ticket_store
from kernel.clock import iso
from kernel.db import write_transaction

# More than a screenful at once is a mistake, not a need.
MAX_TICKETS = 200


def _ids(ticket_ids: object) -> list[str]:
    if (
        not isinstance(ticket_ids, list)
        or not ticket_ids
        or len(ticket_ids) > MAX_TICKETS
        or not all(isinstance(t, str) and 0 < len(t) <= 64 for t in ticket_ids)
    ):
        raise QueueError("validation", field="tickets")
    return list(dict.fromkeys(ticket_ids))


def void_tickets(
    ctx: CentreContext, db: Database, ticket_ids: object, by: str
) -> list[dict[str, Any]]:
    """Cancel waiting or parked tickets: never called again, out of every wait and position.

    One unknown or no longer voidable ticket refuses the whole call (nothing is changed)."""
    ids = _ids(ticket_ids)
    now = ctx.clock.now()
    voided = []
    with write_transaction(db):
        found = []
        for ticket_id in ids:
            ticket = ticket_store.get(db, ticket_id)
            if ticket is None:
                raise QueueError("unknown_ticket", ticket=ticket_id)
            found.append((ticket, next_state(ticket["status"], "cancel")))
        for ticket, status in found:
            ticket_store.update(db, ticket["id"], status=status, finished_at=iso(now))
            visit = visits.close(ctx, db, ticket, "voided", now)
            event_store.append(
                db,
                "ticket.voided",
                now,
                ticket_id=ticket["id"],
                counter=ticket["counter"],
                staff=by,
                number=ticket["number"],
                service=ticket["service"],
                from_status=ticket["status"],
                visit=visit,
            )
            voided.append({**ticket, "status": status, "finished_at": iso(now)})
    return voided
