"""The centre's opening hours as the kiosk writes them: today's, and the week's when closed."""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import format_datetime
from flask_babel import gettext as _

from centre.core.hours import OpeningHours, periods_on, week_from
from kernel.i18n import local_time


def _period(start: datetime, end: datetime) -> str:
    """One open period, "10.00–17.00"; open until midnight is "…–24.00", as opening hours
    are written (and as the display and the booking site write them)."""
    if end.time() == time.max:
        midnight = local_time(end.replace(hour=0, minute=0, second=0, microsecond=0))
        return f"{local_time(start)}–24{midnight[2:]}"
    return f"{local_time(start)}–{local_time(end)}"


def _periods(periods: list[tuple[datetime, datetime]]) -> str:
    return _(" and ").join(_period(start, end) for start, end in periods)


def _all_day(periods: list[tuple[datetime, datetime]]) -> bool:
    return (
        len(periods) == 1 and periods[0][0].time() == time(0) and periods[0][1].time() == time.max
    )


def today_line(hours: OpeningHours, now: datetime) -> str:
    """Today's hours: "Open today 10.00–17.00", "Open all day today" or "Closed today"."""
    periods = periods_on(hours, now.astimezone(hours.tz).date())
    if not periods:
        return _("Closed today")
    if _all_day(periods):
        return _("Open all day today")
    return _("Open today %(hours)s") % {"hours": _periods(periods)}


def week_lines(hours: OpeningHours, now: datetime) -> list[dict[str, str]]:
    """Today and the six days after it: the day's name and its hours (or "Closed")."""
    lines = []
    for day, periods in week_from(hours, now):
        noon = datetime.combine(day, time(12), hours.tz)
        if not periods:
            text = _("Closed")
        elif _all_day(periods):
            text = _("Open all day")
        else:
            text = _periods(periods)
        lines.append({"day": format_datetime(noon, "EEEE"), "hours": text})
    return lines
