"""SQL for centre sync: centre keys, booking changes by sequence, uploaded queue events."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows

# Only what a centre needs to check a citizen in: never a name, e-mail or phone number.
REPLICA_COLUMNS = "b.code, b.service, b.centre, b.start_at, b.end_at, b.status, b.checked_in_at"


def set_key(db: Database, centre: str, key_hash: str, now: str) -> None:
    """A centre has one key: a new one replaces the old."""
    db.execute(
        "INSERT INTO centre_keys (centre, key_hash, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (centre) DO UPDATE SET key_hash = excluded.key_hash,"
        " created_at = excluded.created_at",
        [centre, key_hash, now],
    )


def centre_for_key(db: Database, key_hash: str) -> str | None:
    found = row(db.execute("SELECT centre FROM centre_keys WHERE key_hash = ?", [key_hash]))
    return found["centre"] if found else None


def last_change_seq(db: Database) -> int:
    found = row(db.execute("SELECT value FROM sync_sequence WHERE id = 1"))
    return int(found["value"]) if found else 0


def changes_after(db: Database, centre: str, seq: int, limit: int) -> list[dict[str, Any]]:
    """The centre's change rows after `seq`, in order, with each booking as it is now."""
    return rows(
        db.execute(
            f"SELECT c.seq, {REPLICA_COLUMNS} FROM booking_changes c"
            " JOIN bookings b ON b.id = c.booking_id"
            " WHERE c.centre = ? AND c.seq > ? ORDER BY c.seq LIMIT ?",
            [centre, seq, limit],
        )
    )


def snapshot(db: Database, centre: str, start: str, end: str) -> list[dict[str, Any]]:
    """A centre's confirmed and cancelled bookings starting in [start, end)."""
    return rows(
        db.execute(
            f"SELECT {REPLICA_COLUMNS} FROM bookings b WHERE b.centre = ?"
            " AND b.start_at >= ? AND b.start_at < ? AND b.status IN ('confirmed', 'cancelled')"
            " ORDER BY b.start_at, b.code",
            [centre, start, end],
        )
    )


def booking_by_code(db: Database, code: str) -> dict[str, Any] | None:
    return row(db.execute(f"SELECT {REPLICA_COLUMNS} FROM bookings b WHERE b.code = ?", [code]))


def store_events(
    db: Database, centre: str, events: Sequence[dict[str, Any]], now: str
) -> tuple[int, int]:
    """Insert each event unless (centre, id) is already there; (stored, duplicates)."""
    stored = 0
    for event in events:
        cursor = db.execute(
            "INSERT INTO centre_events"
            " (centre, id, seq, at, type, ticket_id, counter, data, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (centre, id) DO NOTHING",
            [
                centre,
                event["id"],
                event["seq"],
                event["at"],
                event["type"],
                event.get("ticket_id"),
                event.get("counter"),
                json.dumps(event.get("data") or {}, ensure_ascii=False),
                now,
            ],
        )
        stored += cursor.rowcount
    return stored, len(events) - stored


def last_event_seq(db: Database, centre: str) -> int:
    found = row(db.execute("SELECT MAX(seq) AS seq FROM centre_events WHERE centre = ?", [centre]))
    return int(found["seq"]) if found and found["seq"] is not None else 0


def events_between(db: Database, start: str, end: str) -> list[dict[str, Any]]:
    """Every centre's events in [start, end), per centre in upload order."""
    return rows(
        db.execute(
            "SELECT centre, id, seq, at, type, ticket_id, counter, data FROM centre_events"
            " WHERE at >= ? AND at < ? ORDER BY centre, seq",
            [start, end],
        )
    )


def of_type_between(
    db: Database, type: str, start: str, end: str, centre: str | None = None
) -> list[dict[str, Any]]:
    """One type of the centres' uploaded events with `at` in [start, end) (one centre, or all)."""
    sql = (
        "SELECT centre, at, counter, data FROM centre_events WHERE type = ? AND at >= ? AND at < ?"
    )
    params = [type, start, end]
    if centre is not None:
        sql += " AND centre = ?"
        params.append(centre)
    return rows(db.execute(sql + " ORDER BY centre, seq", params))


def events_of(db: Database, centre: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT id, seq, at, type, ticket_id, counter, data FROM centre_events"
            " WHERE centre = ? ORDER BY seq",
            [centre],
        )
    )


def last_contacts(db: Database) -> dict[str, str]:
    """Each centre's last call to the sync API (UTC ISO), by centre id."""
    found = db.execute("SELECT centre, last_seen_at FROM centre_contacts")
    return {centre: at for centre, at in found.fetchall()}


def set_last_contact(db: Database, centre: str, at: str) -> None:
    db.execute(
        "INSERT INTO centre_contacts (centre, last_seen_at) VALUES (?, ?)"
        " ON CONFLICT (centre) DO UPDATE SET last_seen_at = excluded.last_seen_at",
        [centre, at],
    )
