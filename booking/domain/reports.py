"""What central's reports read: the centres' visit facts and each day's first free time."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.store import reports as report_store
from kernel import visit_store


def inputs(
    db: Database, first_day: str, last_day: str, centre: str | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(visit facts, first-free records) of the local days first_day..last_day."""
    return (
        visit_store.between(db, first_day, last_day, centre),
        report_store.first_free_between(db, first_day, last_day, centre),
    )
