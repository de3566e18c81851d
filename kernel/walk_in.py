"""Walk-in and appointment days: per weekday, which services a centre gives numbers for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALL, NONE = "all", "none"


@dataclass(frozen=True)
class WalkInPolicy:
    """Per weekday (Monday 0) the services that take walk-ins; a weekday not listed takes
    walk-ins for every service (a service the catalogue books only is never a walk-in)."""

    days: Mapping[int, frozenset[str] | None] = field(default_factory=dict)

    def takes_walk_ins(self, weekday: int, service_id: str) -> bool:
        allowed = self.days.get(weekday)
        return allowed is None or service_id in allowed

    def services_named(self) -> frozenset[str]:
        return frozenset(s for allowed in self.days.values() if allowed for s in allowed)

    def as_spec(self) -> dict[str, str | list[str]]:
        """The config's syntax again (for the demo's centre configs)."""
        return {
            WEEKDAYS[day]: ALL if allowed is None else (sorted(allowed) or NONE)
            for day, allowed in sorted(self.days.items())
        }


def parse(spec: object, where: str) -> WalkInPolicy:
    """{ monday = "all", tuesday = "none", wednesday = ["moving", "health_card"] }: "none" is an
    appointment-only day, a list names the only services that take walk-ins that day.
    ValueError names `where` and the day."""
    if spec is None:
        return WalkInPolicy()
    if not isinstance(spec, Mapping):
        raise ValueError(f'{where} walk_in must be a table like {{ tuesday = "none" }}')
    days: dict[int, frozenset[str] | None] = {}
    for name, value in spec.items():
        if name not in WEEKDAYS:
            raise ValueError(f"{where} walk_in has no weekday {name!r}")
        if value == ALL:
            days[WEEKDAYS.index(name)] = None
        elif value == NONE:
            days[WEEKDAYS.index(name)] = frozenset()
        elif isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            days[WEEKDAYS.index(name)] = frozenset(value)
        else:
            raise ValueError(
                f'{where} walk_in.{name} must be "all", "none" or a list of service ids'
            )
    return WalkInPolicy(days)
