"""Call-next reads only the heads of the queues, and still calls whom the routing rule picks
from the whole queue (centre/core/routing.py), on random queues."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centre.config import from_dict
from centre.core.routing import pick_next
from centre.domain.counter import calling, seat, serving
from centre.domain.counter.state import Staff
from centre.store import counters as counter_store
from centre.store import settings as settings_store
from centre.store import staff as staff_store
from centre.store import tickets as ticket_store
from centre.store.db import init_db, migrations
from kernel.clock import FixedClock, iso
from kernel.db import connect, write_transaction
from tests.conftest import TUESDAY_10, centre_raw

NOW = TUESDAY_10
# Appointment-only, staff's, tax secondees' and shared services, so targets and roles matter.
SERVICES = ("passport", "moving", "health_card", "tax_questions", "tax_decision")
PEOPLE = {"staff1": "staff", "tax1": "tax"}


CTX = from_dict(centre_raw(), Path("/nonexistent"), Path("/nonexistent")).context(FixedClock(NOW))

# Few distinct times, so ties in arrival and in weighted wait happen often.
seconds_ago = st.sampled_from([-120, 0, 1, 30, 60, 61, 600, 1800, 3600])
ticket = st.fixed_dictionaries(
    {
        "service": st.sampled_from(SERVICES),
        "status": st.sampled_from(["waiting"] * 12 + ["called", "parked", "done", "cancelled"]),
        "priority": st.booleans(),
        "arrived": seconds_ago,
        "micro": st.sampled_from([0, 1, 999_999]),
        "appointment_in": st.one_of(st.none(), st.sampled_from([-20, -5, 0, 4, 5, 6, 30])),
        "target_counter": st.sampled_from([None] * 8 + ["1", "2"]),
        "target_staff": st.sampled_from([None] * 9 + ["staff1", "tax1", "staff2"]),
        # Transferred "not to" someone: skipped by the heads query for that person.
        "not_staff": st.sampled_from([None] * 3 + ["staff1", "tax1"]),
    }
)
queue = st.lists(ticket, min_size=1, max_size=60)
weights = st.dictionaries(st.sampled_from(SERVICES), st.sampled_from([0.1, 0.5, 1.0, 2.0, 10.0]))


def fill(db, tickets: list[dict], service_weights: dict[str, float]) -> None:
    with write_transaction(db):
        counter_store.ensure(db, ["1", "2"])
        for username, role in PEOPLE.items():
            staff_store.insert(db, username, username, role, "no-login", iso(NOW))
        for service, weight in service_weights.items():
            settings_store.set_weight(db, service, weight)
        for n, t in enumerate(tickets, start=1):
            arrived = NOW - timedelta(seconds=t["arrived"], microseconds=t["micro"])
            appointment = t["appointment_in"]
            ticket_store.insert(
                db,
                {
                    "id": f"id{n:03d}",
                    "token": f"token{n}",
                    "day": "2026-11-24",
                    "prefix": "X",
                    "seq": n,
                    # Not in arrival order, so the number tie-break is tried too.
                    "number": f"X{(n * 37) % 101:03d}",
                    "service": t["service"],
                    "status": t["status"],
                    "priority": int(t["priority"]),
                    "created_at": iso(arrived),
                    "arrived_at": iso(arrived),
                    "target_counter": t["target_counter"],
                    "target_staff": t["target_staff"],
                    "not_staff": t.get("not_staff"),
                    "appointment_at": None
                    if appointment is None
                    else iso(NOW + timedelta(minutes=appointment)),
                },
            )


def whole_queue_pick(db, counter: str, username: str) -> str | None:
    """The routing rule over every waiting ticket, as call-next read the queue before."""
    everyone = [calling.as_candidate(t) for t in ticket_store.with_status(db, "waiting")]
    weights = {s: v["weight"] for s, v in settings_store.all(db).items()}
    chosen = pick_next(
        everyone,
        NOW,
        weights,
        CTX.counter_services(counter, PEOPLE[username]),
        counter,
        username,
        CTX.appointment_lead,
        calling.served_elsewhere(CTX, db, Staff(username, PEOPLE[username])),
    )
    return chosen.id if chosen else None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tickets=queue,
    service_weights=weights,
    counter=st.sampled_from(["1", "2"]),
    username=st.sampled_from(sorted(PEOPLE)),
    colleague_open=st.booleans(),
)
def test_call_next_calls_whom_the_routing_rule_picks_from_the_whole_queue(
    tickets, service_weights, counter, username, colleague_open
):
    db = connect(":memory:")
    try:
        migrations.apply(db)
        fill(db, tickets, service_weights)
        staff = Staff(username, PEOPLE[username])
        seat.sign_in(CTX, db, counter, staff)
        if colleague_open:
            # Someone else at the other counter: "not to me" tickets then pass this person by.
            other = next(name for name in sorted(PEOPLE) if name != username)
            seat.sign_in(CTX, db, "2" if counter == "1" else "1", Staff(other, PEOPLE[other]))
        expected = whole_queue_pick(db, counter, username)
        outcome = calling.call_next(CTX, db, counter, staff)
        called = outcome.ticket["id"] if outcome.ticket else None
        assert called == expected
    finally:
        db.close()


def test_call_next_reads_a_few_rows_however_long_the_queue():
    db = connect(":memory:")
    try:
        migrations.apply(db)
        long_queue = [
            {
                "service": SERVICES[n % len(SERVICES)],
                "status": "waiting",
                "priority": n % 7 == 0,
                "arrived": n,
                "micro": 0,
                "appointment_in": None,
                "target_counter": None,
                "target_staff": None,
            }
            for n in range(2000)
        ]
        fill(db, long_queue, {})
        services = CTX.counter_services("1", "staff")
        read = ticket_store.call_candidates(db, services, "1", "staff1")
        # The head of each served service's queue, priority and not: at most two each.
        assert len(read) <= 2 * len(services)
        assert {t["id"] for t in read} >= {whole_queue_pick(db, "1", "staff1")}
    finally:
        db.close()


def test_counters_calling_a_mixed_queue_at_once_never_share_a_ticket(tmp_path):
    """Priority, appointments, tickets sent to a counter or person, several services: four
    counters call and finish at once until nobody they may serve is left."""
    path = tmp_path / "centre.sqlite3"
    init_db(path)
    setup = connect(path)
    rng = random.Random(9)
    # Sent to one counter or to one person, never both: every ticket has someone to call it.
    targets = [(None, None)] * 12 + [("1", None), ("2", None), (None, "staff3")]
    mixed = [
        {
            "service": rng.choice(SERVICES[1:4]),
            "status": "waiting",
            "priority": rng.random() < 0.2,
            "arrived": rng.randrange(0, 3600),
            "micro": rng.randrange(0, 1000),
            "appointment_in": rng.choice([None] * 8 + [-10, 0, 20]),
            "target_counter": target[0],
            "target_staff": target[1],
        }
        for target in (rng.choice(targets) for _ in range(200))
    ]
    fill(setup, mixed, {"health_card": 2.0})
    with write_transaction(setup):
        counter_store.ensure(setup, ["3", "4"])
    setup.close()

    def serve(counter: str) -> list[str]:
        db = connect(path)
        staff = Staff(f"staff{counter}", "staff")
        served = []
        try:
            seat.sign_in(CTX, db, counter, staff)
            while (outcome := calling.call_next(CTX, db, counter, staff)).ticket:
                served.append(outcome.ticket["id"])
                serving.finish(CTX, db, counter, staff)
            return served
        finally:
            db.close()

    with ThreadPoolExecutor(4) as pool:
        batches = list(pool.map(serve, ["1", "2", "3", "4"]))
    everyone = [ticket for batch in batches for ticket in batch]
    assert len(everyone) == len(set(everyone)) == 200
    assert sum(1 for batch in batches if batch) >= 2
