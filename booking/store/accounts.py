"""SQL for staff login accounts (reception, contact centre, managers)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows


def insert(
    db: Database,
    username: str,
    name: str,
    role: str,
    centre: str | None,
    password_hash: str,
    at: str,
) -> None:
    db.execute(
        "INSERT INTO accounts (username, name, role, centre, password_hash, created_at)"
        " VALUES (?,?,?,?,?,?)",
        [username, name, role, centre, password_hash, at],
    )


def get(db: Database, username: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM accounts WHERE username = ?", [username]))


def all(db: Database) -> list[dict[str, Any]]:
    return rows(
        db.execute("SELECT username, name, role, centre, active FROM accounts ORDER BY username")
    )


def set_password(db: Database, username: str, password_hash: str) -> None:
    db.execute(
        "UPDATE accounts SET password_hash = ?, session_version = session_version + 1"
        " WHERE username = ?",
        [password_hash, username],
    )


def end_sessions(db: Database, username: str) -> None:
    """Every session cookie of this account stops working."""
    db.execute(
        "UPDATE accounts SET session_version = session_version + 1 WHERE username = ?",
        [username],
    )
