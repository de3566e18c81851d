"""What a simulated day takes from the centre's database: the manager's routing weights and
the visit history (service times, and the walk-in profile when no arrivals are given)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from centre.store import settings as settings_store
from kernel import visit_store

# The weeks before the day whose visits give the service times and the walk-in profile.
HISTORY_WEEKS = 8


@dataclass(frozen=True)
class SimulationHistory:
    weights: Mapping[str, float]
    # service -> seconds at the counter of each served visit
    service_seconds: Mapping[str, list[int]]
    # Every visit fact of the HISTORY_WEEKS weeks before the day.
    facts: list[dict[str, Any]]


def history(db: Database, centre: str, day: date) -> SimulationHistory:
    """The weights and the last HISTORY_WEEKS weeks of visits before `day`."""
    first, last = day - timedelta(weeks=HISTORY_WEEKS), day - timedelta(days=1)
    facts = visit_store.between(db, first.isoformat(), last.isoformat(), centre)
    seconds: dict[str, list[int]] = {}
    for fact in facts:
        if fact["status"] == "served" and fact["service_seconds"]:
            seconds.setdefault(fact["service"], []).append(fact["service_seconds"])
    # The same weights call-next reads (centre/domain/counter/calling.py).
    # In a fixed order, so resampling with a seed draws the same times whatever the SQL order.
    ordered = {service: sorted(times) for service, times in sorted(seconds.items())}
    return SimulationHistory(settings_store.weights(db), ordered, facts)
