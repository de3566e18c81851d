"""Generated history at central: every centre's visits and each day's first free times."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlite_utils import Database

from booking.core import opening_hours
from booking.domain.context import BookingContext
from booking.domain.first_free import booked_services
from booking.store import first_free as first_free_store
from booking.store import setup as setup_store
from kernel.db import write_transaction
from kernel.history import History, weekly_from_rows
from kernel.history_fill import fill_visits, has_history


class Filled(NamedTuple):
    visits: int
    first_free: int
    centres: list[str]


def history(ctx: BookingContext, seed: int) -> History:
    """The generator with central's time zone, catalogue and closed days."""
    return History(seed, ctx.catalogue, ctx.tz, ctx.holidays.is_closed)


def fill(
    ctx: BookingContext,
    db: Database,
    seed: int,
    first: date,
    last: date,
    skip_filled: bool = False,
) -> Filled:
    """Every active centre's generated visits (in its stored opening hours) and first free
    times of first..last (with `skip_filled`, of the centres with none yet); what was new."""
    made = history(ctx, seed)
    booked = set(booked_services(ctx, db))
    visits = figures = 0
    centres = [c for c in setup_store.centres(db) if not (skip_filled and has_history(db, c["id"]))]
    for centre in centres:
        weekly = weekly_from_rows(opening_hours.loads(centre["opening_hours"]))
        visits += fill_visits(db, made, centre["id"], weekly, first, last)
        rows = made.first_free(centre["id"], first, last)
        with write_transaction(db):
            figures += first_free_store.add_many(
                db, ((centre["id"], *row) for row in rows if row[0] in booked)
            )
    return Filled(visits, figures, [c["id"] for c in centres])
