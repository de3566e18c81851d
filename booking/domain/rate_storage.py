"""A `limits` storage in the central database: every worker process counts in the same rows."""

from __future__ import annotations

import time
from collections.abc import Callable

from limits.storage import Storage
from sqlite_utils import Database

from booking.store import rate_counts
from kernel.db import DatabaseError, retrying, write_transaction

# The scheme the app names this storage by (Flask-Limiter builds its storage from a URI).
SCHEME = "enindgang-central-db"


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_counts` table, through the app's connections.

    The login throttle counts here always; Flask-Limiter's per-address booking limit too,
    unless `[central] rate_limit_storage` names another storage (e.g. Redis). Each hit is
    one write transaction, so parallel hits in any number of processes are all counted.
    Times are the wall clock's, as in every limits storage (the windows are real seconds)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        connection: Callable[[], Database] | None = None,
        **options: object,
    ) -> None:
        if connection is None:
            raise ValueError("DatabaseStorage needs the app's connection (storage_options)")
        self.connection = connection
        super().__init__(uri, wrap_exceptions)

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return DatabaseError

    @retrying
    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        db = self.connection()
        now = time.time()
        with write_transaction(db):
            return rate_counts.hit(db, key, amount, now, now + expiry)

    @retrying
    def decr(self, key: str, amount: int = 1) -> int:
        """Give back a count (the login throttle does, for a password that was right)."""
        db = self.connection()
        with write_transaction(db):
            return rate_counts.take_back(db, key, amount, time.time())

    def get(self, key: str) -> int:
        return rate_counts.count(self.connection(), key, time.time())

    def get_expiry(self, key: str) -> float:
        now = time.time()
        found = rate_counts.expiry(self.connection(), key, now)
        return now if found is None else found

    def check(self) -> bool:
        return True

    @retrying
    def reset(self) -> int | None:
        db = self.connection()
        with write_transaction(db):
            return rate_counts.clear_all(db)

    @retrying
    def clear(self, key: str) -> None:
        db = self.connection()
        with write_transaction(db):
            rate_counts.clear(db, key)


def storage_uri(configured: str | None) -> str:
    """The storage URI Flask-Limiter gets: the configured one, else this database's."""
    return configured or f"{SCHEME}://"


@retrying
def forget_expired(db: Database) -> int:
    """Delete the counters whose window is over (the background round does, hourly)."""
    with write_transaction(db):
        return rate_counts.forget_expired(db, time.time())
