"""A requested time, checked against the setup and what is booked: the parsed request, the
slot with the staff free for it (before the write transaction and inside it, where a person is
picked), and the nearest free times when it is taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from booking.core import validation
from booking.core.calendar import day_bounds, local_day
from booking.core.errors import BookingError, collect
from booking.core.model import Interval, ServiceRule, Slot, StaffCalendar
from booking.core.rules import check_requested_slot
from booking.core.slots import choose_staff
from booking.domain import world
from booking.domain.availability import alternatives, near_window, slot_views
from booking.domain.context import BookingContext
from booking.domain.setup_cache import SetupSnapshot
from booking.store import bookings as store
from kernel.clock import iso


@dataclass(frozen=True)
class Request:
    """A checked request for a time: what, where, when."""

    rule: ServiceRule
    centre: dict[str, Any]
    start: datetime


def parse_request(
    ctx: BookingContext, db: Database, data: dict, setup: SetupSnapshot | None = None
) -> Request:
    """Service, centre and start from a request body, with every field's problem at once."""
    setup = setup or ctx.cache.current(db)
    rule, centre, start = collect(
        lambda: world.service_rule(
            ctx, db, validation.text_id(data.get("service"), "service"), setup
        ),
        lambda: world.centre(db, validation.text_id(data.get("centre"), "centre"), setup),
        lambda: validation.instant(data.get("start"), "start"),
    )
    return Request(rule, centre, start)


def free_slot(
    ctx: BookingContext,
    db: Database,
    req: Request,
    now: datetime,
    setup: SetupSnapshot,
    exclude_id: str | None = None,
    stale: list[str] | None = None,
    busy: dict[str, list[Interval]] | None = None,
) -> tuple[Slot, list[StaffCalendar]]:
    """The requested slot with the staff free for it now (and the centre's calendars), or
    the BookingError saying why it cannot be booked. `stale` gets the staff ids of holds in
    the way whose time ran out (see `world.busy_blocks`); `busy`: the centre's blocks
    reaching into the appointment, if already read."""
    centre_id = req.centre["id"]
    calendars = world.calendars(ctx, db, [centre_id], now, setup).get(centre_id, [])
    if busy is None:
        # Only blocks that reach into this appointment and its buffer can stand in its way.
        busy = world.busy_blocks(
            db, [centre_id], (req.start, req.start + req.rule.block), now, exclude_id, stale
        )
    slot = check_requested_slot(
        req.rule,
        calendars,
        busy,
        req.start,
        now,
        world.policy(req.centre),
        ctx.tz,
        ctx.holidays,
        # The day's slots as the setup makes them, kept between requests: only who is
        # booked is read afresh.
        grid=world.grid(ctx, setup, req.rule, centre_id, calendars),
    )
    return slot, calendars


def refuse_a_taken_slot_early(
    ctx: BookingContext, db: Database, req: Request, now: datetime, setup: SetupSnapshot
) -> None:
    """Before the write transaction: a time that is already taken (or can never be booked)
    is refused at once, without queueing for the centre's lock behind those booking there.
    In a rush most requests are refused, and each would otherwise hold the lock for a
    while. The slot is checked again under the lock (it may be taken in between).

    The blocks are read for the day either side at once: a refusal offers the nearest free
    times from them, without reading again."""
    near = near_window(req.start)
    busy = world.busy_blocks(db, [req.centre["id"]], near, now)
    try:
        free_slot(ctx, db, req, now, setup, busy=busy)
    except BookingError as err:
        if err.code == "slot_taken":
            found = alternatives(ctx, db, req.rule, req.centre["id"], req.start, 5, setup, busy)
            err.params["alternatives"] = slot_views(found, ctx)
        raise


def take_slot(
    ctx: BookingContext,
    db: Database,
    req: Request,
    now: datetime,
    exclude_id: str | None = None,
    setup: SetupSnapshot | None = None,
) -> str:
    """Inside the write transaction, with the centre's lock taken: check the time against
    everything booked, pick a person."""
    setup = setup or ctx.cache.current(db)
    stale: list[str] = []
    slot, calendars = free_slot(ctx, db, req, now, setup, exclude_id, stale)
    if stale:
        # A hold that ran out is free time, but its row would still meet the new booking in
        # the one-live-booking-per-person-and-time index: mark the centre's expired.
        store.expire_holds(db, req.centre["id"], iso(now))
    day = day_bounds(local_day(req.start, ctx.tz), ctx.tz)
    load = store.load_per_staff(db, slot.staff, iso(day[0]), iso(day[1]), iso(now))
    return choose_staff(req.rule, slot.staff, {c.id: c for c in calendars}, load)


def with_alternatives(ctx: BookingContext, db: Database, req: Request, err: BookingError):
    """A `slot_taken` error carrying the nearest free slots, found after the rollback
    (unless it carries them already)."""
    if err.code == "slot_taken" and "alternatives" not in err.params:
        found = alternatives(ctx, db, req.rule, req.centre["id"], req.start)
        err.params["alternatives"] = slot_views(found, ctx)
    return err
