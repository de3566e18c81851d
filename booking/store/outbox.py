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


def any_claimable(db: Database, now: str) -> bool:
    """Whether any unsent message waits that no sender holds at `now` (a read, no lock)."""
    found = db.execute(
        "SELECT 1 FROM outbox WHERE sent_at IS NULL AND attempts < ?"
        " AND (retry_at IS NULL OR retry_at <= ?)"
        " AND (claimed_until IS NULL OR claimed_until <= ?) LIMIT 1",
        [MAX_ATTEMPTS, now, now],
    ).fetchone()
    return found is not None


def claim(db: Database, claimer: str, now: str, until: str, limit: int) -> list[dict[str, Any]]:
    """Claim for `claimer` until `until` the oldest unsent messages due by `now` (not waiting
    for a later retry) that no sender holds (or whose sender's claim lapsed by `now`, as a
    crashed one's does); the rows claimed, oldest
    first. Call inside the write transaction: on SQLite, BEGIN IMMEDIATE makes the pick and
    the claim one step for every process. On PostgreSQL the inner SELECT locks the rows it
    picks, skipping those another sender's transaction holds, so two senders never claim one
    row and pass over each other's instead of waiting."""
    lock = " FOR UPDATE SKIP LOCKED" if getattr(db, "dialect", "") == "postgresql" else ""
    claimed = rows(
        db.execute(
            "UPDATE outbox SET claimed_by = ?, claimed_until = ? WHERE id IN ("
            " SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ?"
            " AND (retry_at IS NULL OR retry_at <= ?)"
            f" AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id LIMIT ?{lock})"
            " RETURNING *",
            [claimer, until, MAX_ATTEMPTS, now, now, limit],
        )
    )
    return sorted(claimed, key=lambda message: message["id"])


def mark_done(db: Database, message_id: int, at: str, outcome: str) -> None:
    """Sent or skipped; claimed_by stays as the record of which sender did it."""
    db.execute(
        "UPDATE outbox SET sent_at = ?, outcome = ?, attempts = attempts + 1,"
        " claimed_until = NULL WHERE id = ?",
        [at, outcome, message_id],
    )


def mark_failed(db: Database, message_id: int, error: str, retry_at: str | None = None) -> None:
    """Not sent: the claim ends, and the message waits until `retry_at` (any sender then)."""
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, retry_at = ?,"
        " claimed_by = NULL, claimed_until = NULL WHERE id = ?",
        [error[:500], retry_at, message_id],
    )


def mark_rejected(db: Database, message_id: int, error: str) -> None:
    """Given up at once: the recipient was refused (a wrong number), trying again cannot help."""
    db.execute(
        # CASE, not MAX(a, b): PostgreSQL spells that GREATEST.
        "UPDATE outbox SET attempts = CASE WHEN attempts + 1 > ? THEN attempts + 1 ELSE ? END,"
        " outcome = 'rejected', last_error = ?,"
        " retry_at = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
        [MAX_ATTEMPTS, MAX_ATTEMPTS, error[:500], message_id],
    )


def release(db: Database, message_ids: list[int]) -> None:
    """Give back claims of messages this round did not try (their gateway was down): the next
    round of any sender takes them, with no attempt counted."""
    db.conn.executemany(
        "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ?",
        [[m] for m in message_ids],
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
        "SELECT SUM(CASE WHEN attempts < ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN attempts >= ? THEN 1 ELSE 0 END) FROM outbox WHERE sent_at IS NULL",
        [MAX_ATTEMPTS, MAX_ATTEMPTS],
    ).fetchone()
    return {"pending": found[0] or 0, "failed": found[1] or 0}
