"""The next free booked time of a service at this centre, asked of central for the kiosk."""

from __future__ import annotations

from datetime import timedelta

from centre.domain.context import CentreContext
from centre.sync.client import Central, CentralRefused, CentralUnavailable

# How far ahead the kiosk looks for a free time (central answers up to 92 days).
LOOK_AHEAD_DAYS = 30


def next_free(ctx: CentreContext, central: Central | None, service: str) -> str | None:
    """The first free start (central's ISO time with its offset), or None: none in the next
    LOOK_AHEAD_DAYS days, no central configured, or central not answering now (the kiosk then
    shows the booking QR code alone)."""
    if central is None:
        return None
    today = ctx.clock.now().astimezone(ctx.tz).date()
    last = today + timedelta(days=LOOK_AHEAD_DAYS)
    try:
        slots = central.client.availability(service, ctx.id, today.isoformat(), last.isoformat())
    except (CentralUnavailable, CentralRefused):
        return None
    starts = sorted(s["start"] for s in slots if isinstance(s, dict) and s.get("start"))
    return starts[0] if starts else None
