"""The clock a running process uses: the real one, or one shifted by ENINDGANG_CLOCK_OFFSET."""

from __future__ import annotations

import math
import os
from datetime import timedelta

from kernel.clock import Clock, OffsetClock, SystemClock

# Seconds to add to the real time. Inherited by child processes, so a demo's central service
# and centres (and a restarted one) all agree on the shifted time.
OFFSET_VARIABLE = "ENINDGANG_CLOCK_OFFSET"


def process_clock() -> Clock:
    """The real clock, unless the environment asks for a shifted one (demos and tests)."""
    raw = os.environ.get(OFFSET_VARIABLE, "").strip()
    if not raw:
        return SystemClock()
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds):
        raise ValueError(f"{OFFSET_VARIABLE} must be a number of seconds, not {raw!r}")
    return OffsetClock(timedelta(seconds=seconds))
