"""A centre's opening hours: read from the config, kept as plain data, grouped for reading."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, time

from booking.core.calendar import WEEKDAYS, format_time, parse_period, parse_time

# (weekday with Monday 0, "HH:MM" open, "HH:MM" close), by weekday and time.
Hours = tuple[tuple[int, str, str], ...]
# First and last weekday of a run of days with the same hours, and those hours.
Group = tuple[int, int, tuple[tuple[str, str], ...]]


def parse(spec: object) -> Hours:
    """From the config: {"monday": "09:00-16:00", "thursday": ["09:00-12:00", "13:00-18:00"]};
    a day left out (or "closed") is closed. ValueError says what is wrong."""
    if not isinstance(spec, Mapping):
        raise ValueError('opening_hours must be a table like { monday = "09:00-16:00" }')
    unknown = sorted(set(spec) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"unknown weekday(s) in opening_hours: {unknown}")
    found: list[tuple[int, str, str]] = []
    for weekday, name in enumerate(WEEKDAYS):
        raw = spec.get(name, [])
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, Sequence) or not all(isinstance(i, str) for i in items):
            raise ValueError(f'opening_hours.{name} must be "HH:MM-HH:MM" or a list of them')
        for item in items:
            if item.strip().lower() in ("", "closed"):
                continue
            start, end = parse_period(item)
            found.append((weekday, format_time(start), format_time(end)))
    return tuple(sorted(found))


def dumps(hours: Hours) -> str:
    return json.dumps([list(item) for item in hours])


def loads(text: str | None) -> Hours:
    """The stored form back; nothing stored (a centre from before opening hours) is no hours."""
    if not text:
        return ()
    return tuple((int(day), str(start), str(end)) for day, start, end in json.loads(text))


def as_spec(hours: Hours) -> dict[str, list[str]]:
    """The config's shape, for the API: {"monday": ["09:00-16:00"], ...}, open days only."""
    spec: dict[str, list[str]] = {}
    for day, start, end in hours:
        spec.setdefault(WEEKDAYS[day], []).append(f"{start}-{end}")
    return spec


def groups(hours: Hours) -> list[Group]:
    """Runs of consecutive open days with the same hours: Monday to Wednesday 9-16, ..."""
    by_day: dict[int, tuple[tuple[str, str], ...]] = {}
    for day, start, end in hours:
        by_day[day] = (*by_day.get(day, ()), (start, end))
    found: list[Group] = []
    for day in sorted(by_day):
        periods = by_day[day]
        if found and found[-1][1] == day - 1 and found[-1][2] == periods:
            found[-1] = (found[-1][0], day, periods)
        else:
            found.append((day, day, periods))
    return found


def hours_open(hours: Hours, day: date) -> frozenset[int]:
    """The local hours (0-23) of `day` in which the centre is open for at least a minute."""
    found: set[int] = set()
    for weekday, start, end in hours:
        if weekday != day.weekday():
            continue
        first, last = parse_time(start), parse_time(end)
        minutes = (last.hour * 60 + last.minute) if last != time.max else 24 * 60
        found.update(range(first.hour, (minutes + 59) // 60))
    return frozenset(found)
