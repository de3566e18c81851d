"""The wait each service's button promises: the chosen predictor for a walk-in ticket that
would be issued now, from one read of the live queue, so a button shows what the ticket will."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from centre.core.chosen_wait import ShownWait, shown_waits
from centre.core.numbering import format_number
from centre.core.transitions import WAITING
from centre.domain import live_wait
from centre.domain.context import CentreContext
from centre.domain.stats import ServiceFigures, note_json, service_figures
from centre.store import tickets as ticket_store
from kernel.clock import iso

# The id of the ticket that is not issued yet: no stored ticket has it (ids are uuid hex).
NEW_TICKET_ID = "new"


@dataclass(frozen=True)
class ServiceWait:
    """A service's promised wait for a new walk-in: whole minutes and the shown range, or
    neither and the note (stats.note_json) that says why no wait is promised."""

    minutes: int | None
    range: tuple[int, int] | None
    note: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        """The API's fields: `estimated_wait_minutes`, `estimated_wait_range`, `wait_note`."""
        return {
            "estimated_wait_minutes": self.minutes,
            "estimated_wait_range": list(self.range) if self.range else None,
            "wait_note": self.note,
        }


def walk_in(service, now_iso: str, number: str) -> dict[str, Any]:
    """The ticket a kiosk would issue for `service` now, as `tickets._issue` builds it (only
    what the predictor reads)."""
    return {
        "id": NEW_TICKET_ID,
        "service": service.id,
        "status": WAITING,
        "number": number,
        "arrived_at": now_iso,
        "priority": 0,
        "target_staff": None,
    }


def service_waits(
    ctx: CentreContext,
    db: Database,
    figures: dict[str, ServiceFigures] | None = None,
    live: live_wait.LiveQueue | None = None,
) -> dict[str, ServiceWait]:
    """Per catalogue service, the wait a walk-in taking a number now is promised: the live
    queue is read once (unless given) and the chosen predictor run for each service."""
    figures = figures if figures is not None else service_figures(ctx, db)
    services = ctx.catalogue.services
    # `minutes` is None only where no wait is promised; 0 (nobody ahead) still gets a range.
    promising = [
        s for s in services if figures[s.id].wait_for(figures[s.id].waiting).minutes is not None
    ]
    if promising and live is None:
        live = live_wait.read(ctx, db, [s.id for s in promising])
    last = ticket_store.last_sequences(db, ctx.today()) if promising else {}
    now_iso = iso(live.now) if live is not None else ""
    new = [
        live_wait.candidate(walk_in(s, now_iso, format_number(s.prefix, last.get(s.prefix, 0) + 1)))
        for s in promising
    ]
    # One forward run of the queue answers every service (`chosen_wait.shown_waits`).
    shown: list[ShownWait] = shown_waits(live.state_for(new[0]), new) if new else []
    waits = {
        s.id: ServiceWait(w.minutes, w.range, None) for s, w in zip(promising, shown, strict=True)
    }
    for s in services:
        if s.id not in waits:
            note = figures[s.id].wait_for(figures[s.id].waiting).note
            waits[s.id] = ServiceWait(None, None, note_json(note))
    return waits
