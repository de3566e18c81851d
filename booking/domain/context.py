"""What every booking service needs: config, clock, time zone, catalogue, holidays, caches."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from booking.config import BookingConfig
from booking.core.calendar import HolidayCalendar
from booking.core.local_text import LocalFormatter
from booking.domain.setup_cache import SetupCache
from kernel.catalogue import Catalogue
from kernel.clock import Clock


@dataclass
class BookingContext:
    config: BookingConfig
    clock: Clock
    catalogue: Catalogue
    holidays: HolidayCalendar
    cache: SetupCache = field(default_factory=SetupCache)
    local_text: LocalFormatter = field(init=False)

    def __post_init__(self) -> None:
        self.local_text = LocalFormatter(self.config.tz)

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
