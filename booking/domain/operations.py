"""What central's health check and metrics read: each centre's last sync, bookings and holds
per centre, and the message outbox's backlog. No personal data."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.domain.context import BookingContext
from booking.domain.roll_up import SILENT_AFTER
from booking.store import bookings as booking_store
from booking.store import outbox as outbox_store
from booking.store import setup as setup_store
from booking.store import sync as sync_store
from kernel.clock import iso, parse_iso


def centre_syncs(ctx: BookingContext, db: Database) -> list[dict[str, Any]]:
    """Each active centre's last call to the sync API, how long ago, and whether that is
    "live", "silent" (longer ago than the overview's SILENT_AFTER) or "never".

    The call is written at most every 30 s (`note_contact`), so the lag is that coarse."""
    now = ctx.now()
    contacts = sync_store.last_contacts(db)
    found = []
    for centre in setup_store.centres(db):
        seen = parse_iso(contacts.get(centre["id"]))
        lag = max(0.0, (now - seen).total_seconds()) if seen is not None else None
        state = (
            "never" if lag is None else "live" if lag <= SILENT_AFTER.total_seconds() else "silent"
        )
        found.append(
            {
                "centre": centre["id"],
                "last_sync_at": contacts.get(centre["id"]),
                "lag_seconds": lag,
                "state": state,
            }
        )
    return found


def booking_counts(ctx: BookingContext, db: Database) -> dict[str, dict[str, int]]:
    """Per centre: bookings made (ever), cancelled (ever) and holds keeping a time now."""
    return booking_store.counts_by_centre(db, iso(ctx.now()))


def outbox_backlog(db: Database) -> dict[str, int]:
    """Messages waiting to be sent ("pending") and given up after their attempts ("failed")."""
    return outbox_store.backlog(db)
