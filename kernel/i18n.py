"""Languages for both apps: the choice for each request, Babel, and times as people read them.

One set of catalogues (kernel/translations) serves the centre, its clients and central."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask, g, request, session
from flask_babel import Babel, format_datetime

from kernel.languages import DEFAULT_LANGUAGE, LANGUAGES

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """?lang=, then the body's "language", the session, the browser; Danish first."""
    candidates = [request.args.get("lang"), getattr(g, "language", None), session.get("lang")]
    for language in candidates:
        if language in LANGUAGES:
            return language
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def init_babel(app: Flask, babel: Babel, timezone: str) -> None:
    """Babel on `app`: the shared catalogues, the language per request, the app's time zone."""
    app.config.update(
        BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE, BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS)
    )
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: timezone)


def local_time(moment: datetime | None, fmt: str = "HH:mm") -> str:
    """A time as people at the centre read it (24-hour clock, the app's zone)."""
    return format_datetime(moment, fmt) if moment else ""
