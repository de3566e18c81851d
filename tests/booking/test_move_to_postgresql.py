"""`enindgang central move-to-postgresql`: a central that ran on SQLite carries on on
PostgreSQL with the same bookings, logins, sync keys and unsent messages; a filled target is
refused, and a copy that is not whole is undone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest
from click.testing import CliRunner
from sqlite_utils.migrations import Migrations

from booking.app import create_app
from booking.demo import (
    DEMO_PASSWORD,
    demo_config,
    demo_key,
    ensure_demo_bookings,
    ensure_demo_data,
    ensure_demo_history,
    ensure_demo_keys,
)
from booking.domain.accounts import add_account
from booking.mail.ticker import run_round
from booking.store import mailbox
from booking.store.db import migrations
from enindgang.cli import main
from kernel import pg_move
from kernel.clock import FixedClock
from kernel.db import connect, migrate
from tests import pg_cluster
from tests.booking.helpers import local

EXAMPLE = Path(__file__).resolve().parents[2] / "booking" / "central.example.toml"
# Monday 4 January 2027, 08:00 in Copenhagen; the bookings are for the Tuesday.
NOW = local(2027, 1, 4, 8)
DAY = "2027-01-05"
PASSWORD = "moved-pw-1"


def config_file(folder: Path) -> Path:
    path = folder / "central.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def move(config: Path, data: Path, url: str):
    command = ["central", "move-to-postgresql", "--config", str(config), "--data", str(data)]
    return CliRunner().invoke(main, [*command, "--to", url])


def app_on(data: Path, url: str | None, clock: FixedClock):
    """Central as its config would start it: the demo's data folder, on `url` or SQLite."""
    return create_app(demo_config(data, False, url), clock=clock, testing=True)


def token_of(answer: dict) -> str:
    return parse_qs(urlparse(answer["manage_url"]).query)["token"][0]


def availability(api) -> list[str]:
    query = f"service=passport&centre=norrebro&from={DAY}&to={DAY}"
    return [slot["start"] for slot in api.get(f"/api/v1/availability?{query}").json["slots"]]


def pull(api, cursor: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {demo_key('norrebro')}"}
    query = {"cursor": cursor} if cursor else {}
    answer = api.get("/api/v1/sync/bookings", query_string=query, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def log_in(api, username: str, password: str) -> int:
    return api.post("/api/v1/login", json={"username": username, "password": password}).status_code


def pending(db) -> list[tuple]:
    found = db.execute(
        "SELECT id, booking_id, kind, channel FROM outbox WHERE sent_at IS NULL ORDER BY id"
    ).fetchall()
    return [tuple(row) for row in found]


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for (table,) in tables
        }


def pg_tables(url: str) -> set[str]:
    return set(counts(url)) - {"_migrations"}


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """The demo's central on SQLite with a generated history, bookings (one cancelled), a
    live hold, an account of its own and an unsent confirmation; then moved by the command."""
    folder = tmp_path_factory.mktemp("move")
    data = folder / "central"
    config = demo_config(data, False)
    ensure_demo_data(config)
    ensure_demo_keys(config)
    ensure_demo_history(config, days=3)
    ensure_demo_bookings(config, ("norrebro",))

    clock = FixedClock(NOW)
    app = app_on(data, None, clock)
    api = app.test_client()
    db = app.extensions["enindgang"]["pool"].get()
    add_account(db, clock, "ida.moved", "Ida Flyt", "reception", PASSWORD)
    free = availability(api)
    person = {"service": "passport", "centre": "norrebro", "name": "Ida Ærø"}
    kept = api.post("/api/v1/bookings", json={**person, "start": free[0], "email": "a@ex.dk"})
    dropped = api.post("/api/v1/bookings", json={**person, "start": free[1], "email": "b@ex.dk"})
    assert kept.status_code == dropped.status_code == 201
    cancel = f"/api/v1/bookings/{dropped.json['code']}/cancel"
    assert api.post(cancel, json={"token": token_of(dropped.json)}).status_code == 200
    hold = api.post("/api/v1/holds", json={**person, "start": free[2]})
    assert hold.status_code == 201
    before = {
        "kept": kept.json,
        "dropped": dropped.json,
        "hold": hold.json["hold"],
        "availability": availability(api),
        "sync": pull(api),
        "pending": pending(db),
        "setup_version": db.execute("SELECT version FROM setup_state").fetchone()[0],
        "sqlite": {table: db[table].count for table in db.table_names()},
    }
    assert before["pending"], "the confirmations wait in the outbox"
    app.extensions["enindgang"]["pool"].close()

    url = pg_cluster.shared().database()
    # The password (trust authentication ignores it) is not printed.
    result = move(config_file(folder), data, url.replace("enindgang@", "enindgang:not-shown@"))
    # Read before any central starts on it (each start bumps the setup's version).
    target = connect(url)
    version = target.execute("SELECT version FROM setup_state").fetchone()[0]
    target.close()
    return {
        "data": data,
        "url": url,
        "result": result,
        "before": before,
        "folder": folder,
        "setup_version": version,
    }


def test_the_move_prints_each_tables_rows_in_both_and_they_agree(moved):
    result = moved["result"]
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line}
    sqlite = moved["before"]["sqlite"]
    moved_tables = set(sqlite) - {"_sqlite_migrations"}
    for table in moved_tables:
        assert lines[table] == [str(sqlite[table])] * 2, table
    assert sqlite["bookings"] > 2 and sqlite["visits"] > 0 and sqlite["staff"] > 0
    # Every table the migrations made is there, none skipped, on both sides.
    assert pg_tables(moved["url"]) == moved_tables
    assert "every table has the same rows in both" in result.output
    assert "not-shown" not in result.output
    # The setup's version, which the availability caches of every worker compare, goes on
    # from where it was.
    assert moved["setup_version"] == moved["before"]["setup_version"]
    assert "[database] url" in result.output


