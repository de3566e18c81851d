"""How many requests this process is serving at the moment (background work gives way)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask


class RequestsInFlight:
    """A WSGI wrapper counting the requests inside the app right now."""

    def __init__(self, wsgi_app: Callable) -> None:
        self.wsgi_app = wsgi_app
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        return self._count

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        with self._lock:
            self._count += 1
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            with self._lock:
                self._count -= 1


def init_app(app: Flask) -> RequestsInFlight:
    """Wrap the app (inside the other middleware); the counter is kept as
    app.extensions["enindgang"]["in_flight"]."""
    counter = RequestsInFlight(app.wsgi_app)
    app.wsgi_app = counter  # type: ignore[method-assign]
    app.extensions["enindgang"]["in_flight"] = counter
    return counter
