"""The cache of what is loaded from the setup, kept until the setup's version moves on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from booking.store import setup as setup_store

MAX_ENTRIES = 512


class SetupSnapshot:
    """The cache's entries for one setup version: look-ups that do not ask the database again,
    so one request reads the version once however many things it takes from the cache."""

    def __init__(self, version: int, entries: dict[tuple, Any], lock: threading.Lock) -> None:
        self.version = version
        self._entries = entries
        self._lock = lock

    def get(self, key: tuple, load: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                return self._entries[key]
        # Loaded after the version was read, so what is kept is never older than its version
        # (it may be newer: then the next request sees the newer version and drops it).
        found = load()
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                # Weeks without a change leave a calendar per day behind: start afresh
                # rather than stop keeping what is new.
                self._entries.clear()
            return self._entries.setdefault(key, found)


class SetupCache:
    """What is loaded from the setup (calendars, service rules, slot grids), kept until the
    setup changes.

    Every change to centres, services, staff or schedules bumps the setup version in the
    database in the change's own transaction, and every look-up starts by reading it, so the
    cache stays right across threads and worker processes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = -1
        self._entries: dict[tuple, Any] = {}

    def current(self, db: Database) -> SetupSnapshot:
        """The entries of the setup version the database has now."""
        version = setup_store.version(db)
        with self._lock:
            if version > self._version:
                self._version, self._entries = version, {}
            if version == self._version:
                return SetupSnapshot(version, self._entries, self._lock)
        # Older than what another thread has already seen: answer from a throwaway cache.
        return SetupSnapshot(version, {}, self._lock)

    def get(self, db: Database, key: tuple, load: Callable[[], Any]) -> Any:
        return self.current(db).get(key, load)
