"""Shared fixtures: a centre app on a fixed clock, staff clients, and a real server + Chromium."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from werkzeug.security import generate_password_hash

from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from kernel.clock import FixedClock, iso
from kernel.db import ConnectionPool, write_transaction
from kernel.pg import PgConnectionPool
from kernel.runtime_clock import OFFSET_VARIABLE, process_clock
from tests import pg_cluster, servers
from tests.live_http import forget_kiosk

CPH = ZoneInfo("Europe/Copenhagen")
# A Tuesday morning in opening hours.
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=CPH)

# Every server these tests start (and the tests themselves, through process_clock) runs as if
# this session began on TUESDAY_10: results must not depend on the hour or weekday CI runs at.
os.environ.setdefault(OFFSET_VARIABLE, str((TUESDAY_10 - datetime.now(UTC)).total_seconds()))


def server_now() -> datetime:
    """What the servers started by these tests take as now (shifted, running on)."""
    return process_clock().now()


WEEKDAY_HOURS = {
    "monday": "10:00-17:00",
    "tuesday": "10:00-17:00",
    "wednesday": "10:00-17:00",
    "thursday": ["10:00-12:00", "13:00-18:00"],
    "friday": "10:00-14:00",
}

# Hashed once: a password hash is slow on purpose, and every test needs five accounts.
PASSWORD_HASH = generate_password_hash("secret-pw")

STAFF = {
    "staff1": ("Sara Sørensen", "staff"),
    "staff2": ("Søren Staff", "staff"),
    "tax1": ("Tobias Ærø", "tax"),
    "reception1": ("Rikke Ålund", "reception"),
    "manager1": ("Mads Østergaard", "manager"),
}


def centre_raw(**overrides) -> dict:
    raw = {
        "centre": {"id": "test", "name": "Borgerservice Test"},
        "opening_hours": WEEKDAY_HOURS,
        "counters": {str(n): {} for n in range(1, 7)},
        "printer": {"transport": "virtual"},
    }
    raw.update(overrides)
    return raw


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TUESDAY_10)


@pytest.fixture
def config(tmp_path):
    return from_dict(centre_raw(), tmp_path, tmp_path / "var")


def pytest_addoption(parser):
    parser.addoption(
        "--central-database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="What the central apps of tests/booking run on: SQLite files, or a database each"
        " on a throwaway PostgreSQL server (tests/pg_cluster.py).",
    )


def pytest_configure(config):
    pg_cluster.central_database = config.getoption("--central-database")


@pytest.fixture(autouse=True)
def close_connection_pools(monkeypatch):
    """Every app a test starts in this process has its database files closed afterwards:
    without it a whole run holds thousands of open files, and select() (the serial printer
    transport) fails on descriptors past 1024. PostgreSQL databases a test made are dropped."""
    pools: list[ConnectionPool | PgConnectionPool] = []
    made_before = pg_cluster.made_count()
    for kind in (ConnectionPool, PgConnectionPool):
        monkeypatch.setattr(kind, "__init__", _remembered(kind.__init__, pools))
    yield
    for pool in pools:
        pool.close()
    pg_cluster.drop_made(made_before)


def _remembered(opened, pools):
    def remember(self, *args, **kwargs):
        opened(self, *args, **kwargs)
        pools.append(self)

    return remember


@pytest.fixture
def app(config, clock):
    app = create_app(config, clock=clock, testing=True)
    ext = app.extensions["enindgang"]
    db = ext["pool"].get()
    with write_transaction(db):
        for username, (name, role) in STAFF.items():
            staff_store.insert(db, username, name, role, PASSWORD_HASH, iso(clock.now()))
    yield app
    ext["printer"].spooler.wait_idle(5)


@pytest.fixture
def ctx(app):
    return app.extensions["enindgang"]["context"]


@pytest.fixture
def db(app):
    return app.extensions["enindgang"]["pool"].get()


@pytest.fixture
def client(app):
    return app.test_client()


class StaffClient:
    """A test client logged in as one staff member, sending the CSRF token like the UI does."""

    def __init__(self, app, username: str, counter: str | None) -> None:
        self.http = app.test_client()
        body = {"username": username, "password": "secret-pw"}
        if counter is not None:
            body["counter"] = counter
        response = self.http.post("/api/v1/login", json=body)
        assert response.status_code == 200, response.json
        self.token = response.json["csrf_token"]
        self.counter = counter

    def post(self, path: str, json=None, **kwargs):
        headers = {"X-CSRFToken": self.token, **kwargs.pop("headers", {})}
        return self.http.post(path, json=json, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.http.get(path, **kwargs)

    def act(self, action: str, json=None):
        return self.post(f"/api/v1/counter/{action}", json=json)


def paired_client(app, name: str = "Kiosk 1"):
    """A test client paired as a kiosk through a real pairing link, as a kiosk's browser is."""
    from centre.domain import kiosks as kiosk_domain

    ext = app.extensions["enindgang"]
    _, token = kiosk_domain.add_kiosk(ext["context"].clock, ext["pool"].get(), name)
    http = app.test_client()
    response = http.get(f"/kiosk/pair/{token}")
    assert response.status_code == 302, response.data
    return http


@pytest.fixture
def kiosk(app):
    """A test client that is a paired kiosk (its credential cookie kept)."""
    return paired_client(app)


@pytest.fixture
def login(app):
    """login("staff1", counter="2") -> StaffClient."""

    def make(username: str, counter: str | None = None) -> StaffClient:
        return StaffClient(app, username, counter)

    return make


# --- real servers and a real browser -------------------------------------------------------

SERVERS_MARK = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.stash[SERVERS_MARK] = servers.started_count()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test shows the log of every server it started or that is still running."""
    report = yield
    if report.failed:
        mark = item.stash.get(SERVERS_MARK, servers.started_count())
        mine = servers.started_since(mark)
        for server in servers.started_since(0):
            if server in mine or server.running:
                report.sections.append((f"server log {server.log}", server.log_tail()))
    return report


@pytest.fixture
def demo_server(tmp_path):
    """`enindgang demo` in its own process: the real gunicorn server, as a centre runs it
    (without the generated year of visits, which these tests do not look at)."""
    server = servers.demo(tmp_path / "demo-data", "--history-days", "0").start()
    forget_kiosk(server.url)
    yield server
    server.stop()


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_script_errors(page):
    """The test also fails on an uncaught error in the page's scripts (use it by name)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    assert errors == []


def wait_for_js(page, expression: str, timeout: float = 10_000) -> None:
    """Like page.wait_for_function, which evals its string in the page: the pages'
    Content-Security-Policy forbids eval, so this polls page.evaluate (exempt) instead."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} ms: {expression}")
        page.wait_for_timeout(50)


def axe_violations(page) -> list:
    """axe-core's WCAG violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return results.response["violations"]


def logins_at_once(app, username: str, count: int) -> list[int]:
    """The answers to `count` wrong logins for one account sent at the same moment, each from
    its own address (so only the per-account count can hold them)."""
    start = threading.Barrier(count)

    def one(n: int) -> int:
        client = app.test_client()
        start.wait()
        return client.post(
            "/api/v1/login",
            json={"username": username, "password": "wrong-guess"},
            environ_base={"REMOTE_ADDR": f"10.9.{n // 250}.{n % 250 + 1}"},
        ).status_code

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))
