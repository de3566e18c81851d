"""A centre killed mid-pull resumes from its stored cursor: nothing fetched twice, nothing lost."""

from __future__ import annotations

import contextlib
import http.client
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.conftest import server_now
from tests.test_sync_processes import (
    NORREBRO_KEY,
    central_process,
    centre_database,
    centre_process,
    query,
    wait_until,
)

pytestmark = pytest.mark.slow

PAGE_SIZE = 20
# Six pages of changes: the kill comes while the third is in flight.
BOOKINGS = 110
PAGES_BEFORE_KILL = 2
PULL_PATH = "/api/v1/sync/bookings"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class PullRecorder:
    """An HTTP proxy between centre and central that notes every booking pull (its cursor and
    how many bookings came back), can answer pulls 503 (central away) and can hold one pull
    open so the centre is killed while that pull is in flight. Everything else passes through."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.pulls: list[dict] = []
        self.down = False
        self.hold_after: int | None = None
        self.answered_since_armed = 0
        self.held_cursor: str | None = None
        self.held = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def come_back(self, hold_after: int) -> None:
        """Central is reachable again; the pull after `hold_after` answered pulls is held."""
        with self.lock:
            self.hold_after, self.answered_since_armed = hold_after, 0
            self.down = False

    def pulls_since(self, mark: int) -> list[dict]:
        with self.lock:
            return [dict(p) for p in self.pulls[mark:]]

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # the test's output stays readable
                pass

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def do_DELETE(self) -> None:
                self._handle()

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                url = urlsplit(self.path)
                record = None
                if self.command == "GET" and url.path == PULL_PATH:
                    record = proxy._note_pull(parse_qs(url.query).get("cursor", [None])[0])
                    if record["refused"]:
                        return self._answer(503, {}, b'{"error": {"code": "unavailable"}}')
                    if record["held"]:
                        proxy.held.set()
                        proxy.release.wait(30)
                        # No answer at all: the centre died waiting for it.
                        self.close_connection = True
                        return None
                upstream = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=10)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                    upstream.request(self.command, self.path, body=body or None, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                    headers = {k: v for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP}
                    status = answer.status
                finally:
                    upstream.close()
                if record is not None and status == 200:
                    proxy._note_answer(record, json.loads(data))
                return self._answer(status, headers, data)

            def _answer(self, status: int, headers: dict, data: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", headers.get("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _note_pull(self, cursor: str | None) -> dict:
        with self.lock:
            hold = self.hold_after is not None and self.answered_since_armed >= self.hold_after
            if hold:
                self.hold_after, self.held_cursor = None, cursor
            record = {"cursor": cursor, "refused": self.down, "held": hold, "bookings": None}
            self.pulls.append(record)
            return record

    def _note_answer(self, record: dict, answer: dict) -> None:
        with self.lock:
            record["bookings"] = len(answer["bookings"])
            record["more"] = answer["more"]
            self.answered_since_armed += 1


def stored_cursor(centre) -> str | None:
    return query(centre_database(centre), "SELECT cursor FROM sync_state")[0][0]


def replica_codes(centre) -> list[str]:
    return [row[0] for row in query(centre_database(centre), "SELECT code FROM bookings_replica")]


def central_snapshot(central) -> dict[str, str]:
    """Central's own list of the centre's bookings (code -> status), asked directly."""
    answer = requests.get(
        f"{central.url}{PULL_PATH}",
        headers={"Authorization": f"Bearer {NORREBRO_KEY}"},
        timeout=10,
    ).json()
    return {b["code"]: b["status"] for b in answer["bookings"]}


def book_many(central, count: int) -> list[dict]:
    """`count` bookings at Nørrebro inside the replica's 14-day window, over several services."""
    http = requests.Session()
    services = [
        s["id"] for s in http.get(f"{central.url}/api/v1/services", timeout=10).json()["services"]
    ]
    horizon = server_now() + timedelta(days=12)
    booked: list[dict] = []
    for service in services:
        slots = (
            http.get(
                f"{central.url}/api/v1/availability",
                params={"service": service, "centre": "norrebro"},
                timeout=10,
            )
            .json()
            .get("slots", [])
        )
        for slot in slots:
            if len(booked) == count:
                return booked
            if datetime.fromisoformat(slot["start"]) >= horizon:
                break
            body = {
                "service": service,
                "centre": "norrebro",
                "start": slot["start"],
                "name": "Ida Ærø",
                "email": f"ida{len(booked)}@example.dk",
            }
            answer = http.post(f"{central.url}/api/v1/bookings", json=body, timeout=10)
            # Services can share staff: a slot another service just took answers 409.
            if answer.status_code == 201:
                booked.append(answer.json())
    assert len(booked) == count, f"only {len(booked)} free slots"
    return booked


def cursor_seq(cursor: str) -> int:
    return int(cursor.removeprefix("v1."))


