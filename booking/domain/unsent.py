"""Messages that did not go out, as a manager sees them, and sending one again."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.core.errors import BookingError
from booking.domain import scope
from booking.domain.context import BookingContext
from booking.domain.manage import MAX_ROW_ID
from booking.store import audit
from booking.store import outbox_failures as store
from booking.store.outbox import MAX_ATTEMPTS
from kernel.clock import iso
from kernel.db import retrying, write_transaction


def unsent(db: Database, actor: scope.Actor) -> list[dict[str, Any]]:
    """Failed messages of the centres the manager manages: given up (`given_up`) or waiting
    for their next try (`retry_at`)."""
    if actor.role != "manager":
        raise BookingError("forbidden")
    found = store.unsent(db, scope.managed_centre(actor))
    return [{**row, "given_up": row["attempts"] >= MAX_ATTEMPTS} for row in found]


@retrying
def send_again(ctx: BookingContext, db: Database, actor: scope.Actor, message_id: int) -> str:
    """Put a given-up message back in the queue (audited); returns its booking's code."""
    if message_id > MAX_ROW_ID:  # no such row; SQLite could not even compare it
        raise BookingError("not_found")
    with write_transaction(db):
        message = store.given_up(db, message_id)
        if message is None:
            raise BookingError("not_found")
        scope.check_centre(actor, message["centre"])
        store.send_again(db, message_id)
        audit.append(
            db,
            iso(ctx.now()),
            actor.username,
            "message.send_again",
            message["code"],
            kind=message["kind"],
            channel=message["channel"],
        )
    return message["code"]
