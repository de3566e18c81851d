"""SQLite for both apps: opening a file, a connection per thread, and the one write transaction.

Central may name a PostgreSQL server instead (a postgresql:// URL where a file would be):
`connect`, `open_pool`, `migrate` and `reachable` then hand over to kernel/pg.py, and
`write_transaction` begins PostgreSQL's way. Each app keeps its own schema migrations in its
store; this module knows no table.
"""

from __future__ import annotations

import contextvars
import fcntl
import functools
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import psycopg
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kernel import pg

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# What a broken constraint raises, on either database.
IntegrityError = (sqlite3.IntegrityError, psycopg.IntegrityError)
# What any failure of the database raises, on either.
DatabaseError = (sqlite3.Error, psycopg.Error)

# A transaction PostgreSQL ended so that another could go on: a deadlock (40P01), a
# serialization failure (40001, 40000) or a lock it would not wait for (55P03). Nothing of it
# was kept, and the same work run again usually goes through. (psycopg gives each code its
# own class, all directly under OperationalError.)
TRANSIENT = (
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
    psycopg.errors.TransactionRollback,
    psycopg.errors.LockNotAvailable,
)
# How often a unit of work (`retrying`) runs at most, and the first pause between runs
# (doubled each time, with jitter so that the two sides of a deadlock do not meet again).
RETRY_ATTEMPTS = 4
RETRY_PAUSE_SECONDS = 0.02

# Whether this thread is inside a unit of work (`retrying`) or a write transaction: an inner
# unit then leaves the retrying to the outer one, which alone can run it all again.
_in_unit: contextvars.ContextVar[bool] = contextvars.ContextVar("in_unit", default=False)

# Told the event rows of each committed write transaction, in order (see `write_transaction`).
CommitListener = Callable[[list[dict]], None]

# How long a writer waits for another process's write before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15000

# Writers queue for a database file, first the threads of one process on a lock, then the
# processes (several central workers, a cron `tick`) on an flock of a file beside it, instead
# of in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and shows up as
# latency spikes under a rush; a released flock wakes the next writer at once. Only a latency
# optimisation: the guarantee across processes is BEGIN IMMEDIATE with busy_timeout, which
# also keeps out writers that take no queue (a backup, the sqlite3 shell).
_WRITE_QUEUES: dict[tuple[int, str], _WriteQueue] = {}
_WRITE_QUEUES_GUARD = threading.Lock()


class _WriteQueue:
    """The queue of one process's writers to one database file."""

    def __init__(self, path: str) -> None:
        self.lock = threading.Lock()
        # An in-memory database has no other process to queue with.
        self.path = None if Path(path).name == ":memory:" else f"{path}-writers"
        self.fd: int | None = None

    def __enter__(self) -> None:
        self.lock.acquire()
        if self.path is None:
            return
        # Opened for each write, not kept: a process that opens many database files (the test
        # suite, a central that backs up) would otherwise hold one descriptor per file for
        # good. And an flock belongs to the open file, which a fork would share.
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except BaseException:
            self._close()
            self.lock.release()
            raise

    def __exit__(self, *exc: object) -> None:
        try:
            self._close()
        finally:
            self.lock.release()

    def _close(self) -> None:
        # Closing the file releases its flock.
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)


def _write_queue(path: str) -> _WriteQueue:
    with _WRITE_QUEUES_GUARD:
        key = (os.getpid(), path)
        if key not in _WRITE_QUEUES:
            _WRITE_QUEUES[key] = _WriteQueue(path)
        return _WRITE_QUEUES[key]


