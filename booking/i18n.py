"""Dates as people read them on the booking site and in messages."""

from __future__ import annotations

from datetime import datetime

from kernel.i18n import local_day


def local_date(moment: datetime | None) -> str:
    """ "tirsdag 24. november 2026" / "Tuesday 24 November 2026"."""
    return local_day(moment, year=True)
