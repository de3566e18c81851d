"""The tax-secondee rule: where a centre's opening hours, Monday to Friday, have fewer than the
minimum of tax secondees at work (breaks and absences count as away)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from booking.core import opening_hours
from booking.core.calendar import local_instant, parse_time, working_time
from booking.core.model import Interval, StaffCalendar

TAX_ROLE = "tax"
# The rule asks for secondees Monday to Friday; a centre open on Saturday is not held to it.
RULE_WEEKDAYS = range(5)
ALLOWED_MINIMUMS = (1, 2)


class ClosedDays(Protocol):
    """Which local days the centres are closed (HolidayCalendar)."""

    def is_closed(self, day: date) -> bool: ...


class NeverClosed:
    """No holidays: the weekly plan, read without any particular week's days."""

    def is_closed(self, day: date) -> bool:
        return False


@dataclass(frozen=True)
class Gap:
    """Opening hours of a centre on a day covered by fewer than the minimum of secondees."""

    centre: str
    day: date
    start: time
    end: time
    # The fewest secondees at work at any moment of the gap.
    present: int


def count_gaps(
    opening: Sequence[Interval], present: Sequence[Sequence[Interval]], minimum: int
) -> list[tuple[Interval, int]]:
    """The stretches of `opening` where fewer than `minimum` of the `present` lists cover the
    time (adjacent short stretches joined), each with the fewest present in it."""
    found: list[tuple[Interval, int]] = []
    for open_start, open_end in opening:
        marks = {open_start, open_end}
        for person in present:
            for start, end in person:
                marks.update(m for m in (start, end) if open_start < m < open_end)
        points = sorted(marks)
        for a, b in zip(points, points[1:], strict=False):
            count = sum(any(s <= a and b <= e for s, e in person) for person in present)
            if count >= minimum:
                continue
            if found and found[-1][0][1] == a:
                (start, _), fewest = found[-1]
                found[-1] = ((start, b), min(fewest, count))
            else:
                found.append(((a, b), count))
    return found


def cover(present: Sequence[Sequence[Interval]]) -> list[tuple[Interval, int]]:
    """The stretches where at least one of the `present` lists is at work, each with how many
    are (a stretch ends where that number changes), in order."""
    points = sorted({m for person in present for span in person for m in span})
    found: list[tuple[Interval, int]] = []
    for a, b in zip(points, points[1:], strict=False):
        count = sum(any(s <= a and b <= e for s, e in person) for person in present)
        if count == 0:
            continue
        if found and found[-1][0][1] == a and found[-1][1] == count:
            found[-1] = ((found[-1][0][0], b), count)
        else:
            found.append(((a, b), count))
    return found


def _local(moment: datetime, day: date, tz: ZoneInfo) -> time:
    """A moment as wall-clock time on `day`; the next midnight is time.max ("24:00")."""
    local = moment.astimezone(tz)
    return time.max if local.date() > day else local.time()


def centre_gaps(
    centre: str,
    hours: opening_hours.Hours,
    staff: Sequence[StaffCalendar],
    days: Sequence[date],
    tz: ZoneInfo,
    closed: ClosedDays,
    minimum: int,
) -> list[Gap]:
    """The gaps of one centre on the given days (closed days and weekends are not checked)."""
    secondees = secondees_at(centre, staff)
    gaps: list[Gap] = []
    for day in days:
        if day.weekday() not in RULE_WEEKDAYS or closed.is_closed(day):
            continue
        opening = [
            (local_instant(day, parse_time(a), tz), local_instant(day, parse_time(b), tz))
            for weekday, a, b in hours
            if weekday == day.weekday()
        ]
        present = [working_time(s, day, tz, closed) for s in secondees]
        for (start, end), fewest in count_gaps(opening, present, minimum):
            gaps.append(Gap(centre, day, _local(start, day, tz), _local(end, day, tz), fewest))
    return gaps


def secondees_at(centre: str, staff: Sequence[StaffCalendar]) -> list[StaffCalendar]:
    """The active tax secondees of one centre."""
    return [s for s in staff if s.active and s.role == TAX_ROLE and s.centre == centre]


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


def weekly_plan(staff: Sequence[StaffCalendar]) -> list[StaffCalendar]:
    """The calendars without absences and extra days: the plan every week repeats."""
    return [replace(s, absences=(), extra_days={}) for s in staff]
