"""Opening the centre's SQLite file, its schema migrations, and write transactions."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

log = logging.getLogger(__name__)

migrations = Migrations("enindgang-centre")

# Told the event rows of each committed write transaction, in order (see `write_transaction`).
CommitListener = Callable[[list[dict]], None]

# Threads of one process queue on a lock for writing instead of in SQLite's busy handler,
# which sleeps in growing steps (up to 100 ms) and would show up as latency spikes.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: str) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(path, threading.Lock())


@migrations()
def m001_queue(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            seq INTEGER NOT NULL,
            number TEXT NOT NULL,
            service TEXT NOT NULL,
            status TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            language TEXT NOT NULL DEFAULT 'da',
            source TEXT NOT NULL DEFAULT 'kiosk',
            nonce TEXT UNIQUE,
            created_at TEXT NOT NULL,
            arrived_at TEXT NOT NULL,
            called_at TEXT,
            started_at TEXT,
            finished_at TEXT,
            counter TEXT,
            staff TEXT,
            target_staff TEXT,
            target_counter TEXT,
            call_count INTEGER NOT NULL DEFAULT 0,
            UNIQUE (day, prefix, seq)
        );
        CREATE INDEX tickets_by_status ON tickets (status, service);
        CREATE INDEX tickets_by_day ON tickets (day, service, status);
        CREATE TABLE number_sequences (
            day TEXT NOT NULL,
            prefix TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (day, prefix)
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            ticket_id TEXT,
            counter TEXT,
            staff TEXT,
            data TEXT NOT NULL DEFAULT '{}',
            uploaded_at TEXT
        );
        CREATE INDEX events_by_ticket ON events (ticket_id);
        CREATE TABLE counters (
            id TEXT PRIMARY KEY,
            state TEXT NOT NULL DEFAULT 'closed',
            staff TEXT,
            ticket_id TEXT,
            since TEXT
        );
        CREATE TABLE staff (
            username TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE service_settings (
            service TEXT PRIMARY KEY,
            weight REAL NOT NULL DEFAULT 1.0,
            stopped_on TEXT
        );
        """
    )


@migrations()
def m002_recent_visits_index(db: Database) -> None:
    # The wait estimate reads the latest finished visits of a service on every ticket.
    db.execute(
        "CREATE INDEX IF NOT EXISTS tickets_finished ON tickets (service, status, finished_at)"
    )


@migrations()
def m003_appointments(db: Database) -> None:
    # The centre's own bookings (pulled from central), where sync stands, appointment tickets.
    db.executescript(
        """
        CREATE TABLE bookings_replica (
            code TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            start_at TEXT NOT NULL,
            end_at TEXT NOT NULL,
            status TEXT NOT NULL,
            checked_in_at TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX bookings_replica_by_start ON bookings_replica (start_at);
        CREATE TABLE sync_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            cursor TEXT,
            cursor_day TEXT,
            last_uploaded_seq INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO sync_state (id, last_uploaded_seq) VALUES (1, 0);
        ALTER TABLE tickets ADD COLUMN booking_code TEXT;
        ALTER TABLE tickets ADD COLUMN appointment_at TEXT;
        CREATE UNIQUE INDEX tickets_one_per_booking ON tickets (booking_code)
            WHERE booking_code IS NOT NULL;
        """
    )


@migrations()
def m004_staff_sessions(db: Database) -> None:
    # Bumped at logout and password change: every cookie of an older version stops working.
    # Failed logins are kept here, not in the event log, which goes up to central.
    db.executescript(
        """
        ALTER TABLE staff ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE login_failures (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            username TEXT NOT NULL,
            address TEXT
        );
        """
    )


@migrations()
def m005_kiosks(db: Database) -> None:
    # Paired kiosks: only hashes of the pairing token and of the long-lived credential.
    db.executescript(
        """
        CREATE TABLE kiosks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            pairing_hash TEXT UNIQUE,
            pairing_expires_at TEXT,
            credential_hash TEXT UNIQUE,
            paired_at TEXT,
            last_seen_at TEXT,
            revoked_at TEXT,
            revoked_by TEXT
        );
        """
    )


