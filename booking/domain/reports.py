"""What central's reports read: the centres' visit facts and each day's first free time."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from booking.store import reports as report_store
from kernel.catalogue import Catalogue
from kernel.report_query import report_from_store


def visit_report(
    db: Database,
    by: str,
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    centre: str | None = None,
) -> dict[str, Any]:
    """The report of one centre or all, with the booked services' first free times."""
    first_free = report_store.first_free_between(
        db, first_day.isoformat(), last_day.isoformat(), centre
    )
    return report_from_store(db, by, first_day, last_day, catalogue, centre, first_free)
