"""Central's setup as pages and APIs read it: centres, service settings, staff and calendars."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.core.calendar import local_day
from booking.core.errors import invalid
from booking.domain.context import BookingContext
from booking.store import setup as store
from kernel.clock import iso


def centres(db: Database, active_only: bool = True) -> list[dict[str, Any]]:
    """The centres in their configured order (only those taking bookings, unless asked)."""
    return store.centres(db, active_only)


def centres_by_id(db: Database) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in store.centres(db)}


def find_centre(db: Database, centre_id: str) -> dict[str, Any] | None:
    """A centre, taking bookings or not; None if there is no such centre."""
    return store.centre(db, centre_id)


def service_settings(db: Database) -> dict[str, dict[str, Any]]:
    """Per service id: its appointment length, buffer and whether it is bookable."""
    return store.service_settings(db)


def bookable_services(db: Database) -> set[str]:
    return {sid for sid, found in store.service_settings(db).items() if found["bookable"]}


def staff(
    db: Database, centre_ids: list[str] | None = None, active_only: bool = False
) -> list[dict[str, Any]]:
    """Staff members of the given centres (all centres if None), by centre and name."""
    found = store.staff(db, centre_ids)
    return [m for m in found if m["active"]] if active_only else found


def staff_names(db: Database) -> dict[str, str]:
    return {m["id"]: m["name"] for m in store.staff(db)}


def services_of(db: Database, staff_id: str) -> list[str]:
    return store.services_of(db, staff_id)


def coming_absences(ctx: BookingContext, db: Database, staff_id: str) -> list[dict[str, Any]]:
    """A staff member's absences that have not ended yet."""
    return store.absences_of(db, staff_id, iso(ctx.now()))


def coming_extra_days(ctx: BookingContext, db: Database, staff_id: str) -> list[dict[str, Any]]:
    """A staff member's extra working days from today on (local day)."""
    today = local_day(ctx.now(), ctx.tz)
    return store.extra_days_of(db, staff_id, today.isoformat())


def check_poster_target(db: Database, centre: str | None, service: str | None) -> None:
    """A poster may preselect an existing centre and a service central knows, nothing else."""
    if centre and store.centre(db, centre) is None:
        raise invalid(centre="unknown")
    if service and service not in store.service_settings(db):
        raise invalid(service="unknown")
