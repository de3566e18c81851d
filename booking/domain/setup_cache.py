"""The cache of what is loaded from the setup, kept until the setup's version moves on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from booking.store import setup as setup_store


class SetupCache:
    """What is loaded from the setup (calendars, service rules), kept until the setup changes.

    Every change to centres, services, staff or schedules bumps the setup version in the
    database, so the cache stays right across threads and processes.
    """

    MAX_ENTRIES = 512

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = -1
        self._entries: dict[tuple, Any] = {}

    def get(self, db: Database, key: tuple, load: Callable[[], Any]) -> Any:
        version = setup_store.version(db)
        with self._lock:
            if version > self._version:
                self._version, self._entries = version, {}
            elif version == self._version and key in self._entries:
                return self._entries[key]
        found = load()
        with self._lock:
            # Kept only if nothing changed meanwhile (else a newer version owns the cache).
            if version == self._version and len(self._entries) < self.MAX_ENTRIES:
                self._entries[key] = found
        return found
