"""SQL for the message outbox: rows written with the booking change, sent afterwards."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import rows

MAX_ATTEMPTS = 5


def add(db: Database, booking_id: str, kind: str, ref: str, channel: str, at: str) -> bool:
    """Queue a message unless the same one is queued already; True if it is new."""
    cursor = db.execute(
        "INSERT INTO outbox (booking_id, kind, ref, channel, created_at) VALUES (?,?,?,?,?)"
        " ON CONFLICT (booking_id, kind, ref, channel) DO NOTHING",
        [booking_id, kind, ref, channel, at],
    )
    return cursor.rowcount == 1


def pending(db: Database, now: str, limit: int = 50) -> list[dict[str, Any]]:
    """Messages to send now: not sent, not given up, and not waiting for a later retry."""
    return rows(
        db.execute(
            "SELECT * FROM outbox WHERE sent_at IS NULL AND attempts < ?"
            " AND (retry_at IS NULL OR retry_at <= ?) ORDER BY id LIMIT ?",
            [MAX_ATTEMPTS, now, limit],
        )
    )


def mark_done(db: Database, message_id: int, at: str, outcome: str) -> None:
    db.execute(
        "UPDATE outbox SET sent_at = ?, outcome = ?, attempts = attempts + 1 WHERE id = ?",
        [at, outcome, message_id],
    )


def mark_failed(db: Database, message_id: int, error: str, retry_at: str | None = None) -> None:
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, retry_at = ? WHERE id = ?",
        [error[:500], retry_at, message_id],
    )


def mark_rejected(db: Database, message_id: int, error: str) -> None:
    """Given up at once: the recipient was refused (a wrong number), trying again cannot help."""
    db.execute(
        "UPDATE outbox SET attempts = MAX(attempts + 1, ?), outcome = 'rejected', last_error = ?,"
        " retry_at = NULL WHERE id = ?",
        [MAX_ATTEMPTS, error[:500], message_id],
    )


def attempts(db: Database, message_id: int) -> int:
    found = db.execute("SELECT attempts FROM outbox WHERE id = ?", [message_id]).fetchone()
    return found[0] if found else 0


def for_booking(db: Database, booking_id: str) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM outbox WHERE booking_id = ? ORDER BY id", [booking_id]))


def forget_errors(db: Database) -> int:
    """Clear stored send errors of messages whose booking's personal data is gone (an error
    may quote the citizen's address or number)."""
    cursor = db.execute(
        "UPDATE outbox SET last_error = NULL WHERE last_error IS NOT NULL AND booking_id NOT IN"
        " (SELECT id FROM bookings WHERE purged_at IS NULL)"
    )
    return cursor.rowcount


def backlog(db: Database) -> dict[str, int]:
    """Messages still to send, and those given up after MAX_ATTEMPTS."""
    found = db.execute(
        "SELECT SUM(attempts < ?), SUM(attempts >= ?) FROM outbox WHERE sent_at IS NULL",
        [MAX_ATTEMPTS, MAX_ATTEMPTS],
    ).fetchone()
    return {"pending": found[0] or 0, "failed": found[1] or 0}
