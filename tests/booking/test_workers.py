"""Central with two gunicorn worker processes: the database, not a lock in one process, keeps
bookings single, messages sent once, the per-address limit whole and every worker's cached
availability right; /metrics counts the requests of all workers.

Each test starts `enindgang central demo --workers 2 --access-log` and proves from the access
log (it names the worker pid of every request) that both workers answered; the booking, the
messages and the limit on SQLite and on PostgreSQL (`--database`, a throwaway cluster).
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

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


def sqlite_file(tmp_path: Path) -> Path:
    """Where a SQLite central under test keeps its data."""
    return tmp_path / "central" / "central.sqlite3"


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


def get_counts(server: servers.Server) -> Counter[str]:
    """GET requests answered so far, per worker pid."""
    return Counter(
        found["pid"]
        for line in server.log_tail(100_000).splitlines()
        if (found := ACCESS_LINE.search(line)) and found["method"] == "GET"
    )


def ask_both_workers(server: servers.Server, ask) -> list:
    """`ask()` on connections of their own, in parallel rounds, until both workers have
    answered at least once since this call began; every answer is returned."""
    before, answers = get_counts(server), []
    with ThreadPoolExecutor(8) as pool:
        for _ in range(30):
            answers += pool.map(lambda _: ask(), range(8))
            if len(get_counts(server) - before) == 2:
                return answers
    raise AssertionError(f"one worker answered every request: {get_counts(server) - before}")


def test_a_booking_and_an_absence_made_at_one_worker_show_at_once_at_both(tmp_path, monkeypatch):
    server = start_central(
        tmp_path, monkeypatch, MONDAY_8, sqlite_file(tmp_path), "--no-rate-limit"
    )
    try:

        def norrebro_tax_times() -> list[str]:
            found = tuesday_slots(server.url, "tax_decision", "norrebro")
            return [s["start"] for s in found if s["start"].startswith(TUESDAY)]

        # Both workers answer (and so keep Tuesday's slot grid) before anything changes.
        first = ask_both_workers(server, norrebro_tax_times)
        times = first[0]
        assert times and all(found == times for found in first)
        booked = requests.post(
            f"{server.url}/api/v1/bookings",
            json=booking({"centre": "norrebro", "start": times[0]}, "tax_decision", 1),
            timeout=30,
        )
        assert booked.status_code == 201
        # One secondee at a time at Nørrebro: the booked time is gone at both workers.
        after = ask_both_workers(server, norrebro_tax_times)
        assert all(found == times[1:] for found in after)

        # A manager marks both secondees away on Tuesday: no tax decision there at either.
        manager = requests.Session()
        login = manager.post(
            f"{server.url}/api/v1/login",
            json={"username": "manager1", "password": "demo"},
            timeout=30,
        )
        assert login.status_code == 200
        csrf = {"X-CSRFToken": login.json()["csrf_token"]}
        for staff_id in ("norrebro-tax1", "norrebro-tax2"):
            away = manager.post(
                f"{server.url}/api/v1/manager/staff/{staff_id}/absences",
                json={"start": TUESDAY, "end": TUESDAY, "reason": "course"},
                headers=csrf,
                timeout=30,
            )
            assert away.status_code == 201, away.text
        empty = ask_both_workers(server, norrebro_tax_times)
        assert all(found == [] for found in empty)
    finally:
        server.stop()


def route_count(server: servers.Server, route: str) -> float:
    """How many GETs of `route` /metrics counts (asked from this machine: no token needed)."""
    answer = requests.get(f"{server.url}/metrics", timeout=30)
    assert answer.status_code == 200
    return sum(
        sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
        if sample.name == "enindgang_http_request_duration_seconds_count"
        and sample.labels["route"] == route
        and sample.labels["method"] == "GET"
    )


def test_metrics_count_the_requests_of_every_worker_even_one_that_died(tmp_path, monkeypatch):
    server = start_central(
        tmp_path, monkeypatch, TUESDAY_10, sqlite_file(tmp_path), "--no-rate-limit"
    )
    try:
        url = f"{server.url}/api/v1/services"
        answers = ask_both_workers(server, lambda: requests.get(url, timeout=30).status_code)
        assert set(answers) == {200}
        # Whichever worker answers the scrape, it counts both workers' requests.
        counts = ask_both_workers(server, lambda: route_count(server, "/api/v1/services"))
        assert set(counts) == {len(answers)}
        # The senders' heartbeat: one figure for the workers (the oldest), not one each.
        scrape = requests.get(f"{server.url}/metrics", timeout=30).text
        beats = [
            sample
            for family in text_string_to_metric_families(scrape)
            for sample in family.samples
            if sample.name == "enindgang_central_sender_round_timestamp_seconds"
        ]
        assert len(beats) == 1 and beats[0].labels == {}
        assert abs(beats[0].value - (time.time() + float(os.environ[OFFSET_VARIABLE]))) < 120

        # A worker killed outright: gunicorn starts another, and its requests still count.
        victim = int(next(iter(workers_that_answered(server, "GET"))))
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while server.log_tail(100_000).count("Booting worker") < 3:
            assert time.monotonic() < deadline, server.log_tail()
            time.sleep(0.2)
        counts = ask_both_workers(server, lambda: route_count(server, "/api/v1/services"))
        assert set(counts) == {len(answers)}
    finally:
        server.stop()


def test_a_restart_counts_from_zero_in_a_metrics_directory_it_is_given(tmp_path, monkeypatch):
    folder = tmp_path / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    server = start_central(
        tmp_path, monkeypatch, TUESDAY_10, sqlite_file(tmp_path), "--no-rate-limit"
    )
    try:
        for _ in range(5):
            assert requests.get(f"{server.url}/api/v1/services", timeout=30).status_code == 200
        assert route_count(server, "/api/v1/services") == 5
        assert list(folder.glob("histogram_*.db"))
        server.restart()
        assert route_count(server, "/api/v1/services") == 0
    finally:
        server.stop()
