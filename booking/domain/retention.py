"""Privacy: personal data of past bookings is purged after the retention period."""

from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from booking.domain.context import BookingContext
from booking.store import audit
from booking.store import bookings as booking_store
from booking.store.db import iso, write

# Holds and released holds keep nothing personal; they are deleted after a day.
STALE_HOLDS_AFTER = timedelta(days=1)


def purge(ctx: BookingContext, db: Database) -> int:
    """Forget names and contacts of bookings that ended `retention_days` ago; returns how many."""
    now = ctx.now()
    ended_before = now - timedelta(days=ctx.config.retention_days)
    with write(db):
        purged = booking_store.purge_personal_data(db, iso(ended_before), iso(now))
        booking_store.delete_stale_holds(db, iso(now - STALE_HOLDS_AFTER))
        if purged:
            audit.append(db, iso(now), None, "purge", count=purged)
    return purged
