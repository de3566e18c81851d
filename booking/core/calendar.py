"""Days and hours: public holidays, and a staff member's working time on a day as UTC intervals."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from booking.core.model import Interval, Period, StaffCalendar

# HH:MM (seconds allowed), ASCII digits, no UTC offset.
CLOCK_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class HolidayCalendar:
    """Danish public holidays (and any extra closed dates): the centres are closed on them."""

    def __init__(
        self, categories: Sequence[str] = ("public",), extra_closed: Iterable[date] = ()
    ) -> None:
        self.categories = tuple(categories)
        self.extra_closed = frozenset(extra_closed)
        self._years: dict[int, dict[date, str]] = {}

    def _year(self, year: int) -> dict[date, str]:
        known = self._years.get(year)
        if known is None:
            # Built once per year and never mutated after: safe to read from many threads.
            known = dict(
                holidays.Denmark(years=year, categories=self.categories, language="da").items()
            )
            self._years[year] = known
        return known

    def is_closed(self, day: date) -> bool:
        return day in self.extra_closed or day in self._year(day.year)

    def name(self, day: date) -> str | None:
        return self._year(day.year).get(day)


def parse_time(text: str) -> time:
    """HH:MM; "24:00" means the end of the day. ValueError for anything else: fromisoformat
    alone would also take "01-01" (01:00 at UTC-1), which no wall-clock time compares with."""
    text = text.strip()
    if text == "24:00":
        return time.max
    if not CLOCK_TIME.fullmatch(text):
        raise ValueError(f"time {text!r} is not HH:MM")
    return time.fromisoformat(text)


def format_time(value: time) -> str:
    return "24:00" if value == time.max else value.strftime("%H:%M")


def parse_period(text: str) -> Period:
    """ "09:00-12:00" -> (09:00, 12:00); ValueError when it ends before it starts."""
    start_text, sep, end_text = text.partition("-")
    if not sep:
        raise ValueError(f"period {text!r} needs a start and an end, like 09:00-12:00")
    start, end = parse_time(start_text), parse_time(end_text)
    if end <= start:
        raise ValueError(f"period {text!r} ends before it starts")
    return start, end


def local_instant(day: date, moment: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time on a local day as UTC; time.max is the next local midnight."""
    if moment == time.max:
        return datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
    return datetime.combine(day, moment, tz).astimezone(UTC)


def day_bounds(day: date, tz: ZoneInfo) -> Interval:
    """The local day as a UTC interval (23 or 25 hours long on daylight-saving change days)."""
    return local_instant(day, time(0), tz), local_instant(day, time.max, tz)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(intervals: Sequence[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """The parts of `intervals` not covered by any hole."""
    result = list(intervals)
    for hole_start, hole_end in merge(holes):
        pieces: list[Interval] = []
        for start, end in result:
            if hole_end <= start or end <= hole_start:
                pieces.append((start, end))
                continue
            if start < hole_start:
                pieces.append((start, hole_start))
            if hole_end < end:
                pieces.append((hole_end, end))
        result = pieces
    return result


def _periods(day: date, periods: Iterable[Period], tz: ZoneInfo) -> list[Interval]:
    return [(local_instant(day, a, tz), local_instant(day, b, tz)) for a, b in periods]


def working_time(
    staff: StaffCalendar, day: date, tz: ZoneInfo, holidays_: HolidayCalendar
) -> list[Interval]:
    """When a staff member can take appointments on a local day, as UTC intervals.

    Weekly hours plus extra days, minus breaks and absences; nothing on holidays (an extra day
    does not open a holiday: the centre itself is closed).
    """
    if not staff.active or holidays_.is_closed(day):
        return []
    periods = list(staff.weekly.get(day.weekday(), ())) + list(staff.extra_days.get(day, ()))
    if not periods:
        return []
    working = merge(_periods(day, periods, tz))
    pauses = _periods(day, staff.breaks.get(day.weekday(), ()), tz)
    return subtract(working, [*pauses, *staff.absences])


def working_days_between(first: date, last: date, holidays_: HolidayCalendar) -> int:
    """Working days (Monday to Friday, not a holiday) after `first` up to and including `last`:
    0 for a time on `first` itself, 1 for the next working day (a Friday's next is Monday)."""
    count, day = 0, first + timedelta(days=1)
    while day <= last:
        if day.weekday() < 5 and not holidays_.is_closed(day):
            count += 1
        day += timedelta(days=1)
    return count
