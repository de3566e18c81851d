"""What the databases promise on disk: commits survive a power cut, deleted data is gone."""

from __future__ import annotations

import threading

from tests.booking.conftest import make_app as make_central


def _pragmas(db) -> tuple[int, int]:
    synchronous = db.execute("PRAGMA synchronous").fetchone()[0]
    secure_delete = db.execute("PRAGMA secure_delete").fetchone()[0]
    return synchronous, secure_delete


FULL, ON = 2, 1


def test_centre_commits_reach_the_disk_and_deleted_rows_are_overwritten(app):
    pool = app.extensions["enindgang"]["pool"]
    assert _pragmas(pool.get()) == (FULL, ON)
    # Request threads get their own connection from the pool: the same promise holds there.
    seen = []
    worker = threading.Thread(target=lambda: seen.append(_pragmas(pool.get())))
    worker.start()
    worker.join(10)
    assert seen == [(FULL, ON)]


def test_central_commits_reach_the_disk_and_deleted_rows_are_overwritten(tmp_path, clock):
    central = make_central(tmp_path, clock)
    assert _pragmas(central.extensions["enindgang"]["pool"].get()) == (FULL, ON)


def test_purged_personal_data_leaves_no_trace_in_the_file(tmp_path, clock):
    central = make_central(tmp_path, clock)
    db = central.extensions["enindgang"]["pool"].get()
    secret = "Margrethe-Testesen-4711"
    db.execute(
        "INSERT INTO audit (at, action, detail) VALUES ('2026-01-01', 'note', ?)", [secret * 50]
    )
    db.execute("DELETE FROM audit WHERE action = 'note'")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = central.config["BOOKING"].database_path
    assert secret.encode() not in path.read_bytes()
