"""Central with two gunicorn worker processes: the database, not a lock in one process, keeps
bookings single, messages sent once and the per-address limit whole.

Each test starts `enindgang central demo --workers 2 --access-log` and proves from the access
log (it names the worker pid of every request) that both workers answered; the booking, the
messages and the limit on SQLite and on PostgreSQL (`--database`, a throwaway cluster).
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from kernel.db import connect, rows
from kernel.runtime_clock import OFFSET_VARIABLE
from tests import pg_cluster, servers
from tests.conftest import TUESDAY_10

# Monday 08:00: before the reminder hour (09:00), so Tuesday's bookings made now get reminders.
MONDAY_8 = TUESDAY_10 - timedelta(hours=26)
TUESDAY = "2026-11-24"
WORKERS = ("--workers", "2", "--access-log", "--history-days", "0")
ACCESS_LINE = re.compile(r'worker=<(?P<pid>\d+)> "(?P<method>[A-Z]+)" (?P<status>\d+) ')
MAILBOX_NAME = re.compile(r"^\d+T\d+-(?P<code>[A-Z0-9]+)-(?P<id>\d+)-(?P<channel>[a-z]+)\.eml$")


def offset_to(moment: datetime) -> str:
    return str((moment - datetime.now(UTC)).total_seconds())


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Path | str:
    """Where the central under test keeps its data: its SQLite file, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return tmp_path / "central" / "central.sqlite3"
    return pg_cluster.fresh_database(migrated=False)


def start_central(
    tmp_path: Path, monkeypatch, now: datetime, database: Path | str, *options: str
) -> servers.Server:
    monkeypatch.setenv(OFFSET_VARIABLE, offset_to(now))
    data = tmp_path / "central"
    if isinstance(database, str):
        options = ("--database", database, *options)
    server = servers.central_demo(data, tmp_path / "central.log", *WORKERS, *options)
    server.database = database
    return server.start()


def workers_that_answered(server: servers.Server, method: str) -> set[str]:
    """The worker pids the access log names for requests of `method` since the last start."""
    return {
        found["pid"]
        for line in server.log_tail(100_000).splitlines()
        if (found := ACCESS_LINE.search(line)) and found["method"] == method
    }


def tuesday_slots(base: str, service: str, centre: str | None = None) -> list[dict]:
    query = {"service": service, "from": TUESDAY, "to": "2026-11-25"}
    if centre:
        query["centre"] = centre
    answer = requests.get(f"{base}/api/v1/availability", params=query, timeout=30)
    return answer.json()["slots"]


def in_parallel(base: str, path: str, bodies: list[dict]) -> list[requests.Response]:
    """Every body POSTed at once, each on a connection of its own (so gunicorn spreads them)."""
    start = threading.Barrier(len(bodies))

    def send(body: dict) -> requests.Response:
        start.wait(timeout=30)
        return requests.post(f"{base}{path}", json=body, timeout=120)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(send, bodies))


def booking(slot: dict, service: str, n: int) -> dict:
    return {
        "service": service,
        "centre": slot["centre"],
        "start": slot["start"],
        "name": f"Borger {n}",
        "email": f"borger{n}@example.dk",
    }


def outbox_rows(server: servers.Server) -> list[dict]:
    db = connect(server.database)
    try:
        return rows(db.execute("SELECT * FROM outbox ORDER BY id"))
    finally:
        db.close()


def wait_until_sent(server: servers.Server, kind: str, count: int) -> list[dict]:
    """Until `count` messages of `kind` are recorded sent; then a moment more, so that a
    second sender still writing a copy would have written it."""
    deadline = time.monotonic() + 90
    while True:
        sent = [m for m in outbox_rows(server) if m["kind"] == kind and m["outcome"] == "sent"]
        if len(sent) >= count:
            break
        assert time.monotonic() < deadline, f"{len(sent)} of {count} {kind} messages sent"
        time.sleep(0.5)
    time.sleep(3)
    return sent


def mailbox_files(server: servers.Server) -> list[re.Match]:
    folder = server.data_dir / "mailbox"
    return [MAILBOX_NAME.match(p.name) for p in sorted(folder.glob("*.eml"))]


