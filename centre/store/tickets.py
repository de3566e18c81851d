"""SQL for tickets and the daily number sequences."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from kernel.clock import parse_iso
from kernel.db import row, rows

TICKET_COLUMNS = [
    "id",
    "token",
    "day",
    "prefix",
    "seq",
    "number",
    "service",
    "status",
    "priority",
    "language",
    "source",
    "nonce",
    "created_at",
    "arrived_at",
    "called_at",
    "started_at",
    "finished_at",
    "counter",
    "staff",
    "target_staff",
    "target_counter",
    "call_count",
    "booking_code",
    "appointment_at",
    "not_staff",
    "first_called_at",
    # The wait shown at issue (migration m010): the predictor, its minutes, the range.
    "wait_predictor",
    "wait_estimate_minutes",
    "wait_shown_low",
    "wait_shown_high",
]


def next_sequence(db: Database, day: str, prefix: str) -> int:
    """The next number for a letter on a day; atomic inside the caller's write transaction."""
    cursor = db.execute(
        "INSERT INTO number_sequences (day, prefix, last) VALUES (?, ?, 1) "
        "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        [day, prefix],
    )
    return cursor.fetchone()[0]


def last_sequences(db: Database, day: str) -> dict[str, int]:
    """Per letter, the last number given on `day` (read only: what the next issue follows)."""
    cursor = db.execute("SELECT prefix, last FROM number_sequences WHERE day = ?", [day])
    return {prefix: last for prefix, last in cursor.fetchall()}


class Duplicate(Exception):
    """A ticket with this nonce or booking already exists (another writer came first)."""


def insert(db: Database, ticket: Mapping[str, Any]) -> None:
    columns = [c for c in TICKET_COLUMNS if c in ticket]
    try:
        db.execute(
            f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [ticket[c] for c in columns],
        )
    except sqlite3.IntegrityError as err:
        raise Duplicate(str(err)) from None


def update(db: Database, ticket_id: str, **fields: Any) -> None:
    unknown = set(fields) - set(TICKET_COLUMNS)
    if unknown:
        raise ValueError(f"unknown ticket columns {unknown}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE tickets SET {assignments} WHERE id = ?", [*fields.values(), ticket_id])


