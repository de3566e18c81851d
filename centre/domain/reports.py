"""What a centre's reports read: its own visit facts, summed by the database, and its time on
phone duty from its own event log."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from centre.domain.context import CentreContext
from centre.store import events as event_store
from kernel import phone_duty
from kernel.report_query import report_from_store


def visit_report(
    ctx: CentreContext, db: Database, by: str, first_day: date, last_day: date
) -> dict[str, Any]:
    """This centre's report (no first free times: central alone records them), with its
    minutes on phone duty."""
    report = report_from_store(db, by, first_day, last_day, ctx.catalogue, ctx.id)
    start, end = phone_duty.event_window(first_day, last_day, ctx.tz)
    ended = event_store.of_type_between(db, phone_duty.ENDED, start, end)
    found = phone_duty.stretches({**e, "centre": ctx.id} for e in ended)
    return phone_duty.add_to_report(report, found, ctx.tz)
