"""Estimated waiting time: people ahead x recent average service time / counters serving."""

from __future__ import annotations

import math
from collections.abc import Sequence

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
    """Whole minutes, rounded up; with no counter open we still assume one will open."""
    if people_ahead <= 0:
        return 0
    counters = max(1, counters_serving)
    return math.ceil(people_ahead * avg_service_minutes / counters)