def get(db: Database, ticket_id: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM tickets WHERE id = ?", [ticket_id]))


def by_token(db: Database, token: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM tickets WHERE token = ?", [token]))


def by_nonce(db: Database, nonce: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM tickets WHERE nonce = ?", [nonce]))


def by_booking(db: Database, code: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM tickets WHERE booking_code = ?", [code]))


def by_number(db: Database, day: str, number: str) -> dict[str, Any] | None:
    return row(
        db.execute(
            "SELECT * FROM tickets WHERE day = ? AND number = ? ORDER BY created_at DESC",
            [day, number],
        )
    )


def with_status(db: Database, *statuses: str) -> list[dict[str, Any]]:
    marks = ", ".join("?" * len(statuses))
    return rows(
        db.execute(
            f"SELECT * FROM tickets WHERE status IN ({marks}) ORDER BY arrived_at, number",
            list(statuses),
        )
    )


# Per service, the first ticket of each queue call-next chooses from (untargeted walk-ins,
# priority and not, and appointments), read from the partial indexes of migration m006: a few
# index seeks per service, however many wait. The WHERE terms repeat the indexes' own; the
# last term skips the few tickets transferred "not to" this person (read by _NOT_TO_ME, as
# the routing rule may still give them to this person when nobody else can serve them).
_QUEUE_HEADS = """
WITH wanted(service) AS (SELECT value FROM json_each(:services))
SELECT (SELECT rowid FROM tickets WHERE status = 'waiting' AND appointment_at IS NULL
        AND target_counter IS NULL AND target_staff IS NULL
        AND service = wanted.service AND priority = 1
        AND (not_staff IS NULL OR not_staff != :staff)
        ORDER BY arrived_at, number LIMIT 1) FROM wanted
UNION ALL
SELECT (SELECT rowid FROM tickets WHERE status = 'waiting' AND appointment_at IS NULL
        AND target_counter IS NULL AND target_staff IS NULL
        AND service = wanted.service AND priority = 0
        AND (not_staff IS NULL OR not_staff != :staff)
        ORDER BY arrived_at, number LIMIT 1) FROM wanted
UNION ALL
SELECT (SELECT rowid FROM tickets WHERE status = 'waiting' AND appointment_at IS NOT NULL
        AND target_counter IS NULL AND target_staff IS NULL
        AND service = wanted.service
        AND (not_staff IS NULL OR not_staff != :staff)
        ORDER BY appointment_at, arrived_at, number LIMIT 1) FROM wanted
"""
# Tickets sent to one counter or person: few, so all of them.
_SENT_TO = """
SELECT rowid FROM tickets WHERE status = 'waiting'
    AND (target_counter IS NOT NULL OR target_staff IS NOT NULL)
    AND (target_counter = :counter OR target_staff = :staff)
    AND (target_counter IS NULL OR target_counter = :counter)
    AND (target_staff IS NULL OR target_staff = :staff)
"""
# Tickets this person transferred "not to me" that still wait: few, so all of them.
_NOT_TO_ME = """
SELECT rowid FROM tickets WHERE not_staff = :staff AND status = 'waiting'
"""


def call_candidates(
    db: Database, services: Iterable[str], counter: str, staff: str
) -> list[dict[str, Any]]:
    """The waiting tickets call-next chooses among: the head of each service's queue (by
    arrival, which within one service is also the order of weighted wait) and every ticket
    sent to this counter or person, or transferred by this person "not to me". The routing
    rule picks one; the rest of the queue could never come first, so it is not read."""
    params = {"services": json.dumps(sorted(services)), "counter": counter, "staff": staff}
    return rows(
        db.execute(
            "SELECT * FROM tickets WHERE rowid IN "
            f"({_QUEUE_HEADS} UNION ALL {_SENT_TO} UNION ALL {_NOT_TO_ME}) "
            "ORDER BY arrived_at, number",
            params,
        )
    )


def waiting_counts(db: Database) -> dict[str, int]:
    cursor = db.execute(
        "SELECT service, COUNT(*) FROM tickets WHERE status = 'waiting' GROUP BY service"
    )
    return {service: count for service, count in cursor.fetchall()}


def waiting_count(db: Database, service: str) -> int:
    cursor = db.execute(
        "SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND service = ?", [service]
    )
    return cursor.fetchone()[0]


def waiting_priority_count(db: Database, service: str) -> int:
    """Priority tickets of a service still waiting (counted in SQL, not read into Python)."""
    cursor = db.execute(
        "SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND service = ? AND priority != 0",
        [service],
    )
    return cursor.fetchone()[0]


def ahead_of(db: Database, ticket: Mapping[str, Any]) -> int:
    """Waiting tickets of the same service that go before this one (priority, then arrival)."""
    cursor = db.execute(
        "SELECT COUNT(*) FROM tickets WHERE status = 'waiting' AND service = ? AND id != ? "
        "AND (priority > ? OR (priority = ? AND (arrived_at < ? "
        "OR (arrived_at = ? AND number < ?))))",
        [
            ticket["service"],
            ticket["id"],
            ticket["priority"],
            ticket["priority"],
            ticket["arrived_at"],
            ticket["arrived_at"],
            ticket["number"],
        ],
    )
    return cursor.fetchone()[0]


def recent_service_minutes(db: Database, service: str, limit: int = 20) -> list[float]:
    """Durations (minutes) of the latest finished visits of a service, oldest first."""
    cursor = db.execute(
        "SELECT started_at, finished_at FROM tickets WHERE service = ? AND status = 'done' "
        "AND started_at IS NOT NULL AND finished_at IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT ?",
        [service, limit],
    )
    durations = []
    for started, finished in cursor.fetchall():
        minutes = (parse_iso(finished) - parse_iso(started)).total_seconds() / 60
        durations.append(minutes)
    return list(reversed(durations))


def recent_calls(db: Database, limit: int = 8) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT * FROM tickets WHERE called_at IS NOT NULL AND counter IS NOT NULL "
            "AND status IN ('called', 'serving') ORDER BY called_at DESC LIMIT ?",
            [limit],
        )
    )


def parked_at(db: Database, counter: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT * FROM tickets WHERE status = 'parked' AND counter = ? ORDER BY called_at",
            [counter],
        )
    )


def count_today(db: Database, day: str) -> dict[str, int]:
    cursor = db.execute("SELECT status, COUNT(*) FROM tickets WHERE day = ? GROUP BY status", [day])
    return {status: count for status, count in cursor.fetchall()}
