"""A consistent copy of a live SQLite database (centre or central), made while it serves."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path


class BackupError(Exception):
    """The backup could not be made; the message says why in plain words."""


def backup_database(source: Path, to_dir: Path, stem: str, now: datetime) -> Path:
    """Copy `source` into `to_dir` as `<stem>-<UTC time>.sqlite3` and return its path.

    SQLite's online backup API copies one snapshot in a single step: a WAL reader, so kiosks
    and counters keep writing meanwhile and the copy holds every transaction committed
    before it began. The copy is written under a temporary name and renamed when complete,
    so a file with the final name is never half a backup.
    """
    if not source.is_file():
        raise BackupError(f"no database at {source} (wrong --config or --data?)")
    if not to_dir.is_dir():
        raise BackupError(f"{to_dir} is not an existing directory")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = to_dir / f"{stem}-{stamp}.sqlite3"
    partial = to_dir / f".{target.name}.partial"
    try:
        if target.exists():
            raise BackupError(f"{target} exists already")
        _copy(source, partial)
        os.replace(partial, target)
        _sync_dir(to_dir)
    except (OSError, sqlite3.Error) as err:
        raise BackupError(f"could not write a backup into {to_dir}: {err}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target


def _copy(source: Path, partial: Path) -> None:
    # Personal data: only the service's own user may read the copy.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    src = sqlite3.connect(str(source), timeout=15)
    dst = sqlite3.connect(str(partial))
    try:
        src.execute("PRAGMA busy_timeout=15000")
        src.backup(dst)  # pages=-1: the whole file from one read snapshot
        # One self-contained file: a restore needs no -wal next to it.
        dst.execute("PRAGMA journal_mode=DELETE")
        verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the copy failed its check: {verdict}")
    finally:
        dst.close()
        src.close()
    with open(partial, "rb+") as fh:
        os.fsync(fh.fileno())


def _sync_dir(directory: Path) -> None:
    """The rename itself reaches the disk too."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
