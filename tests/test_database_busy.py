"""A centre whose SQLite file stays locked by another writer past the busy timeout answers
503 `database_busy` with Retry-After, in the kiosk's language, and keeps no half ticket."""

from __future__ import annotations

import sqlite3


def hold_the_write_lock(app) -> sqlite3.Connection:
    """Another writer (a backup, the sqlite3 shell) that takes the file's write lock and
    keeps it: BEGIN IMMEDIATE, as every writer does, without the app's queue."""
    other = sqlite3.connect(app.extensions["enindgang"]["pool"].path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_kiosk_gets_database_busy_when_the_file_stays_locked(app, db, kiosk):
    # The request runs on this thread's connection; waiting 15 s would only slow the test.
    db.execute("PRAGMA busy_timeout=100")
    other = hold_the_write_lock(app)
    try:
        answer = kiosk.post("/api/v1/tickets", json={"service": "moving", "language": "en"})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "2"
    assert answer.json["error"] == {
        "code": "database_busy",
        "message": "Many people are using the system right now. Nothing was saved."
        " Please try again in a moment.",
    }
    # Nothing of it was kept: once the other writer is done, the first number is still free.
    again = kiosk.post("/api/v1/tickets", json={"service": "moving", "language": "en"})
    assert again.status_code == 201
    assert again.json["number"] == "F001"
