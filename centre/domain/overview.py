"""Snapshots for the screens: the public display, the kiosk, and the staff overview."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.hours import OpeningHours, closed_refusal
from centre.core.transitions import PARKED, WAITING
from centre.domain import tax_presence
from centre.domain.context import CentreContext
from centre.domain.service_waits import ServiceWait, service_waits
from centre.domain.stats import service_figures
from centre.store import counters as counter_store
from centre.store import settings as settings_store
from centre.store import staff as staff_store
from centre.store import tickets as ticket_store
from kernel.clock import iso


def _whole_minute(end: datetime) -> datetime:
    """A closing at "24:00" is kept as the day's last instant: shown, it is midnight."""
    return end + timedelta(microseconds=1) if end.time() == time.max else end


def opening_state(hours: OpeningHours, ctx: CentreContext) -> dict[str, Any]:
    """Open now or not, today's hours, and when it next opens (from [opening_hours])."""
    now = ctx.clock.now()
    period = hours.current_period(now)
    opens = hours.next_opening(now)
    return {
        "open": period is not None,
        "closes_at": iso(period[1]) if period else None,
        "opens_at": iso(opens) if opens else None,
        "today": [
            {"opens": iso(start), "closes": iso(_whole_minute(end))}
            for start, end in hours.periods_on(now)
        ],
        # The screen asks again at the next opening or closing, measured on this clock.
        "now": iso(now),
    }


def closed_now(ctx: CentreContext) -> QueueError | None:
    """Why no walk-in ticket is issued now, the centre being closed (when it opens); None
    while it is open."""
    return closed_refusal(ctx.hours, ctx.clock.now())


def _unavailable_reason(
    service: str, stopped: set[str], absent: set[str], booked_only: set[str]
) -> str | None:
    if service in stopped:
        return "service_stopped"
    if service in booked_only:
        return "appointments_only_today"
    return "no_tax_secondee" if service in absent else None


def services_view(ctx: CentreContext, db: Database, language: str) -> list[dict[str, Any]]:
    """The public service list with live waits (GET /api/v1/services): each the wait a
    walk-in taking a number now is promised (`service_waits`), as its ticket will show."""
    figures = service_figures(ctx, db)
    waits = service_waits(ctx, db, figures)
    stopped = {s for s, v in settings_store.all(db).items() if v["stopped_on"] == ctx.today()}
    absent = tax_presence.unavailable_services(ctx, db)
    # Today is an appointment-only day for these (the [walk_in] policy): no kiosk numbers.
    booked_only = {s.id for s in ctx.catalogue.services if not ctx.walk_in_today(s.id)}
    return [
        {
            "id": s.id,
            "name": s.label(language),
            "category": s.category,
            "prefix": s.prefix,
            "waiting": figures[s.id].waiting,
            **waits[s.id].as_json(),
            "requires_appointment": s.requires_appointment,
            # False on an appointment-only day for it (reception may still give a number).
            "walk_in_today": s.id not in booked_only,
            "stopped_today": s.id in stopped,
            # Whether the kiosk gives a number for it now, and if not the error code that says
            # why (stopped for today, booked times only today, or no tax secondee here or
            # expected today).
            "available": not {s.id} & (stopped | absent | booked_only),
            "reason": _unavailable_reason(s.id, stopped, absent, booked_only),
            "hint": s.hint_text(language),
            # What a visit for it may cover (main task first): the counter's outcome panel.
            "tasks": s.tasks_view(language),
        }
        for s in ctx.catalogue.services
    ]


def display_waiting(
    ctx: CentreContext, figures: dict, waits: dict[str, ServiceWait]
) -> dict[str, Any]:
    """Waiting per walk-in service, for the waiting room (appointment-only services left out),
    with the wait a new walk-in is promised (`service_waits`)."""
    return {
        s.id: {
            "waiting": figures[s.id].waiting,
            "prefix": s.prefix,
            **waits[s.id].as_json(),
        }
        for s in ctx.catalogue.services
        if not s.requires_appointment
    }


def display_state(ctx: CentreContext, db: Database) -> dict[str, Any]:
    """What the waiting-room screen shows: numbers and counters only, never a name."""
    figures = service_figures(ctx, db)
    waits = service_waits(ctx, db, figures)
    calls = [
        {
            "number": t["number"],
            "counter": t["counter"],
            "service": t["service"],
            "called_at": t["called_at"],
        }
        for t in ticket_store.recent_calls(db)
    ]
    return {
        "centre": {"id": ctx.id, "name": ctx.name},
        "calls": calls,
        "waiting": display_waiting(ctx, figures, waits),
        "opening": opening_state(ctx.hours, ctx),
    }


def queue_view(ctx: CentreContext, db: Database) -> list[dict[str, Any]]:
    """Waiting and parked tickets for staff (reception sees the whole centre)."""
    now = ctx.clock.now()
    return [
        {
            "id": t["id"],
            "number": t["number"],
            "service": t["service"],
            "status": t["status"],
            "priority": bool(t["priority"]),
            "arrived_at": t["arrived_at"],
            "waited_minutes": int(
                (now - ticket_store.parse_iso(t["arrived_at"])).total_seconds() // 60
            ),
            "target_staff": t["target_staff"],
            "target_counter": t["target_counter"],
            # Passed on "not to" this person (see core.routing.eligible).
            "not_staff": t["not_staff"],
            "counter": t["counter"] if t["status"] == PARKED else None,
        }
        for t in ticket_store.with_status(db, WAITING, PARKED)
    ]


def staff_overview(
    ctx: CentreContext,
    db: Database,
    figures: dict | None = None,
    waits: dict[str, ServiceWait] | None = None,
) -> dict[str, Any]:
    """Counters, who sits where, queue per service and today's totals (manager, reception).
    Each service's wait is the one its kiosk button shows (`service_waits`); `figures` and
    `waits` save reading them again when a push already has them."""
    names = {p["username"]: p for p in staff_store.all(db)}
    counters = []
    for c in counter_store.all(db):
        ticket = ticket_store.get(db, c["ticket_id"]) if c["ticket_id"] else None
        person = names.get(c["staff"]) if c["staff"] else None
        counters.append(
            {
                "id": c["id"],
                "state": c["state"],
                "staff": c["staff"],
                "staff_name": person["name"] if person else None,
                "role": person["role"] if person else None,
                "since": c["since"],
                "ticket": {
                    "number": ticket["number"],
                    "status": ticket["status"],
                    "service": ticket["service"],
                }
                if ticket
                else None,
            }
        )
    figures = figures if figures is not None else service_figures(ctx, db)
    waits = waits if waits is not None else service_waits(ctx, db, figures)
    settings = settings_store.all(db)
    return {
        "counters": counters,
        "services": [
            {
                "id": s.id,
                "prefix": s.prefix,
                "waiting": figures[s.id].waiting,
                "counters_serving": figures[s.id].counters_serving,
                **waits[s.id].as_json(),
                "weight": settings.get(s.id, {}).get("weight", 1.0),
                "stopped_today": settings.get(s.id, {}).get("stopped_on") == ctx.today(),
                "requires_appointment": s.requires_appointment,
            }
            for s in ctx.catalogue.services
        ],
        "today": ticket_store.count_today(db, ctx.today()),
        "staff": [
            {"username": p["username"], "name": p["name"], "role": p["role"]}
            for p in names.values()
            if p["active"]
        ],
    }
