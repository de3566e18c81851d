"""Operations at central: GET /healthz (the database, the message sender, each centre's last
sync) and GET /metrics (Prometheus: requests by route, bookings, holds, sync lag, outbox)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask
from prometheus_client import Gauge
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from booking.core.errors import BookingError
from booking.domain import operations
from booking.mail.ticker import Ticker
from booking.web import ctx, db
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

# The sender is stale when no round ended for this many of its intervals (or a minute, if
# longer): a round that sends many messages takes a while.
STALE_ROUNDS = 6
STALE_MINIMUM_SECONDS = 60.0


def sender_check(ticker: Ticker | None, now: datetime) -> dict[str, Any]:
    """The background sender of this process: "ok", "failing" (its last round raised),
    "stale" (stopped, or no round ended lately) or "not_running" (none in this process, as
    under `central tick` from cron)."""
    if ticker is None:
        return {"state": "not_running", "last_round_at": None, "age_seconds": None}
    status = ticker.status()
    last = status["last_round_at"] or status["started_at"]
    age = max(0.0, (now - last).total_seconds()) if last else None
    stale_after = max(STALE_ROUNDS * ticker.interval, STALE_MINIMUM_SECONDS)
    if not status["running"] or (age is not None and age > stale_after):
        state = "stale"
    elif status["ok"] is False:
        state = "failing"
    else:
        state = "ok"
    at = status["last_round_at"]
    return {"state": state, "last_round_at": iso(at) if at else None, "age_seconds": age}


@bp.get("/healthz")
def healthz():
    """{"status": ok|degraded|down} for anyone, 503 when the database does not answer; the
    checks for the monitoring token or a request from this machine."""
    context = ctx()
    detailed = monitoring_allowed(context.config.monitoring_token)
    up = reachable(context.config.database)
    sender = sender_check(app_state().get("ticker"), context.now())
    checks: dict[str, Any] = {"database": "ok" if up else "down", "sender": sender}
    status = "ok" if up else "down"
    if up and sender["state"] in ("stale", "failing"):
        status = "degraded"
    if detailed and up:
        try:
            checks["outbox"] = operations.outbox_backlog(db())
            checks["centres"] = operations.centre_syncs(context, db())
        except Exception:
            log.exception("health check could not read the database")
            checks["database"], status = "down", "down"
    return health_answer(status, checks, detailed)


@bp.get("/metrics")
def metrics():
    if not monitoring_allowed(ctx().config.monitoring_token):
        raise BookingError("monitoring_token_required")
    return metrics_answer(app_state()["metrics"])


def _figures(app: Flask) -> Iterator[Metric]:
    """Central's figures, read from the database at each scrape (the same from every worker)."""
    ext = app.extensions["enindgang"]
    context = ext["context"]
    up = reachable(context.config.database)
    yield GaugeMetricFamily("enindgang_database_up", "1 when the database answers.", value=up)
    sender = sender_check(ext.get("ticker"), context.now())
    if sender["age_seconds"] is not None:
        yield GaugeMetricFamily(
            "enindgang_central_sender_heartbeat_age_seconds",
            "Seconds since this process's message sender last ended a round.",
            value=sender["age_seconds"],
        )
    if not up:
        return
    connection = ext["pool"].get()
    syncs = operations.centre_syncs(context, connection)
    counts = operations.booking_counts(context, connection)
    made = CounterMetricFamily(
        "enindgang_central_bookings_made", "Bookings made, per centre.", labels=["centre"]
    )
    cancelled = CounterMetricFamily(
        "enindgang_central_bookings_cancelled", "Bookings cancelled, per centre.", labels=["centre"]
    )
    holds = GaugeMetricFamily(
        "enindgang_central_holds", "Holds keeping a time now, per centre.", labels=["centre"]
    )
    lag = GaugeMetricFamily(
        "enindgang_central_sync_lag_seconds",
        "Seconds since the centre last called the sync API (30 s resolution).",
        labels=["centre"],
    )
    for centre in sorted({s["centre"] for s in syncs} | set(counts)):
        figures = counts.get(centre, {"made": 0, "cancelled": 0, "holds": 0})
        made.add_metric([centre], figures["made"])
        cancelled.add_metric([centre], figures["cancelled"])
        holds.add_metric([centre], figures["holds"])
    for sync in syncs:
        if sync["lag_seconds"] is not None:
            lag.add_metric([sync["centre"]], sync["lag_seconds"])
    backlog = operations.outbox_backlog(connection)
    yield from (made, cancelled, holds, lag)
    yield GaugeMetricFamily(
        "enindgang_central_outbox_backlog", "Messages waiting to be sent.", value=backlog["pending"]
    )
    yield GaugeMetricFamily(
        "enindgang_central_outbox_failed",
        "Messages given up after their attempts.",
        value=backlog["failed"],
    )


def init_app(app: Flask) -> None:
    """The app's own registry (request latency by route, and the figures read at scrape), and
    the two endpoints."""
    registry = new_registry()
    RequestMetrics(registry).init_app(app)
    # Set by each worker's sender (booking/mail/ticker.py). With several workers the scrape
    # shows the live worker furthest behind: one stuck sender is not hidden by the others.
    app.extensions["enindgang"]["sender_heartbeat"] = Gauge(
        "enindgang_central_sender_round_timestamp_seconds",
        "When the message sender last ended a round (Unix time); with several workers, the"
        " live worker's whose round is the oldest.",
        multiprocess_mode="livemin",
        registry=live_registry(registry),
    )
    registry.register(ScrapeCollector(lambda: _figures(app)))
    app.extensions["enindgang"]["metrics"] = registry
    app.register_blueprint(bp)
