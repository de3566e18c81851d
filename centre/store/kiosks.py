"""SQL for paired kiosks (hashes of their pairing links and credentials only)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows

PUBLIC_COLUMNS = "id, name, created_at, paired_at, last_seen_at, revoked_at, revoked_by"


def insert(db: Database, kiosk: dict[str, Any]) -> None:
    columns = list(kiosk)
    db.execute(
        f"INSERT INTO kiosks ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [kiosk[c] for c in columns],
    )


def by_pairing(db: Database, pairing_hash: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM kiosks WHERE pairing_hash = ?", [pairing_hash]))


def by_credential(db: Database, credential_hash: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM kiosks WHERE credential_hash = ?", [credential_hash]))


def get(db: Database, kiosk_id: str) -> dict[str, Any] | None:
    return row(db.execute(f"SELECT {PUBLIC_COLUMNS} FROM kiosks WHERE id = ?", [kiosk_id]))


def pair(db: Database, kiosk_id: str, credential_hash: str, at: str) -> None:
    """The link is used up: its hash goes, the credential's hash comes."""
    db.execute(
        "UPDATE kiosks SET pairing_hash = NULL, pairing_expires_at = NULL, "
        "credential_hash = ?, paired_at = ?, last_seen_at = ? WHERE id = ?",
        [credential_hash, at, at, kiosk_id],
    )


def seen(db: Database, kiosk_id: str, at: str) -> None:
    db.execute("UPDATE kiosks SET last_seen_at = ? WHERE id = ?", [at, kiosk_id])


def revoke(db: Database, kiosk_id: str, at: str, by: str | None) -> None:
    db.execute(
        "UPDATE kiosks SET revoked_at = ?, revoked_by = ?, pairing_hash = NULL WHERE id = ?",
        [at, by, kiosk_id],
    )


def all(db: Database) -> list[dict[str, Any]]:
    return rows(db.execute(f"SELECT {PUBLIC_COLUMNS} FROM kiosks ORDER BY created_at, name"))


def count(db: Database) -> int:
    return db.execute("SELECT COUNT(*) FROM kiosks").fetchone()[0]