def test_a_booking_made_before_is_found_with_its_code_and_manage_link_after(moved):
    api = app_on(moved["data"], moved["url"], FixedClock(NOW)).test_client()
    kept, dropped = moved["before"]["kept"], moved["before"]["dropped"]
    mine = api.get(f"/api/v1/bookings/{kept['code']}?token={token_of(kept)}")
    assert mine.status_code == 200
    assert mine.json["status"] == "confirmed"
    assert mine.json["start"] == kept["start"]
    assert api.get(f"/api/v1/bookings/{kept['code']}?token=guess").status_code != 200
    cancelled = api.get(f"/api/v1/bookings/{dropped['code']}?token={token_of(dropped)}")
    assert cancelled.json["status"] == "cancelled"
    # The citizen's page behind the manage link opens too.
    page = api.get(urlparse(kept["manage_url"]).path + "?token=" + token_of(kept))
    assert page.status_code == 200
    assert kept["code"] in page.get_data(as_text=True)


def test_the_live_hold_still_keeps_its_time_and_becomes_a_booking(moved, tmp_path):
    url = pg_cluster.copy_of(moved["url"])
    before = moved["before"]
    api = app_on(moved["data"], url, FixedClock(NOW)).test_client()
    # The held time is not offered, as on SQLite before.
    assert availability(api) == before["availability"]
    booked = api.post(
        "/api/v1/bookings", json={"hold": before["hold"], "name": "Ole", "email": "o@ex.dk"}
    )
    assert booked.status_code == 201, booked.json


def test_staff_log_in_with_the_same_passwords(moved):
    api = app_on(moved["data"], moved["url"], FixedClock(NOW)).test_client()
    assert log_in(api, "ida.moved", PASSWORD) == 200
    assert log_in(api, "ida.moved", "wrong-password") == 401
    assert log_in(api, "manager1", DEMO_PASSWORD) == 200


def test_a_centre_pulls_the_same_bookings_with_its_old_sync_key(moved):
    api = app_on(moved["data"], moved["url"], FixedClock(NOW)).test_client()
    assert pull(api) == moved["before"]["sync"]


def test_unsent_messages_are_still_waiting_and_go_out_from_postgresql(moved, tmp_path):
    url = pg_cluster.copy_of(moved["url"])
    app = app_on(moved["data"], url, FixedClock(NOW))
    db = app.extensions["enindgang"]["pool"].get()
    assert pending(db) == moved["before"]["pending"]
    outbox = app.config["BOOKING"].mailbox_dir
    already = set(mailbox.files(outbox))
    run_round(app, purge=False)
    # The sender on PostgreSQL takes them up: the kept booking's confirmation and the
    # cancelled one's news reach the citizens (the cancelled booking's confirmation no
    # longer fits it and is skipped, messages.py's rule).
    assert pending(db) == []
    new = [mailbox.code_of(path) for path in set(mailbox.files(outbox)) - already]
    assert sorted(new) == sorted(
        [moved["before"]["kept"]["code"], moved["before"]["dropped"]["code"]]
    )


def test_a_new_booking_after_the_move_gets_fresh_numbers(moved):
    url = pg_cluster.copy_of(moved["url"])
    app = app_on(moved["data"], url, FixedClock(NOW))
    api = app.test_client()
    db = app.extensions["enindgang"]["pool"].get()
    last = {
        table: db.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
        for table in ("audit", "outbox", "manage_links")
    }
    cursor = moved["before"]["sync"]["cursor"]
    start = availability(api)[0]
    body = {"service": "passport", "centre": "norrebro", "start": start, "email": "n@ex.dk"}
    answer = api.post("/api/v1/bookings", json={**body, "name": "Ny Borger"})
    assert answer.status_code == 201, answer.json
    for table, highest in last.items():
        newest = db.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
        assert newest > highest, table
    # The centre's next pull brings exactly the new booking, after its old cursor.
    changes = pull(api, cursor)
    assert [b["code"] for b in changes["bookings"]] == [answer.json["code"]]


def test_moving_again_onto_the_filled_database_is_refused_and_changes_nothing(moved):
    before = counts(moved["url"])
    again = move(moved["folder"] / "central.toml", moved["data"], moved["url"])
    assert again.exit_code != 0
    assert "already holds data" in again.output
    assert "bookings" in again.output
    assert counts(moved["url"]) == before


