"""SQL for the citizen's manage links: only a SHA-256 of each link's token is kept."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import rows


def add(db: Database, booking_id: str, token_hash: str, at: str) -> int:
    cursor = db.execute(
        "INSERT INTO manage_links (booking_id, token_hash, created_at) VALUES (?, ?, ?)"
        " RETURNING id",
        [booking_id, token_hash, at],
    )
    return int(cursor.fetchone()[0])


def of_booking(db: Database, booking_id: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT id, token_hash FROM manage_links WHERE booking_id = ? ORDER BY id",
            [booking_id],
        )
    )


def delete(db: Database, link_id: int) -> None:
    db.execute("DELETE FROM manage_links WHERE id = ?", [link_id])
