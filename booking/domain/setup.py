"""Central's setup: the centres and service settings seeded at start (and the demo's staff),
and centres, service settings, staff and calendars as pages and APIs read them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlite_utils import Database

from booking.config import BookingConfig
from booking.core import opening_hours
from booking.core.calendar import local_day
from booking.core.errors import invalid
from booking.domain.context import BookingContext
from booking.store import setup as store
from kernel.catalogue import Catalogue
from kernel.clock import iso
from kernel.db import retrying, write_transaction

DEFAULT_BUFFER_MINUTES = 5


class NewMember(NamedTuple):
    """A staff member seeded with services, weekly hours and breaks ((weekday, start, end))."""

    id: str
    name: str
    centre: str
    role: str
    services: Sequence[str]
    hours: Sequence[tuple[int, str, str]]
    breaks: Sequence[tuple[int, str, str]]


def default_settings(catalogue: Catalogue) -> list[tuple[str, int, int, bool]]:
    """Appointment length from the walk-in service time, in whole 5 minutes, at least 10."""
    return [
        (s.id, max(10, 5 * math.ceil(s.service_minutes / 5)), DEFAULT_BUFFER_MINUTES, True)
        for s in catalogue.services
    ]


@retrying
def seed(db: Database, config: BookingConfig, catalogue: Catalogue) -> None:
    """The config's centres and every catalogue service's default settings, if missing
    (a later config change never overwrites what a manager set; a centre's street and opening
    hours, which only the config sets, follow the config)."""
    # Centres' rows in the order of their ids, as every write that locks more than one takes
    # them (a move between centres): a worker starting during a rush cannot deadlock with it.
    in_lock_order = sorted(enumerate(config.centres), key=lambda numbered: numbered[1].id)
    with write_transaction(db):
        for position, item in in_lock_order:
            store.add_centre(
                db,
                item.id,
                item.name,
                item.address,
                position,
                config.min_notice_minutes,
                config.horizon_days,
                item.street,
                opening_hours.dumps(item.opening_hours),
                item.po_colocated,
            )
        store.add_service_settings(db, default_settings(catalogue))


@retrying
def seed_staff(db: Database, members: Sequence[NewMember]) -> bool:
    """The members with their services and schedules, only if central has no staff yet;
    whether they were added."""
    with write_transaction(db):
        if store.staff(db):
            return False
        for member in members:
            store.add_staff(db, member.id, member.name, member.centre, member.role)
            store.set_staff_services(db, member.id, member.services)
            store.set_hours(db, member.id, "work", member.hours)
            store.set_hours(db, member.id, "break", member.breaks)
    return True


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
