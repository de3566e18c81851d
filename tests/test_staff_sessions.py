"""Staff sessions at a centre end when they should; logins are throttled and audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from itsdangerous import TimestampSigner

from centre.app import create_app
from centre.config import from_dict
from centre.store import staff as staff_store
from enindgang.cli import main
from kernel.config import ConfigError
from kernel.db import connect, write_transaction
from tests.conftest import PASSWORD_HASH, centre_raw, logins_at_once


def copy_session(app, source):
    """A second browser holding the same session cookie (as a stolen or copied one would)."""
    other = app.test_client()
    cookie = source.http.get_cookie("session")
    other.set_cookie("session", cookie.value)
    return other


def test_logout_ends_every_copy_of_the_session(app, login):
    staff = login("reception1")
    copy = copy_session(app, staff)
    assert copy.get("/api/v1/me").status_code == 200
    assert staff.post("/api/v1/logout").status_code == 200
    answer = copy.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "not_authenticated"
    # Logging in again works, with a fresh session.
    assert login("reception1").get("/api/v1/me").status_code == 200


def test_a_new_password_ends_every_session_of_that_person(app, login, config, tmp_path):
    staff = login("manager1")
    other = login("reception1")
    config_file = tmp_path / "centre.toml"
    config_file.write_text('[centre]\nid = "test"\nname = "Test"\n')
    result = CliRunner().invoke(
        main,
        [
            "centre",
            "set-password",
            "--config",
            str(config_file),
            "--data",
            str(config.data_dir),
            "--username",
            "manager1",
            "--password",
            "a-new-secret",
        ],
    )
    assert result.exit_code == 0, result.output
    assert staff.get("/api/v1/me").status_code == 401
    assert other.get("/api/v1/me").status_code == 200
    again = app.test_client().post(
        "/api/v1/login", json={"username": "manager1", "password": "a-new-secret"}
    )
    assert again.status_code == 200


def test_set_password_for_an_unknown_person_fails_plainly(config, tmp_path):
    config_file = tmp_path / "centre.toml"
    config_file.write_text('[centre]\nid = "test"\nname = "Test"\n')
    args = ["centre", "set-password", "--config", str(config_file), "--data"]
    args += [str(config.data_dir), "--username", "nobody", "--password", "whatever"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert "unknown_staff" in result.output


def test_a_staff_session_ends_after_twelve_hours(app, login, clock):
    staff = login("reception1")
    clock.advance(hours=11, minutes=59)
    assert staff.get("/api/v1/me").status_code == 200
    clock.advance(minutes=2)
    answer = staff.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "not_authenticated"


def test_the_session_length_is_configurable(tmp_path, clock):
    raw = centre_raw(centre={"id": "test", "name": "Test", "session_hours": 1})
    config = from_dict(raw, tmp_path, tmp_path / "var")
    app = create_app(config, clock=clock, testing=True)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=1)
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 3600


def test_a_csrf_token_older_than_the_session_hours_is_refused(login, monkeypatch):
    # Time travel for the CSRF token's own time stamp only: the login (and its session cookie)
    # stay fresh, so nothing but the token's age can refuse the post.
    stamped_ago = {"seconds": 0}
    real_stamp = TimestampSigner.get_timestamp

    def csrf_stamp(signer) -> int:
        made_for_csrf = signer.salt in (b"wtf-csrf-token", "wtf-csrf-token")
        return real_stamp(signer) - (stamped_ago["seconds"] if made_for_csrf else 0)

    monkeypatch.setattr(TimestampSigner, "get_timestamp", csrf_stamp)

    def post_with_token_made(ago: timedelta):
        stamped_ago["seconds"] = int(ago.total_seconds())
        staff = login("staff1", counter="1")
        stamped_ago["seconds"] = 0
        return staff.act("call-next")

    almost = post_with_token_made(timedelta(hours=11, minutes=59))
    assert almost.status_code == 200
    too_old = post_with_token_made(timedelta(hours=12, minutes=1))
    assert too_old.status_code == 400
    assert too_old.json["error"]["code"] == "csrf_failed"


def test_session_cookies_are_secure_behind_https_or_when_configured(tmp_path, clock, app):
    assert app.config["SESSION_COOKIE_SECURE"] is False  # plain http on a LAN still works
    for centre in (
        {"public_url": "https://queue.example.dk/norrebro"},
        {"secure_cookies": True},
    ):
        raw = centre_raw(centre={"id": "test", "name": "Test", **centre})
        secured = create_app(from_dict(raw, tmp_path, tmp_path / "var"), clock, testing=True)
        assert secured.config["SESSION_COOKIE_SECURE"] is True


def test_the_session_cookie_carries_the_secure_flag(tmp_path, clock):
    raw = centre_raw(centre={"id": "test", "name": "Test", "secure_cookies": True})
    secured = create_app(from_dict(raw, tmp_path, tmp_path / "var"), clock, testing=True)
    db = secured.extensions["enindgang"]["pool"].get()
    with write_transaction(db):
        staff_store.insert(db, "anna", "Anna", "manager", PASSWORD_HASH, "2026-11-24T09:00:00Z")
    answer = secured.test_client().post(
        "/api/v1/login", json={"username": "anna", "password": "secret-pw"}
    )
    assert answer.status_code == 200
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def attempt(client, username, password="wrong-guess", address="10.0.0.1"):
    return client.post(
        "/api/v1/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_one_password_sprayed_across_accounts_is_throttled_per_address(client):
    answers = [attempt(client, f"user{n}").status_code for n in range(31)]
    assert answers[:30] == [401] * 30
    assert answers[30] == 429
    refused = attempt(client, "manager1", "secret-pw")
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert refused.json["error"]["message"]
    # Another desk is not held up.
    assert attempt(client, "manager1", "secret-pw", "10.0.0.2").status_code == 200


def test_one_account_guessed_from_many_addresses_is_throttled_per_account(client):
    answers = [attempt(client, "staff1", address=f"10.0.1.{n}").status_code for n in range(11)]
    assert answers[:10] == [401] * 10
    assert answers[10] == 429
    assert attempt(client, "staff1", "secret-pw", "10.0.2.1").status_code == 429
    # Other accounts still log in from anywhere.
    assert attempt(client, "manager1", "secret-pw", "10.0.2.1").status_code == 200


def test_wrong_logins_sent_all_at_once_are_held_to_the_account_limit(app):
    answers = logins_at_once(app, "staff1", 40)
    assert answers.count(401) == 10
    assert answers.count(429) == 30


def test_behind_a_trusted_proxy_logins_are_counted_per_forwarded_address(tmp_path, clock):
    raw = centre_raw(centre={"id": "test", "name": "Test", "trusted_proxies": 1})
    behind_proxy = create_app(from_dict(raw, tmp_path, tmp_path / "var"), clock, testing=True)
    http = behind_proxy.test_client()

    def guess(n: int, client_address: str) -> int:
        return http.post(
            "/api/v1/login",
            json={"username": f"user{n}", "password": "wrong-guess"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},  # the proxy's address, the same for all
            headers={"X-Forwarded-For": client_address},
        ).status_code

    answers = [guess(n, f"192.168.1.{n}") for n in range(31)]
    assert answers == [401] * 31
    assert [guess(n, "192.168.2.1") for n in range(31)][30] == 429


def test_trusted_proxies_must_be_a_whole_number_of_hops(tmp_path):
    raw = centre_raw(centre={"id": "test", "name": "Test", "trusted_proxies": "yes"})
    with pytest.raises(ConfigError, match="trusted_proxies"):
        from_dict(raw, tmp_path)


def test_failed_logins_are_audited_without_the_password(client, db):
    attempt(client, "manager1", "my-wrong-password", "10.0.0.7")
    attempt(client, "nobody", "another-guess", "10.0.0.8")
    failures = staff_store.failed_logins(db)
    assert [(f["username"], f["address"]) for f in failures] == [
        ("manager1", "10.0.0.7"),
        ("nobody", "10.0.0.8"),
    ]
    assert "guess" not in repr(failures) and "wrong-password" not in repr(failures)


def test_a_centre_database_from_before_sessions_is_brought_up_to_date(tmp_path):
    from sqlite_utils.migrations import Migrations

    from centre.store import db as db_module

    old = Migrations("enindgang-centre")
    for step in (
        db_module.m001_queue,
        db_module.m002_recent_visits_index,
        db_module.m003_appointments,
    ):
        old()(step)
    path = tmp_path / "old.sqlite3"
    conn = connect(path)
    old.apply(conn)
    conn.execute(
        "INSERT INTO staff (username, name, role, password_hash, created_at)"
        " VALUES ('anna', 'Anna', 'manager', ?, '2026-01-01T00:00:00Z')",
        [PASSWORD_HASH],
    )
    conn.close()
    db_module.init_db(path)
    conn = connect(path)
    assert staff_store.get(conn, "anna")["session_version"] == 0
    assert staff_store.failed_logins(conn) == []
    conn.close()
