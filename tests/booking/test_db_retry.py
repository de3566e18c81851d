"""Central when its database cannot answer: on PostgreSQL a deadlock is run again until
both sides are committed once, writers take centres in one order, and a database that stays
busy (on SQLite: locked past the busy timeout) or is stopped gets a 503 with Retry-After,
never a 500."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import replace

import psycopg
import pytest

from booking.domain import reserve, setup
from booking.domain.accounts import add_account
from booking.store import audit
from booking.store import setup as setup_store
from kernel import db as kernel_db
from kernel.db import connect, retrying, write_transaction
from tests import pg_cluster
from tests.booking.conftest import CENTRES, PASSWORD, StaffSession, make_app

TUESDAY_10 = "2026-11-24T10:00:00+01:00"
TUESDAY_11 = "2026-11-24T11:00:00+01:00"
PERSON = {"name": "Ida Ærø", "email": "ida@example.dk"}


def version(db, centre: str) -> int:
    return db.execute("SELECT version FROM centres WHERE id = ?", [centre]).fetchone()[0]


def audited(db, action: str) -> int:
    return db.execute("SELECT count(*) FROM audit WHERE action = ?", [action]).fetchone()[0]


def retries(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "again in" in r.getMessage()]


def wait_until_blocked(url: str, count: int = 1, timeout: float = 10) -> None:
    """Until `count` backends of this database wait for a lock held by another."""
    name = url.rsplit("/", 1)[1]
    deadline = time.monotonic() + timeout
    with psycopg.connect(pg_cluster.shared().url(), autocommit=True) as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
                " AND wait_event_type = 'Lock'",
                [name],
            ).fetchone()[0]
            if waiting >= count:
                return
            time.sleep(0.02)
    raise AssertionError("no transaction came to wait for the lock")


def test_two_units_that_deadlock_each_end_committed_exactly_once(tmp_path, clock, caplog):
    """Two writers lock Nørrebro and Østerbro in opposite orders, each holding its first row
    when it asks for the second: PostgreSQL aborts one (deadlock detected), which runs again
    once the other has committed. Both changes are there once; the aborted run left nothing."""
    url = pg_cluster.fresh_database()
    make_app(tmp_path, clock, database_url=url)
    both_hold_one = threading.Barrier(2, timeout=10)
    runs = {"a": 0, "b": 0}
    errors: list[BaseException] = []

    @retrying
    def unit(db, name: str, first: str, second: str) -> None:
        with write_transaction(db):
            runs[name] += 1
            setup_store.lock_centre(db, first)
            if runs[name] == 1:
                both_hold_one.wait()
            setup_store.lock_centre(db, second)
            audit.append(db, "2026-11-23T07:00:00+00:00", name, "test.unit")

    def run(name: str, first: str, second: str) -> None:
        db = connect(url)
        try:
            unit(db, name, first, second)
        except BaseException as err:  # noqa: BLE001 - the assertion below shows it
            errors.append(err)
        finally:
            db.close()

    db = connect(url)
    before = {c: version(db, c) for c in ("norrebro", "osterbro")}
    caplog.set_level(logging.INFO, logger="kernel.db")
    threads = [
        threading.Thread(target=run, args=("a", "norrebro", "osterbro")),
        threading.Thread(target=run, args=("b", "osterbro", "norrebro")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    try:
        assert errors == []
        assert sorted(runs.values()) == [1, 2], "one side was aborted and run again"
        assert any("deadlock detected" in message for message in retries(caplog))
        rows = db.execute("SELECT actor FROM audit WHERE action = 'test.unit' ORDER BY actor")
        assert [actor for (actor,) in rows.fetchall()] == ["a", "b"]
        # Each unit bumped each centre once: the aborted run's bumps were rolled back.
        assert {c: version(db, c) - before[c] for c in before} == {"norrebro": 2, "osterbro": 2}
    finally:
        db.close()


def test_a_worker_starting_during_a_move_between_centres_takes_the_centres_in_the_same_order(
    tmp_path, clock, caplog, monkeypatch
):
    """A move from Østerbro to Nørrebro holds Nørrebro's row (ids in order) when a new worker
    starts and seeds the centres, listed Østerbro first in its config. The seed waits for
    Nørrebro instead of taking Østerbro first, so nobody deadlocks and nothing runs twice."""
    url = pg_cluster.fresh_database()
    central = make_app(tmp_path, clock, database_url=url)
    context = central.extensions["enindgang"]["context"]
    db = central.extensions["enindgang"]["pool"].get()
    booked, _ = reserve.book(
        context, db, {"service": "passport", "centre": "osterbro", "start": TUESDAY_10, **PERSON}
    )
    first_locked, go_on = threading.Event(), threading.Event()
    lock_centre = setup_store.lock_centre

    def pausing_lock(db, centre_id):
        locked = lock_centre(db, centre_id)
        if threading.current_thread().name == "move" and not first_locked.is_set():
            first_locked.set()
            assert go_on.wait(10)
        return locked

    monkeypatch.setattr(setup_store, "lock_centre", pausing_lock)
    outcome: dict[str, object] = {}

    def move() -> None:
        mover = connect(url)
        try:
            change = {"centre": "norrebro", "start": TUESDAY_11}
            outcome["moved"] = reserve.move(context, mover, booked, change, "test")
        except BaseException as err:  # noqa: BLE001 - the assertion below shows it
            outcome["move_error"] = err
        finally:
            mover.close()

    def start_worker() -> None:
        starting = connect(url)
        config = central.config["BOOKING"]
        reversed_centres = replace(config, centres=CENTRES[::-1])
        try:
            setup.seed(starting, reversed_centres, context.catalogue)
            outcome["seeded"] = True
        except BaseException as err:  # noqa: BLE001 - the assertion below shows it
            outcome["seed_error"] = err
        finally:
            starting.close()

    caplog.set_level(logging.INFO, logger="kernel.db")
    mover = threading.Thread(target=move, name="move")
    seeder = threading.Thread(target=start_worker, name="seed")
    mover.start()
    assert first_locked.wait(10)
    seeder.start()
    wait_until_blocked(url)
    go_on.set()
    mover.join(timeout=30)
    seeder.join(timeout=30)
    assert set(outcome) == {"moved", "seeded"}, outcome
    assert outcome["moved"]["centre"] == "norrebro"
    assert retries(caplog) == [], "a deadlock made a writer run again"
    assert audited(db, "move") == 1


def deadlock_from_the_server(db) -> None:
    """Have PostgreSQL itself end the transaction with SQLSTATE 40P01 (deadlock detected)."""
    db.execute("DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$")


def test_a_booking_that_keeps_meeting_a_deadlock_answers_503_database_busy(
    tmp_path, clock, monkeypatch
):
    url = pg_cluster.fresh_database()
    central = make_app(tmp_path, clock, database_url=url)
    runs = []

    def locked_out(db, centre_id):
        runs.append(centre_id)
        deadlock_from_the_server(db)

    monkeypatch.setattr(setup_store, "lock_centre", locked_out)
    monkeypatch.setattr(kernel_db, "RETRY_PAUSE_SECONDS", 0.001)
    body = {"service": "passport", "centre": "norrebro", "start": TUESDAY_10, **PERSON}
    answer = central.test_client().post(
        "/api/v1/bookings", json=body, headers={"Accept-Language": "da"}
    )
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "2"
    assert answer.json["error"]["code"] == "database_busy"
    assert answer.json["error"]["message"].startswith("Mange bruger systemet lige nu.")
    assert len(runs) == kernel_db.RETRY_ATTEMPTS
    db = connect(url)
    try:
        assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    finally:
        db.close()


def test_a_deadlock_that_goes_away_books_once_without_the_citizen_noticing(
    tmp_path, clock, monkeypatch
):
    central = make_app(tmp_path, clock, database_url=pg_cluster.fresh_database())
    lock_centre = setup_store.lock_centre
    runs = []

    def once_locked_out(db, centre_id):
        runs.append(centre_id)
        if len(runs) == 1:
            deadlock_from_the_server(db)
        return lock_centre(db, centre_id)

    monkeypatch.setattr(setup_store, "lock_centre", once_locked_out)
    body = {"service": "passport", "centre": "norrebro", "start": TUESDAY_10, **PERSON}
    answer = central.test_client().post("/api/v1/bookings", json=body)
    assert answer.status_code == 201, answer.json
    db = central.extensions["enindgang"]["pool"].get()
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 1
    # One confirmation e-mail queued, one audit line: the aborted run left nothing behind.
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
    assert audited(db, "book") == 1


def test_a_unit_inside_an_open_transaction_leaves_the_retry_to_the_outer_one(tmp_path, clock):
    """An aborted transaction cannot go on: the inner unit must not run again inside it."""
    url = pg_cluster.fresh_database()
    make_app(tmp_path, clock, database_url=url)
    runs = []

    @retrying
    def inner(db) -> None:
        runs.append("inner")
        deadlock_from_the_server(db)

    db = connect(url)
    try:
        with pytest.raises(psycopg.errors.DeadlockDetected), write_transaction(db):
            inner(db)
        assert runs == ["inner"]
    finally:
        db.close()


def test_a_stopped_database_server_answers_503_database_unavailable_not_500(tmp_path, clock):
    cluster = pg_cluster.Cluster().start()
    stopped = False
    try:
        central = make_app(tmp_path, clock, database_url=cluster.database())
        api = central.test_client()
        assert api.get("/api/v1/centres").status_code == 200
        db = central.extensions["enindgang"]["pool"].get()
        add_account(db, clock, "reception1", "Rie", "reception", PASSWORD)
        reception = StaffSession(central, "reception1")
        assert reception.get("/staff/book").status_code == 200
        cluster.stop()
        stopped = True
        # A logged-in member of staff gets the page saying so (who they are is not asked of
        # the database that just failed).
        page = reception.get("/staff/book", headers={"Accept-Language": "da"})
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "30"
        assert "Systemet kan ikke nå sine data lige nu." in page.get_data(as_text=True)
        body = {"service": "passport", "centre": "norrebro", "start": TUESDAY_10, **PERSON}
        # The first requests find their connection dropped; the later ones find none to be had,
        # and wait a little for one, not half a minute.
        for _ in range(3):
            started = time.monotonic()
            answer = api.post("/api/v1/bookings", json=body, headers={"Accept-Language": "en"})
            assert time.monotonic() - started < 10
            assert answer.status_code == 503
            assert answer.headers["Retry-After"] == "30"
            assert answer.json == {
                "error": {
                    "code": "database_unavailable",
                    "message": "The system cannot reach its data right now. Nothing was saved."
                    " Please try again in a little while.",
                }
            }
    finally:
        if not stopped:
            cluster.stop()


def test_central_on_sqlite_answers_503_database_busy_when_its_file_stays_locked(tmp_path, clock):
    central = make_app(tmp_path, clock, database_url=None)
    db = central.extensions["enindgang"]["pool"].get()
    # The request runs on this thread's connection; waiting 15 s would only slow the test.
    db.execute("PRAGMA busy_timeout=100")
    other = sqlite3.connect(central.config["BOOKING"].database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    body = {"service": "passport", "centre": "norrebro", "start": TUESDAY_10, **PERSON}
    try:
        answer = central.test_client().post(
            "/api/v1/bookings", json=body, headers={"Accept-Language": "da"}
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "2"
    assert answer.json["error"]["code"] == "database_busy"
    assert answer.json["error"]["message"] == (
        "Mange bruger systemet lige nu. Intet blev gemt. Prøv igen om et øjeblik."
    )
    assert db.execute("SELECT count(*) FROM bookings").fetchone()[0] == 0
