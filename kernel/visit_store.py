"""SQL for visit facts, the same table at a centre (its own) and at central (every centre's)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from kernel.visit_facts import FIELDS

SCHEMA = """
CREATE TABLE visits (
    centre TEXT NOT NULL,
    id TEXT NOT NULL,
    at TEXT NOT NULL,
    day TEXT NOT NULL,
    hour INTEGER NOT NULL,
    weekday INTEGER NOT NULL,
    service TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    handed_to TEXT,
    task TEXT NOT NULL,
    administration TEXT NOT NULL,
    level INTEGER NOT NULL,
    tasks TEXT NOT NULL,
    wait_seconds INTEGER,
    service_seconds INTEGER,
    -- Kept in day order: a report reads a range of days as one run of pages.
    PRIMARY KEY (day, centre, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX visits_once ON visits (centre, id);
"""

# The wait range the kiosk showed, added by a later migration on both sides (SCHEMA above is
# the table as it was first created, so that old migrations stay what they were).
ADD_WAIT_SHOWN = """
ALTER TABLE visits ADD COLUMN wait_shown_low INTEGER;
ALTER TABLE visits ADD COLUMN wait_shown_high INTEGER;
"""

COLUMNS = ("centre", *FIELDS)
_INSERT = (
    f"INSERT INTO visits ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    " ON CONFLICT (centre, id) DO NOTHING"
)


_TASKS = FIELDS.index("tasks")
_fields = itemgetter(*FIELDS)


@lru_cache(maxsize=4096)
def _tasks_text(tasks: tuple[str, ...]) -> str:
    # The same few task lists come again and again: encoding each anew was a third of the
    # time of storing a generated year (kernel/history.py).
    return json.dumps(list(tasks), ensure_ascii=False)


def _values(centre: str, fact: Mapping[str, Any]) -> list[Any]:
    values = [centre, *_fields(fact)]
    values[_TASKS + 1] = _tasks_text(tuple(values[_TASKS + 1]))
    return values


def add(db: Database, centre: str, fact: Mapping[str, Any]) -> bool:
    """Store one fact; a fact already there (a repeated upload) is kept as it was."""
    return db.execute(_INSERT, _values(centre, fact)).rowcount == 1


def add_many(db: Database, centre: str, facts: Iterable[Mapping[str, Any]]) -> int:
    """Store many facts; how many were new (those already there are kept as they were)."""
    return db.conn.executemany(_INSERT, (_values(centre, f) for f in facts)).rowcount


def count(db: Database, centre: str | None = None, id_prefix: str | None = None) -> int:
    """Facts stored, of one centre, whose id starts with `id_prefix` (generated history)."""
    sql, where, args = "SELECT COUNT(*) FROM visits", [], []
    if centre is not None:
        where, args = [*where, "centre = ?"], [*args, centre]
    if id_prefix is not None:
        # A range on the key instead of LIKE: the unique index (centre, id) answers it.
        where, args = [*where, "id >= ? AND id < ?"], [*args, id_prefix, id_prefix + "\uffff"]
    if where:
        sql += " WHERE " + " AND ".join(where)
    return db.execute(sql, args).fetchone()[0]


def between(
    db: Database, first_day: str, last_day: str, centre: str | None = None
) -> list[dict[str, Any]]:
    """Every fact of the local days first_day..last_day (inclusive), optionally one centre's."""
    sql = f"SELECT {', '.join(COLUMNS)} FROM visits WHERE day >= ? AND day <= ?"
    args: list[Any] = [first_day, last_day]
    if centre is not None:
        sql += " AND centre = ?"
        args.append(centre)
    cursor = db.execute(sql, args)
    found = []
    for values in cursor.fetchall():
        fact = dict(zip(COLUMNS, values, strict=True))
        fact["tasks"] = json.loads(fact["tasks"])
        found.append(fact)
    return found


# What a report may group by in SQL: a column, or the outcome (the status when not served).
SUM_KEYS = {
    "administration": "administration",
    "centre": "centre",
    "service": "service",
    "task": "task",
    "level": "level",
    "channel": "channel",
    "hour": "hour",
    "weekday": "weekday",
    "day": "day",
    "month": "substr(day, 1, 7)",
    # The ISO week is the week of its Thursday: its year, and its day of the year over 7.
    "week": (
        "strftime('%Y', day, '-3 days', 'weekday 4') || '-W' ||"
        " printf('%02d', (CAST(strftime('%j', day, '-3 days', 'weekday 4') AS INTEGER) - 1)"
        " / 7 + 1)"
    ),
    "outcome": "CASE WHEN status = 'served' THEN outcome ELSE status END",
    "passed_to": "COALESCE(handed_to, '')",
}
# PostgreSQL has no strftime: its ISO year and week.
_PG_WEEK = "to_char(CAST(day AS DATE), 'IYYY-\"W\"IW')"


def _key(db: Database, key: str) -> str:
    if key == "week" and getattr(db, "dialect", "") == "postgresql":
        return _PG_WEEK
    return SUM_KEYS[key]


def _where(first_day: str, last_day: str, centre: str | None) -> tuple[str, list[Any]]:
    sql, args = " WHERE day >= ? AND day <= ?", [first_day, last_day]
    if centre is not None:
        sql, args = sql + " AND centre = ?", [*args, centre]
    return sql, args


# A visit called after being shown a wait range (kernel/reports.py: the shown-wait figures).
_SHOWN = (
    "(status != 'missed' AND wait_seconds IS NOT NULL"
    " AND wait_shown_low IS NOT NULL AND wait_shown_high IS NOT NULL)"
)


def _count(condition: str) -> str:
    # CASE, not SUM of the comparison: PostgreSQL does not add up booleans.
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def sums(
    db: Database,
    key: str,
    first_day: str,
    last_day: str,
    targets: Mapping[str, float],
    centre: str | None = None,
) -> list[tuple[Any, ...]]:
    """Per key (SUM_KEYS), the counts kernel.reports.SUMS names, in that order; a wait is
    within target when at most the service's `targets` seconds (15 minutes if unnamed)."""
    target = "CASE service " + " ".join("WHEN ? THEN ?" for _ in targets) + " ELSE 900 END"
    target_args = [v for pair in targets.items() for v in pair]
    where, args = _where(first_day, last_day, centre)
    counted = [
        "status != 'missed'",
        "status = 'served'",
        "status = 'no_show'",
        "status = 'voided'",
        "status != 'missed' AND channel = 'appointment'",
        "status = 'missed'",
        "status = 'served' AND outcome = 'handed_over'",
        f"status != 'missed' AND wait_seconds <= {target}",
    ]
    timed = _count("status = 'served' AND service_seconds IS NOT NULL")
    shown = [
        _SHOWN,
        f"{_SHOWN} AND wait_seconds BETWEEN wait_shown_low * 60 AND wait_shown_high * 60",
        f"{_SHOWN} AND wait_seconds > wait_shown_high * 60",
    ]
    sql = (
        f"SELECT {_key(db, key)} AS k, {', '.join(map(_count, counted))},"
        " SUM(CASE WHEN status = 'served' THEN service_seconds END),"
        f" {timed},"
        f" {', '.join(map(_count, shown))},"
        f" SUM(CASE WHEN {_SHOWN} THEN"
        " ABS(2 * wait_seconds - 60 * (wait_shown_low + wait_shown_high)) END)"
        f" FROM visits{where} GROUP BY k"
    )
    return db.execute(sql, [*target_args, *args]).fetchall()


def waits(
    db: Database, key: str, first_day: str, last_day: str, centre: str | None = None
) -> list[tuple[Any, int, int]]:
    """(key, wait in seconds, how many visits waited that long) of the visits called."""
    where, args = _where(first_day, last_day, centre)
    sql = (
        f"SELECT {_key(db, key)} AS k, wait_seconds, COUNT(*) FROM visits{where}"
        " AND status != 'missed' AND wait_seconds IS NOT NULL GROUP BY k, wait_seconds"
    )
    return db.execute(sql, args).fetchall()


WALK_IN_CHANNELS = ("kiosk", "reception")


def walk_ins_by_hour(
    db: Database, centre: str, first_day: str, last_day: str
) -> list[tuple[str, int, str, int]]:
    """(day, hour, service, walk-ins) of one centre's local days first_day..last_day: visits
    that came by kiosk or reception (not appointments), whatever became of them."""
    sql = (
        "SELECT day, hour, service, COUNT(*) FROM visits"
        " WHERE day >= ? AND day <= ? AND centre = ? AND channel IN (?, ?)"
        " GROUP BY day, hour, service"
    )
    return db.execute(sql, [first_day, last_day, centre, *WALK_IN_CHANNELS]).fetchall()


def mean_service_seconds(
    db: Database, centre: str, first_day: str, last_day: str
) -> dict[str, float]:
    """Per service, the mean service time in seconds of the centre's served visits."""
    sql = (
        "SELECT service, AVG(service_seconds) FROM visits"
        " WHERE day >= ? AND day <= ? AND centre = ? AND status = 'served'"
        " AND service_seconds IS NOT NULL GROUP BY service"
    )
    return dict(db.execute(sql, [first_day, last_day, centre]).fetchall())
