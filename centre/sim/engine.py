"""The simulated day: SimPy runs the kiosk and the counters; `centre.core` decides.

Who is called next is `centre.core.routing.pick_next` over the heads of each service's queue
(as `centre/store/tickets.py` `call_candidates` hands them to the real call-next), which
services a person may serve is `counter_services`, and whether the kiosk gives a walk-in a
number is `centre.core.hours.check_can_issue` with the wait of `centre.core.waits`."""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import simpy

from centre.core.errors import QueueError
from centre.core.hours import OpeningHours, check_can_issue
from centre.core.numbering import format_number
from centre.core.routing import APPOINTMENT_LEAD, Candidate, counter_services, pick_next
from centre.core.tax_presence import TAX_ROLE, Rota, refused_services, tax_only_services
from centre.core.waits import average_service_minutes, estimate_wait_minutes
from centre.sim.inputs import Arrival, Shift
from kernel.catalogue import Catalogue

# A SimPy process: it yields the events it waits for.
Process = Generator[simpy.Event, object, None]
# Draws a service time in seconds for a service, from the simulation's own random stream.
ServiceTimes = Callable[[str, random.Random], float]
# How long a counter spends on a citizen who does not come when called before it calls the
# next. The product has no timer for it: staff call, may call again ("recall"), then press
# "No-show"; two minutes stands for that.
NO_SHOW_WAIT = timedelta(minutes=2)


@dataclass
class SimTicket:
    """A ticket of the simulated day and what became of it."""

    number: str
    service: str
    arrived_at: datetime
    appointment_at: datetime | None
    service_seconds: float
    priority: bool = False
    # Does not come when called (drawn at issue, so the same citizens whatever the staffing).
    no_show: bool = False
    called_at: datetime | None = None
    counter: str | None = None
    candidate: Candidate = field(init=False)

    def __post_init__(self) -> None:
        self.candidate = Candidate(
            id=self.number,
            service=self.service,
            arrived_at=self.arrived_at,
            priority=self.priority,
            number=self.number,
            due_at=self.appointment_at,
        )


@dataclass(frozen=True)
class CounterView:
    """A staffed counter at a ticket issue: who sits there, what they serve, when they are
    free (None: free now)."""

    counter: str
    role: str
    services: frozenset[str]
    free_at: datetime | None
    # The call of its current visit and that visit's service (what the product knows of it,
    # unlike `free_at`), and when the person there stops calling.
    busy_since: datetime | None = None
    serving: str | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class IssueView:
    """The queue as the kiosk sees it when it issues `ticket`: what a wait predictor gets."""

    now: datetime
    ticket: SimTicket
    # Those of the same service waiting before this one.
    people_ahead: int
    waiting: tuple[SimTicket, ...]
    counters: tuple[CounterView, ...]
    # Per service, the wait in minutes of the last citizen called.
    last_wait_minutes: Mapping[str, float]
    avg_service_minutes: float
    # Per service, the recent mean visit as the kiosk's estimate takes it.
    service_minutes: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    """An arrival the kiosk gave no number, with the product's code (closed, closing_soon,
    appointment_required, no_tax_secondee)."""

    arrival: Arrival
    code: str


@dataclass
class DayResult:
    tickets: list[SimTicket]
    refused: list[Refusal]
    # (counter, ticket number) in the order the calls were made.
    calls: list[tuple[str, str]]


@dataclass(frozen=True)
class Centre:
    """What of the centre's config the simulation needs."""

    catalogue: Catalogue
    counters: Mapping[str, frozenset[str] | None]
    hours: OpeningHours
    appointment_letter: str
    weights: Mapping[str, float] = field(default_factory=dict)
    appointment_lead: timedelta = APPOINTMENT_LEAD
    # When secondees are scheduled: central's synced schedule or the config's [tax] scheduled
    # (None: the kiosk never refuses a tax decision).
    tax_scheduled: Rota | None = None


