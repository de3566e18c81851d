"""Central on PostgreSQL: `[database] url`, `central init-db` on either database, and the
unique index that refuses a second live booking inside the database."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from booking.config import ConfigError, load
from booking.core.errors import BookingError
from booking.domain import reserve
from booking.store import bookings as store
from booking.store import setup as setup_store
from booking.store.db import migrations
from enindgang.cli import main
from kernel import visit_store
from kernel.db import connect, write_transaction
from kernel.pg import shown, translate
from tests import pg_cluster
from tests.booking.conftest import make_app

EXAMPLE = Path(__file__).resolve().parents[2] / "booking" / "central.example.toml"
TABLES = {"bookings", "outbox", "rate_counts", "visits", "centre_events", "setup_state"}


def config_file(tmp_path: Path, url: str | None) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    if url is not None:
        text += f'\n[database]\nurl = "{url}"\n'
    path = tmp_path / "central.toml"
    path.write_text(text, encoding="utf-8")
    return path


def pg_tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        found = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {name for (name,) in found}


def test_central_stays_on_its_sqlite_file_without_a_database_url(tmp_path):
    config = load(config_file(tmp_path, None), tmp_path / "data")
    assert config.database == tmp_path / "data" / "central.sqlite3"


def test_a_database_url_puts_central_on_postgresql(tmp_path):
    url = "postgresql://enindgang:secret@db.example.dk/enindgang"
    config = load(config_file(tmp_path, url), tmp_path / "data")
    assert config.database == url


def test_a_database_url_that_is_not_postgresql_is_refused_clearly(tmp_path):
    with pytest.raises(ConfigError, match=r"\[database\] url must start with"):
        load(config_file(tmp_path, "mysql://db.example.dk/enindgang"))


def test_init_db_creates_the_schema_on_sqlite(tmp_path):
    path = config_file(tmp_path, None)
    runner = CliRunner()
    command = ["central", "init-db", "--config", str(path), "--data", str(tmp_path / "data")]
    result = runner.invoke(main, command)
    assert result.exit_code == 0, result.output
    assert "central.sqlite3" in result.output
    db = connect(tmp_path / "data" / "central.sqlite3")
    try:
        assert set(db.table_names()) >= TABLES
    finally:
        db.close()


def test_init_db_creates_the_schema_on_postgresql_once_without_showing_the_password(tmp_path):
    url = pg_cluster.fresh_database(migrated=False)
    with_password = url.replace("enindgang@", "enindgang:not-shown@")
    path = config_file(tmp_path, with_password)
    runner = CliRunner()
    command = ["central", "init-db", "--config", str(path), "--data", str(tmp_path / "data")]
    first = runner.invoke(main, command)
    assert first.exit_code == 0, first.output
    assert "not-shown" not in first.output
    assert shown(with_password) in first.output
    assert pg_tables(url) >= TABLES
    # Safe to run again: every migration is recorded once.
    again = runner.invoke(main, command)
    assert again.exit_code == 0, again.output
    with psycopg.connect(url) as conn:
        applied = conn.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
    assert [name for (name,) in applied] == sorted(m.name for m in migrations._migrations)
    assert not (tmp_path / "data" / "central.sqlite3").exists()


def test_a_backup_of_a_postgresql_central_points_to_pg_dump(tmp_path):
    path = config_file(tmp_path, pg_cluster.fresh_database())
    result = CliRunner().invoke(
        main,
        [
            "central",
            "backup",
            "--config",
            str(path),
            "--data",
            str(tmp_path),
            "--to",
            str(tmp_path),
        ],
    )
    assert result.exit_code != 0
    assert "pg_dump" in result.output


BOOKING = {
    "code": "ABCD2345",
    "token": "token-1",
    "service": "passport",
    "centre": "norrebro",
    "staff_id": "anna",
    "start_at": "2026-11-24T09:00:00+00:00",
    "end_at": "2026-11-24T09:15:00+00:00",
    "block_end_at": "2026-11-24T09:20:00+00:00",
    "status": store.HELD,
    "hold_expires_at": "2026-11-24T08:10:00+00:00",
    "created_at": "2026-11-24T08:00:00+00:00",
    "updated_at": "2026-11-24T08:00:00+00:00",
    "language": "da",
    "source": "online",
}


def test_postgresql_itself_refuses_a_second_live_booking_of_one_person_and_time():
    db = connect(pg_cluster.fresh_database())
    try:
        with write_transaction(db):
            db.execute(
                "INSERT INTO centres (id, name, min_notice_minutes, horizon_days)"
                " VALUES ('norrebro', 'Nørrebro', 0, 60)"
            )
            db.execute(
                "INSERT INTO staff (id, name, centre, role) VALUES (?, ?, ?, ?)",
                ["anna", "Anna", "norrebro", "staff"],
            )
            store.insert(db, {**BOOKING, "id": "b1"})
        second = {**BOOKING, "id": "b2", "code": "EFGH2345", "token": "token-2"}
        with pytest.raises(psycopg.errors.UniqueViolation), write_transaction(db):
            store.insert(db, second)
        # A cancelled booking no longer holds the time.
        with write_transaction(db):
            db.execute("UPDATE bookings SET status = 'cancelled' WHERE id = 'b1'")
            store.insert(db, second)
        live = db.execute("SELECT id FROM bookings WHERE status = 'held'").fetchall()
        assert [booking_id for (booking_id,) in live] == ["b2"]
    finally:
        db.close()


def test_sqlite_placeholders_are_spelt_for_psycopg_outside_string_literals():
    sql = "SELECT '?', '%Y' FROM t WHERE a = ? AND b = :name AND c LIKE 'x%' AND d::text = ?"
    assert translate(sql) == (
        "SELECT '?', '%%Y' FROM t WHERE a = %s AND b = %(name)s AND c LIKE 'x%%' AND d::text = %s"
    )


def test_healthz_answers_503_when_the_postgresql_database_is_gone(tmp_path, clock):
    url = pg_cluster.fresh_database()
    central = make_app(tmp_path, clock, database_url=url)
    api = central.test_client()
    assert api.get("/healthz").json["checks"]["database"] == "ok"
    # Dropped under the running app (its connections closed by the server), as a stopped
    # server or a lost network would leave it.
    pg_cluster.shared().drop(url)
    answer = api.get("/healthz")
    assert answer.status_code == 503
    assert answer.json["status"] == "down"
    assert answer.json["checks"]["database"] == "down"


# Tuesday 09:00 with the tax secondee Tina, Nørrebro's only one.
TINAS_TIME = {"service": "tax_decision", "centre": "norrebro", "start": "2026-11-24T09:00:00+01:00"}


def central_and_two_connections(tmp_path, clock):
    """A central on PostgreSQL: its context, a connection of its own (to hold a centre's row
    in another transaction) and the app's pooled connection."""
    central = make_app(tmp_path, clock, database_url=pg_cluster.fresh_database())
    first = connect(central.config["BOOKING"].database_url)
    return (
        central.extensions["enindgang"]["context"],
        first,
        central.extensions["enindgang"]["pool"].get(),
    )


