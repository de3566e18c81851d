"""SQL for what managers set up: centres, service settings, staff, hours, absences, extra days."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows


def version(db: Database) -> int:
    """The setup's version: it changes whenever anything a slot depends on is changed."""
    return int(db.execute("SELECT version FROM setup_state WHERE id = 1").fetchone()[0])


def changed(db: Database) -> None:
    db.execute("UPDATE setup_state SET version = version + 1 WHERE id = 1")


def _in(values: Sequence[str]) -> str:
    return ",".join("?" for _ in values)


# --- centres -----------------------------------------------------------------------------


def add_centre(
    db: Database,
    centre_id: str,
    name: str,
    address: str,
    position: int,
    notice: int,
    horizon: int,
    street: str = "",
    opening_hours: str = "[]",
    po_colocated: bool = False,
) -> None:
    """Create a centre unless it exists (a later config change never overwrites the manager's
    settings); its street, opening hours and P/O office are the config's, so they follow it on
    every start."""
    changed(db)
    db.execute(
        "INSERT INTO centres (id, name, address, position, min_notice_minutes, horizon_days,"
        " street, opening_hours, po_colocated) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (id)"
        " DO UPDATE SET street = excluded.street, opening_hours = excluded.opening_hours,"
        " po_colocated = excluded.po_colocated",
        [centre_id, name, address, position, notice, horizon, street, opening_hours,
         int(po_colocated)],
    )  # fmt: skip


def centres(db: Database, active_only: bool = True) -> list[dict[str, Any]]:
    where = "WHERE active = 1" if active_only else ""
    return rows(db.execute(f"SELECT * FROM centres {where} ORDER BY position, name"))


