"""Fixtures: a booking app on a fixed clock with two small centres, and a real demo server."""

from __future__ import annotations

from pathlib import Path

import pytest

from booking.app import create_app
from booking.config import BookingConfig, CentreSeed
from booking.domain.accounts import add_account
from booking.domain.sync import issue_key
from booking.store import setup as setup_store
from kernel.clock import FixedClock
from kernel.db import write_transaction
from tests import pg_cluster, servers
from tests.booking.helpers import local

# Monday 23 November 2026, 08:00 in Copenhagen.
MONDAY_8 = local(2026, 11, 23, 8)
CENTRES = [CentreSeed("norrebro", "Borgerservice Nørrebro"), CentreSeed("osterbro", "Østerbro")]
STAFF_SERVICES = ("passport", "driving_licence", "tax_questions", "health_card")
# id, name, centre, role, services
MEMBERS = (
    ("anna", "Anna Holm", "norrebro", "staff", STAFF_SERVICES),
    ("bo", "Bo Kjær", "norrebro", "staff", STAFF_SERVICES),
    ("tina", "Tina Ærø", "norrebro", "tax", ("tax_decision", "tax_questions")),
    ("carl", "Carl Dahl", "osterbro", "staff", STAFF_SERVICES),
)
WEEKDAYS = range(5)
PASSWORD = "secret-pw"


def add_member(db, staff_id, name, centre, role, services, hours="09:00-16:00", lunch=None):
    setup_store.add_staff(db, staff_id, name, centre, role)
    setup_store.set_staff_services(db, staff_id, services)
    start, end = hours.split("-")
    setup_store.set_hours(db, staff_id, "work", [(d, start, end) for d in WEEKDAYS])
    if lunch:
        a, b = lunch.split("-")
        setup_store.set_hours(db, staff_id, "break", [(d, a, b) for d in WEEKDAYS])


def make_app(tmp_path: Path, clock: FixedClock, **overrides):
    settings = {
        "data_dir": tmp_path / "central",
        "centres": CENTRES,
        "rate_limit": None,
        "secret_key": "test-secret",
        "min_notice_minutes": 120,
        "horizon_days": 60,
        "database_url": pg_cluster.central_url(),
        **overrides,
    }
    app = create_app(BookingConfig(**settings), clock=clock, testing=True)
    db = app.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        if not setup_store.staff(db):
            for member in MEMBERS:
                add_member(db, *member, lunch="12:00-12:30")
    return app


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_8)


@pytest.fixture
def central(tmp_path, clock):
    """The booking app (no per-address limit) with two centres and four staff members."""
    return make_app(tmp_path, clock)


@pytest.fixture
def central_db(central):
    return central.extensions["enindgang"]["pool"].get()


@pytest.fixture
def api(central):
    return central.test_client()


class StaffSession:
    """A test client logged in as a staff account, sending the CSRF token like the pages do."""

    def __init__(self, app, username: str) -> None:
        self.http = app.test_client()
        response = self.http.post(
            "/api/v1/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.json
        self.token = response.json["csrf_token"]

    def post(self, path: str, json=None, **kwargs):
        headers = {"X-CSRFToken": self.token, **kwargs.pop("headers", {})}
        return self.http.post(path, json=json, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.http.get(path, **kwargs)


ACCOUNTS = {
    "reception1": "reception",
    "manager1": "manager",
    "contact1": "contact_centre",
    "report1": "report",
}


@pytest.fixture
def staff_login(central, central_db, clock):
    """staff_login("reception1") -> StaffSession (accounts made on first use: hashing is slow)."""

    def login(username: str) -> StaffSession:
        from booking.store import accounts as account_store

        if account_store.get(central_db, username) is None:
            add_account(central_db, clock, username, username.title(), ACCOUNTS[username], PASSWORD)
        return StaffSession(central, username)

    return login


@pytest.fixture
def central_demo(tmp_path):
    """`enindgang central demo` in its own process: the real gunicorn server (without the
    generated year of visits, which these tests do not look at)."""
    data = tmp_path / "central-demo"
    options = ("--no-rate-limit", "--history-days", "0")
    server = servers.central_demo(data, tmp_path / "central.log", *options).start()
    yield server
    server.stop()


NORREBRO_KEY = "norrebro.test-key-0123456789"
OSTERBRO_KEY = "osterbro.test-key-0123456789"


@pytest.fixture
def keys(central_db, clock):
    """Sync keys for Nørrebro and Østerbro, as `enindgang central centre-key` would store them."""
    issue_key(central_db, "norrebro", clock.now(), NORREBRO_KEY)
    issue_key(central_db, "osterbro", clock.now(), OSTERBRO_KEY)


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}
