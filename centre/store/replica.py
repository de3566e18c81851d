"""SQL for the booking replica and the sync state (cursor, last uploaded event)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows


def get(db: Database, code: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM bookings_replica WHERE code = ?", [code]))


def upsert(db: Database, booking: dict[str, Any], now: str) -> None:
    db.execute(
        "INSERT INTO bookings_replica (code, service, start_at, end_at, status, checked_in_at,"
        " updated_at) VALUES (:code, :service, :start_at, :end_at, :status, :checked_in_at, :now)"
        " ON CONFLICT (code) DO UPDATE SET service = excluded.service,"
        " start_at = excluded.start_at, end_at = excluded.end_at, status = excluded.status,"
        " checked_in_at = COALESCE(excluded.checked_in_at, bookings_replica.checked_in_at),"
        " updated_at = excluded.updated_at",
        {**booking, "now": now},
    )


def delete(db: Database, code: str) -> None:
    db.execute("DELETE FROM bookings_replica WHERE code = ?", [code])


def clear(db: Database) -> None:
    """Before a full snapshot: whatever the snapshot lacks is gone."""
    db.execute("DELETE FROM bookings_replica")


def delete_before(db: Database, start: str) -> int:
    """Bookings of days gone by leave the replica."""
    return db.execute("DELETE FROM bookings_replica WHERE start_at < ?", [start]).rowcount


def between(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT * FROM bookings_replica WHERE start_at >= ? AND start_at < ?"
            " ORDER BY start_at, code",
            [start, end],
        )
    )


def count(db: Database) -> int:
    return db.execute("SELECT COUNT(*) FROM bookings_replica").fetchone()[0]


def state(db: Database) -> dict[str, Any]:
    return row(db.execute("SELECT cursor, cursor_day, last_uploaded_seq FROM sync_state"))


def set_cursor(db: Database, cursor: str | None, day: str | None) -> None:
    db.execute("UPDATE sync_state SET cursor = ?, cursor_day = ? WHERE id = 1", [cursor, day])


def set_last_uploaded(db: Database, seq: int) -> None:
    # Never backwards: a late answer to an older batch must not undo a newer one.
    db.execute(
        "UPDATE sync_state SET last_uploaded_seq = MAX(last_uploaded_seq, ?) WHERE id = 1", [seq]
    )


def mark_checked_in(db: Database, code: str, at: str) -> None:
    db.execute(
        "UPDATE bookings_replica SET checked_in_at = COALESCE(checked_in_at, ?) WHERE code = ?",
        [at, code],
    )


def between_with_tickets(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    """The bookings starting in [start, end), each with the number of its check-in ticket."""
    return rows(
        db.execute(
            "SELECT r.code, r.service, r.start_at, r.end_at, r.status, r.checked_in_at,"
            " t.number AS ticket_number FROM bookings_replica r"
            " LEFT JOIN tickets t ON t.booking_code = r.code"
            " WHERE r.start_at >= ? AND r.start_at < ? ORDER BY r.start_at, r.code",
            [start, end],
        )
    )


def unkept(db: Database, started_before: str, ended_before: str) -> list[dict[str, Any]]:
    """Confirmed bookings nobody checked in for, whose check-in has closed."""
    return rows(
        db.execute(
            "SELECT code, service, start_at FROM bookings_replica"
            " WHERE status = 'confirmed' AND checked_in_at IS NULL"
            " AND start_at < ? AND end_at < ? ORDER BY start_at, code",
            [started_before, ended_before],
        )
    )
