"""SQL for staff accounts."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows


def insert(db: Database, username: str, name: str, role: str, password_hash: str, at: str) -> None:
    db.execute(
        "INSERT INTO staff (username, name, role, password_hash, created_at) VALUES (?,?,?,?,?)",
        [username, name, role, password_hash, at],
    )


def set_password(db: Database, username: str, password_hash: str) -> None:
    db.execute(
        "UPDATE staff SET password_hash = ?, session_version = session_version + 1"
        " WHERE username = ?",
        [password_hash, username],
    )


def end_sessions(db: Database, username: str) -> None:
    """Every session cookie of this account stops working."""
    db.execute(
        "UPDATE staff SET session_version = session_version + 1 WHERE username = ?", [username]
    )


def session_versions(db: Database) -> dict[str, int]:
    rows = db.execute("SELECT username, session_version FROM staff WHERE active = 1")
    return {username: version for username, version in rows.fetchall()}


def record_failed_login(db: Database, at: str, username: str, address: str | None) -> None:
    db.execute(
        "INSERT INTO login_failures (at, username, address) VALUES (?,?,?)",
        [at, username, address],
    )


def failed_logins(db: Database) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT at, username, address FROM login_failures ORDER BY id"))


def get(db: Database, username: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM staff WHERE username = ?", [username]))


def all(db: Database) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT username, name, role, active FROM staff ORDER BY username"))
