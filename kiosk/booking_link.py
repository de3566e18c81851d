"""Where a citizen books a time for a service that needs one: central's booking site."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import current_app


def booking_url(service: str) -> str | None:
    """The booking site's page for `service` at this centre; None without a [central] config."""
    central = current_app.config["CENTRE"].central
    if central is None:
        return None
    query = urlencode({"service": service, "centre": current_app.config["CENTRE"].id})
    return f"{central.citizen_url}/book?{query}"


def booking_address() -> str | None:
    """The booking site's address as people type it: no scheme, no query."""
    central = current_app.config["CENTRE"].central
    if central is None:
        return None
    parts = urlsplit(central.citizen_url)
    return f"{parts.netloc}{parts.path}/book"
