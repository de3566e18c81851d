"""What a centre's reports read: its own visit facts, summed by the database."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from centre.domain.context import CentreContext
from kernel.report_query import report_from_store


def visit_report(
    ctx: CentreContext, db: Database, by: str, first_day: date, last_day: date
) -> dict[str, Any]:
    """This centre's report (no first free times: central alone records them)."""
    return report_from_store(db, by, first_day, last_day, ctx.catalogue, ctx.id)