def connect(path: Path | str, listeners: list[CommitListener] | None = None) -> Database:
    """A connection in WAL mode that waits for the write lock instead of failing (or, for a
    postgresql:// URL, a PostgreSQL connection used the same way, kernel/pg.py).

    `listeners` hear the events of every transaction committed on this connection."""
    if pg.is_url(path):
        return pg.connect(str(path), listeners)  # type: ignore[return-value]
    conn = sqlite3.connect(str(path), timeout=15, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: every commit reaches the disk before the kiosk prints its number (NORMAL in WAL
    # mode can lose the last commits at a power cut, and the paper would outlive them).
    conn.execute("PRAGMA synchronous=FULL")
    # Deleted rows (purged personal data) are overwritten, not left readable in free pages.
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    db = Database(conn, execute_plugins=False)
    db.dialect = "sqlite"
    db.write_lock = _write_queue(str(Path(path).resolve()))
    db.commit_listeners = listeners if listeners is not None else []
    db.pending_events = None
    return db


def reachable(path: Path | str) -> bool:
    """Whether the database file opens and answers a read. A fresh read-only connection, not
    one of the pool's: an open connection keeps reading a file removed or replaced under it."""
    if pg.is_url(path):
        return pg.reachable(str(path))
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def migrate(path: Path | str, migrations: Migrations) -> None:
    """Create the file and bring its schema up to date with `migrations` (safe to run again)."""
    if pg.is_url(path):
        pg.migrate(str(path), migrations)
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        migrations.apply(db)
    finally:
        db.close()


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction. BEGIN IMMEDIATE takes SQLite's write lock up front, so a
    check-then-write cannot interleave with another writer in any process; a writer in another
    process waits up to busy_timeout. On PostgreSQL a plain BEGIN (read committed): the
    transaction locks the rows it checks (a centre's row for its reservations, `lock_centre`),
    and the unique indexes refuse what slipped past.

    The event rows noted inside (`note_event`) go to the connection's listeners after COMMIT,
    outside the lock; a ROLLBACK tells nobody."""
    with db.write_lock:
        on_postgresql = getattr(db, "dialect", "sqlite") == "postgresql"
        db.execute("BEGIN" if on_postgresql else "BEGIN IMMEDIATE")
        db.pending_events = []
        inside = _in_unit.set(True)
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
            _in_unit.reset(inside)
    if committed:
        _tell(db.commit_listeners, committed)


def retrying(unit: Callable[P, R]) -> Callable[P, R]:
    """Run a unit of work again when PostgreSQL aborted its transaction (`TRANSIENT`), up to
    RETRY_ATTEMPTS runs with a short random pause between them; then the error goes on (the
    HTTP layer answers 503 `database_busy`).

    Only for a unit that does nothing outside the database before its last commit (messages
    go to the outbox, files and screens come after): a run that failed then left no trace,
    and the next one starts from what is committed. Inside another unit or an open write
    transaction it runs once, and the outer unit retries (an aborted transaction cannot go
    on). SQLite never aborts a writer this way (BEGIN IMMEDIATE waits its turn)."""

    @functools.wraps(unit)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if _in_unit.get():
            return unit(*args, **kwargs)
        outermost = _in_unit.set(True)
        try:
            for attempt in range(1, RETRY_ATTEMPTS):
                try:
                    return unit(*args, **kwargs)
                except TRANSIENT as err:
                    pause = RETRY_PAUSE_SECONDS * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
                    log.info("%s: %s; run %d again in %.3f s", unit.__name__, err, attempt, pause)
                    time.sleep(pause)
            return unit(*args, **kwargs)
        finally:
            _in_unit.reset(outermost)

    return run


def failure(error: BaseException) -> str | None:
    """The machine code for a database that cannot answer now, or None for any other error:
    `database_busy` when its locks kept this request out (PostgreSQL aborted it as
    `TRANSIENT` after every retry, or SQLite's busy timeout ran out), `database_unavailable`
    when it cannot be reached (a stopped server, a dropped connection, no connection free)."""
    if isinstance(error, TRANSIENT + (psycopg.errors.QueryCanceled,)):
        return "database_busy"
    if isinstance(error, psycopg.OperationalError):
        return "database_unavailable"
    if isinstance(error, sqlite3.OperationalError):
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return "database_busy"
        if "unable to open" in text or "disk i/o" in text:
            return "database_unavailable"
    return None


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


def open_pool(target: Path | str) -> ConnectionPool | pg.PgConnectionPool:
    """The app's connections: a SQLite file's, or a PostgreSQL server's for a postgresql:// URL."""
    if pg.is_url(target):
        return pg.PgConnectionPool(str(target))
    return ConnectionPool(target)


def shown(target: Path | str) -> str:
    """Where the database is, for messages (a URL without its password)."""
    return pg.shown(str(target)) if pg.is_url(target) else str(target)


class ConnectionPool:
    """One connection per thread per database file, reused across requests."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._listeners: list[CommitListener] = []
        # Every thread's connection, so that close() can reach those of other threads.
        self._opened: list[Database] = []
        self._opened_lock = threading.Lock()

    def on_commit(self, listener: CommitListener) -> None:
        """Hear the event rows of every write transaction committed on this pool's
        connections (the centre's realtime hub)."""
        self._listeners.append(listener)

    def get(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path, self._listeners)
            self._local.db = db
            with self._opened_lock:
                self._opened.append(db)
        return db

    def close(self) -> None:
        """Close every thread's connection: an app that is done (the tests start hundreds of
        apps in one process, and open files would run out)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        self._local = threading.local()
        for db in opened:
            db.conn.close()

    def release(self) -> None:
        """After each request: a transaction left open by a crash must not keep the lock."""
        db = getattr(self._local, "db", None)
        if db is not None and db.conn.in_transaction:
            db.execute("ROLLBACK")


def rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """Every row of a cursor as a dict by column name."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def row(cursor: sqlite3.Cursor) -> dict[str, Any] | None:
    """The first row of a cursor as a dict, or None (the rest are not fetched)."""
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([column[0] for column in cursor.description], values, strict=True))
