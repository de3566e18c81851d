"""Centre and central as real processes on loopback: bookings down, events up, outages."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from centre.store import staff as staff_store
from centre.store.db import init_db
from kernel.db import connect, write_transaction
from tests import servers
from tests.conftest import PASSWORD_HASH
from tests.live_http import paired_over_cli
from tests.servers import Server

NORREBRO_KEY = "demo-norrebro-sync-key"
OSTERBRO_KEY = "demo-osterbro-sync-key"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def central_process(tmp_path: Path, port: int | None = None) -> Server:
    log = tmp_path / "central.log"
    return servers.central_demo(
        tmp_path / "central", log, "--no-rate-limit", "--history-days", "0", port=port
    )


def centre_process(tmp_path: Path, central_url: str, centre_id: str = "norrebro") -> Server:
    """A centre (`enindgang centre run`) syncing with central at `central_url`; its SQLite
    file is `centre_database(server)`."""
    data = tmp_path / centre_id
    data.mkdir(exist_ok=True)
    hours = "\n".join(f'{day} = "00:00-24:00"' for day in DAYS)
    config = tmp_path / f"{centre_id}.toml"
    config.write_text(
        f'[centre]\nid = "{centre_id}"\nname = "Borgerservice {centre_id}"\n'
        f'data_dir = "{data}"\n\n[opening_hours]\n{hours}\n\n'
        '[counters.1]\n[counters.2]\n\n[printer]\ntransport = "virtual"\n\n'
        f'[central]\nurl = "{central_url}"\nkey = "demo-{centre_id}-sync-key"\n'
        "interval_seconds = 0.3\nmax_backoff_seconds = 1\ntimeout_seconds = 2\n"
        # Demo bookings can be days ahead: a wide window and lead let the test check in now.
        "checkin_before_minutes = 40000\nappointment_lead_minutes = 40000\n"
    )
    database = data / f"{centre_id}.sqlite3"
    init_db(database)
    db = connect(database)
    with write_transaction(db):
        staff_store.insert(
            db, "staff1", "Sara", "staff", PASSWORD_HASH, datetime.now(UTC).isoformat()
        )
    db.close()
    log = tmp_path / f"{centre_id}.log"
    return servers.centre_run(config, log, "--threads", "20", "--no-rate-limit", data_dir=data)


def centre_database(centre: Server) -> Path:
    """The SQLite file of a centre made by centre_process (its data folder is named by id)."""
    return centre.data_dir / f"{centre.data_dir.name}.sqlite3"


def query(path: Path, sql: str, params=()) -> list[tuple]:
    """Read another process's SQLite file (WAL lets us read while it writes)."""
    conn = sqlite3.connect(str(path), timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def wait_until(check, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"not within {timeout} s")


def book_at_central(central: Server, service: str = "health_card") -> dict:
    slots = requests.get(
        f"{central.url}/api/v1/availability",
        params={"service": service, "centre": "norrebro"},
        timeout=10,
    ).json()["slots"]
    body = {
        "service": service,
        "centre": "norrebro",
        "start": slots[0]["start"],
        "name": "Ida Ærø",
        "email": f"ida{time.monotonic_ns()}@example.dk",
    }
    response = requests.post(f"{central.url}/api/v1/bookings", json=body, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def staff_session(centre: Server, counter: str = "1") -> requests.Session:
    session = requests.Session()
    answer = session.post(
        f"{centre.url}/api/v1/login",
        json={"username": "staff1", "password": "secret-pw", "counter": counter},
        timeout=10,
    ).json()
    session.headers["X-CSRFToken"] = answer["csrf_token"]
    return session


@pytest.fixture
def system(tmp_path):
    central = central_process(tmp_path).start()
    centre = centre_process(tmp_path, central.url).start()
    yield central, centre
    centre.stop()
    central.stop()


def test_a_booking_at_central_checks_in_at_the_centre_and_central_sees_it(system):
    central, centre = system
    booked = book_at_central(central)
    code = booked["code"]
    database = centre_database(centre)
    started = time.monotonic()
    wait_until(
        lambda: query(database, "SELECT 1 FROM bookings_replica WHERE code = ?", [code]),
        timeout=5,
    )
    assert time.monotonic() - started < 5
    kiosk = paired_over_cli(centre.config, centre.url)
    walk_in = kiosk.post(f"{centre.url}/api/v1/tickets", json={"service": "health_card"})
    assert walk_in.status_code == 201
    checked = kiosk.post(f"{centre.url}/api/v1/checkins", json={"code": code}, timeout=10)
    assert checked.status_code == 201, checked.text
    assert checked.json()["appointment"]["start"] == booked["start"]
    counter = staff_session(centre)
    called = counter.post(f"{centre.url}/api/v1/counter/call-next", timeout=10).json()
    assert called["ticket"]["number"] == checked.json()["number"]

    def central_knows():
        found = requests.get(
            f"{central.url}/api/v1/sync/bookings/{code}",
            headers={"Authorization": f"Bearer {NORREBRO_KEY}"},
            timeout=5,
        ).json()["booking"]
        overview = requests.get(f"{central.url}/api/v1/overview", timeout=5).json()
        mine = next(c for c in overview["centres"] if c["id"] == "norrebro")
        return found.get("checked_in_at") and mine["checked_in"] == 1 and mine["being_served"]

    wait_until(central_knows, timeout=10, interval=0.3)
    assert requests.get(f"{centre.url}/api/v1/centre").json()["central"]["reachable"] is True


def test_wrong_keys_and_bad_payloads_are_refused_and_nothing_is_stored(system, tmp_path):
    central, centre = system
    url = f"{central.url}/api/v1/sync/events"
    event = {"id": "x-1", "seq": 1, "at": "2026-11-26T10:00:00+00:00", "type": "ticket.issued"}
    wrong = requests.post(url, json={"events": [event]}, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401
    other = requests.get(
        f"{central.url}/api/v1/sync/bookings",
        params={"centre": "norrebro"},
        headers={"Authorization": f"Bearer {OSTERBRO_KEY}"},
    )
    assert other.status_code == 403
    bad = requests.post(
        url,
        json={"events": [event, {**event, "id": "x-2", "seq": 2, "at": "not a time"}]},
        headers={"Authorization": f"Bearer {OSTERBRO_KEY}"},
    )
    assert bad.status_code == 422
    central_db = tmp_path / "central" / "central.sqlite3"
    stored = "SELECT COUNT(*) FROM centre_events WHERE centre = 'osterbro'"
    assert query(central_db, stored) == [(0,)]
    auth = {"Authorization": f"Bearer {OSTERBRO_KEY}"}
    first = requests.post(url, json={"events": [event]}, headers=auth).json()
    replayed = requests.post(url, json={"events": [event]}, headers=auth).json()
    assert (first["stored"], replayed["stored"], replayed["duplicates"]) == (1, 0, 1)
    assert query(central_db, stored) == [(1,)]
    assert "sync refused" in (tmp_path / "central.log").read_text()


def test_killing_central_mid_traffic_loses_and_duplicates_no_event(system, tmp_path):
    central, centre = system
    counter = staff_session(centre)
    kiosk = paired_over_cli(centre.config, centre.url)
    failures: list[str] = []
    slowest = [0.0]
    stop = threading.Event()

    def traffic():
        while not stop.is_set():
            for method, path, body in (
                ("post", "/api/v1/tickets", {"service": "health_card"}),
                ("post", "/api/v1/counter/call-next", None),
                ("post", "/api/v1/counter/finish", None),
            ):
                started = time.monotonic()
                http = counter if "counter" in path else kiosk
                response = getattr(http, method)(f"{centre.url}{path}", json=body, timeout=10)
                slowest[0] = max(slowest[0], time.monotonic() - started)
                # finish with nothing called is a 409: fine; a 5xx, a hang or a refused
                # kiosk is not.
                refused = path.endswith("/tickets") and response.status_code != 201
                if response.status_code >= 500 or refused:
                    failures.append(f"{path}: {response.status_code}")

    worker = threading.Thread(target=traffic)
    worker.start()
    try:
        time.sleep(1.5)
        central.kill()
        wait_until(
            lambda: not requests.get(f"{centre.url}/api/v1/centre").json()["central"]["reachable"],
            timeout=10,
        )
        time.sleep(1.5)
        central.start()
        time.sleep(1.5)
    finally:
        stop.set()
        worker.join(30)
    assert failures == []
    assert slowest[0] < 3
    # Printing writes its own events after the answer: wait until every ticket is printed.
    counts = "SELECT SUM(type = 'ticket.issued'), SUM(type = 'print.ok') FROM events"
    database = centre_database(centre)
    wait_until(lambda: len(set(query(database, counts)[0])) == 1, timeout=20)
    events = query(database, "SELECT id, seq FROM events ORDER BY seq")
    assert len(events) > 20

    def uploaded():
        state = query(database, "SELECT last_uploaded_seq FROM sync_state")[0][0]
        return state == events[-1][1]

    wait_until(uploaded, timeout=20, interval=0.3)
    central_db = tmp_path / "central" / "central.sqlite3"
    stored = query(
        central_db, "SELECT id, seq FROM centre_events WHERE centre = 'norrebro' ORDER BY rowid"
    )
    assert len(stored) == len(events)
    assert sorted(stored, key=lambda e: e[1]) == events
    # Arrived in order: the order they were stored in is the centre's order.
    assert [seq for _, seq in stored] == [seq for _, seq in events]
