"""How the booking app is made inside the gunicorn worker."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from booking.app import create_app
from booking.config import BookingConfig
from booking.mail.ticker import Ticker


def make_app_factory(config: BookingConfig) -> Callable[[], Flask]:
    """A factory for kernel.server.serve: the app is built in the worker process."""

    def make() -> Flask:
        app = create_app(config)
        # Reminders, sending and purging run beside the requests, in this worker process.
        app.extensions["enindgang"]["ticker"] = Ticker(app).start()
        return app

    return make
