"""A throwaway PostgreSQL server for the tests: Debian's binaries (`scripts/setup --test`
installs them), a cluster in a temporary folder on a free port, gone when the tests end.

PostgreSQL refuses to run as root (CI runs as root): then the cluster runs as the `postgres`
user the Debian package creates, through runuser.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

from booking.store.db import init_db

USER = "enindgang"


def _bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup --test")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One server; `database()` gives a new empty database on it for each test."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="enindgang-pg-"))
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self._names = itertools.count(1)

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self, durable: bool = False) -> Cluster:
        """Start it. The tests' cluster skips flushing to disk; a `durable` one (benchmarks)
        flushes every commit, as a real server does and as SQLite here does (synchronous=FULL)."""
        if self.as_root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        data = self.dir / "data"
        self._run(
            str(self.bin / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8"
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=400"
        )
        if not durable:
            # Durability is not what the tests check: fsync off makes each database quick to make.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.dir / "log"),
            "start",
        )
        return self

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def database(self, template: str | None = None) -> str:
        """A new database's URL: empty, or a copy of `template`."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        copy = f" TEMPLATE {template}" if template else ""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a database, closing whatever connection is still open to it."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def postmaster_pid(self) -> int | None:
        """The server's main process (its backends are its children), while it runs."""
        try:
            return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        try:
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"
            )
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


# Which database the central tests run on: "sqlite" (the default) or "postgresql" (pytest
# --central-database=postgresql, set by tests/conftest.py).
central_database = "sqlite"
_shared: Cluster | None = None
_template: str | None = None
_made: list[str] = []


def shared() -> Cluster:
    """The one cluster of this test process, started on first use, stopped at exit."""
    global _shared
    if _shared is None:
        _shared = Cluster().start()
        atexit.register(_shared.stop)
    return _shared


def fresh_database(migrated: bool = True) -> str:
    """A new database for one test (dropped after it by `drop_made`): central's schema
    copied from a template migrated once, or empty."""
    global _template
    cluster = shared()
    if not migrated:
        url = cluster.database()
    else:
        if _template is None:
            template_url = cluster.database()
            init_db(template_url)
            _template = template_url.rsplit("/", 1)[1]
        url = cluster.database(_template)
    _made.append(url)
    return url


def copy_of(url: str) -> str:
    """A new database holding what `url`'s holds (dropped after the test, like
    `fresh_database`'s); nothing may be connected to `url` meanwhile."""
    copy = shared().database(url.rsplit("/", 1)[1])
    _made.append(copy)
    return copy


def central_url() -> str | None:
    """The database URL a central test app gets: None on SQLite (its data_dir's file)."""
    return fresh_database() if central_database == "postgresql" else None


def table_names(db) -> list[str]:
    """The tables of a central database, SQLite's or PostgreSQL's."""
    if getattr(db, "dialect", "sqlite") == "postgresql":
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [name for (name,) in db.execute(sql).fetchall()]


def made_count() -> int:
    return len(_made)


def drop_made(since: int) -> None:
    """Drop the databases made after the first `since` (each is a few megabytes): a test's
    own, not those of a module's fixture, made before the test's fixtures."""
    while len(_made) > since:
        shared().drop(_made.pop())