def test_two_workers_never_double_book_and_send_each_message_once(tmp_path, monkeypatch, database):
    server = start_central(tmp_path, monkeypatch, MONDAY_8, database, "--no-rate-limit")
    try:
        # 50 clients for 5 tax-decision times at Nørrebro (one secondee: room for one each).
        few = tuesday_slots(server.url, "tax_decision", "norrebro")[:5]
        assert len(few) == 5
        race = [booking(few[n % 5], "tax_decision", n) for n in range(50)]
        # And 30 more citizens booking passports, each a time of their own.
        others = tuesday_slots(server.url, "passport")[:30]
        assert len(others) == 30
        calm = [booking(slot, "passport", 100 + n) for n, slot in enumerate(others)]
        answers = in_parallel(server.url, "/api/v1/bookings", race + calm)

        raced, rest = answers[:50], answers[50:]
        assert Counter(a.status_code for a in raced) == {201: 5, 409: 45}
        assert {a.json()["error"]["code"] for a in raced if a.status_code == 409} == {"slot_taken"}
        won = Counter(a.json()["start"] for a in raced if a.status_code == 201)
        assert sorted(won) == sorted(s["start"] for s in few) and set(won.values()) == {1}
        assert [a.status_code for a in rest] == [201] * 30
        assert len(workers_that_answered(server, "POST")) == 2

        # Each of the 35 confirmations goes out once, though both workers' senders ran.
        confirmations = wait_until_sent(server, "confirmation", 35)
        assert len(confirmations) == 35
        files = mailbox_files(server)
        assert all(files)
        assert sorted(int(f["id"]) for f in files) == sorted(m["id"] for m in confirmations)

        # Monday 10:00: past the reminder hour. Both workers start their rounds at once.
        monkeypatch.setenv(OFFSET_VARIABLE, offset_to(MONDAY_8 + timedelta(hours=2)))
        server.restart()
        reminders = wait_until_sent(server, "reminder", 35)
        assert len(reminders) == 35
        assert len({m["booking_id"] for m in reminders}) == 35
        files = mailbox_files(server)
        sent_ids = sorted(m["id"] for m in confirmations + reminders)
        assert sorted(int(f["id"]) for f in files) == sent_ids
    finally:
        server.stop()


def test_the_per_address_limit_holds_across_two_workers(tmp_path, monkeypatch, database):
    # The demo's limit: 10 booking requests per minute from one address.
    server = start_central(tmp_path, monkeypatch, TUESDAY_10, database)
    try:
        slots = tuesday_slots(server.url, "passport")[-16:]
        bodies = [
            {"service": "passport", "centre": s["centre"], "start": s["start"]} for s in slots
        ]
        answers = in_parallel(server.url, "/api/v1/holds", bodies)
        statuses = Counter(a.status_code for a in answers)
        assert statuses == {201: 10, 429: 6}
        refused = [a.json()["error"] for a in answers if a.status_code == 429]
        assert {e["code"] for e in refused} == {"rate_limited"}
        assert len(workers_that_answered(server, "POST")) == 2
    finally:
        server.stop()


def test_a_staff_login_made_at_one_worker_is_good_at_the_other(tmp_path, monkeypatch):
    # A new data directory: each worker finds no session secret and makes one at once.
    server = start_central(
        tmp_path, monkeypatch, TUESDAY_10, tmp_path / "central.sqlite3", "--no-rate-limit"
    )
    try:
        login = requests.post(
            f"{server.url}/api/v1/login",
            json={"username": "reception1", "password": "demo"},
            timeout=30,
        )
        assert login.status_code == 200
        cookies = login.cookies
        url = f"{server.url}/api/v1/staff/members"
        # Each request on a connection of its own, in parallel rounds until both workers have
        # read the session: which worker accepts a connection is the kernel's choice, and on
        # a loaded machine one may take twenty in a row.
        with ThreadPoolExecutor(8) as pool:
            for _ in range(30):
                answers = list(
                    pool.map(lambda _: requests.get(url, cookies=cookies, timeout=30), range(8))
                )
                assert {a.status_code for a in answers} == {200}
                if len(workers_that_answered(server, "GET")) == 2:
                    break
        assert len(workers_that_answered(server, "GET")) == 2
    finally:
        server.stop()
