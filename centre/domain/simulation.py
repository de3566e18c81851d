"""What a simulated day takes from the centre's database: the manager's routing weights, the
visit history (service times, no-show shares, the walk-in forecast) and the booked times of
the booking replica; the CLI and the what-if page draw a day's arrivals here alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from centre.core.hours import OpeningHours
from centre.domain.staff_plan import open_hours_of
from centre.sim.draw import booked_arrivals, default_profile, draw_arrivals, forecast_profile
from centre.sim.inputs import Arrival
from centre.store import replica
from centre.store import settings as settings_store
from kernel import forecast, plan_week, visit_store
from kernel.catalogue import Catalogue
from kernel.clock import iso, parse_iso

# The weeks before the day whose visits give the service times and the no-show and missed
# shares (the forecast reads its own weeks: kernel/plan_week.py).
HISTORY_WEEKS = 8
FORECAST, DEFAULT = "forecast", "default"


@dataclass(frozen=True)
class SimulationHistory:
    weights: Mapping[str, float]
    # service -> seconds at the counter of each served visit
    service_seconds: Mapping[str, list[int]]
    # Every visit fact of the HISTORY_WEEKS weeks before the day.
    facts: list[dict[str, Any]]
    # service -> share of the citizens called who did not come (no_show of served + no_show)
    no_show_shares: Mapping[str, float] = field(default_factory=dict)
    # service -> share of the booked times nobody checked in for (missed of all booked)
    missed_shares: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class DayArrivals:
    """A day's arrivals when no file gives them: walk-ins drawn from the forecast (`source`
    FORECAST) or, with no walk-ins in the history, from the default profile (DEFAULT), and a
    check-in for every booked time of the replica."""

    arrivals: list[Arrival]
    source: str
    walk_ins: int
    booked: int


def history(db: Database, centre: str, day: date) -> SimulationHistory:
    """The weights and the last HISTORY_WEEKS weeks of visits before `day`."""
    first, last = day - timedelta(weeks=HISTORY_WEEKS), day - timedelta(days=1)
    facts = visit_store.between(db, first.isoformat(), last.isoformat(), centre)
    seconds: dict[str, list[int]] = {}
    called: dict[str, list[bool]] = {}
    booked: dict[str, list[bool]] = {}
    for fact in facts:
        if fact["channel"] == "appointment":
            booked.setdefault(fact["service"], []).append(fact["status"] == "missed")
        if fact["status"] == "served" and fact["service_seconds"]:
            seconds.setdefault(fact["service"], []).append(fact["service_seconds"])
        if fact["status"] in ("served", "no_show"):
            called.setdefault(fact["service"], []).append(fact["status"] == "no_show")
    # The same weights call-next reads (centre/domain/counter/calling.py).
    # In a fixed order, so resampling with a seed draws the same times whatever the SQL order.
    ordered = {service: sorted(times) for service, times in sorted(seconds.items())}
    return SimulationHistory(
        settings_store.weights(db), ordered, facts, _shares(called), _shares(booked)
    )


def _shares(seen: Mapping[str, list[bool]]) -> dict[str, float]:
    """Per service, the share of True."""
    return {service: sum(flags) / len(flags) for service, flags in sorted(seen.items())}


def _booked(
    db: Database, day: date, hours: OpeningHours, known: set[str]
) -> list[tuple[datetime, str]]:
    """(booked time, service) of the day's confirmed bookings in the replica."""
    start = datetime.combine(day, time(0), hours.tz)
    found = replica.between(db, iso(start), iso(start + timedelta(days=1)))
    return [
        (parse_iso(b["start_at"]), b["service"])
        for b in found
        if b["status"] == "confirmed" and b["service"] in known
    ]


def day_arrivals(
    db: Database | None,
    centre: str,
    catalogue: Catalogue,
    hours: OpeningHours,
    day: date,
    today: date,
    seed: int,
    missed: Mapping[str, float] | None = None,
) -> DayArrivals:
    """Walk-ins as a Poisson stream per service and hour at `kernel.forecast`'s forecast for
    `day` (the plan's forecast: from the weeks before the day's week, or before this week for
    a later week; holidays closed), or at the default profile when the history has no walk-ins
    (or there is no database); plus the replica's booked times of the day, checking in early,
    but for a share `missed` per service (the history's `missed_shares`) who never come."""
    counts: dict[tuple[date, int, str], float] = {}
    booked: list[tuple[datetime, str]] = []
    origin = plan_week.origin_for(day - timedelta(days=day.weekday()), today)
    if db is not None:
        first, last = plan_week.history_days(origin)
        rows = visit_store.walk_ins_by_hour(db, centre, first, last)
        counts = {(date.fromisoformat(d), h, s): float(n) for d, h, s, n in rows}
        booked = _booked(db, day, hours, {s.id for s in catalogue.services})
    if counts:
        predicted = forecast.forecast(
            counts, origin, [day], open_hours_of(hours), plan_week.SETTINGS
        )
        profile, source = forecast_profile(predicted.arrivals, day), FORECAST
    else:
        profile, source = default_profile(catalogue, hours, day), DEFAULT
    walk_ins = draw_arrivals(profile, hours, day, seed)
    checked_in = booked_arrivals(booked, seed, missed)
    every = sorted([*walk_ins, *checked_in], key=lambda a: (a.at, a.service))
    return DayArrivals(every, source, len(walk_ins), len(checked_in))
