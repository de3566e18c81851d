"""SQL for the event log (the transactional outbox)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kernel.clock import iso
from kernel.db import note_event, rows


def append(
    db: Database,
    type: str,
    at: datetime,
    ticket_id: str | None = None,
    counter: str | None = None,
    staff: str | None = None,
    **data: Any,
) -> str:
    """Write one event; call it inside the same transaction as the change it records.

    After that transaction commits, the row (with `data` as a dict) goes to the connection's
    commit listeners: the realtime hub."""
    event_id = uuid.uuid4().hex
    row = {"id": event_id, "at": iso(at), "type": type}
    row.update(ticket_id=ticket_id, counter=counter, staff=staff)
    db.execute(
        "INSERT INTO events (id, at, type, ticket_id, counter, staff, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [*row.values(), json.dumps(data, default=str)],
    )
    note_event(db, {**row, "data": data})
    return event_id


def for_ticket(db: Database, ticket_id: str) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM events WHERE ticket_id = ? ORDER BY seq", [ticket_id]))


def after(db: Database, seq: int, limit: int = 500) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit]))


def mark_uploaded(db: Database, after_seq: int, up_to_seq: int, at: str) -> None:
    """Central confirmed the events after `after_seq` up to and including `up_to_seq`."""
    db.execute(
        "UPDATE events SET uploaded_at = ? WHERE seq > ? AND seq <= ?", [at, after_seq, up_to_seq]
    )


def of_type_between(db: Database, type: str, start: str, end: str) -> list[dict[str, Any]]:
    """Events of one type with `at` in [start, end) (UTC text, so text order is time order)."""
    return rows(
        db.execute(
            "SELECT at, counter, data FROM events WHERE type = ? AND at >= ? AND at < ?"
            " ORDER BY seq",
            [type, start, end],
        )
    )
