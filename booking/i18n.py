"""Dates, centre addresses and opening hours as people read them on the booking site and in
messages."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import gettext as _

from booking.core import opening_hours
from booking.core.calendar import parse_time
from kernel.i18n import local_day, local_time

# Any Monday: opening hours are wall-clock times, the date only carries them to the formatter.
A_MONDAY = date(2026, 1, 5)


def local_date(moment: datetime | None) -> str:
    """ "tirsdag 24. november 2026" / "Tuesday 24 November 2026"."""
    return local_day(moment, year=True)


def address_line(centre: dict[str, Any] | None) -> str:
    """Street, postcode and town: "Prøvevej 1, 2200 København N" (what is known of it)."""
    if not centre:
        return ""
    return ", ".join(part for part in (centre.get("street"), centre.get("address")) if part)


def _clock(text: str, tz) -> str:
    moment = parse_time(text)
    if moment == time.max:  # "24:00": the day's end, written as the clock on the wall would
        return "24" + local_time(datetime.combine(A_MONDAY, time(0), tz))[2:]
    return local_time(datetime.combine(A_MONDAY, moment, tz))


def opening_hours_lines(centre: dict[str, Any] | None, tz) -> list[str]:
    """One line per run of days with the same hours: "Mandag–onsdag: kl. 09.00–16.00"."""
    if not centre:
        return []
    # Every confirmation and reminder carries them: worked out once per hours and language.
    return list(_hours_lines(centre.get("opening_hours"), str(get_locale() or "da"), tz))


@lru_cache(maxsize=256)
def _hours_lines(hours: str | None, locale: str, tz) -> tuple[str, ...]:
    names = get_day_names("wide", locale=locale)
    lines = []
    for first, last, periods in opening_hours.groups(opening_hours.loads(hours)):
        days = names[first][:1].upper() + names[first][1:]
        if last != first:
            days = f"{days}–{names[last]}"
        hours = ", ".join(
            _("%(start)s–%(end)s", start=_clock(start, tz), end=_clock(end, tz))
            for start, end in periods
        )
        lines.append(_("%(days)s: %(hours)s", days=days, hours=hours))
    return tuple(lines)
