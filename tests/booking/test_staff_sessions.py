"""Staff sessions at central end when they should; logins are throttled and audited."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner

from booking.config import BookingConfig
from booking.core.errors import BookingError
from booking.domain import accounts
from enindgang.cli import main
from kernel.db import connect
from kernel.login_throttle import LoginThrottle
from tests.booking.conftest import PASSWORD, make_app
from tests.conftest import logins_at_once


def copy_session(app, source):
    """A second browser holding the same session cookie (as a stolen or copied one would)."""
    other = app.test_client()
    other.set_cookie("enindgang_central", source.http.get_cookie("enindgang_central").value)
    return other


def test_logout_ends_every_copy_of_the_session(central, staff_login):
    reception = staff_login("reception1")
    copy = copy_session(central, reception)
    assert copy.get("/api/v1/me").status_code == 200
    assert reception.post("/api/v1/logout").status_code == 200
    answer = copy.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "not_authenticated"
    assert staff_login("reception1").get("/api/v1/me").status_code == 200


def test_logging_out_on_the_staff_pages_ends_every_copy_too(central, staff_login):
    reception = staff_login("reception1")
    copy = copy_session(central, reception)
    reception.post("/staff/logout", headers={"X-CSRFToken": reception.token})
    assert copy.get("/api/v1/me").status_code == 401
    assert copy.get("/staff").status_code == 302  # back to the login page


def test_a_new_password_ends_every_session_of_that_account(central, staff_login, tmp_path):
    manager = staff_login("manager1")
    reception = staff_login("reception1")
    config_file = tmp_path / "central.toml"
    url = central.config["BOOKING"].database_url
    database = f'[database]\nurl = "{url}"\n' if url else ""
    config_file.write_text(f'[central]\nname = "Test"\n{database}')
    data = str(tmp_path / "central")
    args = ["central", "set-password", "--config", str(config_file), "--data", data]
    result = CliRunner().invoke(main, [*args, "--username", "manager1", "--password", "new-pw-1"])
    assert result.exit_code == 0, result.output
    assert manager.get("/api/v1/me").status_code == 401
    assert reception.get("/api/v1/me").status_code == 200
    again = central.test_client().post(
        "/api/v1/login", json={"username": "manager1", "password": "new-pw-1"}
    )
    assert again.status_code == 200
    unknown = CliRunner().invoke(main, [*args, "--username", "nobody", "--password", "x-12345"])
    assert unknown.exit_code != 0 and "unknown_staff" in unknown.output


def test_a_staff_session_ends_after_twelve_hours(staff_login, clock):
    reception = staff_login("reception1")
    clock.advance(hours=11, minutes=59)
    assert reception.get("/api/v1/me").status_code == 200
    clock.advance(minutes=2)
    assert reception.get("/api/v1/me").status_code == 401


def test_session_length_and_secure_cookies_follow_the_config(tmp_path, clock, central):
    assert central.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
    assert central.config["WTF_CSRF_TIME_LIMIT"] == 12 * 3600
    assert central.config["SESSION_COOKIE_SECURE"] is False
    short = make_app(tmp_path / "a", clock, session_hours=2.0)
    assert short.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=2)
    assert short.config["WTF_CSRF_TIME_LIMIT"] == 7200
    https = make_app(tmp_path / "b", clock, public_url="https://booking.example.dk")
    assert https.config["SESSION_COOKIE_SECURE"] is True
    asked = make_app(tmp_path / "c", clock, secure_cookies=True)
    assert asked.config["SESSION_COOKIE_SECURE"] is True


def test_the_config_file_reads_session_hours_and_secure_cookies(tmp_path):
    from booking.config import from_dict
    from kernel.config import ConfigError

    config = from_dict({"central": {"session_hours": 8, "secure_cookies": True}}, tmp_path)
    assert isinstance(config, BookingConfig)
    assert (config.session_hours, config.secure_cookies) == (8.0, True)
    try:
        from_dict({"central": {"session_hours": 0}}, tmp_path)
    except ConfigError as err:
        assert "session_hours" in str(err)
    else:
        raise AssertionError("session_hours = 0 was accepted")


def attempt(client, username, password="wrong-guess", address="10.0.0.1"):
    return client.post(
        "/api/v1/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_central_logins_are_throttled_per_address(api, staff_login):
    staff_login("manager1")
    answers = [attempt(api, f"user{n}").status_code for n in range(31)]
    assert answers[:30] == [401] * 30
    refused = attempt(api, "manager1", "secret-pw")
    assert (answers[30], refused.status_code) == (429, 429)
    assert refused.json["error"]["code"] == "rate_limited"
    assert attempt(api, "manager1", "secret-pw", "10.0.0.2").status_code == 200


def test_central_logins_are_throttled_per_account(api, staff_login):
    staff_login("manager1")
    staff_login("reception1")
    answers = [attempt(api, "manager1", address=f"10.0.1.{n}").status_code for n in range(11)]
    assert answers == [401] * 10 + [429]
    assert attempt(api, "manager1", "secret-pw", "10.0.2.1").status_code == 429
    assert attempt(api, "reception1", "secret-pw", "10.0.2.1").status_code == 200


def test_central_wrong_logins_sent_all_at_once_are_held_to_the_account_limit(central, staff_login):
    staff_login("manager1")
    answers = logins_at_once(central, "manager1", 40)
    assert answers.count(401) == 10
    assert answers.count(429) == 30


def test_the_staff_login_page_says_to_wait_when_throttled(central, staff_login):
    staff_login("manager1")
    page = central.test_client()
    form = page.get("/staff/login?lang=da").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    for _ in range(10):
        attempt(page, "manager1")
    answer = page.post(
        "/staff/login",
        data={"username": "manager1", "password": "secret-pw", "csrf_token": token},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert answer.status_code == 429
    assert "Vent et minut" in answer.get_data(as_text=True)


def test_the_login_itself_counts_failures_whoever_calls_it(central_db, clock, staff_login):
    """The throttle is part of logging in (the domain), not of one page or route."""
    staff_login("manager1")
    throttle = LoginThrottle(per_account="2/minute")
    for _ in range(2):
        with pytest.raises(BookingError) as wrong:
            accounts.log_in(central_db, clock, throttle, "manager1", "wrong-pw", "10.0.0.9")
        assert wrong.value.code == "not_authenticated"
    with pytest.raises(BookingError) as waiting:
        accounts.log_in(central_db, clock, throttle, "manager1", PASSWORD, "10.0.0.9")
    assert waiting.value.code == "rate_limited"
    other = LoginThrottle(per_account="2/minute")
    for _ in range(3):  # a right password gives its count back
        assert accounts.log_in(central_db, clock, other, "manager1", PASSWORD, None)["role"]


def test_failed_central_logins_are_audited_without_the_password(api, central_db):
    attempt(api, "manager1", "my-wrong-password", "10.0.0.7")
    rows = central_db.execute(
        "SELECT actor, detail FROM audit WHERE action = 'login.failed'"
    ).fetchall()
    assert [(actor, json.loads(detail)) for actor, detail in rows] == [
        (None, {"username": "manager1", "address": "10.0.0.7"})
    ]
    assert "wrong-password" not in repr(rows)


def test_a_central_database_from_before_sessions_is_brought_up_to_date(tmp_path):
    from sqlite_utils.migrations import Migrations

    from booking.store import accounts as account_store
    from booking.store import db as db_module

    old = Migrations("enindgang-central")
    for step in (
        db_module.m001_booking,
        db_module.m002_outbox,
        db_module.m003_setup_version,
        db_module.m004_sync,
    ):
        old()(step)
    path = tmp_path / "old.sqlite3"
    conn = connect(path)
    old.apply(conn)
    conn.execute(
        "INSERT INTO accounts (username, name, role, password_hash, created_at)"
        " VALUES ('anna', 'Anna', 'manager', 'x', '2026-01-01T00:00:00Z')"
    )
    conn.close()
    db_module.init_db(path)
    conn = connect(path)
    assert account_store.get(conn, "anna")["session_version"] == 0
    conn.close()