def test_a_reservation_waits_for_the_centres_row_lock_and_then_sees_the_time_taken(tmp_path, clock):
    """The check-then-write of a hold takes turns through the database: while another
    connection's transaction holds Nørrebro's row, a hold there waits, and once that
    transaction has committed an overlapping booking (another start, so no unique index
    could catch it) the hold is refused instead of double-booking the tax secondee."""
    context, first, second = central_and_two_connections(tmp_path, clock)
    wanted = TINAS_TIME
    outcome: dict[str, object] = {}

    def hold() -> None:
        try:
            outcome["hold"] = reserve.place_hold(context, second, wanted)
        except BookingError as err:
            outcome["error"] = err.code

    try:
        with write_transaction(first):
            assert setup_store.lock_centre(first, "norrebro")
            other = threading.Thread(target=hold)
            other.start()
            other.join(timeout=1.5)
            assert other.is_alive(), "the hold must wait for the centre's row"
            overlapping = {
                **BOOKING,
                "id": "b9",
                "staff_id": "tina",
                "service": "tax_decision",
                "status": store.CONFIRMED,
                "hold_expires_at": None,
                "start_at": "2026-11-24T08:05:00+00:00",
                "end_at": "2026-11-24T08:25:00+00:00",
                "block_end_at": "2026-11-24T08:25:00+00:00",
            }
            store.insert(first, overlapping)
        other.join(timeout=30)
        assert outcome == {"error": "slot_taken"}
    finally:
        first.close()


def test_a_time_already_taken_is_refused_at_once_even_while_its_centre_is_locked(tmp_path, clock):
    """In a rush most requests ask for times just taken: they are answered without queueing
    for the centre's row behind the bookings being made there."""
    context, first, second = central_and_two_connections(tmp_path, clock)
    wanted = TINAS_TIME
    person = {"name": "Ida Ærø", "email": "ida@example.dk"}
    reserve.book(context, second, {**wanted, **person})  # Tina, the one tax secondee, is taken
    outcome: dict[str, object] = {}

    def book_again() -> None:
        try:
            outcome["booking"] = reserve.book(
                context, second, {**wanted, **person, "email": "bo@x.dk"}
            )
        except BookingError as err:
            outcome["error"] = err.code
            outcome["alternatives"] = err.params.get("alternatives")

    try:
        with write_transaction(first):
            assert setup_store.lock_centre(first, "norrebro")
            other = threading.Thread(target=book_again)
            other.start()
            other.join(timeout=10)
            assert not other.is_alive(), "a taken time must not wait for the centre's row"
            assert outcome["error"] == "slot_taken"
            assert outcome["alternatives"], "the refusal offers the nearest free times"
    finally:
        first.close()


@pytest.mark.parametrize("day", ["2026-01-01", "2027-01-01", "2024-12-30", "2021-01-03"])
def test_reports_by_week_name_the_same_iso_week_on_both_databases(tmp_path, day):
    sqlite = connect(tmp_path / "weeks.sqlite3")
    postgresql = connect(pg_cluster.fresh_database(migrated=False))
    try:
        weeks = [
            db.execute(
                f"SELECT {visit_store._key(db, 'week')} FROM (SELECT ? AS day) AS d", [day]
            ).fetchone()[0]
            for db in (sqlite, postgresql)
        ]
    finally:
        sqlite.close()
        postgresql.close()
    assert weeks[0] == weeks[1]
    assert weeks[0] == "{}-W{:02d}".format(*date.fromisoformat(day).isocalendar()[:2])
