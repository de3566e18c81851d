"""The central database's schema migrations (connections, write transactions: kernel/db.py).

Plain SQL that PostgreSQL also runs (TEXT times in UTC ISO form, partial unique indexes,
ON CONFLICT); the SQLite-only parts (PRAGMAs, BEGIN IMMEDIATE) stay in kernel/db.py.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kernel import visit_store
from kernel.db import migrate

migrations = Migrations("enindgang-central")


@migrations()
def m001_booking(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE centres (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            min_notice_minutes INTEGER NOT NULL,
            horizon_days INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            -- bumped by every reservation: the row lock that serialises a centre's bookings
            version INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE service_settings (
            service TEXT PRIMARY KEY,
            minutes INTEGER NOT NULL,
            buffer_minutes INTEGER NOT NULL DEFAULT 0,
            bookable INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE staff (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            centre TEXT NOT NULL REFERENCES centres (id),
            role TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE staff_services (
            staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
            service TEXT NOT NULL,
            PRIMARY KEY (staff_id, service)
        );
        CREATE TABLE staff_hours (
            id INTEGER PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            weekday INTEGER NOT NULL,
            start_time TEXT NOT NULL,
            end_time TEXT NOT NULL
        );
        CREATE INDEX staff_hours_by_staff ON staff_hours (staff_id);
        CREATE TABLE absences (
            id INTEGER PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
            start_at TEXT NOT NULL,
            end_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX absences_by_staff ON absences (staff_id, end_at);
        CREATE TABLE extra_days (
            id INTEGER PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            start_time TEXT NOT NULL,
            end_time TEXT NOT NULL
        );
        CREATE INDEX extra_days_by_staff ON extra_days (staff_id, day);
        CREATE TABLE bookings (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            token TEXT NOT NULL UNIQUE,
            service TEXT NOT NULL,
            centre TEXT NOT NULL REFERENCES centres (id),
            staff_id TEXT NOT NULL REFERENCES staff (id),
            start_at TEXT NOT NULL,
            end_at TEXT NOT NULL,
            block_end_at TEXT NOT NULL,
            status TEXT NOT NULL,
            hold_expires_at TEXT,
            name TEXT,
            email TEXT,
            phone TEXT,
            language TEXT NOT NULL DEFAULT 'da',
            source TEXT NOT NULL DEFAULT 'online',
            created_by TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            cancelled_at TEXT,
            purged_at TEXT
        );
        CREATE INDEX bookings_by_centre ON bookings (centre, start_at);
        CREATE INDEX bookings_by_staff ON bookings (staff_id, start_at);
        CREATE INDEX bookings_by_email ON bookings (email, service);
        CREATE INDEX bookings_by_phone ON bookings (phone, service);
        CREATE INDEX bookings_by_status ON bookings (status, end_at);
        -- The last line of defence: one live booking per staff member and start time.
        CREATE UNIQUE INDEX bookings_one_live_per_staff_start ON bookings (staff_id, start_at)
            WHERE status IN ('held', 'confirmed');
        CREATE TABLE accounts (
            username TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            centre TEXT REFERENCES centres (id),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT,
            action TEXT NOT NULL,
            booking_code TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_by_booking ON audit (booking_code);
        """
    )


