"""Health and metrics for both apps: who may read the details, each request's latency by
route, figures read at scrape time, and the answers of /healthz and /metrics."""

from __future__ import annotations

import glob
import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

from kernel import metrics_processes

# No "_created" twin of every series: it doubles the answer and nothing here reads it.
disable_created_metrics()

# A request that came through a proxy is not from this machine, whatever its address says
# (a reverse proxy on the same host connects from 127.0.0.1).
PROXY_HEADERS = ("X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "X-Real-IP")
# Any other method is counted as "other": a label takes no value a client can make up.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds; a kiosk tap is a few milliseconds, a report can take a second.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# The route of a request no URL rule matched (a 404): never its path.
UNMATCHED = "unmatched"


def monitoring_allowed(token: str | None) -> bool:
    """Whether this request may read metrics and health details: it carries the configured
    monitoring token as `Authorization: Bearer …`, or it carries no Authorization header and
    comes from this machine's loopback address without any proxy header."""
    header = request.headers.get("Authorization")
    if header is not None:
        if not token or not header.startswith("Bearer "):
            return False
        return hmac.compare_digest(header[len("Bearer ") :].strip().encode(), token.encode())
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


class RequestMetrics:
    """Each request's latency by method, route and status, in the app's own registry.

    The route is the URL rule (`/api/v1/bookings/<code>`), never the path: a booking code or
    a token in a path must not become a label, and labels must stay few."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "enindgang_http_request_duration_seconds",
            "Time from the request's start to its answer, by method, route and status.",
            ["method", "route", "status"],
            registry=live_registry(registry),
            buckets=BUCKETS,
        )

    def init_app(self, app: Flask) -> None:
        # First of the app's before-request hooks, so that a request another hook refuses
        # (a failed CSRF check, a rate limit) is timed too.
        app.before_request_funcs.setdefault(None, []).insert(0, self._start)
        app.after_request(self._observe)

    @staticmethod
    def _start() -> None:
        g.monitoring_started = time.perf_counter()

    def _observe(self, response: Response) -> Response:
        started = g.pop("monitoring_started", None)
        if started is not None:
            rule = request.url_rule
            method = request.method if request.method in METHODS else "other"
            route = rule.rule if rule is not None else UNMATCHED
            self.latency.labels(method, route, str(response.status_code)).observe(
                time.perf_counter() - started
            )
        return response


class ScrapeCollector:
    """Figures read when Prometheus scrapes (from the database, a thread's heartbeat), so
    every worker process answers the same and nothing is counted on the side."""

    def __init__(self, collect: Callable[[], Iterable[Metric]]) -> None:
        self._collect = collect

    def collect(self) -> Iterable[Metric]:
        yield from self._collect()

    def describe(self) -> list[Metric]:
        # Nothing up front: registering must not read the database.
        return []


def new_registry() -> CollectorRegistry:
    """A registry per app: tests build many apps in one process, and the global registry
    would refuse the second app's metrics of the same name."""
    return CollectorRegistry(auto_describe=False)


def live_registry(registry: CollectorRegistry) -> CollectorRegistry | None:
    """Where a counter or histogram kept in this process registers: the app's registry, or
    none in multiprocess mode (its counts are in the shared files, read by every scrape, and
    would otherwise be shown twice)."""
    return None if metrics_processes.directory() else registry


class WrittenFilesCollector(MultiProcessCollector):
    """prometheus_client's multiprocess collector, minus files a worker has just created and
    not yet sized: reading one of those fails the whole scrape (a worker gunicorn has just
    started writes its first count at the moment someone scrapes)."""

    def collect(self) -> Iterable[Metric]:
        files = []
        for path in glob.glob(os.path.join(self._path, "*.db")):
            try:
                if os.path.getsize(path) > 0:
                    files.append(path)
            except FileNotFoundError:
                continue  # a dead worker's live gauges, removed since the glob
        return self.merge(files, accumulate=True)


def metrics_answer(registry: CollectorRegistry) -> Response:
    """The registry in Prometheus's text format; in multiprocess mode (several gunicorn
    workers) first every worker's counts from the shared files, summed."""
    body = generate_latest(registry)
    folder = metrics_processes.directory()
    if folder:
        workers = CollectorRegistry(auto_describe=False)
        WrittenFilesCollector(workers, folder)
        body = generate_latest(workers) + body
    response = Response(body, mimetype=None)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    response.headers["Cache-Control"] = "no-store"
    return response


def health_answer(status: str, checks: dict[str, Any], detailed: bool) -> tuple[Response, int]:
    """{"status"} for anyone (503 when "down", else 200); the checks only when `detailed`."""
    body: dict[str, Any] = {"status": status}
    if detailed:
        body["checks"] = checks
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 503 if status == "down" else 200
