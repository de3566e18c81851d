"""SQL for the event log (the transactional outbox)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from kernel.clock import iso
from kernel.db import rows


def append(
    db: Database,
    type: str,
    at: datetime,
    ticket_id: str | None = None,
    counter: str | None = None,
    staff: str | None = None,
    **data: Any,
) -> str:
    """Write one event; call it inside the same transaction as the change it records."""
    event_id = uuid.uuid4().hex
    db.execute(
        "INSERT INTO events (id, at, type, ticket_id, counter, staff, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [event_id, iso(at), type, ticket_id, counter, staff, json.dumps(data, default=str)],
    )
    return event_id


def for_ticket(db: Database, ticket_id: str) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM events WHERE ticket_id = ? ORDER BY seq", [ticket_id]))


def after(db: Database, seq: int, limit: int = 500) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit]))
