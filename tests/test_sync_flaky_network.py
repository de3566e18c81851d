"""A proxy between centre and central that cuts requests and responses: nothing lost or doubled."""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading

import pytest

from centre.store import replica as replica_store
from tests.central_loopback import CentralOnLoopback, norrebro_config

# Per connection: pass it through, cut it mid-request, or cut it mid-response.
MODES = ("ok", "cut_request", "ok", "cut_response", "ok", "cut_headers", "ok", "cut_response")


def _copy(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


class FlakyProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.modes = itertools.cycle(MODES)
        self.cuts = {"cut_request": 0, "cut_response": 0, "cut_headers": 0}
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                kiosk, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(kiosk,), daemon=True).start()

    def _handle(self, kiosk: socket.socket) -> None:
        mode = next(self.modes)
        if mode == "cut_request":
            kiosk.recv(20)  # the start of the request line, then the line goes dead
            self.cuts[mode] += 1
            kiosk.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            kiosk.close()  # central is down: the centre sees the line drop, as it would
            return
        threading.Thread(target=_copy, args=(kiosk, upstream), daemon=True).start()
        if mode == "ok":
            _copy(upstream, kiosk)
            return
        # Central did the work and answered; the centre gets half the answer, then nothing
        # ("cut_headers": only the status line and the first header, a short but valid-looking
        # answer to a careless kiosk).
        first = upstream.recv(65536)
        if mode == "cut_headers":
            status_and_one_header = first.split(b"\r\n")[:2]
            kiosk.sendall(b"\r\n".join(status_and_one_header) + b"\r\n")
        else:
            kiosk.sendall(first[: len(first) // 2])
        self.cuts[mode] += 1
        # shutdown, not just close: the other thread's recv would keep the line open.
        for s in (kiosk, upstream):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def central(tmp_path):
    server = CentralOnLoopback(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def proxy(central):
    flaky = FlakyProxy(central.port)
    yield flaky
    flaky.close()


@pytest.fixture
def config(tmp_path, proxy):
    return norrebro_config(tmp_path, proxy.url)


def test_cut_connections_lose_and_duplicate_no_event_and_no_booking(app, kiosk, db, central, proxy):
    agent = app.extensions["enindgang"]["sync"]
    # More tickets than a person takes in a minute: this test is about the network.
    app.config["CENTRE"].kiosk_rate_limit = False
    # One request per connection, so every request meets the proxy's next mode.
    agent.client.session.headers["Connection"] = "close"
    times = [f"2026-11-24T{h:02d}:{m:02d}:00+01:00" for h in (10, 11, 13, 14) for m in (0, 30)]
    for n in range(24):
        assert kiosk.post("/api/v1/tickets", json={"service": "health_card"}).status_code == 201
        if n % 3 == 0 and times:
            central.book(times.pop(0))
        agent.run_once()
    for _ in range(20):
        if agent.run_once() and agent.run_once():
            break
    assert proxy.cuts["cut_request"] > 0 and proxy.cuts["cut_response"] > 0
    assert proxy.cuts["cut_headers"] > 0
    sent = db.execute("SELECT id, seq FROM events ORDER BY seq").fetchall()
    stored = central.db.execute(
        "SELECT id, seq FROM centre_events WHERE centre = 'norrebro' ORDER BY rowid"
    ).fetchall()
    assert [tuple(e) for e in stored] == [tuple(e) for e in sent]
    booked = central.db.execute(
        "SELECT code FROM bookings WHERE centre = 'norrebro' AND status = 'confirmed'"
    ).fetchall()
    in_replica = db.execute("SELECT code FROM bookings_replica").fetchall()
    assert sorted(c[0] for c in in_replica) == sorted(c[0] for c in booked)
    assert replica_store.count(db) == 8
