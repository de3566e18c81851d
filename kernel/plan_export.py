"""A staffing plan as CSV: one row per hour, machine column names, the shortfall marked."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

COLUMNS = (
    "day",
    "hour",
    "walk_ins",
    "load_erlangs",
    "walk_in_counters",
    "booked_minutes",
    "booked_counters",
    "needed",
    "staffed",
    "short",
)


def to_csv(plan: Mapping[str, Any]) -> bytes:
    """The plan's hours (plan_view's "hours") as CSV with a byte-order mark for spreadsheets;
    an empty `needed` is beyond the calculator's reach."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for hour in plan["hours"]:
        writer.writerow(["" if hour[c] is None else hour[c] for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
