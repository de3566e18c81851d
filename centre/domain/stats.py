"""Queue figures per service: waiting, counters serving, estimated wait."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from centre.core.waits import average_service_minutes, estimate_wait_minutes
from centre.domain.context import CentreContext
from centre.store import counters as counter_store
from centre.store import tickets as ticket_store


@dataclass(frozen=True)
class ServiceFigures:
    service: str
    waiting: int
    counters_serving: int
    avg_service_minutes: float

    def wait_for(self, people_ahead: int) -> int:
        return estimate_wait_minutes(people_ahead, self.avg_service_minutes, self.counters_serving)

    @property
    def estimated_wait_minutes(self) -> int:
        return self.wait_for(self.waiting)


def counters_serving(ctx: CentreContext, db: Database) -> dict[str, int]:
    """How many open (staffed, not on break) counters can serve each service now."""
    serving: dict[str, int] = {s.id: 0 for s in ctx.catalogue.services}
    # Asked on every ticket issued: one query, not one per counter.
    for counter_id, role in counter_store.open_with_roles(db):
        for service_id in ctx.counter_services(counter_id, role):
            serving[service_id] += 1
    return serving


def service_figures(ctx: CentreContext, db: Database) -> dict[str, ServiceFigures]:
    waiting = ticket_store.waiting_counts(db)
    serving = counters_serving(ctx, db)
    figures = {}
    for service in ctx.catalogue.services:
        avg = average_service_minutes(
            ticket_store.recent_service_minutes(db, service.id), service.service_minutes
        )
        figures[service.id] = ServiceFigures(
            service.id, waiting.get(service.id, 0), serving.get(service.id, 0), avg
        )
    return figures


def figures_for(ctx: CentreContext, db: Database, service_id: str) -> ServiceFigures:
    service = ctx.catalogue.service(service_id)
    avg = average_service_minutes(
        ticket_store.recent_service_minutes(db, service.id), service.service_minutes
    )
    waiting = ticket_store.waiting_count(db, service.id)
    return ServiceFigures(service.id, waiting, counters_serving(ctx, db)[service.id], avg)
