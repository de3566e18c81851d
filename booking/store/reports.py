"""SQL for central's report inputs beside the visit facts: each day's first free time."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kernel.db import rows


def first_free_between(
    db: Database, first_day: str, last_day: str, centre: str | None = None
) -> list[dict[str, Any]]:
    sql = "SELECT centre, service, day, working_days FROM first_free WHERE day >= ? AND day <= ?"
    args: list[Any] = [first_day, last_day]
    if centre is not None:
        sql += " AND centre = ?"
        args.append(centre)
    return rows(db.execute(sql, args))
