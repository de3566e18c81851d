"""Small helpers shared by the blueprints: the request body, the context, the database, URLs."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from booking.core.errors import invalid
from booking.domain.context import BookingContext
from kernel.app_state import app_context, connection
from kernel.json_input import json_object
from kernel.links import link_base


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a validation error on `body` for anything else.

    Bodies over the app's MAX_CONTENT_LENGTH are refused before this with 413 too_large.
    """
    return json_object(lambda: invalid(body="invalid"))


def ctx() -> BookingContext:
    return app_context()


def db() -> Database:
    """This thread's connection to the central database."""
    return connection()


def base_url() -> str:
    """The service's public address: public_url, or an allowed host (never any Host header)."""
    config = ctx().config
    return link_base(config.public_url, config.allowed_hosts)
