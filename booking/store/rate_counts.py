"""SQL for the shared rate-limit counters: one fixed-window count per key, with its expiry."""

from __future__ import annotations

from sqlite_utils import Database

# Times are Unix seconds (what the limits library counts in), not ISO text.
_HIT = (
    "INSERT INTO rate_counts (key, count, expires_at) VALUES (?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET"
    " count = CASE WHEN rate_counts.expires_at <= ? THEN excluded.count"
    " ELSE rate_counts.count + excluded.count END,"
    " expires_at = CASE WHEN rate_counts.expires_at <= ? THEN excluded.expires_at"
    " ELSE rate_counts.expires_at END"
    " RETURNING count"
)


def hit(db: Database, key: str, amount: int, now: float, expires_at: float) -> int:
    """Add `amount` to the key's count (a lapsed window starts again at `amount`, lasting
    until `expires_at`); the count after. One statement: the database counts atomically."""
    return db.execute(_HIT, [key, amount, expires_at, now, now]).fetchone()[0]


def take_back(db: Database, key: str, amount: int, now: float) -> int:
    """Lower the key's live count by `amount` (never below 0); the count after."""
    found = db.execute(
        "UPDATE rate_counts SET count = CASE WHEN count > ? THEN count - ? ELSE 0 END"
        " WHERE key = ? AND expires_at > ? RETURNING count",
        [amount, amount, key, now],
    ).fetchone()
    return found[0] if found else 0


def count(db: Database, key: str, now: float) -> int:
    found = db.execute(
        "SELECT count FROM rate_counts WHERE key = ? AND expires_at > ?", [key, now]
    ).fetchone()
    return found[0] if found else 0


def expiry(db: Database, key: str, now: float) -> float | None:
    """When the key's live window ends (Unix seconds), None without one."""
    found = db.execute(
        "SELECT expires_at FROM rate_counts WHERE key = ? AND expires_at > ?", [key, now]
    ).fetchone()
    return found[0] if found else None


def clear(db: Database, key: str) -> None:
    db.execute("DELETE FROM rate_counts WHERE key = ?", [key])


def clear_all(db: Database) -> int:
    return db.execute("DELETE FROM rate_counts").rowcount


def forget_expired(db: Database, now: float) -> int:
    """Delete the counters whose window is over (they count nothing any more)."""
    return db.execute("DELETE FROM rate_counts WHERE expires_at <= ?", [now]).rowcount
