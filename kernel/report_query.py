"""A visit report summed by the database: the figures of kernel/reports.py without loading
every fact (a year of a city is some 400,000)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlite_utils import Database

from kernel import visit_store
from kernel.catalogue import Catalogue
from kernel.reports import report_from_sums, target_seconds


def report_from_store(
    db: Database,
    by: str,
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    centre: str | None = None,
    first_free: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The report summed by the database (kernel/visit_store.py): the same figures as
    `visit_report` on the same facts, without loading every fact."""
    first, last = first_day.isoformat(), last_day.isoformat()
    sums = visit_store.sums(db, by, first, last, target_seconds(catalogue), centre)
    waits = visit_store.waits(db, by, first, last, centre)
    return report_from_sums(sums, waits, by, first_day, last_day, catalogue, first_free)
