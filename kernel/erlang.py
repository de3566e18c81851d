"""Staffing by Erlang C (and Erlang A where citizens leave): counters needed for a service level.

Pure: no Flask, no SQL, no clock. Units: arrivals per hour, service and target in seconds in
the building blocks, minutes where `plan` says so. Load A = arrivals per second × service time
(Erlangs). Erlang C assumes Poisson arrivals, exponential service, one first-come queue and
citizens who never leave; Erlang A (`kernel/erlang_a.py`) adds exponential patience.
"""

from __future__ import annotations

import math
from typing import Any

from kernel.erlang_a import erlang_a, erlang_b, erlang_b_table

# Beyond this many counters a plan says it has no answer instead of searching on.
MAX_AGENTS = 100_000


def load_erlangs(arrivals_per_hour: float, service_seconds: float) -> float:
    """Offered load A = λ·s in Erlangs: arrivals per second × mean service time in seconds."""
    return arrivals_per_hour / 3600.0 * service_seconds


def erlang_c(agents: int, load_erlangs: float) -> float:
    """Probability of waiting in M/M/n, from Erlang B so that nothing overflows:
    B(0) = 1, B(k) = A·B(k−1)/(k + A·B(k−1)); C(n, A) = n·B / (n − A·(1 − B)).
    Equal to (Aⁿ/n!·n/(n−A)) / (Σ_{k<n} Aᵏ/k! + Aⁿ/n!·n/(n−A)). 1.0 when A ≥ n (the queue
    grows without end: everyone waits)."""
    if agents < 0 or load_erlangs < 0:
        raise ValueError("agents and load must not be negative")
    if load_erlangs >= agents:
        return 1.0
    return _c_from_b(agents, load_erlangs, erlang_b(agents, load_erlangs))


def _c_from_b(agents: int, load: float, blocking: float) -> float:
    return agents * blocking / (agents - load * (1.0 - blocking))


def service_level(
    agents: int, load_erlangs: float, service_seconds: float, target_seconds: float
) -> float:
    """Share called within the target: SL = 1 − C(n, A)·e^{−(n − A)·t/s}; 0.0 when A ≥ n."""
    if load_erlangs >= agents:
        return 0.0
    wait = erlang_c(agents, load_erlangs)
    return _level(agents, load_erlangs, service_seconds, target_seconds, wait)


def _level(agents: int, load: float, service_seconds: float, target: float, wait: float) -> float:
    return 1.0 - wait * math.exp(-(agents - load) * target / service_seconds)


def average_speed_of_answer(agents: int, load_erlangs: float, service_seconds: float) -> float:
    """Mean wait of all arrivals: ASA = C(n, A)·s / (n − A); infinite when A ≥ n."""
    if load_erlangs >= agents:
        return math.inf
    return erlang_c(agents, load_erlangs) * service_seconds / (agents - load_erlangs)


def occupancy(agents: int, load_erlangs: float) -> float:
    """Share of the counters' time spent serving: ρ = A / n (at most 1)."""
    if agents < 1:
        raise ValueError("occupancy needs at least one agent")
    return min(1.0, load_erlangs / agents)


def agents_needed(
    arrivals_per_hour: float, service_seconds: float, target_seconds: float, level: float
) -> int | None:
    """The smallest n > A with SL(n) ≥ level (0 when nobody comes). Only n > A can meet any
    target (at A ≥ n the queue grows without end), so the search starts at ⌊A⌋ + 1 and walks
    up, B updated by one recursion step per n; SL → 1 as n grows, so it ends. None when the
    answer would be above MAX_AGENTS."""
    _check_level(level)
    load = load_erlangs(arrivals_per_hour, service_seconds)
    if load == 0:
        return 0
    if load >= MAX_AGENTS:
        return None
    blocking = 1.0
    for n in range(1, MAX_AGENTS + 1):
        carried = load * blocking
        blocking = carried / (n + carried)
        if n <= load:
            continue
        wait = _c_from_b(n, load, blocking)
        if _level(n, load, service_seconds, target_seconds, wait) >= level:
            return n
    return None


def with_shrinkage(agents: int, shrinkage: float) -> int:
    """Counters to schedule so that `agents` are at the counters after absence and breaks:
    ⌈agents / (1 − shrinkage)⌉, shrinkage in [0, 1)."""
    if not 0.0 <= shrinkage < 1.0:
        raise ValueError("shrinkage must be at least 0 and below 1")
    # Round first: 14 / 0.7 is 20.000000000000004 in floating point, and 20 is the answer.
    return math.ceil(round(agents / (1.0 - shrinkage), 9))


