"""What a domain function needs to know about the centre: rules, catalogue, clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from centre.core.hours import OpeningHours
from centre.core.numbering import local_day
from centre.core.routing import counter_services
from kernel.catalogue import Catalogue
from kernel.clock import Clock
from kernel.plan_week import Target
from kernel.walk_in import WalkInPolicy


@dataclass
class CentreContext:
    """A centre's rules and collaborators; built once by the app factory."""

    id: str
    name: str
    tz: ZoneInfo
    hours: OpeningHours
    catalogue: Catalogue
    clock: Clock
    # counter id -> services it may serve (None: whatever its staff may serve)
    counters: dict[str, frozenset[str] | None] = field(default_factory=dict)
    # How long before its time a checked-in appointment is called first.
    appointment_lead: timedelta = timedelta(minutes=5)
    # [tax] scheduled of the config: when tax secondees are scheduled, used while central's
    # synced schedule is not known (centre/domain/tax_presence.py); None: not configured.
    tax_scheduled: OpeningHours | None = None
    # The staffing plan's service level and wait target ([plan]).
    plan: Target = field(default_factory=Target)
    # [walk_in]: per weekday the services the kiosk gives numbers for (reception gives any).
    walk_in: WalkInPolicy = field(default_factory=WalkInPolicy)

    def today(self) -> str:
        return local_day(self.clock.now(), self.tz).isoformat()

    def walk_in_today(self, service_id: str) -> bool:
        """Whether today's walk-in policy lets the kiosk give a number for the service."""
        weekday = self.clock.now().astimezone(self.tz).weekday()
        return self.walk_in.takes_walk_ins(weekday, service_id)

    def counter_services(self, counter: str, role: str) -> frozenset[str]:
        """Services a person with `role` may serve at `counter`."""
        return counter_services(self.catalogue, self.counters.get(counter), role)