def centre(db: Database, centre_id: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM centres WHERE id = ?", [centre_id]))


def update_centre_policy(db: Database, centre_id: str, notice: int, horizon: int) -> None:
    changed(db)
    db.execute(
        "UPDATE centres SET min_notice_minutes = ?, horizon_days = ? WHERE id = ?",
        [notice, horizon, centre_id],
    )


def lock_centre(db: Database, centre_id: str) -> bool:
    """Take the centre's row lock for this transaction (serialises its reservations)."""
    cursor = db.execute("UPDATE centres SET version = version + 1 WHERE id = ?", [centre_id])
    return cursor.rowcount == 1


# --- services ----------------------------------------------------------------------------


def add_service_settings(db: Database, defaults: Iterable[tuple[str, int, int, bool]]) -> None:
    changed(db)
    for service, minutes, buffer, bookable in defaults:
        db.execute(
            "INSERT INTO service_settings (service, minutes, buffer_minutes, bookable)"
            " VALUES (?,?,?,?) ON CONFLICT (service) DO NOTHING",
            [service, minutes, buffer, int(bookable)],
        )


def service_settings(db: Database) -> dict[str, dict[str, Any]]:
    found = rows(db.execute("SELECT * FROM service_settings"))
    return {item["service"]: item for item in found}


def update_service_settings(
    db: Database, service: str, minutes: int, buffer: int, bookable: bool
) -> None:
    changed(db)
    db.execute(
        "UPDATE service_settings SET minutes = ?, buffer_minutes = ?, bookable = ?"
        " WHERE service = ?",
        [minutes, buffer, int(bookable), service],
    )


# --- staff -------------------------------------------------------------------------------


def add_staff(db: Database, staff_id: str, name: str, centre_id: str, role: str) -> None:
    changed(db)
    db.execute(
        "INSERT INTO staff (id, name, centre, role) VALUES (?,?,?,?)",
        [staff_id, name, centre_id, role],
    )


def update_staff(
    db: Database, staff_id: str, name: str, centre_id: str, role: str, active: bool
) -> None:
    changed(db)
    db.execute(
        "UPDATE staff SET name = ?, centre = ?, role = ?, active = ? WHERE id = ?",
        [name, centre_id, role, int(active), staff_id],
    )


def staff_member(db: Database, staff_id: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM staff WHERE id = ?", [staff_id]))


def staff(db: Database, centre_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    if centre_ids is None:
        return rows(db.execute("SELECT * FROM staff ORDER BY centre, name"))
    if not centre_ids:
        return []  # PostgreSQL refuses an empty IN ()
    return rows(
        db.execute(
            f"SELECT * FROM staff WHERE centre IN ({_in(centre_ids)}) ORDER BY centre, name",
            list(centre_ids),
        )
    )


def set_staff_services(db: Database, staff_id: str, services: Iterable[str]) -> None:
    changed(db)
    db.execute("DELETE FROM staff_services WHERE staff_id = ?", [staff_id])
    for service in sorted(set(services)):
        db.execute(
            "INSERT INTO staff_services (staff_id, service) VALUES (?,?)", [staff_id, service]
        )


def set_hours(db: Database, staff_id: str, kind: str, periods: Iterable[tuple[int, str, str]]):
    """Replace a member's weekly working hours (kind "work") or breaks (kind "break")."""
    changed(db)
    db.execute("DELETE FROM staff_hours WHERE staff_id = ? AND kind = ?", [staff_id, kind])
    for weekday, start, end in periods:
        db.execute(
            "INSERT INTO staff_hours (staff_id, kind, weekday, start_time, end_time)"
            " VALUES (?,?,?,?,?)",
            [staff_id, kind, weekday, start, end],
        )


def add_absence(db: Database, staff_id: str, start_at: str, end_at: str, reason: str) -> int:
    changed(db)
    cursor = db.execute(
        "INSERT INTO absences (staff_id, start_at, end_at, reason) VALUES (?,?,?,?) RETURNING id",
        [staff_id, start_at, end_at, reason],
    )
    return int(cursor.fetchone()[0])


def add_extra_day(db: Database, staff_id: str, day: str, start: str, end: str) -> int:
    changed(db)
    cursor = db.execute(
        "INSERT INTO extra_days (staff_id, day, start_time, end_time) VALUES (?,?,?,?)"
        " RETURNING id",
        [staff_id, day, start, end],
    )
    return int(cursor.fetchone()[0])


def delete_absence(db: Database, staff_id: str, absence_id: int) -> bool:
    changed(db)
    cursor = db.execute(
        "DELETE FROM absences WHERE id = ? AND staff_id = ?", [absence_id, staff_id]
    )
    return cursor.rowcount == 1


def delete_extra_day(db: Database, staff_id: str, extra_id: int) -> bool:
    changed(db)
    cursor = db.execute(
        "DELETE FROM extra_days WHERE id = ? AND staff_id = ?", [extra_id, staff_id]
    )
    return cursor.rowcount == 1


def schedule_rows(
    db: Database, staff_ids: Sequence[str], absences_after: str, extra_from: str
) -> dict[str, list[dict[str, Any]]]:
    """Services, weekly hours, absences (ending after a time) and extra days of some staff."""
    if not staff_ids:
        return {"services": [], "hours": [], "absences": [], "extra_days": []}
    marks = _in(staff_ids)
    ids = list(staff_ids)
    return {
        "services": rows(
            db.execute(f"SELECT * FROM staff_services WHERE staff_id IN ({marks})", ids)
        ),
        "hours": rows(
            db.execute(
                f"SELECT * FROM staff_hours WHERE staff_id IN ({marks})"
                " ORDER BY weekday, start_time",
                ids,
            )
        ),
        "absences": rows(
            db.execute(
                f"SELECT * FROM absences WHERE staff_id IN ({marks}) AND end_at > ?"
                " ORDER BY start_at",
                [*ids, absences_after],
            )
        ),
        "extra_days": rows(
            db.execute(
                f"SELECT * FROM extra_days WHERE staff_id IN ({marks}) AND day >= ?"
                " ORDER BY day, start_time",
                [*ids, extra_from],
            )
        ),
    }


def hours_of(db: Database, staff_id: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT * FROM staff_hours WHERE staff_id = ? ORDER BY kind, weekday, start_time",
            [staff_id],
        )
    )


def absences_of(db: Database, staff_id: str, ending_after: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT * FROM absences WHERE staff_id = ? AND end_at > ? ORDER BY start_at",
            [staff_id, ending_after],
        )
    )


def extra_days_of(db: Database, staff_id: str, from_day: str) -> list[dict[str, Any]]:
    return rows(
        db.execute(
            "SELECT * FROM extra_days WHERE staff_id = ? AND day >= ? ORDER BY day, start_time",
            [staff_id, from_day],
        )
    )


def services_of(db: Database, staff_id: str) -> list[str]:
    found = rows(
        db.execute(
            "SELECT service FROM staff_services WHERE staff_id = ? ORDER BY service", [staff_id]
        )
    )
    return [item["service"] for item in found]
