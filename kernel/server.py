"""Serving a centre app through gunicorn (threaded worker: WebSocket via simple-websocket)."""

from __future__ import annotations

import gc
from collections.abc import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication

from kernel import metrics_processes

# Each WebSocket (display, counter, phone) holds a thread; leave room for plain requests too.
DEFAULT_THREADS = 100
# Time, worker pid, method, status, bytes and milliseconds: no client address and no path
# (paths carry booking codes and hold tokens), so the log holds nothing personal.
ACCESS_LOG_FORMAT = '%(t)s worker=%(p)s "%(m)s" %(s)s %(B)s %(M)sms'


class _Gunicorn(BaseApplication):
    def __init__(self, make_app: Callable[[], Flask], options: dict) -> None:
        self._make_app = make_app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        app = self._make_app()
        # What the worker made to start (modules, templates, the app) lives as long as it does:
        # kept out of the collector's full passes, which otherwise walk it all and stopped a
        # request for about 60 ms now and then (central's 60-day availability takes 10 ms).
        gc.freeze()
        return app


def serve(
    make_app: Callable[[], Flask],
    host: str,
    port: int,
    threads: int = DEFAULT_THREADS,
    access_log: bool = False,
    workers: int = 1,
) -> None:
    """Run until stopped. A centre keeps one worker process (its Socket.IO state lives in that
    process); central may run several, each building its own app (and database connections)
    after the fork, since `make_app` runs in the worker, not in the master. With several
    workers (or PROMETHEUS_MULTIPROC_DIR set) the metrics are kept in files all workers share,
    so /metrics counts every worker's requests whichever worker answers it."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 5,
        "keepalive": 5,
        "accesslog": "-" if access_log else None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": "info",
        # Several centres may run on one machine: no shared control socket.
        "control_socket_disable": True,
    }
    if workers > 1 or metrics_processes.directory():
        options.update(metrics_processes.start())
    _Gunicorn(make_app, options).run()
