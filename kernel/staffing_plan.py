"""Counters needed per hour of a week from forecast walk-ins and booked times, beside those staffed.

Pure: no SQL, no clock. Per hour the walk-ins of all services are pooled into one Erlang C
queue: arrivals summed, the service time their arrival-weighted mean (so the load is the sum of
the services' loads) and the target the strictest target of the services expected that hour.
Why pooled and not per service: at a centre most counters serve most services from one queue,
and planning each service alone would round every small service up to a whole counter and count
the same person several times; the strictest target keeps the plan on the safe side.
Booked appointments are called at their time and do not queue: each takes a counter for its
length, so an hour's booked minutes / 60, rounded up, are added to the walk-in counters.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from kernel.erlang import agents_needed, load_erlangs

Slot = tuple[date, int]


@dataclass(frozen=True)
class HourPlan:
    """One local hour of the plan."""

    day: date
    hour: int
    walk_ins: float
    load_erlangs: float
    # None: more than the calculator answers (kernel.erlang.MAX_AGENTS).
    walk_in_counters: int | None
    booked_minutes: float
    booked_counters: int
    staffed: float

    @property
    def needed(self) -> int | None:
        if self.walk_in_counters is None:
            return None
        return self.walk_in_counters + self.booked_counters

    @property
    def short(self) -> float:
        """Counters missing (0 when enough are staffed; all of the need when beyond reach)."""
        if self.needed is None:
            return math.inf
        return max(0.0, round(self.needed - self.staffed, 2))


def walk_in_need(
    arrivals: Mapping[str, float],
    service_seconds: Mapping[str, float],
    target_seconds: Mapping[str, float],
    level: float,
) -> tuple[float, float, int | None]:
    """(arrivals, load in Erlangs, counters) of one hour's walk-ins pooled across services."""
    expected = {s: a for s, a in arrivals.items() if a > 0}
    total = sum(expected.values())
    if total == 0:
        return 0.0, 0.0, 0
    mean_seconds = sum(a * service_seconds[s] for s, a in expected.items()) / total
    target = min(target_seconds[s] for s in expected)
    return (
        total,
        load_erlangs(total, mean_seconds),
        agents_needed(total, mean_seconds, target, level),
    )


def booked_counters(minutes: float) -> int:
    """Counters the booked minutes of an hour take (a little float noise is not a counter)."""
    return math.ceil(round(minutes / 60.0, 6))


def plan_hours(
    slots: Iterable[Slot],
    walk_ins: Mapping[tuple[date, int, str], float],
    booked_minutes: Mapping[Slot, float],
    staffed: Mapping[Slot, float],
    service_seconds: Mapping[str, float],
    target_seconds: Mapping[str, float],
    level: float,
) -> list[HourPlan]:
    """The plan of the given hours and of every hour with walk-ins, bookings or staff, in
    order of day and hour."""
    by_slot: dict[Slot, dict[str, float]] = defaultdict(dict)
    for (day, hour, service), count in walk_ins.items():
        by_slot[day, hour][service] = count
    every = set(slots) | set(by_slot) | set(booked_minutes) | set(staffed)
    found = []
    for day, hour in sorted(every):
        arrivals, load, counters = walk_in_need(
            by_slot.get((day, hour), {}), service_seconds, target_seconds, level
        )
        minutes = booked_minutes.get((day, hour), 0.0)
        found.append(
            HourPlan(
                day,
                hour,
                arrivals,
                load,
                counters,
                minutes,
                booked_counters(minutes),
                staffed.get((day, hour), 0.0),
            )
        )
    return found


def minutes_per_hour(spans: Iterable[tuple[datetime, datetime]], tz: tzinfo) -> dict[Slot, float]:
    """Minutes of the (aware) spans in each local (day, hour), summed over the spans: a person
    at work 09:00-12:30 gives 60, 60, 60, 30."""
    found: dict[Slot, float] = defaultdict(float)
    for start, end in spans:
        moment = start
        while moment < end:
            local = moment.astimezone(tz)
            hour_end = local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            # Whole hours in UTC steps: a daylight-saving change cannot skip or repeat one.
            stop = min(end, moment + (hour_end - local))
            found[local.date(), local.hour] += (stop - moment).total_seconds() / 60.0
            moment = stop
    return dict(found)
