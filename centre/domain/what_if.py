"""What if the staffing changed: the centre's day simulated as planned and with a manager's
changes (counters added or closed for a while), on the same arrivals and seed, as
`enindgang simulate` runs it without an arrivals file (`simulation.day_arrivals`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from centre.core.hours import OpeningHours, periods_on
from centre.core.numbering import appointment_letter
from centre.domain import tax_presence
from centre.domain.context import CentreContext
from centre.domain.simulation import day_arrivals, history
from centre.sim.draw import service_times
from centre.sim.engine import Centre, DayResult, simulate
from centre.sim.inputs import Shift, day_start, default_staff
from centre.sim.summary import figures, rows, targets

# Kept synchronous in the request: at most this many changes, and a day's arrivals beyond
# MAX_ARRIVALS (more than twice the busiest real day) are not simulated.
MAX_CHANGES = 5
MAX_ARRIVALS = 3000
ADD, CLOSE = "add", "close"
# The name an added counter has in the simulation ("extra-1" …); never a configured one.
EXTRA = "extra-{n}"


@dataclass(frozen=True)
class Change:
    """One counter more (`role`: staff or tax) or one counter closed (`counter`), from–to."""

    kind: str
    start: time
    end: time
    role: str | None = None
    counter: str | None = None


@dataclass(frozen=True)
class Scenario:
    """One simulated day: per ticket its row (centre.sim.summary.rows) and what became of it."""

    result: DayResult
    tickets: list[dict[str, Any]]

    def figures(self, goals: Mapping[str, float], service: str | None = None) -> dict[str, Any]:
        own = [t for t in self.tickets if service is None or t["service"] == service]
        refused = [r for r in self.result.refused if service in (None, r.arrival.service)]
        return {
            **figures(own, goals),
            "issued": len(own),
            "unserved": _unserved(own),
            "refused": len(refused),
        }

    def hour_waits(self, tz) -> dict[int, list[float]]:
        """Per local hour of arrival, the waits of those called."""
        found: dict[int, list[float]] = {}
        for ticket in self.tickets:
            hour = datetime.fromisoformat(ticket["arrived_at"]).astimezone(tz).hour
            waits = found.setdefault(hour, [])
            if ticket["actual_wait_minutes"] is not None:
                waits.append(ticket["actual_wait_minutes"])
        return found


@dataclass(frozen=True)
class Comparison:
    day: date
    seed: int
    arrivals: int
    # Where the walk-ins come from: simulation.FORECAST or DEFAULT (no walk-ins in the
    # history); `booked`: the check-ins for booked times of the replica among the arrivals.
    source: str
    booked: int
    planned: Scenario
    changed: Scenario
    targets: Mapping[str, float]


def _unserved(tickets: Sequence[Mapping[str, Any]]) -> int:
    return sum(1 for t in tickets if t["actual_wait_minutes"] is None)


def next_opening_day(hours: OpeningHours, today: date) -> date:
    """The first day after `today` the centre is open (within three weeks), else tomorrow."""
    for offset in range(1, 22):
        day = today + timedelta(days=offset)
        if periods_on(hours, day):
            return day
    return today + timedelta(days=1)


def with_changes(shifts: Sequence[Shift], changes: Sequence[Change], day: date, tz) -> list[Shift]:
    """The planned shifts, with the closed periods cut out and the added counters put in."""
    result = list(shifts)
    for number, change in enumerate(changes, start=1):
        start = datetime.combine(day, change.start, tz)
        end = datetime.combine(day, change.end, tz)
        if change.kind == ADD:
            counter = EXTRA.format(n=number)
            result.append(Shift(counter, change.role or "staff", start, end))
            continue
        cut = []
        for shift in result:
            if shift.counter != change.counter or shift.end <= start or shift.start >= end:
                cut.append(shift)
                continue
            if shift.start < start:
                cut.append(Shift(shift.counter, shift.role, shift.start, start))
            if shift.end > end:
                cut.append(Shift(shift.counter, shift.role, end, shift.end))
        result = cut
    return sorted(result, key=lambda s: (s.counter, s.start))


def compare(
    ctx: CentreContext,
    db: Database,
    day: date,
    seed: int,
    changes: Sequence[Change],
    letter: str | None = None,
) -> Comparison:
    """The day as planned (every counter staffed in opening hours, the tax counter by a tax
    secondee, or the tax desks by the day's secondee schedule: the CLI's default) and with
    `changes`, the same arrivals and the same seed."""
    past = history(db, ctx.id, day)
    schedule = tax_presence.day_schedule(db, ctx.tz, ctx.tax_scheduled, day, ctx.clock.now())
    today = date.fromisoformat(ctx.today())
    drawn = day_arrivals(db, ctx.id, ctx.catalogue, ctx.hours, day, today, seed, past.missed_shares)
    arrivals = drawn.arrivals[:MAX_ARRIVALS]
    centre = Centre(
        catalogue=ctx.catalogue,
        counters=ctx.counters,
        hours=ctx.hours,
        appointment_letter=letter or appointment_letter(ctx.catalogue, None),
        weights=past.weights,
        appointment_lead=ctx.appointment_lead,
        tax_scheduled=schedule.rota if schedule is not None else None,
    )
    planned = default_staff(
        ctx.counters,
        ctx.catalogue,
        ctx.hours,
        day,
        schedule.periods if schedule is not None else None,
    )
    times = service_times(past.service_seconds, ctx.catalogue)
    start = day_start(day, ctx.tz)

    def run(shifts: Sequence[Shift]) -> Scenario:
        result = simulate(centre, start, arrivals, shifts, times, seed, None, past.no_show_shares)
        return Scenario(result, rows(result, ctx.tz))

    return Comparison(
        day=day,
        seed=seed,
        arrivals=len(arrivals),
        source=drawn.source,
        booked=drawn.booked,
        planned=run(planned),
        changed=run(with_changes(planned, changes, day, ctx.tz)),
        targets=targets(ctx.catalogue),
    )