def agents_needed_erlang_a(
    arrivals_per_hour: float,
    service_seconds: float,
    target_seconds: float,
    level: float,
    patience_seconds: float,
) -> int | None:
    """The smallest n ≥ 1 whose Erlang A service level reaches `level` (0 when nobody comes).
    The level grows with n; the search gallops from n ≈ A until the level flips, then halves
    the gap (Erlang B for every n from one table). None above MAX_AGENTS."""
    _check_level(level)
    if arrivals_per_hour == 0:
        return 0
    load = load_erlangs(arrivals_per_hour, service_seconds)
    if load >= MAX_AGENTS:
        return None
    table = erlang_b_table(min(MAX_AGENTS, 2 * math.ceil(load) + 64), load)

    def meets(n: int) -> bool:
        while len(table) <= n:
            carried = load * table[-1]
            table.append(carried / (len(table) + carried))
        figures = erlang_a(
            n, arrivals_per_hour, service_seconds, patience_seconds, target_seconds, table[n]
        )
        return figures.service_level >= level

    # Gallop from n ≈ A (where the answer usually lies) in steps 1, 2, 4, … until the level
    # flips, then halve: the chains stay near n ≈ A, short, not those of a far overloaded n.
    start = max(1, round(load))
    step = 1
    if meets(start):
        low, high = start - 1, start  # high meets; low does not, or is 0
        while low >= 1 and meets(low):
            high, step = low, step * 2
            low = max(0, high - step)
    else:
        low, high = start, start + 1
        while not meets(high):
            if high >= MAX_AGENTS:
                return None
            low, step = high, step * 2
            high = min(MAX_AGENTS, low + step)
    while high - low > 1:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle
    return high


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ValueError("the level must lie strictly between 0 and 1")


def plan(
    arrivals_per_hour: float,
    service_minutes: float,
    target_seconds: float,
    level: float,
    shrinkage: float = 0.0,
    agents: int | None = None,
    patience_minutes: float | None = None,
) -> dict[str, Any]:
    """Counters needed for `level` of citizens called within `target_seconds`, and the figures
    for that number and its neighbours (needed − 1 … needed + 2, only numbers above the load
    for Erlang C, at least 1), or for `agents` alone when given.

    Erlang C, or Erlang A when `patience_minutes` (mean patience) is given. Answers
    {"agents_needed", "agents_with_shrinkage", "model": "erlang_c" | "erlang_a",
    "never_meets_target", "rows": [{"agents", "probability_wait", "service_level",
    "asa_seconds", "occupancy"(, "probability_abandon")}]}. `never_meets_target` is true when
    the asked `agents` are at or below the load (Erlang C: the queue grows without end; its row
    then has P(wait) 1, service level 0, occupancy 1 and asa_seconds None) or when no number up
    to MAX_AGENTS meets the target (agents_needed None)."""
    _check_plan(arrivals_per_hour, service_minutes, target_seconds, level, shrinkage, agents)
    if patience_minutes is not None and not (
        math.isfinite(patience_minutes) and patience_minutes > 0
    ):
        raise ValueError("patience must be a positive number of minutes")
    service_seconds = service_minutes * 60.0
    load = load_erlangs(arrivals_per_hour, service_seconds)
    if patience_minutes is None:
        needed = agents_needed(arrivals_per_hour, service_seconds, target_seconds, level)
    else:
        needed = agents_needed_erlang_a(
            arrivals_per_hour, service_seconds, target_seconds, level, patience_minutes * 60.0
        )
    if agents is not None:
        counts = [agents]
    elif needed is None:
        counts = []
    else:
        counts = [n for n in range(needed - 1, needed + 3) if n >= 1]
        if patience_minutes is None:
            counts = [n for n in counts if n > load]
    rows = [
        _row(n, arrivals_per_hour, service_seconds, target_seconds, patience_minutes)
        for n in counts
    ]
    return {
        "agents_needed": needed,
        "agents_with_shrinkage": None if needed is None else with_shrinkage(needed, shrinkage),
        "model": "erlang_c" if patience_minutes is None else "erlang_a",
        "never_meets_target": needed is None
        or (agents is not None and patience_minutes is None and agents <= load),
        "rows": rows,
    }


def _check_plan(
    arrivals: float, service_minutes: float, target: float, level: float, shrinkage: float,
    agents: int | None,
) -> None:  # fmt: skip
    if not (math.isfinite(arrivals) and arrivals >= 0):
        raise ValueError("arrivals per hour must be a number, 0 or more")
    if not (math.isfinite(service_minutes) and service_minutes > 0):
        raise ValueError("the service time must be a positive number of minutes")
    if not (math.isfinite(target) and target >= 0):
        raise ValueError("the target must be a number of seconds, 0 or more")
    _check_level(level)
    if not 0.0 <= shrinkage < 1.0:
        raise ValueError("shrinkage must be at least 0 and below 1")
    if agents is not None and agents < 1:
        raise ValueError("agents must be at least 1")


def _row(
    n: int,
    arrivals_per_hour: float,
    service_seconds: float,
    target_seconds: float,
    patience_minutes: float | None,
) -> dict[str, Any]:
    if patience_minutes is not None:
        figures = erlang_a(
            n, arrivals_per_hour, service_seconds, patience_minutes * 60.0, target_seconds
        )
        return {
            "agents": n,
            "probability_wait": figures.probability_wait,
            "service_level": figures.service_level,
            "asa_seconds": figures.asa_seconds,
            "occupancy": figures.occupancy,
            "probability_abandon": figures.probability_abandon,
        }
    load = load_erlangs(arrivals_per_hour, service_seconds)
    if load >= n:
        return {
            "agents": n,
            "probability_wait": 1.0,
            "service_level": 0.0,
            "asa_seconds": None,
            "occupancy": 1.0,
        }
    return {
        "agents": n,
        "probability_wait": erlang_c(n, load),
        "service_level": service_level(n, load, service_seconds, target_seconds),
        "asa_seconds": average_speed_of_answer(n, load, service_seconds),
        "occupancy": occupancy(n, load),
    }
