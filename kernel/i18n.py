"""Languages for both apps: the choice for each request, Babel, and times as people read them.

One set of catalogues (kernel/translations) serves the centre, its clients and central."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask_babel import Babel, format_date, format_datetime, get_locale

from kernel.languages import CITIZEN, DEFAULT_LANGUAGE, LANGUAGES, STAFF_LANGUAGES, direction

TRANSLATIONS = Path(__file__).resolve().parent / "translations"

# Clock times as each language writes them: Danish "15.50" (as Dansk Sprognævn recommends), English
# "15:50". Babel's own "short" time for Danish is also "15.50"; the patterns are written out so
# that the convention does not move with a Babel/CLDR upgrade.
TIME_PATTERNS = {
    "da": "HH.mm",
    "en": "HH:mm",
    "ar": "HH:mm",
    "pl": "HH:mm",
    "tr": "HH:mm",
    "uk": "HH:mm",
    "ur": "HH:mm",
}
# A day in running text: "tirsdag 24. november" / "Tuesday 24 November" (the year on request).
# Polish: "wtorek, 24 listopada" (the month in the genitive, as Babel's MMMM gives it; the
# sentences put the day after a colon, so the weekday stays in the nominative).
# Turkish puts the weekday last: "24 Kasım Salı".
DAY_PATTERNS = {
    "da": "EEEE d. MMMM",
    "en": "EEEE d MMMM",
    "ar": "EEEE d MMMM",
    "pl": "EEEE, d MMMM",
    "tr": "d MMMM EEEE",
    # "вівторок, 24 листопада": the month in the genitive, as CLDR's format forms are.
    "uk": "EEEE, d MMMM",
    # Urdu puts its own comma (،) after the weekday: "منگل، 24 نومبر".
    "ur": "EEEE، d MMMM",
}
# With the year, where it does not simply go last: "24 Kasım 2026 Salı".
DAY_YEAR_PATTERNS = {"tr": "d MMMM y EEEE"}


def select_locale() -> str:
    """?lang=, then the body's "language", the session, the browser; Danish first.

    The browser's own preference picks Danish or English only: a further citizen language is
    always chosen explicitly (a kiosk button, a ?lang= link, the ticket's or booking's
    language), so a staff page never opens half in a language staff pages are not kept in."""
    candidates = [request.args.get("lang"), getattr(g, "language", None), session.get("lang")]
    for language in candidates:
        if language in LANGUAGES:
            return language
    return request.accept_languages.best_match(STAFF_LANGUAGES) or DEFAULT_LANGUAGE


def init_babel(app: Flask, babel: Babel, timezone: str) -> None:
    """Babel on `app`: the shared catalogues, the language per request, the app's time zone."""
    app.config.update(
        BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE, BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS)
    )
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: timezone)
    init_page_language(app)


def current_language() -> str:
    """The language Babel formats in for this request ("da", "en", "ar", ...)."""
    language = str(get_locale() or DEFAULT_LANGUAGE)[:2]
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def local_time(moment: datetime | None) -> str:
    """A clock time in the app's zone as the reader's language writes it: "15.50" / "15:50".

    Sentences put "kl." in front in Danish ("kl. %(time)s" in the catalogue), not this helper."""
    if moment is None:
        return ""
    return format_datetime(moment, TIME_PATTERNS[current_language()])


def local_day(moment: date | datetime | None, *, year: bool = False) -> str:
    """A day in running text: "tirsdag 24. november [2026]" / "Tuesday 24 November [2026]".

    A datetime is taken in the app's zone first; a date is that calendar day."""
    if moment is None:
        return ""
    language = current_language()
    pattern = DAY_PATTERNS[language]
    if year:
        pattern = DAY_YEAR_PATTERNS.get(language, f"{pattern} y")
    if isinstance(moment, datetime):
        return format_datetime(moment, pattern)
    return format_date(moment, pattern)


def init_page_language(app: Flask) -> None:
    """Every template knows the page's writing direction (`<html dir>`) and the citizen
    languages to offer, each by its own name."""

    @app.context_processor
    def page_language() -> dict:
        return {
            # Outside a request (a message, a file) the language is the one Babel formats in.
            "page_dir": direction(select_locale() if has_request_context() else current_language()),
            "citizen_languages": CITIZEN,
            "staff_languages": [
                language for language in CITIZEN if language.code in STAFF_LANGUAGES
            ],
        }