@migrations()
def m006_call_next_indexes(db: Database) -> None:
    # Call-next reads the head of each service's queue from these (see
    # tickets.call_candidates), so its cost does not grow with the number waiting. Partial:
    # only waiting tickets are in them, and the queries repeat these WHERE terms word for word.
    db.executescript(
        """
        CREATE INDEX tickets_walk_in_queue ON tickets (service, priority, arrived_at, number)
            WHERE status = 'waiting' AND appointment_at IS NULL
            AND target_counter IS NULL AND target_staff IS NULL;
        CREATE INDEX tickets_appointment_queue
            ON tickets (service, appointment_at, arrived_at, number)
            WHERE status = 'waiting' AND appointment_at IS NOT NULL
            AND target_counter IS NULL AND target_staff IS NULL;
        CREATE INDEX tickets_sent_to ON tickets (status, target_counter, target_staff)
            WHERE target_counter IS NOT NULL OR target_staff IS NOT NULL;
        """
    )


def connect(path: Path | str, listeners: list[CommitListener] | None = None) -> Database:
    """A connection in WAL mode that waits for the write lock instead of failing.

    `listeners` hear the events of every transaction committed on this connection.
    Central's store opens its file with this too, so both get the same durability."""
    conn = sqlite3.connect(str(path), timeout=15, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: every commit reaches the disk before the kiosk prints its number (NORMAL in WAL
    # mode can lose the last commits at a power cut, and the paper would outlive them).
    conn.execute("PRAGMA synchronous=FULL")
    # Deleted rows (purged personal data) are overwritten, not left readable in free pages.
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA busy_timeout=15000")
    conn.execute("PRAGMA foreign_keys=ON")
    db = Database(conn, execute_plugins=False)
    db.write_lock = _write_lock(str(Path(path).resolve()))
    db.commit_listeners = listeners if listeners is not None else []
    db.pending_events = None
    return db


def init_db(path: Path | str) -> None:
    """Create the file and bring its schema up to date (safe to run again)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        migrations.apply(db)
    finally:
        db.close()


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE: take the write lock first, so read-then-write steps cannot interleave.

    The event rows appended inside (`note_event`) go to the connection's listeners after
    COMMIT, outside the lock; a ROLLBACK tells nobody. Other processes on the same file
    still wait in SQLite's busy handler (busy_timeout)."""
    with db.write_lock:
        db.execute("BEGIN IMMEDIATE")
        db.pending_events = []
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        else:
            db.execute("COMMIT")
            committed = db.pending_events
        finally:
            db.pending_events = None
    if committed:
        _tell(db.commit_listeners, committed)


def note_event(db: Database, event: dict) -> None:
    """An event row written in the open write transaction, for the listeners after COMMIT."""
    if db.pending_events is not None:
        db.pending_events.append(event)


def _tell(listeners: list[CommitListener], events: list[dict]) -> None:
    for listener in listeners:
        try:
            listener(events)
        except Exception:
            # The change is committed: a listener's failure must not turn it into an error
            # (screens heal from the next snapshot).
            log.exception("a commit listener failed")


class ConnectionPool:
    """One connection per thread per database file, reused across requests."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._listeners: list[CommitListener] = []

    def on_commit(self, listener: CommitListener) -> None:
        """Hear the event rows of every write transaction committed on this pool's
        connections (the realtime hub)."""
        self._listeners.append(listener)

    def get(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path, self._listeners)
            self._local.db = db
        return db

    def release(self) -> None:
        """After each request: a transaction left open by a crash must not keep the lock."""
        db = getattr(self._local, "db", None)
        if db is not None and db.conn.in_transaction:
            db.execute("ROLLBACK")
