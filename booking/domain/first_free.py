"""Once a day, each centre's first free time per booked service, for the booking promise."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from booking.core.calendar import local_day, local_instant, working_days_between
from booking.core.model import ServiceRule
from booking.domain import world
from booking.domain.availability import availability
from booking.domain.context import BookingContext
from booking.store import first_free as store
from booking.store import setup as setup_store
from kernel.db import retrying, write_transaction

# The slots are looked for a week at a time: the first free time is usually in the first.
STEP_DAYS = 7


def booked_services(ctx: BookingContext, db: Database) -> list[str]:
    """Services citizens must book (requires_appointment) that central takes bookings for."""
    rules = world.service_rules(ctx, db)
    return [s.id for s in ctx.catalogue.services if s.requires_appointment and s.id in rules]


@retrying
def record(ctx: BookingContext, db: Database) -> int:
    """Record today's figure for every active centre and booked service not yet recorded
    today: working days from today to the first free slot, None when the booking window
    has none. How many rows were written."""
    now = ctx.now()
    today = local_day(now, ctx.tz)
    done = store.recorded(db, today.isoformat())
    rules = world.service_rules(ctx, db)
    found = []
    for centre in setup_store.centres(db):
        last = local_instant(today + timedelta(days=centre["horizon_days"] + 1), time(0), ctx.tz)
        for service in booked_services(ctx, db):
            if (centre["id"], service) in done:
                continue
            first = _first_free_day(ctx, db, rules[service], centre["id"], now, last)
            days = None if first is None else working_days_between(today, first, ctx.holidays)
            found.append((centre["id"], service, today.isoformat(), days))
    if found:
        with write_transaction(db):
            store.add_many(db, found)
    return len(found)


def _first_free_day(
    ctx: BookingContext,
    db: Database,
    rule: ServiceRule,
    centre_id: str,
    now: datetime,
    last: datetime,
) -> date | None:
    start = now
    while start < last:
        end = min(last, start + timedelta(days=STEP_DAYS))
        slots = availability(ctx, db, rule, [centre_id], (start, end))
        if slots:
            return local_day(slots[0].start, ctx.tz)
        start = end
    return None
