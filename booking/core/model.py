"""Plain data the slot rules work on: services, staff calendars, policies and slots."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

# A half-open interval [start, end) of aware UTC datetimes.
Interval = tuple[datetime, datetime]
# A half-open interval of local wall-clock times on one day; time.max means midnight at the end.
Period = tuple[time, time]

STAFF_ROLES = ("staff", "tax")


@dataclass(frozen=True)
class ServiceRule:
    """How a service is booked: appointment length, buffer after it, who may handle it."""

    id: str
    minutes: int
    buffer: int = 0
    roles: frozenset[str] = frozenset({"staff"})

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    @property
    def block(self) -> timedelta:
        """The time a booking keeps its staff member busy: the appointment plus the buffer."""
        return timedelta(minutes=self.minutes + self.buffer)


@dataclass(frozen=True)
class StaffCalendar:
    """One bookable staff member: where, in which role, for what, and when they work."""

    id: str
    centre: str
    role: str
    services: frozenset[str]
    # weekday (0 = Monday) -> working periods in local time
    weekly: Mapping[int, tuple[Period, ...]] = field(default_factory=dict)
    # weekday -> recurring breaks in local time (lunch)
    breaks: Mapping[int, tuple[Period, ...]] = field(default_factory=dict)
    # days off, courses, illness: UTC intervals
    absences: tuple[Interval, ...] = ()
    # extra working periods on a given local date, on top of the weekly hours
    extra_days: Mapping[date, tuple[Period, ...]] = field(default_factory=dict)
    active: bool = True

    def qualifies(self, service: ServiceRule) -> bool:
        """May handle this service: listed for it, and in a role the service allows."""
        return self.active and service.id in self.services and self.role in service.roles


@dataclass(frozen=True)
class Policy:
    """A centre's booking window: minimum notice before a slot, and how far ahead."""

    min_notice: timedelta = timedelta(hours=2)
    horizon_days: int = 60


@dataclass(frozen=True)
class Slot:
    """A bookable time at a centre and the qualified staff members free for all of it."""

    centre: str
    start: datetime
    end: datetime
    staff: tuple[str, ...] = ()
