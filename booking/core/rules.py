"""Checks on a requested appointment time: notice, horizon, holidays, hours, free staff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from booking.core.calendar import HolidayCalendar, local_day
from booking.core.errors import BookingError, invalid
from booking.core.model import Interval, Policy, ServiceRule, Slot, StaffCalendar
from booking.core.slots import Grid, bookable_window, free_slots

TICK = timedelta(microseconds=1)


def check_time_window(start: datetime, now: datetime, policy: Policy, tz: ZoneInfo) -> None:
    """Refuse times in the past, inside the minimum notice, or beyond the booking horizon."""
    earliest, last_day = bookable_window(now, policy, tz)
    if start <= now:
        raise invalid(start="past")
    if start < earliest:
        raise invalid(start="too_soon")
    if local_day(start, tz) > last_day:
        raise invalid(start="beyond_horizon")


def check_requested_slot(
    service: ServiceRule,
    staff: Sequence[StaffCalendar],
    busy: Mapping[str, Iterable[Interval]],
    start: datetime,
    now: datetime,
    policy: Policy,
    tz: ZoneInfo,
    holidays: HolidayCalendar,
    grid: Grid | None = None,
) -> Slot:
    """The slot at `start` with its free qualified staff, or why it cannot be booked.

    Validation errors (422) for times that can never be booked; `slot_taken` (409) when the
    time is a real slot but every qualified staff member is already booked. `grid`: the
    centre's cached day grids of this service (see `free_slots`).
    """
    check_time_window(start, now, policy, tz)
    if holidays.is_closed(local_day(start, tz)):
        raise invalid(start="closed_day")
    if not any(member.qualifies(service) for member in staff):
        raise invalid(centre="service_not_offered")
    window = (start, start + TICK)
    args = (service, staff, busy, window, now, policy, tz, holidays)
    if not free_slots(*args, ignore_busy=True, grid=grid):
        raise invalid(start="outside_hours")
    found = free_slots(*args, grid=grid)
    if not found:
        raise BookingError("slot_taken")
    return found[0]
