"""Estimated waiting time: people ahead x recent average service time / counters serving;
no number, but the reason, while no counter that serves it is staffed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from centre.core.hours import OpeningHours

# A visit "finished" faster than this was a mis-tap or a hand-over, not a service time.
MIN_PLAUSIBLE_MINUTES = 0.5


def average_service_minutes(
    recent_durations_minutes: Sequence[float], default_minutes: float, window: int = 20
) -> float:
    """Mean of the most recent real service durations, or the catalogue default without any."""
    plausible = [d for d in recent_durations_minutes if d >= MIN_PLAUSIBLE_MINUTES]
    recent = plausible[-window:]
    if not recent:
        return float(default_minutes)
    return sum(recent) / len(recent)


def estimate_wait_minutes(
    people_ahead: int, avg_service_minutes: float, counters_serving: int
) -> int:
    """Whole minutes, rounded up; with no counter open this assumes one will open (plans and
    the closing-time check use it; citizens are promised `honest_wait`)."""
    if people_ahead <= 0:
        return 0
    counters = max(1, counters_serving)
    return math.ceil(people_ahead * avg_service_minutes / counters)


@dataclass(frozen=True)
class WaitNote:
    """Why no wait is promised: "opens_at" (the centre opens later today, at `time`) or
    "unknown" (nobody is at a counter that serves it, and none is expected)."""

    code: str
    time: datetime | None = None


@dataclass(frozen=True)
class HonestWait:
    """A wait in whole minutes, or None with the note that says why there is no number."""

    minutes: int | None
    note: WaitNote | None = None


def no_counter_note(hours: OpeningHours, now: datetime) -> WaitNote:
    """What to say instead of a number: when the centre opens, if that is later today."""
    if hours.current_period(now) is None:
        opens = hours.next_opening(now)
        local_now = now.astimezone(hours.tz)
        if opens is not None and opens.astimezone(hours.tz).date() == local_now.date():
            return WaitNote("opens_at", opens)
    return WaitNote("unknown")


def honest_wait(
    people_ahead: int,
    avg_service_minutes: float,
    counters_serving: int,
    counters_expected: int,
    hours: OpeningHours,
    now: datetime,
) -> HonestWait:
    """The wait promised to a citizen: a number only while a counter that serves it is staffed
    (`counters_expected` counts those on a break too: they are expected back)."""
    if counters_expected <= 0:
        return HonestWait(None, no_counter_note(hours, now))
    return HonestWait(estimate_wait_minutes(people_ahead, avg_service_minutes, counters_serving))
