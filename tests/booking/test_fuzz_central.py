"""No input makes central answer a server error: every route, fuzzed as every kind of caller,
the centres' sync API with a valid centre key as well as without."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from booking.domain.sync import issue_key
from booking.store import accounts as account_store
from kernel.clock import FixedClock
from kernel.db import write_transaction
from kernel.login_throttle import LoginThrottle
from tests import fuzz
from tests.booking.conftest import (
    ACCOUNTS,
    CENTRES,
    MEMBERS,
    MONDAY_8,
    NORREBRO_KEY,
    OSTERBRO_KEY,
    PASSWORD,
    STAFF_SERVICES,
    StaffSession,
    auth,
    make_app,
)

# Quick to check: the fuzz logs a caller in again after each logout it sends.
QUICK_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


@cache
def central_routes() -> list[fuzz.Route]:
    """Central's routes, from an app built like tests/booking/conftest.py builds it."""
    with tempfile.TemporaryDirectory(prefix="fuzz-routes-", ignore_cleanup_errors=True) as name:
        return fuzz.routes(make_app(Path(name), FixedClock(MONDAY_8)))


def account_identity(app, db, name: str, username: str) -> fuzz.Identity:
    if account_store.get(db, username) is None:
        with write_transaction(db):
            role = ACCOUNTS[username]
            account_store.insert(db, username, username.title(), role, None, QUICK_HASH, "-")
    # The fuzz's own wrong passwords count against the login throttle: start the count again,
    # so that this login is let through (the throttle stays on, as at a real central).
    app.extensions["enindgang"]["login_throttle"] = LoginThrottle()
    session = StaffSession(app, username)
    return fuzz.Identity(name, session.http, {"X-CSRFToken": session.token})


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    """Central with its centres, staff calendars, accounts, a centre key and a booking."""
    clock = FixedClock(MONDAY_8)
    app = make_app(tmp_path_factory.mktemp("fuzz-central"), clock)
    db = app.extensions["enindgang"]["pool"].get()
    issue_key(db, "norrebro", clock.now(), NORREBRO_KEY)
    issue_key(db, "osterbro", clock.now(), OSTERBRO_KEY)
    # Who calls central: one line each. Centres call the sync API with their key.
    makers = {
        "anonymous": lambda: fuzz.Identity("anonymous", app.test_client()),
        "reception": lambda: account_identity(app, db, "reception", "reception1"),
        "manager": lambda: account_identity(app, db, "manager", "manager1"),
        "centre": lambda: fuzz.Identity("centre", app.test_client(), auth(NORREBRO_KEY)),
        "other centre": lambda: fuzz.Identity(
            "other centre", app.test_client(), auth(OSTERBRO_KEY)
        ),
    }
    citizen = app.test_client()
    booked = citizen.post(
        "/api/v1/bookings",
        json={
            "service": "passport",
            "centre": "norrebro",
            "start": "2026-11-24T09:00:00+01:00",
            "name": "Ida Ærø",
            "email": "ida@example.dk",
        },
    )
    assert booked.status_code == 201, booked.json
    held = citizen.post(
        "/api/v1/holds",
        json={"service": "passport", "centre": "norrebro", "start": "2026-11-24T09:20:00+01:00"},
    )
    assert held.status_code == 201, held.json
    code = booked.json["code"]
    token = booked.json["manage_url"].rsplit("=", 1)[1]
    centres = [centre.id for centre in CENTRES]
    staff = [member[0] for member in MEMBERS]
    services = list(STAFF_SERVICES)
    # Real values by field, so a request gets past its first check (no password: the fuzz
    # must not log an identity in as someone else).
    event = {
        "id": "norrebro:1",
        "seq": 1,
        "at": "2026-11-23T09:00:00+01:00",
        "type": "ticket.issued",
        "ticket_id": "t1",
        "data": {"service": "passport"},
    }
    real = {
        "code": [code],
        "token": [token, held.json["hold"]],
        "hold": [held.json["hold"]],
        "service": services,
        "service_id": services,
        "services": [services[:2]],
        "centre": centres,
        "centre_id": centres,
        "place": centres,
        "staff_id": staff,
        "staff": staff,
        "kind": ["absences", "extra-days"],
        "day": ["2026-11-24", "2026-11-28"],
        "date": ["2026-11-24"],
        "from": ["2026-11-24"],
        "to": ["2026-11-30"],
        "start": ["2026-11-24T09:40:00+01:00", "2026-11-24T10:00", "10:00"],
        "end": ["2026-11-24T11:00:00+01:00", "2026-11-24T12:00", "12:00"],
        "slot": ["2026-11-24T10:00:00+01:00"],
        "hours": [{"monday": ["09:00-12:00"]}],
        "breaks": [{"monday": ["12:00-12:30"]}],
        "minutes": [15],
        "buffer_minutes": [5],
        "min_notice_minutes": [60],
        "horizon_days": [30],
        "bookable": [True],
        "active": [True, "on"],
        "reason": ["course"],
        "email": ["ida@example.dk"],
        "phone": ["+4512345678"],
        "name": ["Ida Ærø"],
        "language": ["da", "en"],
        "lang": ["da", "en"],
        "role": ["staff", "tax", "reception", "manager"],
        "username": list(ACCOUNTS),
        "cursor": ["v1.0", "v1.1"],
        "limit": ["10"],
        "events": [[event]],
        "done": ["1"],
        "next": ["/staff"],
        "*": [*centres, *services, *staff, code, token, "2026-11-24", "09:00-16:00", "1", 10],
    }
    last_error = fuzz.watch_errors()
    yield fuzz.Target(app, fuzz.Identities(makers), real, last_error)
    fuzz.unwatch_errors(last_error)


def test_every_path_parameter_has_a_strategy():
    assert fuzz.missing_path_strategies(central_routes()) == []


@pytest.mark.parametrize("route", central_routes(), ids=lambda route: route.id)
def test_no_input_makes_a_server_error_at_central(central, route):
    problems = fuzz.problems_at(central, route)
    assert problems == [], "\n\n".join(problems[:5])
