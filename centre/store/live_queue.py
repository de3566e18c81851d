"""SQL the live wait estimate reads: the waiting tickets, the counters at work with their
current visit, and the last call of the day per service (reads only)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from kernel.db import rows

# What a predictor may know of a waiting ticket: no token, no booking code, no language.
_WAITING = """
SELECT id, number, service, arrived_at, priority, appointment_at, target_staff,
       target_counter, not_staff
FROM tickets WHERE status = 'waiting'
"""

# Every counter someone sits at (open, on a break or on phone duty), the person's role, and
# the visit at it: its service and since when it runs (the start, else the call).
_AT_WORK = """
SELECT c.id AS counter, c.staff AS staff, s.role AS role, c.state AS state,
       t.service AS service, COALESCE(t.started_at, t.called_at) AS busy_since
FROM counters c
JOIN staff s ON s.username = c.staff
LEFT JOIN tickets t ON t.id = c.ticket_id AND t.status IN ('called', 'serving')
WHERE c.state IN ('open', 'break', 'phone')
"""

# Per service, the ticket of the day first called last (SQLite takes the other columns from
# the row that has the MAX). Read through the (day, service, status) index.
_LAST_CALLED = """
SELECT service, arrived_at, appointment_at, MAX(first_called_at) AS first_called_at
FROM tickets
WHERE day = :day AND service IN (SELECT value FROM json_each(:services))
  AND first_called_at IS NOT NULL
GROUP BY service
"""


# One service's latest finished visits in minutes (julianday: no parsing in Python), read
# through the (service, status, finished_at) index; one such part per service, in one query.
_RECENT_VISITS = """
SELECT * FROM (
    SELECT service, (julianday(finished_at) - julianday(started_at)) * 1440.0 AS minutes
    FROM tickets WHERE service = ? AND status = 'done'
      AND started_at IS NOT NULL AND finished_at IS NOT NULL
    ORDER BY finished_at DESC LIMIT ?
)
"""


def waiting(db: Database) -> list[dict[str, Any]]:
    return rows(db.execute(_WAITING))


def counters_at_work(db: Database) -> list[dict[str, Any]]:
    return rows(db.execute(_AT_WORK))


def last_called(db: Database, day: str, services: Iterable[str]) -> list[dict[str, Any]]:
    """Per service asked for, its last first call of `day` with that ticket's arrival."""
    params = {"day": day, "services": json.dumps(sorted(set(services)))}
    return rows(db.execute(_LAST_CALLED, params))


def recent_visit_minutes(
    db: Database, services: Iterable[str], limit: int = 20
) -> dict[str, list[float]]:
    """Per service, the minutes of its latest `limit` finished visits (newest first), as
    `tickets.recent_service_minutes` reads them for one service, in one query for all."""
    wanted = sorted(set(services))
    found: dict[str, list[float]] = {service: [] for service in wanted}
    if not wanted:
        return found
    sql = " UNION ALL ".join([_RECENT_VISITS] * len(wanted))
    params = [value for service in wanted for value in (service, limit)]
    for service, minutes in db.execute(sql, params).fetchall():
        found[service].append(minutes)
    return found