class _Queue:
    """The waiting tickets: per service, priority and other walk-ins each in arrival order, and
    appointments by time (the three queue heads `call_candidates` reads in the product)."""

    def __init__(self) -> None:
        self.walk_ins: dict[tuple[str, bool], deque[SimTicket]] = {}
        self.booked: dict[str, list[tuple[datetime, datetime, str, SimTicket]]] = {}
        self.count: dict[str, int] = {}
        self.priority_count: dict[str, int] = {}

    def add(self, ticket: SimTicket) -> None:
        self.count[ticket.service] = self.count.get(ticket.service, 0) + 1
        if ticket.priority:
            self.priority_count[ticket.service] = self.priority_count.get(ticket.service, 0) + 1
        if ticket.appointment_at is None:
            self.walk_ins.setdefault((ticket.service, ticket.priority), deque()).append(ticket)
        else:
            key = (ticket.appointment_at, ticket.arrived_at, ticket.number, ticket)
            heapq.heappush(self.booked.setdefault(ticket.service, []), key)

    def heads(self, services: frozenset[str]) -> list[SimTicket]:
        """The first of each queue: nobody behind them could be called first."""
        found = []
        for service in services:
            for priority in (True, False):
                if self.walk_ins.get((service, priority)):
                    found.append(self.walk_ins[service, priority][0])
            if self.booked.get(service):
                found.append(self.booked[service][0][3])
        return found

    def take(self, ticket: SimTicket) -> None:
        self.count[ticket.service] -= 1
        if ticket.priority:
            self.priority_count[ticket.service] -= 1
        if ticket.appointment_at is None:
            self.walk_ins[ticket.service, ticket.priority].popleft()
        else:
            heapq.heappop(self.booked[ticket.service])

    def all(self) -> list[SimTicket]:
        every = [t for q in self.walk_ins.values() for t in q]
        every += [entry[3] for q in self.booked.values() for entry in q]
        return sorted(every, key=lambda t: (t.arrived_at, t.number))


