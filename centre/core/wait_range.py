"""The wait a citizen is shown: an estimate turned into a rounded range ("about 10–20 min")."""

from __future__ import annotations

import math

STEP_MINUTES = 5
# The widest range shown: wider says nothing; the issue caps it at 10 minutes.
MAX_WIDTH_MINUTES = 2 * STEP_MINUTES


def shown_range(estimate_minutes: float) -> tuple[int, int]:
    """The estimate rounded to the nearest 5 minutes (halves up), one step either side, never
    below 0: 0-5 under 2.5 minutes, 0-10 under 7.5, 5-15 under 12.5, and so on. It always holds
    the estimate and is at most 10 minutes wide."""
    centre = STEP_MINUTES * math.floor(max(0.0, estimate_minutes) / STEP_MINUTES + 0.5)
    return max(0, centre - STEP_MINUTES), centre + STEP_MINUTES


def in_range(actual_minutes: float, shown: tuple[int, int]) -> bool:
    """Inclusive at both ends: a wait of exactly 15 minutes is "about 10-15 minutes"."""
    return shown[0] <= actual_minutes <= shown[1]
