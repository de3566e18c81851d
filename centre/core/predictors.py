"""Wait predictors: each a pure function of the queue as the kiosk sees it at a ticket issue."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from centre.core.routing import APPOINTMENT_LEAD, Candidate, _call_key, eligible
from centre.core.waits import estimate_wait_minutes


@dataclass(frozen=True)
class CounterState:
    """A staffed counter: what it serves, since when its current visit runs (None: free now),
    the mean minutes of that visit's service, and when its person stops calling (if known)."""

    counter: str
    staff: str
    services: frozenset[str]
    busy_since: datetime | None = None
    busy_minutes: float = 0.0
    until: datetime | None = None


@dataclass(frozen=True)
class QueueState:
    """What a predictor knows when `ticket` is issued (it has not joined `waiting` yet); the
    product fills this from its own tables (`centre/domain/live_wait.py`), the simulator from
    its run."""

    now: datetime
    ticket: Candidate
    waiting: tuple[Candidate, ...]
    counters: tuple[CounterState, ...]
    # Per service: the wait of the last citizen called today, and the recent mean visit.
    last_wait_minutes: Mapping[str, float]
    service_minutes: Mapping[str, float]
    weights: Mapping[str, float] = field(default_factory=dict)
    lead: timedelta = APPOINTMENT_LEAD


def _minutes(delta: timedelta) -> float:
    return max(0.0, delta.total_seconds() / 60)


def _since(state: QueueState) -> datetime:
    """Where the ticket's wait starts: now, or the booked time of an early check-in."""
    due = state.ticket.due_at
    return due if due is not None and due > state.now else state.now


def _serving(state: QueueState) -> list[CounterState]:
    return [c for c in state.counters if state.ticket.service in c.services]


def _free_now(state: QueueState) -> bool:
    """A counter that serves the ticket is idle: nobody it may call waits, so it calls this one."""
    return any(c.busy_since is None for c in _serving(state))


def _before(ticket: Candidate, other: Candidate) -> bool:
    """`other` waits in `ticket`'s own line ahead of it: same service, and for a priority
    ticket only other priority ones (as the product counts people ahead of one)."""
    return other.service == ticket.service and (other.priority or not ticket.priority)


def _people_ahead(state: QueueState) -> int:
    """Those of the same service called before the ticket: a priority ticket passes walk-ins."""
    return sum(1 for t in state.waiting if _before(state.ticket, t))


def _queue_of(t: Candidate) -> tuple[str, bool, bool, str | None, str | None]:
    """Which queue a ticket stands in, as `call_candidates` reads their heads: per service,
    walk-ins and priority apart, appointments by time, and those sent to a counter or person."""
    return (t.service, t.due_at is not None, t.priority, t.target_counter, t.target_staff)


def _free_at(counter: CounterState, now: datetime) -> datetime:
    """When the counter's current visit is expected to end: its start plus the mean visit, and
    at least half a mean from now for one that has run longer (the product cannot know a
    visit's real length; a visit past its mean is not about to end that very moment)."""
    if counter.busy_since is None:
        return now
    mean = timedelta(minutes=counter.busy_minutes)
    return max(now + mean / 2, counter.busy_since + mean)


def queue_length(state: QueueState) -> float:
    """The queue-length estimate of `centre.core.waits`: those ahead x mean visit / counters."""
    service = state.ticket.service
    return float(
        estimate_wait_minutes(
            _people_ahead(state), state.service_minutes.get(service, 0.0), len(_serving(state))
        )
    )


def last_called(state: QueueState) -> float:
    """The wait of the last citizen called for this service (Ibrahim & Whitt's LES); 0 when a
    counter that serves it is idle, and the queue-length estimate before anyone was called."""
    if _free_now(state):
        return 0.0
    last = state.last_wait_minutes.get(state.ticket.service)
    return queue_length(state) if last is None else float(last)


