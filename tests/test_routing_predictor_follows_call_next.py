"""The routing predictor forecasts exactly the calls the product's call-next rule makes: its
fast forward run agrees with one that asks `pick_next` at every step, on messy queues."""

from __future__ import annotations

import heapq
import random
from dataclasses import replace
from datetime import UTC, timedelta

import pytest

from centre.core.predictors import QueueState, _free_at, _queue_of, _since, queue_length, routing
from centre.core.routing import pick_next
from tests.test_walk_in_routing import random_queue


def step_by_step(state: QueueState) -> float:
    """The forecast written plainly: each counter, when free, calls `pick_next` over the heads
    of the queues, then is busy for the mean visit of what it called."""
    if not any(state.ticket.service in c.services for c in state.counters):
        return queue_length(state)
    queues: dict[tuple, list] = {}
    for t in (*state.waiting, state.ticket):
        queues.setdefault(_queue_of(t), []).append(t)
    for queue in queues.values():
        queue.sort(
            key=lambda t: (t.due_at.timestamp() if t.due_at else 0.0, t.arrived_at, t.number)
        )
    counters = sorted(state.counters, key=lambda c: c.counter)
    free = [(_free_at(c, state.now), n, c) for n, c in enumerate(counters)]
    heapq.heapify(free)
    while free:
        at, n, c = heapq.heappop(free)
        if c.until is not None and at >= c.until:
            continue
        heads = [q[0] for q in queues.values() if q]
        chosen = pick_next(heads, at, state.weights, c.services, c.counter, c.staff, state.lead)
        if chosen is None:
            continue
        if chosen is state.ticket:
            return max(0.0, (at - _since(state)).total_seconds() / 60)
        queues[_queue_of(chosen)].pop(0)
        minutes = state.service_minutes.get(chosen.service, 0.0)
        heapq.heappush(free, (at + timedelta(minutes=minutes), n, c))
    return queue_length(state)


@pytest.mark.parametrize("seed", range(400))
def test_the_routing_forecast_makes_the_calls_call_next_would(seed):
    rng = random.Random(seed)
    state, walk_ins = random_queue(rng)
    asked = list(walk_ins) + list(state.waiting)
    for ticket in rng.sample(asked, min(4, len(asked))):
        # A waiting ticket is asked about from where it stands: without itself among those.
        waiting = tuple(t for t in state.waiting if t is not ticket)
        one = replace(state, ticket=ticket, waiting=waiting)
        assert routing(one) == step_by_step(one)


@pytest.mark.parametrize("seed", range(100))
def test_the_forecast_is_the_same_when_the_tables_give_times_in_utc(seed):
    # The product reads every time from its tables in UTC; the simulator runs in local time.
    state, walk_ins = random_queue(random.Random(seed))
    utc = replace(
        state,
        now=state.now.astimezone(UTC),
        waiting=tuple(replace(t, arrived_at=t.arrived_at.astimezone(UTC)) for t in state.waiting),
        counters=tuple(
            replace(c, busy_since=c.busy_since.astimezone(UTC) if c.busy_since else None)
            for c in state.counters
        ),
    )
    for ticket in walk_ins:
        assert routing(replace(utc, ticket=ticket)) == routing(replace(state, ticket=ticket))
        assert routing(replace(utc, ticket=ticket)) == step_by_step(replace(utc, ticket=ticket))
