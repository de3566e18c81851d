"""What central's visit reports read: the facts and the first free times of a period."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.store import reports as report_store
from kernel import visit_store


def period(
    db: Database, first_day: str, last_day: str, centre: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The visit facts and each day's first free time of first_day..last_day (local days,
    inclusive), of one centre or (None) of all."""
    facts = visit_store.between(db, first_day, last_day, centre)
    return facts, report_store.first_free_between(db, first_day, last_day, centre)
