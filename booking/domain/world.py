"""Loading what the slot rules need from the store: service rules, centres, staff calendars."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from booking.core.calendar import local_day, local_instant, parse_time
from booking.core.errors import invalid
from booking.core.model import Interval, Period, Policy, ServiceRule, Slot, StaffCalendar
from booking.core.slots import DayMemo, Grid, day_grid
from booking.domain.context import BookingContext
from booking.domain.setup_cache import SetupSnapshot
from booking.store import bookings as booking_store
from booking.store import setup as setup_store
from kernel.clock import iso, parse_iso

# Bookings start and end on the slot grid, so the same few thousand texts come back in every
# answer: parsed once each.
_instant = lru_cache(maxsize=1 << 16)(parse_iso)
# Longer than any appointment with its buffer can be: every booking's block is its service's
# length and buffer, at most 240 + 120 minutes (booking/domain/manage.LIMITS). A block that
# starts this long before a window cannot reach into it.
LONGEST_BLOCK = timedelta(days=1)


def service_rules(
    ctx: BookingContext, db: Database, setup: SetupSnapshot | None = None
) -> dict[str, ServiceRule]:
    """The bookable services, in catalogue order."""
    setup = setup or ctx.cache.current(db)
    return setup.get(("rules",), lambda: _service_rules(ctx, db))


def _service_rules(ctx: BookingContext, db: Database) -> dict[str, ServiceRule]:
    settings = setup_store.service_settings(db)
    rules = {}
    for service in ctx.catalogue.services:
        found = settings.get(service.id)
        if found is None or not found["bookable"]:
            continue
        rules[service.id] = ServiceRule(
            service.id, found["minutes"], found["buffer_minutes"], service.roles
        )
    return rules


def service_rule(
    ctx: BookingContext, db: Database, service_id: str, setup: SetupSnapshot | None = None
) -> ServiceRule:
    rule = service_rules(ctx, db, setup).get(service_id)
    if rule is None:
        raise invalid(service="unknown")
    return rule


def centres_by_id(db: Database, setup: SetupSnapshot) -> dict[str, dict[str, Any]]:
    """Every centre's row, taking bookings or not, kept with the setup version (its settings
    are setup, and a change to them moves the version on)."""
    return setup.get(
        ("centres",), lambda: {c["id"]: c for c in setup_store.centres(db, active_only=False)}
    )


def centre(db: Database, centre_id: str, setup: SetupSnapshot | None = None) -> dict[str, Any]:
    """An active centre's row; from `setup`'s cache when given."""
    if setup is None:
        found = setup_store.centre(db, centre_id)
    else:
        found = centres_by_id(db, setup).get(centre_id)
    if found is None or not found["active"]:
        raise invalid(centre="unknown")
    return found


def policy(centre_row: dict[str, Any]) -> Policy:
    return Policy(
        min_notice=timedelta(minutes=centre_row["min_notice_minutes"]),
        horizon_days=centre_row["horizon_days"],
    )


def policies(
    ctx: BookingContext, db: Database, setup: SetupSnapshot | None = None
) -> dict[str, Policy]:
    """The active centres in their order, each with its booking window."""
    setup = setup or ctx.cache.current(db)
    return setup.get(("policies",), lambda: {c["id"]: policy(c) for c in setup_store.centres(db)})


def _periods(items: list[dict[str, Any]]) -> tuple[Period, ...]:
    return tuple((parse_time(i["start_time"]), parse_time(i["end_time"])) for i in items)


def calendars(
    ctx: BookingContext,
    db: Database,
    centre_ids: Sequence[str],
    since: datetime,
    setup: SetupSnapshot | None = None,
) -> dict[str, list[StaffCalendar]]:
    """Each centre's staff with services, weekly hours, breaks, absences and extra days.

    Absences and extra days from the day before `since` on (earlier ones change nothing).
    """
    day = local_day(since, ctx.tz) - timedelta(days=1)
    key = ("calendars", tuple(centre_ids), day)
    setup = setup or ctx.cache.current(db)
    return setup.get(key, lambda: _calendars(ctx, db, centre_ids, day))


def grid(
    ctx: BookingContext,
    setup: SetupSnapshot,
    rule: ServiceRule,
    centre_id: str,
    staff: Sequence[StaffCalendar],
) -> Grid:
    """A centre's slot grid for a service, day by day, kept with the setup version `staff`
    was loaded under: the times and who works them do not change when someone books."""
    qualified = [member for member in staff if member.qualifies(rule)]
    days: dict[date, list[Slot]] = setup.get(("grid", centre_id, rule), dict)

    def of_day(day: date) -> list[Slot]:
        found = days.get(day)
        if found is None:
            # Two threads may both work a day out; either answer is the same.
            found = days[day] = day_grid(rule, qualified, day, ctx.tz, ctx.holidays)
        return found

    return of_day


def day_memo(setup: SetupSnapshot, rule: ServiceRule, centre_id: str) -> DayMemo:
    """Each day's free slots of a centre and service, kept with the setup version's grid."""
    return setup.get(("free", centre_id, rule), dict)


def _calendars(
    ctx: BookingContext, db: Database, centre_ids: Sequence[str], first_day: date
) -> dict[str, list[StaffCalendar]]:
    members = [m for m in setup_store.staff(db, centre_ids) if m["active"]]
    # P/O-only services are offered only where the pension/elderly office shares the address:
    # elsewhere no member counts as able to take them (so no slot, no booking, not listed).
    po_only = ctx.catalogue.po_only()
    without_po = {c["id"] for c in setup_store.centres(db, False) if not c["po_colocated"]}
    ids = [m["id"] for m in members]
    since = local_instant(first_day, time(0), ctx.tz)
    data = setup_store.schedule_rows(db, ids, iso(since), first_day.isoformat())
    services: dict[str, set[str]] = {}
    for item in data["services"]:
        services.setdefault(item["staff_id"], set()).add(item["service"])
    hours: dict[tuple[str, str, int], list[dict]] = {}
    for item in data["hours"]:
        hours.setdefault((item["staff_id"], item["kind"], item["weekday"]), []).append(item)
    absences: dict[str, list[Interval]] = {}
    for item in data["absences"]:
        span = (parse_iso(item["start_at"]), parse_iso(item["end_at"]))
        absences.setdefault(item["staff_id"], []).append(span)
    extra: dict[str, dict[date, list[dict]]] = {}
    for item in data["extra_days"]:
        day = date.fromisoformat(item["day"])
        extra.setdefault(item["staff_id"], {}).setdefault(day, []).append(item)
    found: dict[str, list[StaffCalendar]] = {c: [] for c in centre_ids}
    for m in members:
        found.setdefault(m["centre"], []).append(
            StaffCalendar(
                id=m["id"],
                centre=m["centre"],
                role=m["role"],
                services=frozenset(services.get(m["id"], ()))
                - (po_only if m["centre"] in without_po else frozenset()),
                weekly={
                    d: _periods(hours.get((m["id"], "work", d), []))
                    for d in range(7)
                    if (m["id"], "work", d) in hours
                },
                breaks={
                    d: _periods(hours.get((m["id"], "break", d), []))
                    for d in range(7)
                    if (m["id"], "break", d) in hours
                },
                absences=tuple(absences.get(m["id"], ())),
                extra_days={d: _periods(v) for d, v in extra.get(m["id"], {}).items()},
            )
        )
    return found


def busy_blocks(
    db: Database,
    centre_ids: Sequence[str],
    window: Interval,
    now: datetime,
    exclude_id: str | None = None,
    stale: list[str] | None = None,
) -> dict[str, list[Interval]]:
    """Per staff member, the live blocks (appointment + buffer) reaching into `window`.

    `stale`, when given, gets the staff id of each hold in the window whose time ran out."""
    found: dict[str, list[Interval]] = {}
    for staff_id, start_at, block_end_at, *ran_out in booking_store.busy(
        db,
        centre_ids,
        iso(window[0]),
        iso(window[1]),
        iso(now),
        exclude_id,
        starts_after=iso(window[0] - LONGEST_BLOCK),
        with_stale_holds=stale is not None,
    ):
        if ran_out and ran_out[0]:
            stale.append(staff_id)  # type: ignore[union-attr]
            continue
        found.setdefault(staff_id, []).append((_instant(start_at), _instant(block_end_at)))
    return found
