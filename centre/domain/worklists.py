"""What one member of staff works through: their queue and today's booked times."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from centre.core.worklists import day_bounds, visible_appointments, visible_queue
from centre.domain.context import CentreContext
from centre.domain.counter.state import Staff
from centre.domain.overview import queue_view
from centre.store import replica as replica_store
from kernel.clock import iso, parse_iso


def queue_for(
    ctx: CentreContext, db: Database, staff: Staff, counter: str | None
) -> list[dict[str, Any]]:
    """Waiting and parked tickets; counter staff see those they may serve, reception all."""
    allowed = ctx.counter_services(counter or "", staff.role)
    return visible_queue(queue_view(ctx, db), staff.role, staff.username, counter, allowed)


def appointments_for(
    ctx: CentreContext, db: Database, staff: Staff, counter: str | None
) -> list[dict[str, Any]]:
    """Today's booked times from the replica and who has checked in; staff and tax
    secondees see only what they may serve."""
    start, end = day_bounds(datetime.fromisoformat(ctx.today()).date(), ctx.tz)
    rows = replica_store.between_with_tickets(db, iso(start), iso(end))
    allowed = ctx.counter_services(counter or "", staff.role)
    found = []
    for row in visible_appointments(rows, staff.role, allowed):
        item = {
            "code": row["code"],
            "service": row["service"],
            "start": parse_iso(row["start_at"]).astimezone(ctx.tz).isoformat(),
            "end": parse_iso(row["end_at"]).astimezone(ctx.tz).isoformat(),
            "status": row["status"],
            "checked_in": bool(row["checked_in_at"] or row["ticket_number"]),
        }
        if row["ticket_number"]:
            item["ticket_number"] = row["ticket_number"]
        found.append(item)
    return found
