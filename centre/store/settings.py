"""SQL for per-service settings the manager changes: weight, stopped for today."""

from __future__ import annotations

from sqlite_utils import Database


def all(db: Database) -> dict[str, dict]:
    cursor = db.execute("SELECT service, weight, stopped_on FROM service_settings")
    return {s: {"weight": w, "stopped_on": d} for s, w, d in cursor.fetchall()}


def weights(db: Database) -> dict[str, float]:
    """The routing weight per service that has a setting (others weigh 1)."""
    return {service: v["weight"] for service, v in all(db).items()}


def set_weight(db: Database, service: str, weight: float) -> None:
    db.execute(
        "INSERT INTO service_settings (service, weight) VALUES (?, ?) "
        "ON CONFLICT (service) DO UPDATE SET weight = excluded.weight",
        [service, weight],
    )


def set_stopped(db: Database, service: str, day: str | None) -> None:
    db.execute(
        "INSERT INTO service_settings (service, stopped_on) VALUES (?, ?) "
        "ON CONFLICT (service) DO UPDATE SET stopped_on = excluded.stopped_on",
        [service, day],
    )
