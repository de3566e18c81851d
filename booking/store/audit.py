"""SQL for the audit trail: who did what to which booking (codes only, no personal data)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from kernel.db import rows


def append(
    db: Database, at: str, actor: str | None, action: str, code: str | None = None, **detail: Any
) -> None:
    db.execute(
        "INSERT INTO audit (at, actor, action, booking_code, detail) VALUES (?,?,?,?,?)",
        [at, actor, action, code, json.dumps(detail, ensure_ascii=False, default=str)],
    )


def for_booking(db: Database, code: str) -> list[dict[str, Any]]:
    return rows(db.execute("SELECT * FROM audit WHERE booking_code = ? ORDER BY id", [code]))
