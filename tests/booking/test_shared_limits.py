"""Rate limits and login throttles count in the central database: two apps on one database
(as two worker processes are) share every count."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from booking.config import from_dict
from booking.domain import rate_storage
from enindgang.cli import main
from kernel.config import ConfigError
from tests import pg_cluster
from tests.booking.conftest import make_app
from tests.booking.test_staff_sessions import attempt


def two_workers(tmp_path, clock, **overrides):
    """Two apps on the same data directory (or PostgreSQL database), each with its own
    connections."""
    overrides.setdefault("database_url", pg_cluster.central_url())
    return make_app(tmp_path, clock, **overrides), make_app(tmp_path, clock, **overrides)


def test_booking_requests_spread_over_two_workers_meet_one_limit(tmp_path, clock):
    first, second = two_workers(tmp_path, clock, rate_limit="4 per minute")
    a, b = first.test_client(), second.test_client()
    statuses = [client.post("/api/v1/holds", json={}).status_code for client in (a, b, a, b, a, b)]
    # The four allowed attempts are refused as invalid (422); then both workers say wait.
    assert statuses == [422, 422, 422, 422, 429, 429]


def test_failed_logins_spread_over_two_workers_meet_one_account_limit(tmp_path, clock, staff_login):
    first, second = two_workers(tmp_path, clock)
    staff_login("manager1")
    clients = [first.test_client(), second.test_client()]
    answers = [
        attempt(clients[n % 2], "manager1", address=f"10.0.3.{n}").status_code for n in range(11)
    ]
    assert answers == [401] * 10 + [429]


def test_counters_of_a_finished_window_are_forgotten(central, central_db):
    storage = rate_storage.DatabaseStorage(connection=lambda: central_db)
    assert storage.incr("live", 60) == 1
    assert storage.incr("live", 60) == 2
    storage.incr("over", 0)
    assert rate_storage.forget_expired(central_db) == 1
    assert storage.get("live") == 2 and storage.get("over") == 0
    assert storage.decr("live") == 1


def test_the_rate_limit_storage_comes_from_the_config_file():
    base = Path("/tmp")
    assert from_dict({}, base).rate_limit_storage is None
    uri = "redis://cache.kk.lan:6379/0"
    assert from_dict({"central": {"rate_limit_storage": uri}}, base).rate_limit_storage == uri
    for wrong in ("lots", "postgres://x", "enindgang-central-db://", 7):
        with pytest.raises(ConfigError, match="rate_limit_storage"):
            from_dict({"central": {"rate_limit_storage": wrong}}, base)


def test_several_workers_with_counts_kept_in_each_worker_are_refused(tmp_path):
    config = tmp_path / "central.toml"
    config.write_text('[central]\nrate_limit_storage = "memory://"\n', encoding="utf-8")
    args = ["central", "run", "--config", str(config), "--data", str(tmp_path / "data")]
    result = CliRunner().invoke(main, [*args, "--workers", "2"])
    assert result.exit_code != 0
    assert "memory://" in result.output and "--workers" in result.output
