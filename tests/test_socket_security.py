"""Live sockets against a real HTTP server: origin checks, roles, and sessions that ended."""

from __future__ import annotations

import threading
import time

import pytest
import requests
import socketio
from werkzeug.serving import make_server

from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from kernel.clock import iso
from kernel.db import write_transaction
from tests.conftest import PASSWORD_HASH, STAFF, centre_raw
from tests.servers import free_port


class LiveCentre:
    """The centre app on 127.0.0.1 in this process, with the test accounts."""

    def __init__(self, tmp_path, clock, **centre) -> None:
        raw = centre_raw(centre={"id": "test", "name": "Borgerservice Test", **centre})
        self.app = create_app(from_dict(raw, tmp_path, tmp_path / "var"), clock, testing=True)
        db = self.app.extensions["enindgang"]["pool"].get()
        with write_transaction(db):
            for username, (name, role) in STAFF.items():
                staff_store.insert(db, username, name, role, PASSWORD_HASH, iso(clock.now()))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def login(self, username: str, counter: str | None = None) -> requests.Session:
        http = requests.Session()
        body = {"username": username, "password": "secret-pw"}
        if counter:
            body["counter"] = counter
        answer = http.post(f"{self.url}/api/v1/login", json=body, timeout=5)
        assert answer.status_code == 200, answer.text
        http.headers["X-CSRFToken"] = answer.json()["csrf_token"]
        return http

    def kiosk(self) -> requests.Session:
        """A session paired as a kiosk through a real pairing link."""
        from centre.domain import kiosks as kiosk_domain

        ext = self.app.extensions["enindgang"]
        _, token = kiosk_domain.add_kiosk(ext["context"].clock, ext["pool"].get(), "Kiosk 1")
        http = requests.Session()
        assert http.get(f"{self.url}/kiosk/pair/{token}", timeout=5).status_code == 200
        return http

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def live(tmp_path, clock):
    centre = LiveCentre(tmp_path, clock)
    yield centre
    centre.stop()


