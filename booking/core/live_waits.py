"""The walk-in queue of one centre per service now, from the queue events it uploaded today.

Central does not know which counter serves which service, so it cannot repeat the centre's own
estimate; what it can tell a caller is what the events say: how many wait, how long the one
waiting longest has waited so far, and how long those called in the last hour waited."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# A ticket's last event puts it back in (or keeps it in) the queue.
WAITING = {"ticket.issued", "ticket.returned", "ticket.transferred", "ticket.parked"}
CALLED = "ticket.called"
# How far back the waits of called tickets count as "recent".
RECENT = timedelta(hours=1)


@dataclass
class _Ticket:
    service: str
    arrived: datetime
    last: str
    walk_in: bool


@dataclass(frozen=True)
class ServiceQueue:
    """One service's walk-in queue at a centre: `wait_minutes` is the advice (None: unknown)."""

    service: str
    waiting: int
    longest_minutes: int | None
    recent_minutes: int | None
    wait_minutes: int | None


def _data(event: Mapping[str, Any]) -> dict[str, Any]:
    raw = event.get("data")
    if isinstance(raw, dict):
        return raw
    try:
        found = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _minutes(seconds: float) -> int:
    return max(0, math.ceil(seconds / 60))


def queues(
    events: Iterable[Mapping[str, Any]], now: datetime, counters_open: int
) -> dict[str, ServiceQueue]:
    """Per service with any walk-in ticket today: its queue now. Events in upload order.

    The advice: nobody waiting and a counter open is no wait (0); nobody waiting and nobody
    serving is unknown (None); people waiting is the longer of the longest wait so far and the
    recent waits (a new caller would hardly be called sooner than those already there)."""
    tickets: dict[str, _Ticket] = {}
    recent: dict[str, list[int]] = {}
    for event in events:
        ticket_id, kind = event.get("ticket_id"), event.get("type", "")
        if not ticket_id or not kind.startswith("ticket."):
            continue
        data = _data(event)
        at = datetime.fromisoformat(event["at"])
        if kind in ("ticket.issued", "ticket.checked_in") and isinstance(data.get("service"), str):
            walk_in = kind == "ticket.issued"
            tickets[ticket_id] = _Ticket(data["service"], at, kind, walk_in)
            continue
        ticket = tickets.get(ticket_id)
        if ticket is None:
            continue
        ticket.last = kind
        if kind == "ticket.transferred" and isinstance(data.get("to_service"), str):
            ticket.service = data["to_service"]
        waited = data.get("waited_seconds")
        counted = isinstance(waited, int | float) and not isinstance(waited, bool) and waited >= 0
        if kind == CALLED and ticket.walk_in and now - at <= RECENT and counted:
            recent.setdefault(ticket.service, []).append(int(waited))
    waiting: dict[str, list[datetime]] = {}
    for ticket in tickets.values():
        if ticket.walk_in:
            waiting.setdefault(ticket.service, [])
            if ticket.last in WAITING:
                waiting[ticket.service].append(ticket.arrived)
    answer = {}
    for service, arrivals in waiting.items():
        waits = recent.get(service, [])
        recent_minutes = _minutes(sum(waits) / len(waits)) if waits else None
        longest = _minutes((now - min(arrivals)).total_seconds()) if arrivals else None
        if arrivals:
            advice: int | None = max(longest or 0, recent_minutes or 0)
        else:
            advice = 0 if counters_open > 0 else None
        answer[service] = ServiceQueue(service, len(arrivals), longest, recent_minutes, advice)
    return answer