def test_a_database_only_migrated_is_moved_into(moved, tmp_path):
    url = pg_cluster.fresh_database()
    result = move(config_file(tmp_path), moved["data"], url)
    assert result.exit_code == 0, result.output
    assert counts(url)["bookings"] == moved["before"]["sqlite"]["bookings"]


def test_a_config_already_on_postgresql_is_refused(tmp_path):
    url = pg_cluster.fresh_database()
    config = config_file(tmp_path)
    config.write_text(config.read_text() + f'\n[database]\nurl = "{url}"\n')
    result = move(config, tmp_path / "data", pg_cluster.fresh_database(migrated=False))
    assert result.exit_code != 0
    assert "already PostgreSQL" in result.output


def small_central(tmp_path: Path) -> Path:
    """A SQLite central with one centre, a booking-free setup and a sync key."""
    config = demo_config(tmp_path / "central", False)
    ensure_demo_data(config)
    return config.database_path


def test_a_table_a_later_migration_adds_is_moved_with_its_numbers(tmp_path):
    later = Migrations(migrations.name)
    later._migrations = list(migrations._migrations)

    @later()
    def m999_notes(db) -> None:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")

    path = tmp_path / "central.sqlite3"
    migrate(path, later)
    db = connect(path)
    db.execute("INSERT INTO notes (id, text) VALUES (41, 'before the move')")
    db.close()
    url = pg_cluster.fresh_database(migrated=False)
    found = pg_move.move(path, url, later)
    assert {c.table: c.target for c in found}["notes"] == 1
    target = connect(url)
    try:
        target.execute("INSERT INTO notes (text) VALUES ('after the move')")
        rows = target.execute("SELECT id, text FROM notes ORDER BY id").fetchall()
    finally:
        target.close()
    assert [tuple(r) for r in rows] == [(41, "before the move"), (42, "after the move")]
    assert pg_tables(url) == {c.table for c in found}


def test_a_sqlite_file_behind_this_versions_schema_is_refused_until_init_db(tmp_path):
    path = tmp_path / "central.sqlite3"
    db = connect(path)
    migrations.apply(db, stop_before=migrations._migrations[-1].name)
    db.close()
    url = pg_cluster.fresh_database(migrated=False)
    with pytest.raises(pg_move.MoveError, match="init-db"):
        pg_move.move(path, url, migrations)
    assert pg_tables(url) == set()


def test_a_table_the_migrations_do_not_make_stops_the_move_before_anything_is_copied(tmp_path):
    path = small_central(tmp_path)
    db = connect(path)
    db.execute("CREATE TABLE hand_made (x TEXT)")
    db.close()
    url = pg_cluster.fresh_database(migrated=False)
    with pytest.raises(pg_move.MoveError, match="hand_made"):
        pg_move.move(path, url, migrations)
    assert pg_tables(url) == set()


def test_a_write_to_the_sqlite_file_during_the_copy_undoes_it(tmp_path, monkeypatch):
    path = small_central(tmp_path)
    copy = pg_move._copy

    def copy_while_central_writes(src, target, table, columns):
        if table == "centres":
            writer = connect(path)
            writer.execute("UPDATE setup_state SET version = version + 1")
            writer.close()
        copy(src, target, table, columns)

    monkeypatch.setattr(pg_move, "_copy", copy_while_central_writes)
    url = pg_cluster.fresh_database(migrated=False)
    result = move(config_file(tmp_path), tmp_path / "central", url)
    assert result.exit_code != 0
    assert "wrote to" in result.output and "undone" in result.output
    assert counts(url)["centres"] == 0
    # Once nothing writes, the same target takes the move.
    monkeypatch.setattr(pg_move, "_copy", copy)
    assert move(config_file(tmp_path), tmp_path / "central", url).exit_code == 0
    assert counts(url)["centres"] == 8


def test_a_count_that_differs_is_shown_and_the_copy_undone(tmp_path, monkeypatch):
    path = small_central(tmp_path)
    copy = pg_move._copy

    def copy_missing_staff(src, target, table, columns):
        copy(src, target, table, columns)
        if table == "staff_hours":
            target.execute("DELETE FROM staff_hours WHERE id = (SELECT MIN(id) FROM staff_hours)")

    monkeypatch.setattr(pg_move, "_copy", copy_missing_staff)
    url = pg_cluster.fresh_database(migrated=False)
    result = move(config_file(tmp_path), path.parent, url)
    assert result.exit_code != 0
    assert "counts differ in staff_hours" in result.output
    line = next(line for line in result.output.splitlines() if line.startswith("staff_hours"))
    source, target = (int(n) for n in line.split()[1:3])
    assert target == source - 1 and line.endswith("DIFFERENT")
    assert counts(url)["staff_hours"] == 0


def test_a_target_that_is_not_a_postgresql_url_is_refused(tmp_path):
    result = move(config_file(tmp_path), tmp_path / "data", str(tmp_path / "other.sqlite3"))
    assert result.exit_code != 0
    assert "postgresql://" in result.output