@migrations()
def m002_outbox(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            booking_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            -- what makes a message unique besides its kind: a reminder's appointment time
            ref TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            outcome TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            UNIQUE (booking_id, kind, ref, channel)
        );
        CREATE INDEX outbox_pending ON outbox (sent_at, id);
        """
    )


@migrations()
def m003_setup_version(db: Database) -> None:
    # Bumped by every change to centres, services, staff and schedules: caches compare it.
    db.executescript(
        """
        CREATE TABLE setup_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        INSERT INTO setup_state (id, version) VALUES (1, 0);
        """
    )


@migrations()
def m004_sync(db: Database) -> None:
    # Centres pull their bookings by change sequence and push their queue events up.
    db.executescript(
        """
        CREATE TABLE sync_sequence (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            value INTEGER NOT NULL
        );
        INSERT INTO sync_sequence (id, value) VALUES (1, 0);
        -- one row per change a centre must see; a move writes one for each centre
        CREATE TABLE booking_changes (
            seq INTEGER PRIMARY KEY,
            booking_id TEXT NOT NULL,
            centre TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX booking_changes_by_centre ON booking_changes (centre, seq);
        ALTER TABLE bookings ADD COLUMN change_seq INTEGER;
        ALTER TABLE bookings ADD COLUMN checked_in_at TEXT;
        CREATE TABLE centre_keys (
            centre TEXT PRIMARY KEY REFERENCES centres (id),
            key_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE centre_events (
            centre TEXT NOT NULL,
            id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            ticket_id TEXT,
            counter TEXT,
            data TEXT NOT NULL DEFAULT '{}',
            received_at TEXT NOT NULL,
            PRIMARY KEY (centre, id)
        );
        CREATE INDEX centre_events_by_seq ON centre_events (centre, seq);
        CREATE INDEX centre_events_by_at ON centre_events (centre, at);
        """
    )


@migrations()
def m005_manage_links(db: Database) -> None:
    """The citizen's manage links apart from the hold token, stored as hashes.

    Until now a booking's hold token was also its manage link. Links of online and staff
    bookings went only to the citizen and keep working (their hash is carried over); links
    of desk bookings passed through the centre, so they stop, and the next message about
    the booking (reminder, move) brings the citizen a fresh one.
    """
    db.execute(
        "CREATE TABLE manage_links ("
        " id INTEGER PRIMARY KEY,"
        " booking_id TEXT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,"
        " token_hash TEXT NOT NULL UNIQUE,"
        " created_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX manage_links_by_booking ON manage_links (booking_id)")
    old = db.execute(
        "SELECT id, token, updated_at FROM bookings"
        " WHERE status IN ('confirmed', 'cancelled') AND source != 'centre'"
    ).fetchall()
    for booking_id, token, at in old:
        db.execute(
            "INSERT INTO manage_links (booking_id, token_hash, created_at) VALUES (?, ?, ?)",
            [booking_id, hashlib.sha256(token.encode("utf-8")).hexdigest(), at],
        )


@migrations()
def m006_account_sessions(db: Database) -> None:
    # Bumped at logout and password change: every cookie of an older version stops working.
    db.execute("ALTER TABLE accounts ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0")


@migrations()
def m007_centre_street_and_hours(db: Database) -> None:
    # What citizens read besides the name and postcode: the street and the opening hours (a
    # JSON list of [weekday, open, close]); both are taken from the config on every start.
    db.executescript(
        """
        ALTER TABLE centres ADD COLUMN street TEXT NOT NULL DEFAULT '';
        ALTER TABLE centres ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '[]';
        """
    )


@migrations()
def m008_booking_visits(db: Database) -> None:
    """A booking's visit as the centre's uploaded events tell it: the ticket its check-in made,
    and how that ticket ended (served or no-show) and when.

    Events uploaded before this migration are read once here, so bookings already checked in
    and served show as such."""
    db.executescript(
        """
        ALTER TABLE bookings ADD COLUMN ticket_id TEXT;
        ALTER TABLE bookings ADD COLUMN visit_outcome TEXT;
        ALTER TABLE bookings ADD COLUMN visit_ended_at TEXT;
        CREATE INDEX bookings_by_ticket ON bookings (centre, ticket_id);
        """
    )
    read_visits_from_events(db)


def read_visits_from_events(db: Database) -> None:
    """Check-in tickets and visit outcomes from the events stored so far (first word counts)."""
    found = db.execute(
        "SELECT centre, type, ticket_id, at, data FROM centre_events"
        " WHERE type IN ('ticket.checked_in', 'ticket.finished', 'ticket.no_show')"
        " AND ticket_id IS NOT NULL ORDER BY centre, seq"
    ).fetchall()
    outcomes = {"ticket.finished": "served", "ticket.no_show": "no_show"}
    for centre, kind, ticket_id, at, data in found:
        if kind == "ticket.checked_in":
            code = str(json.loads(data or "{}").get("booking_code") or "").upper()
            db.execute(
                "UPDATE bookings SET ticket_id = ? WHERE centre = ? AND code = ?"
                " AND ticket_id IS NULL",
                [ticket_id, centre, code],
            )
        else:
            db.execute(
                "UPDATE bookings SET visit_outcome = ?, visit_ended_at = ?"
                " WHERE centre = ? AND ticket_id = ? AND visit_outcome IS NULL",
                [outcomes[kind], at, centre, ticket_id],
            )


@migrations()
def m009_centre_contacts(db: Database) -> None:
    # When each centre last called the sync API: the overview tells a silent centre from an
    # empty one by it.
    db.execute(
        "CREATE TABLE centre_contacts ("
        " centre TEXT PRIMARY KEY REFERENCES centres (id),"
        " last_seen_at TEXT NOT NULL)"
    )


@migrations()
def m010_visits(db: Database) -> None:
    # The visit facts the centres upload inside their events (kernel/visit_facts.py), and
    # each day's first free time per centre and booked service (the booking promise).
    db.executescript(
        visit_store.SCHEMA
        + """
        CREATE TABLE first_free (
            centre TEXT NOT NULL,
            service TEXT NOT NULL,
            day TEXT NOT NULL,
            working_days INTEGER,
            PRIMARY KEY (centre, service, day)
        );
        """
    )


@migrations()
def m011_visit_wait_shown(db: Database) -> None:
    # The wait range the centre's kiosk showed, carried in newer visit facts.
    db.executescript(visit_store.ADD_WAIT_SHOWN)


@migrations()
def m012_outbox_retry_at(db: Database) -> None:
    # A failed message waits until retry_at (growing delays) before it is tried again.
    db.executescript("ALTER TABLE outbox ADD COLUMN retry_at TEXT;")


@migrations()
def m013_centre_po_colocated(db: Database) -> None:
    # 1 when the pension/elderly office shares the centre's address (P/O-only services are
    # offered only there); taken from the config on every start, like the street.
    db.execute("ALTER TABLE centres ADD COLUMN po_colocated INTEGER NOT NULL DEFAULT 0")


@migrations()
def m014_outbox_claims_and_rate_counts(db: Database) -> None:
    # Several worker processes send the outbox: a sender claims rows for a while before it
    # sends them (claimed_by: which process; claimed_until: when a crashed sender's claim
    # lapses). And the per-address limits and login throttles count here, so every worker
    # sees the same counts: one fixed-window counter per key, expiring at expires_at (Unix
    # seconds).
    db.executescript(
        """
        ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
        ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
        CREATE TABLE rate_counts (
            key TEXT PRIMARY KEY,
            count INTEGER NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX rate_counts_by_expiry ON rate_counts (expires_at);
        """
    )


@migrations()
def m015_open_bookings_by_contact(db: Database) -> None:
    # Every booking first counts the contact's open bookings of the service (the per-contact
    # limit), inside its centre's lock. With only (email, service), SQLite chose the status
    # index and read every confirmed booking: 0.45 ms per booking after 1,500, growing. These
    # answer the whole condition from the index (and serve the old ones' look-ups as well).
    db.executescript(
        """
        DROP INDEX bookings_by_email;
        DROP INDEX bookings_by_phone;
        CREATE INDEX bookings_open_by_email ON bookings (email, service, status, start_at);
        CREATE INDEX bookings_open_by_phone ON bookings (phone, service, status, start_at);
        """
    )


@migrations()
def m016_drop_bookings_change_seq(db: Database) -> None:
    # Written on every booking change and never read: a centre pulls booking_changes by its
    # own sequence. One write fewer inside every booking's transaction.
    db.execute("ALTER TABLE bookings DROP COLUMN change_seq")


def init_db(path: Path | str) -> None:
    """Create the file and bring its schema up to date (safe to run again)."""
    migrate(path, migrations)
