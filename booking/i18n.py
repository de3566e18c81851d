"""Language and time zone for each request, and dates and times as people read them."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import format_datetime, get_locale

from centre.i18n import LANGUAGES, select_locale

__all__ = ["LANGUAGES", "select_locale", "select_timezone", "local_date", "local_time"]


def select_timezone() -> str:
    return current_app.config["BOOKING"].timezone


def local_time(moment: datetime | None, fmt: str = "HH:mm") -> str:
    """A time in Copenhagen on the 24-hour clock."""
    return format_datetime(moment, fmt) if moment else ""


def local_date(moment: datetime | None) -> str:
    """ "tirsdag 24. november 2026" / "Tuesday 24 November 2026"."""
    danish = str(get_locale() or "da").startswith("da")
    pattern = "EEEE d. MMMM y" if danish else "EEEE d MMMM y"
    return format_datetime(moment, pattern) if moment else ""
