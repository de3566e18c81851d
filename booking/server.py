"""How the booking app is made inside the gunicorn worker."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from booking.app import create_app
from booking.config import BookingConfig
from booking.demo import ensure_demo_history
from booking.mail.ticker import Ticker
from kernel.background import in_background


def make_app_factory(config: BookingConfig, history_days: int = 0) -> Callable[[], Flask]:
    """A factory for kernel.server.serve: the app is built in the worker process. The demo
    gives `history_days`: its generated visits are stored beside the requests, so the
    service answers at once and the reports fill within seconds."""

    def make() -> Flask:
        app = create_app(config)
        # Reminders, sending and purging run beside the requests, in this worker process.
        app.extensions["enindgang"]["ticker"] = Ticker(app).start()
        if history_days > 0:
            in_background(ensure_demo_history, config, history_days)
        return app

    return make