@pytest.fixture(scope="module")
def restarted(tmp_path_factory):
    """Centre synced, cut off while 110 bookings are made, killed on the third page of its
    catch-up (two pages stored), and started again on the same config and data."""
    tmp_path = tmp_path_factory.mktemp("restart")
    central = central_process(tmp_path).start()
    proxy = PullRecorder(central.port)
    centre = centre_process(tmp_path, proxy.url)
    # [central] is the config's last table: this line belongs to it.
    config = tmp_path / "norrebro.toml"
    config.write_text(config.read_text() + f"page_size = {PAGE_SIZE}\n")
    facts = SimpleNamespace(central=central, centre=centre, proxy=proxy)
    try:
        centre.start()
        wait_until(lambda: stored_cursor(centre), timeout=15)
        proxy.down = True
        # Pulls are one at a time: once one was refused, none is still reading central.
        wait_until(lambda: any(p["refused"] for p in proxy.pulls_since(0)), timeout=10)
        facts.cursor_when_cut_off = stored_cursor(centre)
        facts.replica_when_cut_off = len(replica_codes(centre))
        facts.booked = book_many(central, BOOKINGS)
        proxy.come_back(hold_after=PAGES_BEFORE_KILL)
        assert proxy.held.wait(15), "the centre never asked for a third page"
        facts.stored_at_kill = stored_cursor(centre)
        facts.fetched_before_kill = len(replica_codes(centre)) - facts.replica_when_cut_off
        centre.kill()
        proxy.release.set()
        facts.held_cursor = proxy.held_cursor
        facts.restart_mark = len(proxy.pulls_since(0))
        centre.start()
        yield facts
    finally:
        centre.stop()
        central.stop()
        proxy.close()


def test_a_centre_killed_mid_pull_resumes_from_its_stored_cursor(restarted):
    cut_off, stored, held = (
        restarted.cursor_when_cut_off,
        restarted.stored_at_kill,
        restarted.held_cursor,
    )
    # Killed after two pages: their cursor was stored, and the pull in flight asked after it.
    assert restarted.fetched_before_kill == PAGES_BEFORE_KILL * PAGE_SIZE
    assert stored == held
    assert cursor_seq(stored) > cursor_seq(cut_off)
    first = wait_until(lambda: restarted.proxy.pulls_since(restarted.restart_mark), timeout=15)[0]
    assert first["cursor"] == stored


def test_after_the_restart_every_booking_is_in_the_replica_once_and_none_was_fetched_twice(
    restarted,
):
    centre, proxy = restarted.centre, restarted.proxy
    expected = central_snapshot(restarted.central)
    assert {b["code"] for b in restarted.booked} <= set(expected)
    with contextlib.suppress(AssertionError):
        wait_until(lambda: sorted(replica_codes(centre)) == sorted(expected), timeout=20)
    missing = set(expected) - set(replica_codes(centre))
    assert not missing, f"{len(missing)} of {len(expected)} bookings never reached the replica"
    assert sorted(replica_codes(centre)) == sorted(expected)
    rows = query(
        centre_database(centre), "SELECT COUNT(*), COUNT(DISTINCT code) FROM bookings_replica"
    )
    assert rows == [(len(expected), len(expected))]
    after = proxy.pulls_since(restarted.restart_mark)
    # Never a snapshot (no cursor) again: the restarted centre only asked for what it lacked.
    assert [p for p in after if not p["cursor"]] == []
    # The catch-up round: its pages up to the one that said there was no more.
    answered = [p for p in after if p["bookings"] is not None]
    last_page = next(i for i, p in enumerate(answered) if not p["more"])
    transferred = sum(p["bookings"] for p in answered[: last_page + 1])
    fetched_before_kill = restarted.fetched_before_kill
    assert transferred == BOOKINGS - fetched_before_kill
    assert transferred < BOOKINGS


def replica_status(centre, code: str) -> str | None:
    found = query(
        centre_database(centre), "SELECT status FROM bookings_replica WHERE code = ?", [code]
    )
    return found[0][0] if found else None


def test_a_booking_cancelled_at_central_after_the_restart_shows_as_cancelled(restarted):
    centre, code = restarted.centre, restarted.booked[-1]["code"]
    wait_until(lambda: replica_status(centre, code) == "confirmed", timeout=20)
    token = parse_qs(urlsplit(restarted.booked[-1]["manage_url"]).query)["token"][0]
    answer = requests.post(
        f"{restarted.central.url}/api/v1/bookings/{code}/cancel", json={"token": token}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    with contextlib.suppress(AssertionError):
        wait_until(lambda: replica_status(centre, code) == "cancelled", timeout=5)
    assert replica_status(centre, code) == "cancelled"
    after = restarted.proxy.pulls_since(restarted.restart_mark)
    assert [p for p in after if not p["cursor"]] == []