def head_of_line(state: QueueState) -> float:
    """How long the head of this service's queue has waited so far (HOL); with nobody of the
    service waiting, the time until the first counter that serves it is expected free; 0 when
    one is idle; the queue-length estimate when no counter serves it."""
    serving = _serving(state)
    if not serving:
        return queue_length(state)
    if _free_now(state):
        return 0.0
    own = [t for t in state.waiting if _before(state.ticket, t)]
    if own:
        head = min(own, key=lambda t: (t.due_at or t.arrived_at, t.arrived_at))
        return _minutes(state.now - max(head.arrived_at, head.due_at or head.arrived_at))
    return _minutes(min(_free_at(c, state.now) for c in serving) - _since(state))


# One microsecond: times in the forecast are counted in whole microseconds from `now`, as
# datetimes hold them, so a wait in seconds is exactly what `timedelta.total_seconds` gives.
_MICROSECOND = timedelta(microseconds=1)


def routing(state: QueueState) -> float:
    """Run the product's routing forward: each counter, when expected free, calls by
    `pick_next` among the heads of the queues (as the real call-next) and is then busy for the
    mean visit of what it called, until this ticket is called. The queue-length estimate when
    no counter that serves the ticket is staffed (or every one stops before it is reached).

    `pick_next` is not called at each step (it runs at every ticket issue): its order is
    computed here with the key of `centre.core.routing._call_key` from what is found once per
    ticket, and which counter may call which queue once per queue, as every ticket of a queue
    shares the service and whom it is sent to (nobody is left out as "not to me": `pick_next`
    is asked with nobody else serving). `tests/test_routing_predictor_follows_call_next.py`
    holds it to a step by step run of `pick_next`."""
    if not _serving(state):
        return queue_length(state)
    ticket, now, lead = state.ticket, state.now, state.lead
    weights = state.weights
    queues: dict[tuple, list[tuple]] = {}
    for t in (*state.waiting, ticket):
        due = t.due_at
        queues.setdefault(_queue_of(t), []).append(
            (
                due.timestamp() if due is not None else 0.0,
                t.arrived_at.timestamp(),
                t.number,
                t,
                # What its call key needs: its rank as a walk-in (None: an appointment, whose
                # rank turns with the time), when an appointment turns due, its arrival, and
                # the weight its wait counts with.
                None if due is not None else (1 if t.priority else 2),
                (due - lead - now) // _MICROSECOND if due is not None else 0,
                (t.arrived_at - now) // _MICROSECOND,
                weights.get(t.service, 1.0),
            )
        )
    for queue in queues.values():
        queue.sort(key=lambda entry: entry[:3])
        queue.reverse()  # the head last: pop() takes it
    counters = sorted(state.counters, key=lambda c: c.counter)
    # Per counter, the queues it may call from (as `eligible`), each with whether it was sent
    # to this very counter or person (such come before the general queue). Found once: the
    # forecast only shortens queues.
    callable_from = [
        [
            (q, not (to_counter == c.counter or to_staff == c.staff))
            for (service, _, _, to_counter, to_staff), q in queues.items()
            if (to_counter is None or to_counter == c.counter)
            and (to_staff is None or to_staff == c.staff)
            and (to_counter == c.counter or to_staff == c.staff or service in c.services)
        ]
        for c in counters
    ]
    busy_for = {
        service: timedelta(minutes=minutes) for service, minutes in state.service_minutes.items()
    }
    no_time = timedelta(0)
    free = [(_free_at(c, now), n, c) for n, c in enumerate(counters)]
    heapq.heapify(free)
    while free:
        at, n, counter = heapq.heappop(free)
        if counter.until is not None and at >= counter.until:
            continue
        at_us = (at - now) // _MICROSECOND
        best_key: tuple | None = None
        best: list[tuple] = []
        for q, general in callable_from[n]:
            if not q:
                continue
            due_ts, _, number, t, rank, due_us, arrived_us, weight = q[-1]
            if rank is None:
                rank = 0 if at_us >= due_us else 3
            waited = (at_us - arrived_us) / 1_000_000
            key = (
                rank,
                due_ts,
                general,
                -((waited if waited > 0.0 else 0.0) * weight),
                t.arrived_at,
                number,
            )
            # Strictly less: the first of equals stays, as min() in pick_next keeps it.
            if best_key is None or key < best_key:
                best_key, best = key, q
        if best_key is None:
            continue  # nothing here it may call, nor will there be in this forecast
        chosen = best.pop()[3]
        if chosen is ticket:
            return _minutes(at - _since(state))
        heapq.heappush(free, (at + busy_for.get(chosen.service, no_time), n, counter))
    return queue_length(state)


