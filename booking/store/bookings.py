"""SQL for bookings and holds (a hold is a booking row in status "held" with an expiry)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from kernel.db import row, rows

HELD = "held"
CONFIRMED = "confirmed"
CANCELLED = "cancelled"
EXPIRED = "expired"

# A booking that keeps its staff member busy at `:now`: confirmed, or held and not yet expired.
LIVE = "(status = 'confirmed' OR (status = 'held' AND hold_expires_at > :now))"

COLUMNS = (
    "id",
    "code",
    "token",
    "service",
    "centre",
    "staff_id",
    "start_at",
    "end_at",
    "block_end_at",
    "status",
    "hold_expires_at",
    "name",
    "email",
    "phone",
    "language",
    "source",
    "created_by",
    "created_at",
    "updated_at",
)


def next_change_seq(db: Database) -> int:
    """The next number of the global change sequence (inside the caller's write transaction)."""
    cursor = db.execute("UPDATE sync_sequence SET value = value + 1 WHERE id = 1 RETURNING value")
    return int(cursor.fetchone()[0])


def log_change(db: Database, booking_id: str, centre: str, now: str) -> int:
    """Note that a centre must see this booking again (its replica pulls changes by sequence)."""
    seq = next_change_seq(db)
    db.execute(
        "INSERT INTO booking_changes (seq, booking_id, centre, at) VALUES (?, ?, ?, ?)",
        [seq, booking_id, centre, now],
    )
    return seq


def _log_by_id(db: Database, booking_id: str, now: str) -> None:
    found = row(db.execute("SELECT centre FROM bookings WHERE id = ?", [booking_id]))
    if found is not None:
        log_change(db, booking_id, found["centre"], now)


def insert(db: Database, booking: dict[str, Any], log: bool = True) -> bool:
    """Insert a booking (or hold); False, and nothing written, when its code is taken.

    A confirmed booking is noted for its centre's replica unless `log` is False (the caller
    then calls `log_change` itself, as late in its transaction as it can)."""
    names = ", ".join(COLUMNS)
    marks = ", ".join(f":{column}" for column in COLUMNS)
    cursor = db.execute(
        f"INSERT INTO bookings ({names}) VALUES ({marks}) ON CONFLICT (code) DO NOTHING",
        {c: booking.get(c) for c in COLUMNS},
    )
    if cursor.rowcount == 0:
        return False
    # A hold is nobody's appointment yet: centres hear of it when it is confirmed.
    if log and booking.get("status") != HELD:
        log_change(db, booking["id"], booking["centre"], booking["updated_at"])
    return True


def code_exists(db: Database, code: str) -> bool:
    return row(db.execute("SELECT 1 AS found FROM bookings WHERE code = ?", [code])) is not None


def by_code(db: Database, code: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM bookings WHERE code = ?", [code]))


def by_token(db: Database, token: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM bookings WHERE token = ?", [token]))


def expire_holds(db: Database, centre: str, now: str) -> int:
    """Release the centre's holds whose time ran out (so their slot can be held again)."""
    cursor = db.execute(
        "UPDATE bookings SET status = 'expired', updated_at = :now"
        " WHERE centre = :centre AND status = 'held' AND hold_expires_at <= :now",
        {"centre": centre, "now": now},
    )
    return cursor.rowcount


def busy(
    db: Database,
    centres: Sequence[str],
    start: str,
    end: str,
    now: str,
    exclude_id: str | None = None,
    starts_after: str = "",
    with_stale_holds: bool = False,
) -> list[tuple]:
    """(staff id, start, end of block) of the live bookings of some centres whose block (with
    its buffer) reaches into [start, end): plain tuples, as an availability answer after a
    rush reads thousands. `starts_after`: no block that starts before it can reach `start`
    (it bounds the index range to read: without it, every earlier booking of the centre).
    `with_stale_holds`: holds whose time ran out come too, and each tuple has a fourth
    value, 1 for such a hold (it is not busy) and 0 otherwise."""
    if not centres:
        return []  # PostgreSQL refuses an empty IN ()
    marks = ",".join(f":c{i}" for i in range(len(centres)))
    params: dict[str, Any] = {f"c{i}": c for i, c in enumerate(centres)}
    params.update(start=start, end=end, now=now, exclude=exclude_id or "", after=starts_after)
    columns, live = "staff_id, start_at, block_end_at", LIVE
    if with_stale_holds:
        columns += ", CASE WHEN status = 'held' AND hold_expires_at <= :now THEN 1 ELSE 0 END"
        live = "status IN ('confirmed', 'held')"
    return db.execute(
        f"SELECT {columns} FROM bookings"
        f" WHERE centre IN ({marks}) AND start_at > :after AND start_at < :end"
        f" AND block_end_at > :start AND {live} AND id != :exclude",
        params,
    ).fetchall()


def load_per_staff(
    db: Database, staff_ids: Sequence[str], start: str, end: str, now: str
) -> dict[str, int]:
    """How many live bookings each staff member has in [start, end) (to spread the work)."""
    if not staff_ids:
        return {}
    marks = ",".join(f":s{i}" for i in range(len(staff_ids)))
    params: dict[str, Any] = {f"s{i}": s for i, s in enumerate(staff_ids)}
    params.update(start=start, end=end, now=now)
    found = rows(
        db.execute(
            "SELECT staff_id, COUNT(*) AS n FROM bookings"
            f" WHERE staff_id IN ({marks}) AND start_at >= :start AND start_at < :end AND {LIVE}"
            " GROUP BY staff_id",
            params,
        )
    )
    return {item["staff_id"]: item["n"] for item in found}


def open_for_contact(
    db: Database, service: str, email: str | None, phone: str | None, now: str
) -> int:
    """Confirmed bookings still ahead for the same e-mail address or mobile number."""
    found = row(
        db.execute(
            "SELECT COUNT(*) AS n FROM bookings WHERE service = :service"
            " AND status = 'confirmed' AND start_at > :now"
            # A missing address matches nothing: NULL equals nothing, NULL included.
            " AND (email = :email OR phone = :phone)",
            {"service": service, "email": email, "phone": phone, "now": now},
        )
    )
    return int(found["n"]) if found else 0


def confirm(
    db: Database, booking_id: str, details: dict[str, Any], now: str, staff_id: str | None = None
) -> None:
    """A hold becomes a booking: the citizen's name and contact are added (and, for a hold
    that ran out and was taken again, the staff member now free for it). On a booking,
    `hold_expires_at` is how long its hold's token may still repeat the request."""
    db.execute(
        "UPDATE bookings SET status = 'confirmed', hold_expires_at = :hold_expires_at,"
        " name = :name,"
        " email = :email, phone = :phone, language = :language, source = :source,"
        " created_by = :created_by, staff_id = COALESCE(:staff_id, staff_id),"
        " updated_at = :now WHERE id = :id",
        {**details, "id": booking_id, "now": now, "staff_id": staff_id},
    )
    _log_by_id(db, booking_id, now)


def release(db: Database, booking_id: str, now: str) -> None:
    db.execute(
        "UPDATE bookings SET status = 'expired', updated_at = ? WHERE id = ? AND status = 'held'",
        [now, booking_id],
    )


def cancel(db: Database, booking_id: str, now: str) -> None:
    db.execute(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, updated_at = ?,"
        " hold_expires_at = NULL WHERE id = ?",
        [now, now, booking_id],
    )
    _log_by_id(db, booking_id, now)


def move(db: Database, booking_id: str, change: dict[str, Any], now: str) -> None:
    before = row(db.execute("SELECT centre FROM bookings WHERE id = ?", [booking_id]))
    db.execute(
        "UPDATE bookings SET centre = :centre, staff_id = :staff_id, start_at = :start_at,"
        " end_at = :end_at, block_end_at = :block_end_at, updated_at = :now,"
        " hold_expires_at = NULL WHERE id = :id",
        {**change, "id": booking_id, "now": now},
    )
    # Moved to another centre: the old one must drop it, the new one must add it.
    if before is not None and before["centre"] != change["centre"]:
        log_change(db, booking_id, before["centre"], now)
    _log_by_id(db, booking_id, now)


def on_day(
    db: Database, centre: str, start: str, end: str, staff_id: str | None = None
) -> list[dict[str, Any]]:
    """Confirmed bookings of a centre (or one staff member) starting in [start, end)."""
    query = (
        "SELECT * FROM bookings WHERE centre = :centre AND start_at >= :start AND start_at < :end"
        " AND status = 'confirmed'"
    )
    if staff_id:
        query += " AND staff_id = :staff"
    return rows(
        db.execute(
            query + " ORDER BY start_at, staff_id",
            {"centre": centre, "start": start, "end": end, "staff": staff_id},
        )
    )


def count_from_source(db: Database, centre: str, source: str, start: str, end: str) -> int:
    """How many bookings of a centre, in any status, from one source start in [start, end)."""
    found = db.execute(
        "SELECT COUNT(*) FROM bookings WHERE centre = ? AND source = ?"
        " AND start_at >= ? AND start_at < ?",
        [centre, source, start, end],
    ).fetchone()
    return found[0]


def confirmed_from_source(db: Database, centre: str, source: str) -> list[dict[str, Any]]:
    """A centre's confirmed bookings from one source (the demo's), by start."""
    return rows(
        db.execute(
            "SELECT * FROM bookings WHERE centre = ? AND source = ? AND status = 'confirmed'"
            " ORDER BY start_at",
            [centre, source],
        )
    )


def of_staff_between(db: Database, staff_id: str, start: str, end: str) -> list[dict[str, Any]]:
    """Confirmed bookings of one staff member overlapping [start, end)."""
    return rows(
        db.execute(
            "SELECT * FROM bookings WHERE staff_id = ? AND status = 'confirmed'"
            " AND start_at < ? AND end_at > ? ORDER BY start_at",
            [staff_id, end, start],
        )
    )


def due_for_reminder(db: Database, start: str, end: str, created_before: str) -> list[dict]:
    """Confirmed bookings starting in [start, end) that were made before the reminder time."""
    return rows(
        db.execute(
            "SELECT * FROM bookings WHERE status = 'confirmed' AND start_at >= ? AND start_at < ?"
            # By id too: two workers queueing reminders at once insert them in one order, so
            # neither waits for a row the other will only give up after waiting for its own.
            " AND created_at < ? ORDER BY start_at, id",
            [start, end, created_before],
        )
    )


def mark_checked_in(
    db: Database, code: str, centre: str, at: str, now: str, ticket_id: str | None = None
) -> bool:
    """A centre checked this booking in (first time counts, with the ticket it made); False if
    not its booking."""
    found = row(
        db.execute(
            "SELECT id, checked_in_at FROM bookings WHERE code = ? AND centre = ?", [code, centre]
        )
    )
    if found is None:
        return False
    if found["checked_in_at"] is None:
        db.execute(
            "UPDATE bookings SET checked_in_at = ?, ticket_id = ?, updated_at = ? WHERE id = ?",
            [at, ticket_id, now, found["id"]],
        )
        log_change(db, found["id"], centre, now)
    return True


def end_visit(db: Database, centre: str, ticket_id: str, outcome: str, at: str, now: str) -> bool:
    """The check-in ticket of a booking at this centre was served or a no-show (the first word
    counts); False if no booking was checked in with that ticket."""
    cursor = db.execute(
        "UPDATE bookings SET visit_outcome = ?, visit_ended_at = ?, updated_at = ?"
        " WHERE centre = ? AND ticket_id = ? AND visit_outcome IS NULL",
        [outcome, at, now, centre, ticket_id],
    )
    return cursor.rowcount == 1


def by_id(db: Database, booking_id: str) -> dict[str, Any] | None:
    return row(db.execute("SELECT * FROM bookings WHERE id = ?", [booking_id]))


def purge_personal_data(db: Database, ended_before: str, now: str) -> int:
    """Forget who booked: names and contacts of bookings that ended long enough ago."""
    found = rows(
        db.execute(
            "SELECT id, centre FROM bookings WHERE end_at < ? AND purged_at IS NULL"
            " AND status != 'held' ORDER BY id",
            [ended_before],
        )
    )
    for item in found:
        log_change(db, item["id"], item["centre"], now)
    cursor = db.execute(
        "UPDATE bookings SET name = NULL, email = NULL, phone = NULL, purged_at = ?,"
        " updated_at = ? WHERE end_at < ? AND purged_at IS NULL AND status != 'held'",
        [now, now, ended_before],
    )
    return cursor.rowcount


def delete_stale_holds(db: Database, expired_before: str) -> int:
    """Holds that ran out or were given back long ago hold nothing worth keeping."""
    cursor = db.execute(
        "DELETE FROM bookings WHERE status IN ('held', 'expired') AND hold_expires_at < ?",
        [expired_before],
    )
    return cursor.rowcount


def holding_personal_data(db: Database, codes: Sequence[str]) -> set[str]:
    """Which of these booking codes still belong to a booking with its personal data."""
    found: set[str] = set()
    codes = list(codes)
    for i in range(0, len(codes), 500):
        chunk = codes[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            item["code"]
            for item in rows(
                db.execute(
                    f"SELECT code FROM bookings WHERE code IN ({marks}) AND purged_at IS NULL",
                    chunk,
                )
            )
        )
    return found


def counts_by_centre(db: Database, now: str) -> dict[str, dict[str, int]]:
    """Per centre: bookings ever made (confirmed, cancelled since or not), those cancelled,
    and holds still keeping their time."""
    found = db.execute(
        # CASE, not SUM of a comparison: PostgreSQL does not add up booleans.
        "SELECT centre, SUM(CASE WHEN status IN ('confirmed', 'cancelled') THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN status = 'held' AND hold_expires_at > ? THEN 1 ELSE 0 END) FROM bookings"
        " WHERE status IN ('confirmed', 'cancelled', 'held') GROUP BY centre",
        [now],
    )
    return {
        centre: {"made": made or 0, "cancelled": cancelled or 0, "holds": holds or 0}
        for centre, made, cancelled, holds in found.fetchall()
    }
