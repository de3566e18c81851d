"""SQL for counters (desks): who sits there, its state and its current ticket."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows


def ensure(db: Database, counter_ids: list[str]) -> None:
    for counter_id in counter_ids:
        db.execute("INSERT OR IGNORE INTO counters (id, state) VALUES (?, 'closed')", [counter_id])


def get(db: Database, counter_id: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM counters WHERE id = ?", [counter_id]))


def all(db: Database) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM counters ORDER BY CAST(id AS INTEGER), id"))


def by_staff(db: Database, username: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM counters WHERE staff = ?", [username]))


def update(db: Database, counter_id: str, **fields: Any) -> None:
    allowed = {"state", "staff", "ticket_id", "since"}
    if set(fields) - allowed:
        raise ValueError(f"unknown counter columns {set(fields) - allowed}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE counters SET {assignments} WHERE id = ?", [*fields.values(), counter_id])


def staffed_with_roles(db: Database) -> list[tuple[str, str, str]]:
    """(counter id, role of the person there, state) for every counter someone sits at, open,
    on a break or on phone duty: one query."""
    cursor = db.execute(
        "SELECT c.id, s.role, c.state FROM counters c JOIN staff s ON s.username = c.staff "
        "WHERE c.state IN ('open', 'break', 'phone')"
    )
    return [(counter_id, role, state) for counter_id, role, state in cursor.fetchall()]
