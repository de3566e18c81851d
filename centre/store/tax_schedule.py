"""SQL for central's schedule of this centre's tax secondees, as last synced."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows


def replace(
    db: Database,
    first_day: str,
    last_day: str,
    periods: Iterable[tuple[str, str, str, int]],
    synced_at: str,
) -> None:
    """The whole schedule as central sent it: whatever it lacks is gone."""
    db.execute("DELETE FROM tax_schedule")
    db.conn.executemany(
        "INSERT INTO tax_schedule (day, start_at, end_at, secondees) VALUES (?, ?, ?, ?)",
        list(periods),
    )
    db.execute(
        "UPDATE tax_schedule_state SET first_day = ?, last_day = ?, synced_at = ? WHERE id = 1",
        [first_day, last_day, synced_at],
    )


def state(db: Database) -> dict[str, Any]:
    """first_day, last_day and synced_at (all None before the first sync)."""
    return row(db.execute("SELECT first_day, last_day, synced_at FROM tax_schedule_state"))


def on_day(db: Database, day: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT start_at, end_at, secondees FROM tax_schedule WHERE day = ? ORDER BY start_at",
            [day],
        )
    )
