"""SQL for citizens' anonymous feedback: counts per day, service and counter, and who answered."""

from __future__ import annotations

from sqlite_utils import Database

NO_SMILEY = 0  # a key column cannot be NULL in a WITHOUT ROWID table


def mark_answered(db: Database, ticket_id: str) -> bool:
    """Note that this ticket has answered; False if it had already (a second tap, a replay)."""
    cursor = db.execute(
        "INSERT INTO feedback_answered (ticket_id) VALUES (?) ON CONFLICT DO NOTHING",
        [ticket_id],
    )
    return cursor.rowcount == 1


def has_answered(db: Database, ticket_id: str) -> bool:
    cursor = db.execute("SELECT 1 FROM feedback_answered WHERE ticket_id = ?", [ticket_id])
    return cursor.fetchone() is not None


def add(
    db: Database, day: str, service: str, counter: str, solved: bool, smiley: int | None
) -> None:
    """One more answer in its count; the answer itself is not kept anywhere."""
    db.execute(
        "INSERT INTO feedback_counts (day, service, counter, solved, smiley, answers) "
        "VALUES (?, ?, ?, ?, ?, 1) "
        "ON CONFLICT (day, service, counter, solved, smiley) DO UPDATE SET answers = answers + 1",
        [day, service, counter, int(solved), NO_SMILEY if smiley is None else smiley],
    )


def counts(db: Database, day: str) -> list[tuple[str, str, bool, int | None, int]]:
    """(service, counter, solved, smiley or None, answers) for one day."""
    cursor = db.execute(
        "SELECT service, counter, solved, smiley, answers FROM feedback_counts WHERE day = ? "
        "ORDER BY service, counter, solved, smiley",
        [day],
    )
    return [
        (service, counter, bool(solved), None if smiley == NO_SMILEY else smiley, answers)
        for service, counter, solved, smiley, answers in cursor.fetchall()
    ]
