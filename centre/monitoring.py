"""Operations at a centre: GET /healthz (the database, the printer, the last sync with
central) and GET /metrics (Prometheus: requests by route, tickets issued and called, waiting
now, the printer, the sync lag)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, current_app
from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily, Metric

from centre.core.errors import QueueError
from centre.domain.context import CentreContext
from centre.domain.stats import waiting_now
from centre.sync.agent import SyncAgent
from centre.web import ctx, printer, sync_agent
from kernel.app_state import app_state
from kernel.clock import iso
from kernel.db import reachable
from kernel.monitoring import (
    RequestMetrics,
    ScrapeCollector,
    health_answer,
    live_registry,
    metrics_answer,
    monitoring_allowed,
    new_registry,
)

log = logging.getLogger(__name__)
bp = Blueprint("monitoring", __name__)

PAPER_STATES = ("ok", "low", "out", "unknown")


class TicketCounters:
    """Tickets issued and called, counted from the committed event rows (decision 12), per
    service, since this process started."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.issued = Counter(
            "enindgang_centre_tickets_issued",
            "Tickets issued since the centre started, per service.",
            ["service"],
            registry=live_registry(registry),
        )
        self.called = Counter(
            "enindgang_centre_tickets_called",
            "Tickets called to a counter since the centre started, per service.",
            ["service"],
            registry=live_registry(registry),
        )

    def committed(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            counter = {"ticket.issued": self.issued, "ticket.called": self.called}.get(
                event["type"]
            )
            service = (event.get("data") or {}).get("service")
            if counter is not None and isinstance(service, str):
                counter.labels(service).inc()


def sync_check(agent: SyncAgent | None, context: CentreContext) -> dict[str, Any]:
    """The last sync with central that went through whole, and how long ago."""
    if agent is None:
        return {"configured": False}
    last = agent.last_success
    lag = max(0.0, (context.clock.now() - last).total_seconds()) if last else None
    return {
        "configured": True,
        "reachable": agent.reachable,
        "last_success_at": iso(last) if last else None,
        "lag_seconds": lag,
    }


def printer_check() -> dict[str, Any]:
    """The kiosk printer as staff see it, with the number of tickets whose print failed."""
    state = printer().state
    return {
        "online": state["online"],
        "paper": state["paper"],
        "error": state["error"],
        "failed_prints": len(state.get("failed") or ()),
    }


@bp.get("/healthz")
def healthz():
    """{"status": ok|degraded|down} for anyone, 503 when the database does not answer; the
    checks for the monitoring token or a request from this machine. A printer fault or
    central out of reach is "degraded": the queue itself still works (decision 1)."""
    context = ctx()
    config = current_app.config["CENTRE"]
    up = reachable(config.database_path)
    checks = {
        "database": "ok" if up else "down",
        "printer": printer_check(),
        "sync": sync_check(sync_agent(), context),
    }
    status = "ok" if up else "down"
    central_away = checks["sync"]["configured"] and not checks["sync"]["reachable"]
    if up and (checks["printer"]["error"] is not None or central_away):
        status = "degraded"
    return health_answer(status, checks, monitoring_allowed(config.monitoring_token))


@bp.get("/metrics")
def metrics():
    if not monitoring_allowed(current_app.config["CENTRE"].monitoring_token):
        raise QueueError("monitoring_token_required")
    return metrics_answer(app_state()["metrics"])


def _figures(app: Flask) -> Iterator[Metric]:
    """The centre's figures read at each scrape: waiting now, the printer, the sync lag."""
    ext = app.extensions["enindgang"]
    context = ext["context"]
    up = reachable(app.config["CENTRE"].database_path)
    yield GaugeMetricFamily("enindgang_database_up", "1 when the database answers.", value=up)
    if up:
        waiting = GaugeMetricFamily(
            "enindgang_centre_waiting", "Tickets waiting now, per service.", labels=["service"]
        )
        counts = waiting_now(ext["pool"].get())
        for service in context.catalogue.services:
            waiting.add_metric([service.id], counts.get(service.id, 0))
        yield waiting
    state = ext["printer"].state
    yield GaugeMetricFamily(
        "enindgang_centre_printer_online",
        "1 when the kiosk printer answers.",
        value=state["online"],
    )
    paper = GaugeMetricFamily(
        "enindgang_centre_printer_paper",
        "The printer's paper: 1 for its state now.",
        labels=["state"],
    )
    for name in PAPER_STATES:
        paper.add_metric([name], 1 if state["paper"] == name else 0)
    yield paper
    yield GaugeMetricFamily(
        "enindgang_centre_printer_failed_prints",
        "Tickets whose paper copy failed and is not reprinted.",
        value=len(state.get("failed") or ()),
    )
    sync = sync_check(ext.get("sync"), context)
    if sync["configured"]:
        yield GaugeMetricFamily(
            "enindgang_centre_central_reachable",
            "1 when central answered the last sync round.",
            value=sync["reachable"],
        )
    if sync.get("lag_seconds") is not None:
        yield GaugeMetricFamily(
            "enindgang_centre_sync_lag_seconds",
            "Seconds since the last sync round with central that went through whole.",
            value=sync["lag_seconds"],
        )


def init_app(app: Flask) -> None:
    """The app's own registry (request latency by route, tickets from the committed events,
    the figures read at scrape), and the two endpoints."""
    ext = app.extensions["enindgang"]
    registry = new_registry()
    RequestMetrics(registry).init_app(app)
    ext["pool"].on_commit(TicketCounters(registry).committed)
    registry.register(ScrapeCollector(lambda: _figures(app)))
    ext["metrics"] = registry
    app.register_blueprint(bp)
