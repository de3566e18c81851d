"""A report made fit for publication: no figure that could point at a person."""

from __future__ import annotations

from typing import Any

from kernel.reports import NUMBERS, SMALL_CELL

# Counts a published cell hides when under SMALL_CELL (but not 0: nobody is in an empty cell).
COUNTS = (
    "served",
    "no_shows",
    "voided",
    "appointments_kept",
    "appointments_missed",
    "shown_wait_visits",
)
SHOWN_SHARES = ("shown_wait_held_share", "shown_wait_over_share")


def _hidden(row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: (None if k in NUMBERS else v) for k, v in row.items()}, "suppressed": True}


def _small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALL_CELL


def _people(row: dict[str, Any], share: str, whole: str) -> int:
    """How many people a share of a row stands for."""
    return round((row[share] or 0) * (row[whole] or 0))


def _published_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of at least SMALL_CELL visits with its small counts hidden, and a share when it
    stands for fewer than SMALL_CELL people; the shown-wait figures go with their count."""
    published = {k: (None if k in COUNTS and _small(v) else v) for k, v in row.items()}
    if _small(_people(row, "handed_over_share", "served")) or published["served"] is None:
        published["handed_over_share"] = None
    if published["shown_wait_visits"] is None:
        for name in (*SHOWN_SHARES, "shown_wait_error_minutes"):
            published[name] = None
    for name in SHOWN_SHARES:
        if _small(_people(row, name, "shown_wait_visits")):
            published[name] = None
    return published


def suppress_small(report: dict[str, Any]) -> dict[str, Any]:
    """The report for publication. A row under SMALL_CELL visits keeps its key and label but
    shows no figure (`suppressed: true`); in the others a count of 1 to 4 is hidden. When one
    row alone is hidden, the smallest shown row is hidden too: the total minus the shown rows
    would otherwise give it away. The total stays."""
    rows = [_hidden(r) if r["visits"] < SMALL_CELL else _published_row(r) for r in report["rows"]]
    people_hidden = [r for r in report["rows"] if 0 < r["visits"] < SMALL_CELL]
    shown = [i for i, r in enumerate(rows) if not r.get("suppressed")]
    if len(people_hidden) == 1 and shown:
        smallest = min(shown, key=lambda i: rows[i]["visits"])
        rows[smallest] = _hidden(rows[smallest])
    return {**report, "rows": rows}
