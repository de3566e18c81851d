"""The centre's side of sync with central: bookings into the replica, events confirmed sent.

The sync agent (`centre/sync/agent.py`) talks to central and calls one function a step."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from centre.domain.checkins import replica_row
from centre.domain.context import CentreContext
from centre.store import events as event_store
from centre.store import replica as replica_store
from kernel.clock import iso
from kernel.db import write_transaction


def pull_start(ctx: CentreContext, db: Database) -> tuple[str, str | None]:
    """The day a pull is for, and where it starts: the stored cursor, or None (a full snapshot)
    when it was stored on another day."""
    today = ctx.today()
    state = replica_store.state(db)
    return today, state["cursor"] if state["cursor_day"] == today else None


def apply_bookings(
    ctx: CentreContext,
    db: Database,
    bookings: list[dict[str, Any]],
    next_cursor: str,
    day: str,
    snapshot: bool,
) -> None:
    """One page of central's changes into the replica, with the cursor after it and the day of
    the pull (a pull across midnight still starts the new day from a snapshot): one write."""
    now = iso(ctx.clock.now())
    with write_transaction(db):
        if snapshot:
            # A snapshot is the whole window: whatever it lacks is gone.
            replica_store.clear(db)
        for booking in bookings:
            if booking.get("status") == "removed":
                replica_store.delete(db, str(booking.get("code")))
            else:
                replica_store.upsert(db, replica_row(booking), now)
        # Stored with the bookings, in one transaction: a crash never splits them.
        replica_store.set_cursor(db, next_cursor, day)


def events_to_upload(db: Database, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """The last event central confirmed, and up to `limit` events after it, as sent."""
    last = replica_store.state(db)["last_uploaded_seq"]
    return last, [
        {
            "id": event["id"],
            "seq": event["seq"],
            "at": event["at"],
            "type": event["type"],
            "ticket_id": event["ticket_id"],
            "counter": event["counter"],
            "data": json.loads(event["data"] or "{}"),
        }
        for event in event_store.after(db, last, limit)
    ]


def confirm_upload(ctx: CentreContext, db: Database, after_seq: int, up_to_seq: int) -> None:
    """Central confirmed the events after `after_seq` up to `up_to_seq`: one write."""
    with write_transaction(db):
        replica_store.set_last_uploaded(db, up_to_seq)
        event_store.mark_uploaded(db, after_seq, up_to_seq, iso(ctx.clock.now()))
