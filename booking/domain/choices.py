"""Slots arranged for the citizen's choices: days with free times, one time per start."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from booking.core.calendar import local_day
from booking.core.model import Slot

DAYS_PER_PAGE = 14


def days_with_slots(slots: Sequence[Slot], tz: ZoneInfo) -> list[tuple[date, int]]:
    """Each local day that has free times, with how many distinct times it has."""
    starts: dict[date, set] = {}
    for slot in slots:
        starts.setdefault(local_day(slot.start, tz), set()).add(slot.start)
    return [(day, len(starts[day])) for day in sorted(starts)]


def first_per_time(slots: Sequence[Slot], centre_order: Sequence[str]) -> list[Slot]:
    """One slot per start time, at the first centre (in the centres' own order) free then."""
    rank = {centre: n for n, centre in enumerate(centre_order)}
    best: dict = {}
    for slot in slots:
        current = best.get(slot.start)
        if current is None or rank.get(slot.centre, 99) < rank.get(current.centre, 99):
            best[slot.start] = slot
    return [best[start] for start in sorted(best)]


def page_after(first: date) -> date:
    return first + timedelta(days=DAYS_PER_PAGE)
