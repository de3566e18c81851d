"""The centre's schema migrations (connections and write transactions: kernel/db.py)."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kernel import visit_store
from kernel.db import migrate

migrations = Migrations("enindgang-centre")


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


@migrations()
def m007_feedback(db: Database) -> None:
    # Citizens' answers after a visit, kept as counts only: no row per answer, no ticket, no
    # time of day, and WITHOUT ROWID so not even an insertion order is left to join on.
    # feedback_answered says only that a ticket has answered (so it answers once), not how.
    db.executescript(
        """
        CREATE TABLE feedback_counts (
            day TEXT NOT NULL,
            service TEXT NOT NULL,
            counter TEXT NOT NULL,
            solved INTEGER NOT NULL,
            smiley INTEGER NOT NULL,
            answers INTEGER NOT NULL,
            PRIMARY KEY (day, service, counter, solved, smiley)
        ) WITHOUT ROWID;
        CREATE TABLE feedback_answered (ticket_id TEXT PRIMARY KEY) WITHOUT ROWID;
        """
    )


@migrations()
def m008_not_to_staff(db: Database) -> None:
    # A ticket transferred "not to me": call-next does not hand it back to that person while
    # another open counter can serve it (centre/core/routing.py). Few such tickets wait at
    # once, so call-next reads all of one person's through this small partial index.
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN not_staff TEXT;
        CREATE INDEX tickets_not_to_staff ON tickets (not_staff, status)
            WHERE not_staff IS NOT NULL;
        """
    )


@migrations()
def m009_visits(db: Database) -> None:
    # One fact per ended visit (or booked time not kept): what the reports count. The same
    # rows travel to central in the events, so both sides report from identical facts.
    # The first call ends the wait, also for a ticket transferred and called again later.
    db.executescript(visit_store.SCHEMA + "ALTER TABLE tickets ADD COLUMN first_called_at TEXT;")


@migrations()
def m010_wait_estimates(db: Database) -> None:
    # The wait estimate behind the range a citizen was shown at issue (which predictor, its
    # minutes, the range), kept on the ticket and copied into its visit fact, so the reports
    # can show how often the shown range held.
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN wait_predictor TEXT;
        ALTER TABLE tickets ADD COLUMN wait_estimate_minutes REAL;
        ALTER TABLE tickets ADD COLUMN wait_shown_low INTEGER;
        ALTER TABLE tickets ADD COLUMN wait_shown_high INTEGER;
        """
        + visit_store.ADD_WAIT_SHOWN
    )


@migrations()
def m011_tax_schedule(db: Database) -> None:
    # Central's schedule of this centre's tax secondees (today and the next days), replaced
    # whole at each sync: when they are at work and how many, no names. The state says which
    # days it covers and when it came, so a stale one is not believed.
    db.executescript(
        """
        CREATE TABLE tax_schedule (
            day TEXT NOT NULL,
            start_at TEXT NOT NULL,
            end_at TEXT NOT NULL,
            secondees INTEGER NOT NULL
        );
        CREATE INDEX tax_schedule_by_day ON tax_schedule (day, start_at);
        CREATE TABLE tax_schedule_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            first_day TEXT,
            last_day TEXT,
            synced_at TEXT
        );
        INSERT INTO tax_schedule_state (id) VALUES (1);
        """
    )


def init_db(path: Path | str) -> None:
    """Create the file and bring its schema up to date (safe to run again)."""
    migrate(path, migrations)
