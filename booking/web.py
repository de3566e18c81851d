"""Small helpers shared by the blueprints: the request body, the context, the database, URLs."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlite_utils import Database

from booking.core.errors import invalid
from booking.domain.context import BookingContext
from kernel.links import link_base


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a validation error on `body` for anything else.

    Bodies over the app's MAX_CONTENT_LENGTH are refused before this with 413 too_large.
    """
    data = request.get_json(silent=True)
    if data is None and not request.get_data():
        return {}
    if not isinstance(data, dict):
        raise invalid(body="invalid")
    return data


def ctx() -> BookingContext:
    return current_app.extensions["enindgang"]["context"]


def db() -> Database:
    """This thread's connection to the central database."""
    return current_app.extensions["enindgang"]["pool"].get()


def base_url() -> str:
    """The service's public address: public_url, or an allowed host (never any Host header)."""
    config = ctx().config
    return link_base(config.public_url, config.allowed_hosts)
