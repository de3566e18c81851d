"""What a manager sets up: staff, weekly hours and breaks, absences, extra days, settings."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from booking.core import validation
from booking.core.calendar import WEEKDAYS, format_time, local_instant, parse_period
from booking.core.errors import BookingError, collect, invalid
from booking.core.model import STAFF_ROLES
from booking.domain import scope, world
from booking.domain.context import BookingContext
from booking.domain.scope import Actor
from booking.store import audit
from booking.store import bookings as booking_store
from booking.store import setup as setup_store
from kernel.clock import iso
from kernel.db import retrying, write_transaction

LIMITS = {
    "min_notice_minutes": (0, 14 * 24 * 60),
    "horizon_days": (1, 366),
    "minutes": (5, 240),
    "buffer_minutes": (0, 120),
}

MAX_ROW_ID = 2**63 - 1


def _number(data: dict, field: str) -> int:
    value = data.get(field)
    low, high = LIMITS[field]
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise invalid(**{field: "out_of_range"})
    return value


def _centre(db: Database, value: Any) -> str:
    return world.centre(db, validation.text_id(value, "centre"))["id"]


def _role(value: Any) -> str:
    if value not in STAFF_ROLES:
        raise invalid(role="invalid")
    return value


def _services(ctx: BookingContext, db: Database, value: Any, role: str) -> list[str]:
    """Services a member may handle: known, and allowed for their role (tax decisions: tax)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(services="invalid")
    known = {s.id: s for s in ctx.catalogue.services}
    for service_id in value:
        if service_id not in known:
            raise invalid(services="unknown")
        if role not in known[service_id].roles:
            raise invalid(services="not_for_role")
    return sorted(set(value))


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.lower().replace("ø", "o").replace("æ", "ae"))
    plain = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:30] or "staff"


@retrying
def add_staff(ctx: BookingContext, db: Database, actor: Actor, data: dict) -> str:
    """A new bookable staff member, with weekly hours and breaks if sent: one write, so a
    refused schedule leaves no member behind. Returns their id."""
    with write_transaction(db):
        if isinstance(data.get("centre"), str):
            scope.check_centre(actor, data["centre"])
        name, centre, role = collect(
            lambda: validation.name(data.get("name")),
            lambda: _centre(db, data.get("centre")),
            lambda: _role(data.get("role")),
        )
        services = _services(ctx, db, data.get("services", []), role)
        hours, breaks = _schedule(data)
        base = f"{centre}-{_slug(name)}"
        staff_id, n = base, 1
        while setup_store.staff_member(db, staff_id) is not None:
            n += 1
            staff_id = f"{base}-{n}"
        setup_store.add_staff(db, staff_id, name, centre, role)
        setup_store.set_staff_services(db, staff_id, services)
        _write_schedule(db, staff_id, hours, breaks)
        audit.append(
            db, iso(ctx.now()), actor.username, "staff.added", staff=staff_id, centre=centre
        )
    return staff_id


def member(db: Database, staff_id: str) -> dict:
    found = setup_store.staff_member(db, staff_id) if isinstance(staff_id, str) else None
    if found is None:
        raise BookingError("unknown_staff")
    return found


def managed_member(db: Database, actor: Actor, staff_id: str) -> dict:
    """A staff member of a centre the actor manages (unknown: unknown_staff; else forbidden)."""
    found = member(db, staff_id)
    scope.check_centre(actor, found["centre"])
    return found


@retrying
def update_staff(ctx: BookingContext, db: Database, actor: Actor, staff_id: str, data: dict):
    """Change name, centre, role, services or active; only the fields sent."""
    with write_transaction(db):
        current = managed_member(db, actor, staff_id)
        if isinstance(data.get("centre"), str):
            scope.check_centre(actor, data["centre"])
        name, centre, role = collect(
            lambda: validation.name(data["name"]) if "name" in data else current["name"],
            lambda: _centre(db, data["centre"]) if "centre" in data else current["centre"],
            lambda: _role(data["role"]) if "role" in data else current["role"],
        )
        active = bool(data.get("active", current["active"]))
        services = None
        if "services" in data:
            services = _services(ctx, db, data["services"], role)
        setup_store.update_staff(db, staff_id, name, centre, role, active)
        if services is not None:
            setup_store.set_staff_services(db, staff_id, services)
        audit.append(db, iso(ctx.now()), actor.username, "staff.updated", staff=staff_id)


def _week(value: Any, field: str) -> list[tuple[int, str, str]]:
    """{"monday": ["09:00-12:00", "12:30-16:00"], ...} -> (weekday, start, end) rows."""
    if not isinstance(value, dict) or set(value) - set(WEEKDAYS):
        raise invalid(**{field: "invalid"})
    found = []
    for day_name, periods in value.items():
        items = [periods] if isinstance(periods, str) else periods
        if not isinstance(items, list):
            raise invalid(**{field: "invalid"})
        for text in items:
            if not isinstance(text, str) or not text.strip():
                continue
            try:
                start, end = parse_period(text)
            except ValueError:
                raise invalid(**{field: "invalid"}) from None
            found.append((WEEKDAYS.index(day_name), format_time(start), format_time(end)))
    return found


def _schedule(data: dict) -> tuple[list | None, list | None]:
    """The weekly hours and breaks sent (None for what was not sent)."""
    return collect(
        lambda: _week(data["hours"], "hours") if "hours" in data else None,
        lambda: _week(data["breaks"], "breaks") if "breaks" in data else None,
    )


def _write_schedule(db: Database, staff_id: str, hours: list | None, breaks: list | None):
    if hours is not None:
        setup_store.set_hours(db, staff_id, "work", hours)
    if breaks is not None:
        setup_store.set_hours(db, staff_id, "break", breaks)


