"""Storing generated history (kernel/history.py) in a centre's or central's `visits` table."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlite_utils import Database

from kernel import visit_store
from kernel.db import write_transaction
from kernel.history import ID_PREFIX, History, Weekly


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of short-lived dicts are made:
    none of them forms a cycle, and the collector's passes cost a third of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fill_visits(
    db: Database, history: History, centre: str, weekly: Weekly, first: date, last: date
) -> int:
    """Store the centre's generated facts of first..last in one transaction; how many were new
    (none when the same seed and days were stored before)."""
    with bulk(), write_transaction(db):
        return visit_store.add_many(db, centre, history.facts(centre, weekly, first, last))


def has_history(db: Database, centre: str) -> bool:
    """Whether the centre has generated visits stored (the demo fills them on its first start
    only; real visits do not count)."""
    return visit_store.count(db, centre, ID_PREFIX) > 0
