"""What central's reports read: the centres' visit facts, each day's first free time, and the
centres' time on phone duty from the events they uploaded."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from sqlite_utils import Database

from booking.store import reports as report_store
from booking.store import sync as sync_store
from kernel import phone_duty
from kernel.catalogue import Catalogue
from kernel.report_query import report_from_store


def visit_report(
    db: Database,
    by: str,
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    centre: str | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """The report of one centre or all, with the booked services' first free times and, given
    the city's time zone, the centres' minutes on phone duty."""
    first_free = report_store.first_free_between(
        db, first_day.isoformat(), last_day.isoformat(), centre
    )
    report = report_from_store(db, by, first_day, last_day, catalogue, centre, first_free)
    if tz is None:
        return report
    start, end = phone_duty.event_window(first_day, last_day, tz)
    ended = sync_store.of_type_between(db, phone_duty.ENDED, start, end, centre)
    return phone_duty.add_to_report(report, phone_duty.stretches(ended), tz)
