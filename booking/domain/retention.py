"""Privacy: personal data of past bookings is purged after the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from booking.domain.context import BookingContext
from booking.store import audit, mailbox, outbox
from booking.store import bookings as booking_store
from kernel.clock import iso
from kernel.db import retrying, write_transaction

# Holds and released holds keep nothing personal; they are deleted after a day.
STALE_HOLDS_AFTER = timedelta(days=1)
# The audit trail's name for this job.
ACTOR = "system:retention"


def purge(ctx: BookingContext, db: Database) -> int:
    """Forget names and contacts of bookings that ended `retention_days` ago; returns how many.

    Everything else that holds them goes too: the messages' stored send errors and their
    copies in the development mailbox folder (names, numbers, manage links).
    """
    now = ctx.now()
    purged = _purge_rows(ctx, db, now)
    # After the commit: a file is deleted only once its booking's purge is certain.
    files = mailbox.forget(
        ctx.config.mailbox_dir, lambda codes: booking_store.holding_personal_data(db, codes)
    )
    if files:
        _audit_files(db, now, files)
    return purged


@retrying
def _purge_rows(ctx: BookingContext, db: Database, now: datetime) -> int:
    ended_before = now - timedelta(days=ctx.config.retention_days)
    with write_transaction(db):
        purged = booking_store.purge_personal_data(db, iso(ended_before), iso(now))
        booking_store.delete_stale_holds(db, iso(now - STALE_HOLDS_AFTER))
        errors = outbox.forget_errors(db)
        if purged:
            audit.append(db, iso(now), ACTOR, "purge", count=purged, errors=errors)
    return purged


@retrying
def _audit_files(db: Database, now: datetime, files: int) -> None:
    # Its own unit: the files are gone by now, and a retry must not run the purge again.
    with write_transaction(db):
        audit.append(db, iso(now), ACTOR, "purge.mailbox", files=files)
