"""SQL for each day's first free time per centre and booked service (the booking promise)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from kernel.db import rows

_INSERT = (
    "INSERT INTO first_free (centre, service, day, working_days) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (centre, service, day) DO NOTHING"
)


def add_many(db: Database, found: Iterable[tuple[str, str, str, int | None]]) -> int:
    """Store (centre, service, day, working days) rows; a day already recorded is kept. How
    many were new."""
    return db.conn.executemany(_INSERT, found).rowcount


def recorded(db: Database, day: str) -> set[tuple[str, str]]:
    """The (centre, service) pairs already recorded for a day."""
    cursor = db.execute("SELECT centre, service FROM first_free WHERE day = ?", [day])
    return {(centre, service) for centre, service in cursor.fetchall()}


def count(db: Database, centre: str | None = None) -> int:
    sql, args = "SELECT COUNT(*) FROM first_free", []
    if centre is not None:
        sql, args = sql + " WHERE centre = ?", [centre]
    return db.execute(sql, args).fetchone()[0]


def between(db: Database, first_day: str, last_day: str) -> list[dict[str, Any]]:
    """Every row of the days first_day..last_day (inclusive)."""
    return rows(
        db.execute(
            "SELECT centre, service, day, working_days FROM first_free"
            " WHERE day >= ? AND day <= ? ORDER BY day, centre, service",
            [first_day, last_day],
        )
    )
