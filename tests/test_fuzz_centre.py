"""No input makes the centre answer a server error: every route, fuzzed as every kind of caller."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from centre.app import create_app
from centre.config import from_dict
from centre.domain import kiosks as kiosk_domain
from centre.kiosk_auth import KioskLimits
from centre.store import staff as staff_store
from kernel.clock import FixedClock, iso
from kernel.db import write_transaction
from kernel.login_throttle import LoginThrottle
from tests import fuzz
from tests.central_loopback import CentralOnLoopback, norrebro_config
from tests.conftest import STAFF, TUESDAY_10, StaffClient, centre_raw, paired_client

# Quick to check: the fuzz logs a caller in again after each logout it sends.
QUICK_HASH = generate_password_hash("secret-pw", method="pbkdf2:sha256:1000")


@cache
def centre_routes() -> list[fuzz.Route]:
    """The centre's routes, from an app built like tests/conftest.py builds it."""
    with tempfile.TemporaryDirectory(prefix="fuzz-routes-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        app = create_app(from_dict(centre_raw(), folder, folder / "var"), testing=True)
        return fuzz.routes(app)


def staff_identity(app, name: str, username: str, counter: str | None) -> fuzz.Identity:
    # The fuzz's own tries count against the login limit: start the count again, so that
    # this login is let through (the limit stays on, as in a real centre).
    app.extensions["enindgang"]["kiosk_limits"] = KioskLimits()
    app.extensions["enindgang"]["login_throttle"] = LoginThrottle()
    session = StaffClient(app, username, counter)
    return fuzz.Identity(name, session.http, {"X-CSRFToken": session.token})


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """A centre wired to a real central on loopback, its staff, a ticket and a booking."""
    folder = tmp_path_factory.mktemp("fuzz-centre")
    central = CentralOnLoopback(folder / "central")
    config = norrebro_config(folder, central.url)
    # Past a kiosk's human rate every request is a 429 before its body is read: the fuzz must
    # reach the handlers (the cap has tests of its own, tests/test_kiosk_limits.py).
    config.kiosk_rate_limit = False
    app = create_app(config, clock=FixedClock(TUESDAY_10), testing=True)
    ext = app.extensions["enindgang"]
    db = ext["pool"].get()
    with write_transaction(db):
        for username, (full_name, role) in STAFF.items():
            staff_store.insert(db, username, full_name, role, QUICK_HASH, iso(TUESDAY_10))
    # Who calls the centre: one line each. Counter roles sit at a counter of their own.
    identities = fuzz.Identities(
        {
            "anonymous": lambda: fuzz.Identity("anonymous", app.test_client()),
            "kiosk": lambda: fuzz.Identity("kiosk", paired_client(app)),
            "staff": lambda: staff_identity(app, "staff", "staff1", "1"),
            "tax": lambda: staff_identity(app, "tax", "tax1", "2"),
            "reception": lambda: staff_identity(app, "reception", "reception1", None),
            "manager": lambda: staff_identity(app, "manager", "manager1", None),
        }
    )
    kiosk_row, _ = kiosk_domain.add_kiosk(ext["context"].clock, db, "Fuzzed kiosk")
    reception = identities.get("reception")
    ticket = reception.client.post(
        "/api/v1/reception/tickets",
        json={"service": "health_card"},
        headers=reception.headers,
    )
    assert ticket.status_code == 201, ticket.json
    ticket = ticket.json
    booking = central.book("2026-11-25T10:00:00+01:00")
    services = [s.id for s in ext["context"].catalogue.services]
    # Real values by field, so a request gets past its first check (no password: the fuzz
    # must not log an identity in as someone else).
    counters = [str(n) for n in range(1, 7)]
    real = {
        "ticket_id": [ticket["id"]],
        "kiosk_id": [kiosk_row["id"]],
        "token": [ticket["status_url"].rsplit("/", 1)[1]],
        "code": [booking["code"]],
        "service_id": services,
        "name": ["missing", ticket["id"]],
        "filename": ["kiosk.js", "counter.css", "app.js", "../app.py"],
        "service": services,
        "counter": counters,
        "ticket": [ticket["id"]],
        "staff": list(STAFF),
        "username": list(STAFF),
        "language": ["da", "en"],
        "lang": ["da", "en"],
        "priority": [True, False],
        "nonce": ["n-1", "n-2"],
        "date": ["2026-11-24", "2026-11-25"],
        "start": ["2026-11-25T10:20:00+01:00", "2026-11-25T11:00:00+01:00"],
        "hold": ["unknown-hold"],
        "email": ["ida@example.dk"],
        "phone": ["+4512345678"],
        "weight": [1, 2.5],
        "stopped_today": [True, False],
        "*": [*services, ticket["id"], booking["code"], *counters, *STAFF, "da", "2026-11-24", 1],
    }
    last_error = fuzz.watch_errors()
    yield fuzz.Target(app, identities, real, last_error, fuzz.UPSTREAM_CODES)
    fuzz.unwatch_errors(last_error)
    ext["printer"].spooler.wait_idle(5)
    central.stop()


def test_every_path_parameter_has_a_strategy():
    assert fuzz.missing_path_strategies(centre_routes()) == []


@pytest.mark.parametrize("route", centre_routes(), ids=lambda route: route.id)
def test_no_input_makes_a_server_error_at_the_centre(centre, route):
    problems = fuzz.problems_at(centre, route)
    assert problems == [], "\n\n".join(problems[:5])
