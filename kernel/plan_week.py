"""A centre's staffing plan for one week as plain data: forecast, backtest and need per hour.

Pure: each app reads its own history, bookings and staffing and hands them here, so central's
plan and a centre's plan are computed alike (kernel/forecast.py, kernel/staffing_plan.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from kernel import forecast, staffing_plan
from kernel.catalogue import Catalogue

DEFAULT_LEVEL = 0.8
MIN_LEVEL, MAX_LEVEL = 0.5, 0.99
# A wait target longer than an hour is no service level any centre plans for.
MAX_TARGET_SECONDS = 3600
PLAN_KEYS = ("service_level", "target_seconds")
WEEK = re.compile(r"(\d{4})-W(\d{2})")
SETTINGS = forecast.Settings()


@dataclass(frozen=True)
class Target:
    """A centre's plan target: the share `level` of citizens called within `seconds` (None:
    each service's own target wait from the catalogue)."""

    level: float = DEFAULT_LEVEL
    seconds: float | None = None


def parse_target(raw: object, where: str, default: Target = Target()) -> Target:
    """A config's plan table ({service_level, target_seconds}, both optional) over `default`;
    ValueError with a sentence naming `where` otherwise."""
    if raw is None:
        return default
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be a table like {{ service_level = 0.8 }}")
    unknown = sorted(set(raw) - set(PLAN_KEYS))
    if unknown:
        raise ValueError(f"{where} knows service_level and target_seconds, not {unknown[0]!r}")
    level = raw.get("service_level", default.level)
    if (
        not isinstance(level, int | float)
        or isinstance(level, bool)
        or not MIN_LEVEL <= level <= MAX_LEVEL
    ):
        raise ValueError(
            f"{where} service_level must be a share from {MIN_LEVEL} to {MAX_LEVEL} "
            f"(0.8: 80 % called within the target), not {level!r}"
        )
    seconds = raw.get("target_seconds", default.seconds)
    if seconds is not None and (
        not isinstance(seconds, int)
        or isinstance(seconds, bool)
        or not 1 <= seconds <= MAX_TARGET_SECONDS
    ):
        raise ValueError(
            f"{where} target_seconds must be whole seconds from 1 to {MAX_TARGET_SECONDS} "
            f"(leave it out for each service's own target), not {seconds!r}"
        )
    return Target(float(level), None if seconds is None else float(seconds))


def parse_level(value: object, default: float = DEFAULT_LEVEL) -> float:
    """?level= the share to call within the target, 0.5 to 0.99 (nothing: `default`);
    ValueError "format" or "range" otherwise."""
    if value in (None, ""):
        return default
    try:
        level = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError("format") from None
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError("range")
    return level


def parse_week(value: object) -> date | None:
    """ "2026-W49" -> the Monday of that ISO week; nothing -> None (next week); ValueError
    "format" otherwise."""
    if value in (None, ""):
        return None
    match = WEEK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("format")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ValueError("format") from None


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def origin_for(monday: date, today: date) -> date:
    """The forecast reads the weeks before the asked week, or before this week when the asked
    week lies further ahead (nothing after today has happened yet)."""
    return min(monday, today - timedelta(days=today.weekday()))


def history_days(origin: date) -> tuple[str, str]:
    """The first and last local day of history the forecast and its backtest read."""
    first = origin - timedelta(weeks=SETTINGS.history_weeks)
    return first.isoformat(), (origin - timedelta(days=1)).isoformat()


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def service_seconds(catalogue: Catalogue, seen: Mapping[str, float]) -> dict[str, float]:
    """Mean service time per service from the history, the catalogue's minutes without one."""
    return {
        s.id: float(seen[s.id]) if seen.get(s.id) else s.service_minutes * 60.0
        for s in catalogue.services
    }


def build(
    centre: Mapping[str, str],
    monday: date,
    origin: date,
    walk_ins: Iterable[tuple[str, int, str, int]],
    seen_seconds: Mapping[str, float],
    catalogue: Catalogue,
    open_hours: forecast.OpenHours,
    booked: Iterable[tuple[datetime, datetime]],
    staffed: Mapping[staffing_plan.Slot, float],
    tz: tzinfo,
    level: float,
    target_seconds: float | None = None,
) -> dict[str, Any]:
    """The plan as the API answers it: per hour the forecast walk-ins, the counters they and
    the booked times need, the counters staffed and the shortfall; the backtest's WAPE.
    `walk_ins` are (day, hour, service, count) rows, `booked` the booked times' spans;
    `target_seconds` the wait target of every service (None: each service's own)."""
    counts = {(date.fromisoformat(d), h, s): float(n) for d, h, s, n in walk_ins}
    days = forecast.week_days(monday)
    predicted = forecast.forecast(counts, origin, days, open_hours, SETTINGS)
    tested = forecast.backtest(counts, origin, open_hours, SETTINGS)
    targets = {
        s.id: s.target_wait_minutes * 60.0 if target_seconds is None else target_seconds
        for s in catalogue.services
    }
    plan = staffing_plan.plan_hours(
        [(d, h) for d in days for h in sorted(open_hours(d))],
        predicted.arrivals,
        staffing_plan.minutes_per_hour(booked, tz),
        staffed,
        service_seconds(catalogue, seen_seconds),
        targets,
        level,
    )
    return {
        "centre": {"id": centre["id"], "name": centre["name"]},
        "week": week_label(monday),
        "level": level,
        "target_seconds": target_seconds,
        "trend": round(predicted.trend, 3),
        "backtest": {
            "weeks": len(tested.weeks),
            "wape": _rounded(tested.wape),
            "services": {s: _rounded(w) for s, w in tested.services.items()},
        },
        "hours": [_hour_view(h) for h in plan],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _hour_view(h: staffing_plan.HourPlan) -> dict[str, Any]:
    return {
        "day": h.day.isoformat(),
        "hour": h.hour,
        "walk_ins": round(h.walk_ins, 2),
        "load_erlangs": round(h.load_erlangs, 3),
        "walk_in_counters": h.walk_in_counters,
        "booked_minutes": round(h.booked_minutes, 1),
        "booked_counters": h.booked_counters,
        "needed": h.needed,
        "staffed": round(h.staffed, 2),
        "short": None if h.needed is None else h.short,
    }