@retrying
def set_schedule(ctx: BookingContext, db: Database, actor: Actor, staff_id: str, data: dict):
    """Replace weekly working hours and/or breaks (whichever is sent)."""
    with write_transaction(db):
        managed_member(db, actor, staff_id)
        hours, breaks = _schedule(data)
        _write_schedule(db, staff_id, hours, breaks)
        audit.append(db, iso(ctx.now()), actor.username, "staff.schedule", staff=staff_id)


def schedule(db: Database, staff_id: str) -> dict[str, dict[str, list[str]]]:
    """The weekly hours and breaks in the same shape set_schedule takes."""
    found: dict[str, dict[str, list[str]]] = {"hours": {}, "breaks": {}}
    for row in setup_store.hours_of(db, staff_id):
        kind = "hours" if row["kind"] == "work" else "breaks"
        period = f"{row['start_time']}-{row['end_time']}"
        found[kind].setdefault(WEEKDAYS[row["weekday"]], []).append(period)
    return found


def _moment(ctx: BookingContext, value: Any, field: str, end: bool) -> datetime:
    """A day (its start, or for an end the end of it), a local time, or a time with offset."""
    if isinstance(value, str) and len(value) == 10:
        day = validation.day(value, field)
        return local_instant(day, time.max if end else time(0), ctx.tz)
    if isinstance(value, str) and len(value) == 16 and "T" in value:  # datetime-local input
        try:
            naive = datetime.fromisoformat(value)
        except ValueError:
            raise invalid(**{field: "invalid"}) from None
        return local_instant(naive.date(), naive.time(), ctx.tz)
    return validation.instant(value, field)


@retrying
def add_absence(ctx: BookingContext, db: Database, actor: Actor, staff_id: str, data: dict):
    """An absence (days off, course, illness). Returns its id and the bookings now in it."""
    with write_transaction(db):
        managed_member(db, actor, staff_id)
        start, end = collect(
            lambda: _moment(ctx, data.get("start"), "start", False),
            lambda: _moment(ctx, data.get("end") or data.get("start"), "end", True),
        )
        if end <= start:
            raise invalid(end="before_start")
        if end - start > timedelta(days=366):
            raise invalid(end="range_too_long")
        reason = str(data.get("reason") or "")[:100]
        absence_id = setup_store.add_absence(db, staff_id, iso(start), iso(end), reason)
        audit.append(db, iso(ctx.now()), actor.username, "staff.absence", staff=staff_id)
    return absence_id, clashes(db, staff_id, start, end)


def clashes(db: Database, staff_id: str, start: datetime, end: datetime) -> list[str]:
    """Codes of confirmed bookings of a member inside a time: they need moving."""
    return [
        row["code"] for row in booking_store.of_staff_between(db, staff_id, iso(start), iso(end))
    ]


@retrying
def add_extra_day(ctx: BookingContext, db: Database, actor: Actor, staff_id: str, data: dict):
    with write_transaction(db):
        managed_member(db, actor, staff_id)
        day, period = collect(
            lambda: validation.day(data.get("day"), "day"),
            lambda: _period(data.get("start"), data.get("end")),
        )
        extra_id = setup_store.add_extra_day(
            db, staff_id, day.isoformat(), format_time(period[0]), format_time(period[1])
        )
        audit.append(
            db, iso(ctx.now()), actor.username, "staff.extra_day", staff=staff_id, day=str(day)
        )
    return extra_id


def _period(start: Any, end: Any):
    try:
        return parse_period(f"{start}-{end}")
    except (ValueError, TypeError):
        raise invalid(end="invalid") from None


@retrying
def remove(
    ctx: BookingContext, db: Database, actor: Actor, staff_id: str, kind: str, item_id: int
) -> None:
    """Delete an absence or an extra day of a member."""
    delete = setup_store.delete_absence if kind == "absence" else setup_store.delete_extra_day
    with write_transaction(db):
        managed_member(db, actor, staff_id)
        # SQLite cannot even look a number past its largest up: it names no row.
        if item_id > MAX_ROW_ID or not delete(db, staff_id, item_id):
            raise BookingError("not_found")
        audit.append(db, iso(ctx.now()), actor.username, f"staff.{kind}.removed", staff=staff_id)


def _number_or(data: dict, field: str, current: int) -> int:
    return _number(data, field) if field in data else current


@retrying
def set_centre_policy(ctx: BookingContext, db: Database, actor: Actor, centre_id: str, data: dict):
    with write_transaction(db):
        scope.check_centre(actor, centre_id)
        current = world.centre(db, centre_id)
        notice, horizon = collect(
            lambda: _number_or(data, "min_notice_minutes", current["min_notice_minutes"]),
            lambda: _number_or(data, "horizon_days", current["horizon_days"]),
        )
        setup_store.update_centre_policy(db, centre_id, notice, horizon)
        audit.append(db, iso(ctx.now()), actor.username, "centre.policy", centre=centre_id)


@retrying
def set_service_settings(
    ctx: BookingContext, db: Database, actor: Actor, service_id: str, data: dict
) -> None:
    with write_transaction(db):
        scope.check_every_centre(actor)
        settings = setup_store.service_settings(db).get(service_id)
        if settings is None:
            raise invalid(service="unknown")
        minutes, buffer = collect(
            lambda: _number_or(data, "minutes", settings["minutes"]),
            lambda: _number_or(data, "buffer_minutes", settings["buffer_minutes"]),
        )
        bookable = bool(data.get("bookable", settings["bookable"]))
        setup_store.update_service_settings(db, service_id, minutes, buffer, bookable)
        audit.append(db, iso(ctx.now()), actor.username, "service.settings", service=service_id)
