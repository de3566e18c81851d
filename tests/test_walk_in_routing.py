"""The waits of every service's button from one forward run of the queue are exactly the
routing predictor's, run once per service for a walk-in taking a number now."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from centre.core.chosen_wait import shown_wait, shown_waits
from centre.core.predictors import CounterState, QueueState, routing, routing_for_new
from centre.core.routing import Candidate

TZ = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 30, 11, 0, tzinfo=TZ)
PREFIXES = {"moving": "F", "health_card": "H", "pension": "P", "housing": "B", "tax": "S"}
SERVICES = tuple(PREFIXES)


def random_queue(rng: random.Random) -> QueueState:
    """A busy, messy queue: priorities, booked times, tickets sent to a counter or a person,
    counters serving overlapping services, mid-visit, stopping, weights."""
    counters = []
    for n in range(1, rng.randint(1, 6) + 1):
        services = frozenset(rng.sample(SERVICES, rng.randint(1, 3)))
        busy = rng.random() < 0.7
        counters.append(
            CounterState(
                counter=str(n),
                staff=f"staff{n}",
                services=services,
                busy_since=NOW - timedelta(minutes=rng.uniform(0, 30)) if busy else None,
                busy_minutes=rng.choice((6.0, 8.0, 12.5)) if busy else 0.0,
                until=NOW + timedelta(minutes=rng.uniform(5, 90)) if rng.random() < 0.2 else None,
            )
        )
    waiting = []
    seqs = dict.fromkeys(SERVICES, 0)
    for n in range(rng.randint(0, 45)):
        service = rng.choice(SERVICES)
        seqs[service] += 1
        arrived = NOW - timedelta(minutes=rng.uniform(0, 60))
        target = rng.random()
        waiting.append(
            Candidate(
                id=f"t{n}",
                service=service,
                arrived_at=arrived,
                priority=rng.random() < 0.1,
                target_counter=str(rng.randint(1, 3)) if target < 0.05 else None,
                target_staff=f"staff{rng.randint(1, 3)}" if 0.05 <= target < 0.1 else None,
                number=f"{PREFIXES[service]}{seqs[service]:03d}",
                due_at=NOW + timedelta(minutes=rng.uniform(-10, 40))
                if rng.random() < 0.1
                else None,
                not_staff=f"staff{rng.randint(1, 3)}" if rng.random() < 0.05 else None,
            )
        )
    state = QueueState(
        now=NOW,
        ticket=Candidate("none", "moving", NOW),
        waiting=tuple(waiting),
        counters=tuple(counters),
        last_wait_minutes={},
        service_minutes={"moving": 8.0, "health_card": 6.0, "pension": 10.0, "housing": 7.5},
        weights={s: rng.choice((1.0, 1.0, 2.0, 3.5)) for s in rng.sample(SERVICES, 2)},
    )
    walk_ins = [
        Candidate(f"new-{s}", s, NOW, number=f"{PREFIXES[s]}{seqs[s] + 1:03d}") for s in SERVICES
    ]
    return state, walk_ins


@pytest.mark.parametrize("seed", range(300))
def test_every_buttons_wait_from_one_run_is_the_routing_predictors_for_that_walk_in(seed):
    state, walk_ins = random_queue(random.Random(seed))
    one_by_one = [routing(replace(state, ticket=t)) for t in walk_ins]
    assert routing_for_new(state, walk_ins) == one_by_one
    assert shown_waits(state, walk_ins) == [shown_wait(replace(state, ticket=t)) for t in walk_ins]
