"""Whether a tax-only service can be given a number at the kiosk now (the tax-secondee rule),
and central's schedule of the secondees as the sync agent stores it."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from centre.core.tax_presence import (
    TAX_ROLE,
    DaySchedule,
    Rota,
    SyncedRota,
    parse_schedule,
    period_rows,
    refused_services,
    rota_in_force,
    tax_only_services,
)
from centre.domain.context import CentreContext
from centre.store import counters as counter_store
from centre.store import tax_schedule as store
from kernel.clock import iso, parse_iso
from kernel.db import write_transaction


def secondee_logged_in(db: Database) -> bool:
    """A tax secondee sits at a counter (open, on a break or on phone
    duty: they are here)."""
    return any(role == TAX_ROLE for _, role, _ in counter_store.staffed_with_roles(db))


def synced(ctx: CentreContext, db: Database, day: date) -> SyncedRota | None:
    """Central's schedule as last synced, with the periods of `day`; None before the first."""
    return _synced(db, ctx.tz, day)


def _synced(db: Database, tz: ZoneInfo, day: date) -> SyncedRota | None:
    state = store.state(db)
    if not state or state["synced_at"] is None:
        return None
    periods = tuple(
        (parse_iso(p["start_at"]), parse_iso(p["end_at"]))
        for p in store.on_day(db, day.isoformat())
    )
    return SyncedRota(
        tz,
        date.fromisoformat(state["first_day"]),
        date.fromisoformat(state["last_day"]),
        parse_iso(state["synced_at"]),
        periods,  # type: ignore[arg-type]
    )


def rota(ctx: CentreContext, db: Database, day: date) -> Rota | None:
    """The schedule that decides on `day`: central's while known, else the config's, else None."""
    return rota_in_force(synced(ctx, db, day), ctx.tax_scheduled, day, ctx.clock.now())


def day_schedule(
    db: Database | None, tz: ZoneInfo, configured: Rota | None, day: date, now: datetime
) -> DaySchedule | None:
    """The secondees scheduled on `day` as the rule reads them at `now` (`rota`): central's
    synced schedule while known, with its counts, else the config's [tax] rota (`configured`,
    one secondee); None without either. `db` None: a centre without a database yet."""
    found = _synced(db, tz, day) if db is not None else None
    in_force = rota_in_force(found, configured, day, now)
    if in_force is None:
        return None
    if in_force is found:
        periods = tuple(
            (parse_iso(p["start_at"]), parse_iso(p["end_at"]), int(p["secondees"]))
            for p in store.on_day(db, day.isoformat())
        )
    else:
        noon = datetime.combine(day, time(12), tz)
        periods = tuple((start, end, 1) for start, end in in_force.periods_on(noon))
    return DaySchedule(in_force, periods)  # type: ignore[arg-type]


def unavailable_services(ctx: CentreContext, db: Database) -> set[str]:
    """The tax-only services the kiosk must not give a number for now (none, mostly)."""
    tax_services = tax_only_services(ctx.catalogue)
    if not tax_services:
        return set()  # no need to ask the store
    now = ctx.clock.now()
    scheduled = rota(ctx, db, now.astimezone(ctx.tz).date())
    if scheduled is None:
        return set()
    return set(refused_services(tax_services, scheduled, secondee_logged_in(db), now))


def store_schedule(ctx: CentreContext, db: Database, answer: Any) -> int:
    """Central's answer replaces the stored schedule (one write); the number of days it covers.
    ValueError when the answer is malformed (nothing is stored then)."""
    days = parse_schedule(answer)
    rows = [(day, iso(start), iso(end), count) for day, start, end, count in period_rows(days)]
    with write_transaction(db):
        store.replace(
            db,
            days[0].day.isoformat(),
            days[-1].day.isoformat(),
            rows,
            iso(ctx.clock.now()),
        )
    return len(days)