class _Day:
    def __init__(
        self,
        centre: Centre,
        start: datetime,
        service_times: ServiceTimes,
        seed: int,
        on_issue: Callable[[IssueView], None] | None,
        no_shows: Mapping[str, float],
    ) -> None:
        self.centre, self.start = centre, start
        self.rng = random.Random(f"service-times:{seed}")
        # Its own stream, so the no-shows do not change who draws which service time.
        self.no_show_rng = random.Random(f"no-shows:{seed}")
        self.service_times, self.on_issue, self.no_shows = service_times, on_issue, no_shows
        self.env = simpy.Environment()
        self.queue = _Queue()
        self.wakeup = self.env.event()
        self.sequences: dict[str, int] = {}
        self.durations: dict[str, list[float]] = {}
        self.last_wait: dict[str, float] = {}
        # counter -> (role, services, busy until or None)
        self.seated: dict[str, tuple[str, frozenset[str], datetime | None]] = {}
        # counter -> (its person's shift end, the current visit's call and service, if any)
        self.shift_end: dict[str, datetime] = {}
        self.current: dict[str, tuple[datetime, str]] = {}
        self.result = DayResult([], [], [])
        self.tax_services = tax_only_services(centre.catalogue)

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.env.now)

    def at(self, moment: datetime) -> float:
        return max(0.0, (moment - self.start).total_seconds())

    def arrivals(self, arrivals: Sequence[Arrival]) -> Process:
        for arrival in arrivals:
            yield self.env.timeout(max(0.0, self.at(arrival.at) - self.env.now))
            self.arrive(arrival)

    def serving(self, service: str) -> int:
        """Counters open to serve `service` now (busy or not), as the kiosk counts them."""
        return sum(1 for _, served, _ in self.seated.values() if service in served)

    def arrive(self, arrival: Arrival) -> None:
        catalogue = self.centre.catalogue
        service = catalogue.service(arrival.service)
        now = self.now()
        booked = arrival.appointment_at is not None
        # A check-in's ticket never has priority (`centre.domain.checkins`).
        priority = arrival.priority and not booked
        # As `centre.domain.tickets`: a priority ticket has only the priority ones before it.
        counts = self.queue.priority_count if priority else self.queue.count
        ahead = counts.get(service.id, 0)
        avg = average_service_minutes(self.durations.get(service.id, []), service.service_minutes)
        if not booked:
            try:
                if service.requires_appointment:
                    raise QueueError("appointment_required")
                # Only reception gives priority, and the kiosk's closing-time and tax-secondee
                # refusals are the kiosk's alone (`issue_ticket` with source "reception").
                if not priority:
                    wait = estimate_wait_minutes(ahead, avg, self.serving(service.id))
                    check_can_issue(self.centre.hours, now, wait, service.service_minutes)
                    if service.id in self.tax_refused(now):
                        raise QueueError("no_tax_secondee")
            except QueueError as refused:
                self.result.refused.append(Refusal(arrival, refused.code))
                return
        letter = self.centre.appointment_letter if booked else service.prefix
        self.sequences[letter] = self.sequences.get(letter, 0) + 1
        ticket = SimTicket(
            number=format_number(letter, self.sequences[letter]),
            service=service.id,
            arrived_at=now,
            appointment_at=arrival.appointment_at,
            service_seconds=self.service_times(service.id, self.rng),
            priority=priority,
            no_show=self.no_show_rng.random() < self.no_shows.get(service.id, 0.0),
        )
        if self.on_issue is not None:
            self.on_issue(self.view(ticket, ahead, avg))
        self.queue.add(ticket)
        self.result.tickets.append(ticket)
        woken, self.wakeup = self.wakeup, self.env.event()
        woken.succeed()

    def tax_refused(self, now: datetime) -> frozenset[str]:
        """The tax-only services the kiosk refuses now (the tax-secondee rule)."""
        here = any(role == TAX_ROLE for role, _, _ in self.seated.values())
        return refused_services(self.tax_services, self.centre.tax_scheduled, here, now)

    def view(self, ticket: SimTicket, ahead: int, avg: float) -> IssueView:
        counters = tuple(
            CounterView(
                c,
                role,
                served,
                busy,
                *(self.current.get(c, (None, None)) if busy is not None else (None, None)),
                self.shift_end.get(c),
            )
            for c, (role, served, busy) in self.seated.items()
        )
        means = {
            s.id: average_service_minutes(self.durations.get(s.id, []), s.service_minutes)
            for s in self.centre.catalogue.services
        }
        return IssueView(
            self.now(),
            ticket,
            ahead,
            tuple(self.queue.all()),
            counters,
            dict(self.last_wait),
            avg,
            means,
        )

    def counter(self, counter: str, shifts: Sequence[Shift]) -> Process:
        restriction = self.centre.counters.get(counter)
        for shift in shifts:
            yield self.env.timeout(max(0.0, self.at(shift.start) - self.env.now))
            services = counter_services(self.centre.catalogue, restriction, shift.role)
            self.seated[counter] = (shift.role, services, None)
            self.shift_end[counter] = shift.end
            end = self.at(shift.end)
            while self.env.now < end:
                now = self.now()
                chosen = pick_next(
                    [t.candidate for t in self.queue.heads(services)],
                    now,
                    self.centre.weights,
                    services,
                    counter,
                    shift.role,
                    self.centre.appointment_lead,
                )
                if chosen is None:
                    yield self.wakeup | self.env.timeout(end - self.env.now)
                    continue
                yield from self.serve(counter, shift.role, services, chosen.id, now)
            self.seated.pop(counter, None)

    def serve(
        self, counter: str, role: str, services: frozenset[str], number: str, now: datetime
    ) -> Process:
        ticket = next(t for t in self.queue.heads(services) if t.number == number)
        self.queue.take(ticket)
        ticket.called_at, ticket.counter = now, counter
        self.result.calls.append((counter, number))
        self.last_wait[ticket.service] = (now - ticket.arrived_at).total_seconds() / 60
        busy = NO_SHOW_WAIT.total_seconds() if ticket.no_show else ticket.service_seconds
        self.seated[counter] = (role, services, now + timedelta(seconds=busy))
        self.current[counter] = (now, ticket.service)
        yield self.env.timeout(busy)
        if not ticket.no_show:
            self.durations.setdefault(ticket.service, []).append(ticket.service_seconds / 60)
        self.seated[counter] = (role, services, None)


def simulate(
    centre: Centre,
    start: datetime,
    arrivals: Sequence[Arrival],
    shifts: Sequence[Shift],
    service_times: ServiceTimes,
    seed: int,
    on_issue: Callable[[IssueView], None] | None = None,
    no_shows: Mapping[str, float] | None = None,
) -> DayResult:
    """Run the day from `start` (local midnight); the same inputs and seed give the same day.

    `on_issue` is called at every ticket issue with the queue as it is then (before the new
    ticket joins it): the hook for wait predictors. `no_shows`: per service, the share of
    citizens who do not come when called (the counter calls the next after NO_SHOW_WAIT)."""
    day = _Day(centre, start, service_times, seed, on_issue, no_shows or {})
    day.env.process(day.arrivals(sorted(arrivals, key=lambda a: a.at)))
    by_counter: dict[str, list[Shift]] = {}
    for shift in sorted(shifts, key=lambda s: (s.start, s.counter)):
        by_counter.setdefault(shift.counter, []).append(shift)
    for counter, own in by_counter.items():
        day.env.process(day.counter(counter, own))
    day.env.run()
    return day.result
