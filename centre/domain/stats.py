"""Queue figures per service: waiting, counters serving, estimated wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from centre.core.hours import OpeningHours
from centre.core.waits import (
    HonestWait,
    WaitNote,
    average_service_minutes,
    estimate_wait_minutes,
    honest_wait,
)
from centre.domain.context import CentreContext
from centre.store import counters as counter_store
from centre.store import tickets as ticket_store
from kernel.clock import iso


@dataclass(frozen=True)
class ServiceFigures:
    service: str
    waiting: int
    counters_serving: int
    avg_service_minutes: float
    # Staffed counters that serve it, those on a break included (expected back).
    counters_expected: int
    hours: OpeningHours
    now: datetime

    def planned_wait_for(self, people_ahead: int) -> int:
        """Minutes, assuming a counter opens when none is: for the closing-time check."""
        return estimate_wait_minutes(people_ahead, self.avg_service_minutes, self.counters_serving)

    def wait_for(self, people_ahead: int) -> HonestWait:
        """What a citizen `people_ahead` places back is told: minutes, or why none."""
        return honest_wait(
            people_ahead,
            self.avg_service_minutes,
            self.counters_serving,
            self.counters_expected,
            self.hours,
            self.now,
        )

    @property
    def estimated_wait_minutes(self) -> int | None:
        return self.wait_for(self.waiting).minutes

    @property
    def wait_note(self) -> dict[str, Any] | None:
        return note_json(self.wait_for(self.waiting).note)


def note_json(note: WaitNote | None) -> dict[str, Any] | None:
    """The API's `wait_note`: {"code": "opens_at", "time": ISO} or {"code": "unknown"}."""
    if note is None:
        return None
    return {"code": note.code, **({"time": iso(note.time)} if note.time else {})}


def counters_staffed(
    ctx: CentreContext, db: Database, staffed: list[tuple[str, str, str]] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Per service: counters open to serve it now, and those staffed at all (on a break too).
    `staffed`: (counter, role, state) rows already read (`live_wait.QueueRows.staffed`)."""
    serving: dict[str, int] = {s.id: 0 for s in ctx.catalogue.services}
    expected: dict[str, int] = dict(serving)
    # Asked on every ticket issued: one query, not one per counter.
    if staffed is None:
        staffed = counter_store.staffed_with_roles(db)
    for counter_id, role, state in staffed:
        for service_id in ctx.counter_services(counter_id, role):
            expected[service_id] += 1
            if state == "open":
                serving[service_id] += 1
    return serving, expected


def _figures(
    ctx: CentreContext, db: Database, service, waiting: int, serving: dict, expected: dict
) -> ServiceFigures:
    avg = average_service_minutes(
        ticket_store.recent_service_minutes(db, service.id), service.service_minutes
    )
    return ServiceFigures(
        service.id,
        waiting,
        serving.get(service.id, 0),
        avg,
        expected.get(service.id, 0),
        ctx.hours,
        ctx.clock.now(),
    )


def service_figures(ctx: CentreContext, db: Database) -> dict[str, ServiceFigures]:
    waiting = ticket_store.waiting_counts(db)
    serving, expected = counters_staffed(ctx, db)
    return {
        service.id: _figures(ctx, db, service, waiting.get(service.id, 0), serving, expected)
        for service in ctx.catalogue.services
    }


def figures_for(
    ctx: CentreContext,
    db: Database,
    service_id: str,
    waiting: int | None = None,
    staffed: list[tuple[str, str, str]] | None = None,
) -> ServiceFigures:
    """One service's figures; `waiting` and `staffed` when the caller already has them."""
    service = ctx.catalogue.service(service_id)
    if waiting is None:
        waiting = ticket_store.waiting_count(db, service.id)
    serving, expected = counters_staffed(ctx, db, staffed)
    return _figures(ctx, db, service, waiting, serving, expected)


def waiting_now(db: Database) -> dict[str, int]:
    """Tickets waiting now, per service that has any (the metrics' gauge)."""
    return ticket_store.waiting_counts(db)
