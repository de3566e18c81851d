"""SQL over the event log for printing: which tickets of a day still lack their paper copy."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import rows

# Each of these asks for one paper copy of its ticket (issue and check-in print at once).
REQUESTS = ("ticket.issued", "ticket.checked_in", "print.reprint_requested")
OUTCOMES = ("print.ok", "print.failed")


def without_paper(db: Database, day: str, statuses: tuple[str, ...]) -> list[dict[str, Any]]:
    """Tickets of `day` in `statuses` whose last print failed or never got an outcome.

    Counted, not ordered: a reprint's outcome may be written before its request event.
    Rows: id, number, pending (requests without an outcome), last_error (of the last failure).
    """
    marks = ", ".join("?" for _ in statuses)
    requests = ", ".join("?" for _ in REQUESTS)
    outcomes = ", ".join("?" for _ in OUTCOMES)
    found = rows(
        db.execute(
            f"""
            SELECT t.id, t.number,
                SUM(e.type IN ({requests})) - SUM(e.type IN ({outcomes})) AS pending,
                (SELECT CASE WHEN last.type = 'print.failed'
                        THEN COALESCE(json_extract(last.data, '$.error'), 'other') END
                   FROM events AS last
                  WHERE last.ticket_id = t.id AND last.type IN ({outcomes})
                  ORDER BY last.seq DESC LIMIT 1) AS last_error
              FROM tickets AS t JOIN events AS e ON e.ticket_id = t.id
             WHERE t.day = ? AND t.status IN ({marks})
             GROUP BY t.id
             ORDER BY MIN(e.seq)
            """,
            [*REQUESTS, *OUTCOMES, *OUTCOMES, day, *statuses],
        )
    )
    return [r for r in found if r["pending"] > 0 or r["last_error"] is not None]
