"""What an app factory keeps for its blueprints: the app's context and its connection pool."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlite_utils import Database

# The key of app.extensions under which both factories keep context, pool, throttle, ...
EXTENSION = "enindgang"


def app_state() -> dict[str, Any]:
    """Everything the current app's factory kept (context, pool, login throttle, ...)."""
    return current_app.extensions[EXTENSION]


def app_context() -> Any:
    """The current app's context (CentreContext or BookingContext)."""
    return app_state()["context"]


def connection() -> Database:
    """This thread's connection to the current app's database."""
    return app_state()["pool"].get()