def cookie_of(http: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


class Listener:
    """A python-socketio client on one namespace that keeps what it hears."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.client = socketio.Client(reconnection=False)
        self.heard: list[tuple[str, object]] = []
        self.client.on("*", self._hear, namespace=namespace)

    def _hear(self, event, *args):
        self.heard.append((event, args[0] if args else None))

    def connect(self, url: str, headers: dict | None = None) -> bool:
        try:
            self.client.connect(
                url,
                headers=headers or {},
                namespaces=[self.namespace],
                transports=["polling"],
                wait_timeout=5,
            )
        except socketio.exceptions.ConnectionError:
            return False
        return self.client.connected

    def wait_for(self, event: str, wait: float = 3.0) -> list:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            found = [payload for name, payload in self.heard if name == event]
            if found:
                return found
            time.sleep(0.02)
        return []

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def listeners():
    made: list[Listener] = []

    def make(namespace: str) -> Listener:
        made.append(Listener(namespace))
        return made[-1]

    yield make
    for listener in made:
        listener.close()


def test_a_page_on_another_origin_cannot_open_a_staff_socket(live, listeners):
    staff = live.login("reception1")
    evil = listeners("/counter")
    headers = {"Cookie": cookie_of(staff), "Origin": "http://evil.example"}
    assert not evil.connect(live.url, headers)
    same = listeners("/counter")
    assert same.connect(live.url, {"Cookie": cookie_of(staff), "Origin": live.url})
    assert same.wait_for("overview")


def test_a_page_on_another_origin_cannot_open_the_kiosk_socket_either(live, listeners):
    assert not listeners("/kiosk").connect(live.url, {"Origin": "http://evil.example"})
    assert listeners("/kiosk").connect(live.url, {"Origin": live.url})


def test_behind_a_proxy_the_public_address_is_the_accepted_origin(tmp_path, clock, listeners):
    # TLS ends at the proxy: the app sees http://127.0.0.1:port, the browser is on https://….
    centre = LiveCentre(tmp_path, clock, public_url="https://kø.example.dk/norrebro")
    try:
        staff = centre.login("reception1")
        public = listeners("/counter")
        headers = {"Cookie": cookie_of(staff), "Origin": "https://xn--k-5ga.example.dk"}
        assert public.connect(centre.url, headers)
        evil = listeners("/counter")
        headers = {"Cookie": cookie_of(staff), "Origin": "https://evil.example"}
        assert not evil.connect(centre.url, headers)
    finally:
        centre.stop()


def test_a_tax_secondee_socket_gets_no_centre_overview(live, listeners):
    tax = live.login("tax1", counter="6")
    refused = tax.get(f"{live.url}/api/v1/overview", timeout=5)
    assert refused.status_code == 403
    counter = listeners("/counter")
    assert counter.connect(live.url, {"Cookie": cookie_of(tax)})
    assert counter.wait_for("overview")
    live.kiosk().post(f"{live.url}/api/v1/tickets", json={"service": "moving"}, timeout=5)
    time.sleep(0.5)
    pushed = [payload for name, payload in counter.heard if name == "overview"]
    assert len(pushed) >= 2  # told on connect and when the queue changed
    for overview in pushed:
        assert set(overview) == {"printer"}  # no counters, staff, queue or totals


def test_a_manager_socket_gets_the_centre_overview(live, listeners):
    manager = live.login("manager1")
    counter = listeners("/counter")
    assert counter.connect(live.url, {"Cookie": cookie_of(manager)})
    overview = counter.wait_for("overview")[0]
    assert {c["id"] for c in overview["counters"]} == {"1", "2", "3", "4", "5", "6"}
    assert "queue" in overview and "staff" in overview


def test_kiosks_hear_how_a_ticket_printed_without_its_id(live, listeners):
    kiosk = listeners("/kiosk")
    assert kiosk.connect(live.url)
    issued = live.kiosk().post(f"{live.url}/api/v1/tickets", json={"service": "moving"}, timeout=5)
    ticket = issued.json()
    news = kiosk.wait_for("printed")
    assert news == [{"number": ticket["number"], "ok": True, "error": None}]
    heard = repr(kiosk.heard)
    assert ticket["id"] not in heard


def test_logout_closes_the_staff_socket_and_its_cookie_cannot_reconnect(live, listeners):
    staff = live.login("reception1")
    cookie = cookie_of(staff)
    first = listeners("/counter")
    assert first.connect(live.url, {"Cookie": cookie})
    assert staff.post(f"{live.url}/api/v1/logout", timeout=5).status_code == 200
    deadline = time.monotonic() + 3
    while first.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not first.client.connected
    assert not listeners("/counter").connect(live.url, {"Cookie": cookie})


def test_a_staff_socket_is_refused_and_closed_once_the_session_hours_are_up(live, listeners, clock):
    staff = live.login("reception1")
    open_socket = listeners("/counter")
    assert open_socket.connect(live.url, {"Cookie": cookie_of(staff)})
    clock.advance(hours=12, minutes=1)
    assert not listeners("/counter").connect(live.url, {"Cookie": cookie_of(staff)})
    # The socket opened in time gets no more pushes: the next change closes it.
    live.kiosk().post(f"{live.url}/api/v1/tickets", json={"service": "moving"}, timeout=5)
    deadline = time.monotonic() + 3
    while open_socket.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not open_socket.client.connected


FORWARDED = {
    "Origin": "https://queue.example.dk",
    "X-Forwarded-Host": "queue.example.dk",
    "X-Forwarded-Proto": "https",
}


def test_behind_a_trusted_proxy_that_forwards_the_host_the_page_origin_is_accepted(
    tmp_path, clock, listeners
):
    behind_proxy = LiveCentre(tmp_path, clock, trusted_proxies=1)
    try:
        staff = behind_proxy.login("reception1")
        headers = {"Cookie": cookie_of(staff), **FORWARDED}
        assert listeners("/counter").connect(behind_proxy.url, headers)
    finally:
        behind_proxy.stop()


def test_without_trusted_proxies_a_forwarded_host_named_by_the_client_is_refused(live, listeners):
    staff = live.login("reception1")
    headers = {"Cookie": cookie_of(staff), **FORWARDED}
    assert not listeners("/counter").connect(live.url, headers)


def test_a_new_password_from_the_command_line_closes_that_persons_open_socket(live, listeners):
    from centre.domain.accounts import set_password

    staff = live.login("reception1")
    open_socket = listeners("/counter")
    assert open_socket.connect(live.url, {"Cookie": cookie_of(staff)})
    # Another process (the CLI) writes the new password: only the database knows.
    db = live.app.extensions["enindgang"]["pool"].get()
    set_password(db, live.app.extensions["enindgang"]["context"].clock, "reception1", "new-pw-1")
    live.kiosk().post(f"{live.url}/api/v1/tickets", json={"service": "moving"}, timeout=5)
    deadline = time.monotonic() + 3
    while open_socket.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not open_socket.client.connected