def _entry(t: Candidate) -> tuple[float, float, str]:
    """A ticket's place in its own queue (as `routing` sorts a queue)."""
    return (
        t.due_at.timestamp() if t.due_at is not None else 0.0,
        t.arrived_at.timestamp(),
        t.number,
    )


def routing_for_new(base: QueueState, tickets: Sequence[Candidate]) -> list[float]:
    """`routing` for each of `tickets` in turn (none of them among `base.waiting`, as tickets
    not issued yet), from one forward run of the queue without them: up to the step a ticket
    is called, its own run makes the very same calls (it is not the pick until then), so at
    each step it is enough to ask whether a ticket at the head of its queue would be picked.
    A ticket that would stand ahead of someone in its own queue is run alone (`routing`), and
    the comparison takes numbers as unique (the one tie `pick_next` could break by order)."""
    results: list[float | None] = [None] * len(tickets)
    pending: dict[int, tuple[Candidate, tuple, tuple, QueueState]] = {}
    queues: dict[tuple, list[tuple[float, float, str, Candidate]]] = {}
    for t in base.waiting:
        queues.setdefault(_queue_of(t), []).append((*_entry(t), t))
    for queue in queues.values():
        queue.sort(key=lambda entry: entry[:3])
        queue.reverse()  # the head last: pop() takes it
    for i, t in enumerate(tickets):
        state = replace(base, ticket=t)
        own = queues.get(_queue_of(t))
        if not _serving(state) or (own and own[0][:3] > _entry(t)):
            results[i] = routing(state)
        else:
            pending[i] = (t, _entry(t), _queue_of(t), state)
    counters = sorted(base.counters, key=lambda c: c.counter)
    callable_from = [
        [(key, q) for key, q in queues.items() if key[0] in c.services or key[3] or key[4]]
        for c in counters
    ]
    free = [(_free_at(c, base.now), n, c) for n, c in enumerate(counters)]
    heapq.heapify(free)
    while free and pending:
        at, n, counter = heapq.heappop(free)
        if counter.until is not None and at >= counter.until:
            continue
        order = _call_key(at, base.weights, counter.counter, counter.staff, base.lead)
        keyed = [
            (order(q[-1][3]), key, q)
            for key, q in callable_from[n]
            if q and eligible(q[-1][3], counter.services, counter.counter, counter.staff)
        ]
        for i, (t, entry, own, state) in list(pending.items()):
            if t.service not in counter.services:
                continue
            queue = queues.get(own)
            if queue and queue[-1][:3] < entry:
                continue  # someone of its own queue is called before it
            rivals = [k for k, key, _ in keyed if key != own]
            if not rivals or order(t) < min(rivals):
                results[i] = _minutes(at - _since(state))
                del pending[i]
        if not keyed:
            continue  # nothing here it may call, nor will there be in this forecast
        # min() keeps the first of equals, as pick_next does.
        _, _, queue = min(keyed, key=lambda k: k[0])
        chosen = queue.pop()[3]
        busy = timedelta(minutes=base.service_minutes.get(chosen.service, 0.0))
        heapq.heappush(free, (at + busy, n, counter))
    for i, (_, _, _, state) in pending.items():
        results[i] = queue_length(state)
    return [r for r in results if r is not None]


# The order ties are broken in: the simplest, the queue's length, first, so it is replaced only
# by one measured strictly better.
PREDICTORS: dict[str, Callable[[QueueState], float]] = {
    "queue_length": queue_length,
    "last_called": last_called,
    "head_of_line": head_of_line,
    "routing": routing,
}


def predict_all(state: QueueState) -> dict[str, float]:
    """Every predictor's estimate in minutes, to two decimals."""
    return {name: round(predict(state), 2) for name, predict in PREDICTORS.items()}
