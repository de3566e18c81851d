"""Dates as people read them on the booking site and in messages."""

from __future__ import annotations

from datetime import datetime

from flask_babel import format_datetime, get_locale


def local_date(moment: datetime | None) -> str:
    """ "tirsdag 24. november 2026" / "Tuesday 24 November 2026"."""
    danish = str(get_locale() or "da").startswith("da")
    pattern = "EEEE d. MMMM y" if danish else "EEEE d MMMM y"
    return format_datetime(moment, pattern) if moment else ""
