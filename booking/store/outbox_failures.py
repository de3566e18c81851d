"""SQL for the messages that did not go out: the list managers see, and sending one again."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.store.outbox import MAX_ATTEMPTS
from kernel.db import rows

# The booking's code, centre and time, never its contact: managers see that a message failed
# and why (the error is stored without the recipient), not to whom.
UNSENT = """
    SELECT o.id, o.kind, o.channel, o.created_at, o.attempts, o.last_error, o.retry_at,
           o.outcome, b.code, b.centre, b.start_at
    FROM outbox o JOIN bookings b ON b.id = o.booking_id
    WHERE o.sent_at IS NULL AND (o.attempts > 0 OR o.last_error IS NOT NULL)
      AND b.purged_at IS NULL
"""


def unsent(db: Database, centre: str | None, limit: int = 200) -> list[dict[str, Any]]:
    """Messages that failed at least once and are not sent (also those sent again by a
    manager and not yet tried), newest first; one centre's or all."""
    where, args = ("", []) if centre is None else (" AND b.centre = ?", [centre])
    return rows(db.execute(UNSENT + where + " ORDER BY o.id DESC LIMIT ?", [*args, limit]))


def given_up(db: Database, message_id: int) -> dict[str, Any] | None:
    """A message the sender gave up on, with its booking's centre and code; else None."""
    found = rows(
        db.execute(UNSENT + " AND o.id = ? AND o.attempts >= ?", [message_id, MAX_ATTEMPTS])
    )
    return found[0] if found else None


def send_again(db: Database, message_id: int) -> None:
    """Back in the queue with a fresh count of attempts (a manager asked for it)."""
    db.execute(
        "UPDATE outbox SET attempts = 0, retry_at = NULL, outcome = NULL WHERE id = ?",
        [message_id],
    )
