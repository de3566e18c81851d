"""Language choice for each request, and time formatting in the centre's zone."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, g, request, session
from flask_babel import format_datetime

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


def select_locale() -> str:
    """?lang=, then the body's "language", the session, the browser; Danish first."""
    candidates = [request.args.get("lang"), getattr(g, "language", None), session.get("lang")]
    for language in candidates:
        if language in LANGUAGES:
            return language
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def select_timezone() -> str:
    return current_app.config["CENTRE"].timezone


def local_time(moment: datetime | None, fmt: str = "HH:mm") -> str:
    """A time as people in the centre read it (24-hour clock)."""
    return format_datetime(moment, fmt) if moment else ""
