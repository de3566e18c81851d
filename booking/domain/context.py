"""What every booking service needs: config, clock, time zone, catalogue, holidays, cache."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from booking.config import BookingConfig
from booking.core.calendar import HolidayCalendar
from booking.store import setup as setup_store
from kernel.catalogue import Catalogue
from kernel.clock import Clock


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


@dataclass
class BookingContext:
    config: BookingConfig
    clock: Clock
    catalogue: Catalogue
    holidays: HolidayCalendar
    cache: SetupCache = field(default_factory=SetupCache)

    @classmethod
    def build(cls, config: BookingConfig, clock: Clock) -> BookingContext:
        return cls(
            config, clock, config.catalogue(), HolidayCalendar(config.holidays), SetupCache()
        )

    @property
    def tz(self) -> ZoneInfo:
        return self.config.tz

    def now(self) -> datetime:
        return self.clock.now()
