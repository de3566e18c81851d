"""Many kiosks and counters on one database file: unique gap-free numbers, no ticket twice."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from centre.config import from_dict
from centre.domain.context import CentreContext
from centre.domain.counter import calling, seat, serving
from centre.domain.counter.state import Staff
from centre.domain.tickets import issue_ticket
from centre.store import counters as counter_store
from centre.store import staff as staff_store
from centre.store.db import init_db
from kernel.clock import FixedClock
from kernel.db import connect, write_transaction
from tests.conftest import TUESDAY_10, centre_raw

# Open all day, so the fixed clock is always in opening hours.
OPEN_ALL_DAY = {
    day: "00:00-24:00"
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}


def make_ctx(data_dir: str) -> CentreContext:
    config = from_dict(centre_raw(opening_hours=OPEN_ALL_DAY), Path(data_dir), Path(data_dir))
    return config.context(FixedClock(TUESDAY_10))


def database(data_dir: str) -> str:
    return str(Path(data_dir) / "test.sqlite3")


@pytest.fixture
def data_dir(tmp_path):
    path = str(tmp_path)
    init_db(database(path))
    db = connect(database(path))
    with write_transaction(db):
        counter_store.ensure(db, [str(n) for n in range(1, 7)])
        password = generate_password_hash("x")
        for n in range(1, 7):
            staff_store.insert(db, f"staff{n}", f"Staff {n}", "staff", password, "2026-01-01")
    db.close()
    return path


def issue_many(data_dir: str, count: int, service: str) -> list[str]:
    ctx, db = make_ctx(data_dir), connect(database(data_dir))
    try:
        # As reception: a queue this long would hit the kiosk's closing-time rule.
        return [
            issue_ticket(ctx, db, service, source="reception").ticket["number"]
            for _ in range(count)
        ]
    finally:
        db.close()


def serve_until_empty(data_dir: str, counter: str) -> list[str]:
    """One counter calling and finishing as fast as it can until nobody waits."""
    ctx, db = make_ctx(data_dir), connect(database(data_dir))
    staff = Staff(f"staff{counter}", "staff")
    served = []
    try:
        seat.sign_in(ctx, db, counter, staff)
        while True:
            outcome = calling.call_next(ctx, db, counter, staff)
            if outcome.ticket is None:
                return served
            served.append(outcome.ticket["id"])
            serving.finish(ctx, db, counter, staff)
            time.sleep(0.001)  # a real counter's next call comes over the network
    finally:
        db.close()


def assert_gap_free(numbers: list[str], prefix: str, expected: int) -> None:
    assert len(numbers) == expected
    assert len(set(numbers)) == expected, "a number was issued twice"
    assert sorted(numbers) == [f"{prefix}{n:03d}" for n in range(1, expected + 1)]


def run_threads(target, args_list):
    results, errors = [], []
    start = threading.Barrier(len(args_list))

    def work(args):
        try:
            start.wait(10)  # all at once, as at opening time
            results.append(target(*args))
        except Exception as err:  # surfaced below, with the thread's error
            errors.append(err)

    threads = [threading.Thread(target=work, args=(args,)) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def test_threads_issuing_at_once_get_unique_gap_free_numbers(data_dir):
    batches = run_threads(issue_many, [(data_dir, 40, "moving")] * 8)
    assert_gap_free([n for batch in batches for n in batch], "F", 320)


def test_processes_issuing_at_once_get_unique_gap_free_numbers(data_dir):
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        batches = pool.starmap(
            issue_many, [(data_dir, 40, "moving")] * 4 + [(data_dir, 30, "health_card")] * 2
        )
    numbers = [n for batch in batches for n in batch]
    assert_gap_free([n for n in numbers if n[0] == "F"], "F", 160)
    assert_gap_free([n for n in numbers if n[0] == "H"], "H", 60)


def test_counters_calling_at_once_never_share_a_ticket_threads(data_dir):
    issue_many(data_dir, 300, "moving")
    served = run_threads(serve_until_empty, [(data_dir, str(n)) for n in range(1, 7)])
    everyone = [ticket for batch in served for ticket in batch]
    assert len(everyone) == 300
    assert Counter(everyone).most_common(1)[0][1] == 1
    assert sum(1 for batch in served if batch) >= 2  # really concurrent, not one counter


def test_counters_calling_at_once_never_share_a_ticket_processes(data_dir):
    issue_many(data_dir, 120, "moving")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        served = pool.starmap(serve_until_empty, [(data_dir, str(n)) for n in range(1, 5)])
    everyone = [ticket for batch in served for ticket in batch]
    assert len(everyone) == 120
    assert len(set(everyone)) == 120
    db = connect(database(data_dir))
    calls = db.execute(
        "SELECT ticket_id, COUNT(*) FROM events WHERE type = 'ticket.called' GROUP BY ticket_id"
    ).fetchall()
    assert len(calls) == 120 and all(count == 1 for _, count in calls)


def test_issuing_and_calling_together_loses_nothing(data_dir):
    issue_many(data_dir, 20, "moving")
    results = run_threads(
        lambda kind, arg: (
            issue_many(data_dir, 40, "moving")
            if kind == "issue"
            else serve_until_empty(data_dir, arg)
        ),
        [("issue", None)] * 3 + [("serve", "1"), ("serve", "2")],
    )
    issued = [n for r in results for n in r if isinstance(n, str) and n.startswith("F")]
    assert len(issued) == 120
    served = sum(1 for r in results for n in r if not n.startswith("F"))
    db = connect(database(data_dir))
    done = db.execute("SELECT COUNT(*) FROM tickets WHERE status = 'done'").fetchone()[0]
    waiting = db.execute("SELECT COUNT(*) FROM tickets WHERE status = 'waiting'").fetchone()[0]
    assert done == served
    assert done + waiting == 140
