"""Never a double booking: 50 clients race for the same last slot on a real server, on
SQLite with one worker process and on PostgreSQL with two (where only the database's row
locks and unique index keep them apart)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from kernel.db import connect
from tests import pg_cluster, servers

CLIENTS = 50


@pytest.fixture(params=["sqlite", "postgresql-two-workers"])
def racing_central(request, tmp_path):
    """`central demo` on SQLite (one worker), or on PostgreSQL with two worker processes;
    the server and where its data is."""
    database = tmp_path / "central-demo" / "central.sqlite3"
    options = ["--no-rate-limit", "--history-days", "0"]
    if request.param != "sqlite":
        database = pg_cluster.fresh_database(migrated=False)
        options += ["--database", database, "--workers", "2"]
    server = servers.central_demo(tmp_path / "central-demo", tmp_path / "central.log", *options)
    with server:
        yield server, database


def first_secondee_slot(base: str) -> dict:
    # Nørrebro has one tax secondee at a time (morning and afternoon shifts): each
    # tax-decision slot there has room for one.
    query = {"service": "tax_decision", "centre": "norrebro"}
    slots = requests.get(f"{base}/api/v1/availability", params=query, timeout=10).json()["slots"]
    assert slots, "the demo must offer tax decisions at Nørrebro"
    return slots[0]


def race(base: str, path: str, bodies: list[dict]) -> list[requests.Response]:
    start = threading.Barrier(len(bodies))

    def attempt(body: dict) -> requests.Response:
        with requests.Session() as http:
            start.wait(timeout=30)
            return http.post(f"{base}{path}", json=body, timeout=60)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(attempt, bodies))


def test_fifty_clients_racing_for_one_slot_get_exactly_one_booking(racing_central):
    central_demo, database = racing_central
    slot = first_secondee_slot(central_demo.url)
    bodies = [
        {
            "service": "tax_decision",
            "centre": slot["centre"],
            "start": slot["start"],
            "name": f"Borger {n}",
            "email": f"borger{n}@example.dk",
        }
        for n in range(CLIENTS)
    ]
    answers = race(central_demo.url, "/api/v1/bookings", bodies)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * (CLIENTS - 1)
    for answer in answers:
        if answer.status_code == 409:
            error = answer.json()["error"]
            assert error["code"] == "slot_taken"
            assert error["alternatives"]
            assert slot["start"] not in {a["start"] for a in error["alternatives"]}
    db = connect(database)
    try:
        live = db.execute(
            "SELECT COUNT(*) FROM bookings WHERE service = 'tax_decision' AND status = 'confirmed'"
        ).fetchone()[0]
    finally:
        db.close()
    assert live == 1


def test_fifty_clients_racing_to_hold_one_slot_get_exactly_one_hold(racing_central):
    central_demo, _ = racing_central
    slot = first_secondee_slot(central_demo.url)
    body = {"service": "tax_decision", "centre": slot["centre"], "start": slot["start"]}
    answers = race(central_demo.url, "/api/v1/holds", [body] * CLIENTS)
    assert sorted(a.status_code for a in answers) == [201] + [409] * (CLIENTS - 1)
    after = first_secondee_slot(central_demo.url)
    assert after["start"] != slot["start"]
