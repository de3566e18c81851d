"""Minutes on phone duty in a visit report, summed from the events that end a stretch of duty.

A counter's `counter.phone_ended` event carries its whole stretch (`started_at`, `seconds`),
so a centre (its own event log) and central (the events the centre uploaded) count the same
stretches. A stretch counts in full on the local day it began (a centre closes at night, so
none spans two days in practice). Time groupings (day, week, month, weekday) and the centre get
a figure per row; other groupings (service, channel, ...) have no share of it: the total only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from kernel.clock import iso, parse_iso
from kernel.reports import KEY_OF, empty_figures

ENDED = "counter.phone_ended"
GROUPS = ("centre", "day", "week", "month", "weekday")
FIELD = "phone_duty_minutes"


@dataclass(frozen=True)
class Stretch:
    """One stretch of phone duty at a centre's counter."""

    centre: str
    started_at: datetime
    seconds: int


def _midnight(day: date, shift: int, tz: tzinfo) -> str:
    """UTC text of local midnight `shift` days from `day`; past the calendar's ends, a text
    beyond every event's time on that side."""
    try:
        return iso(datetime.combine(day + timedelta(days=shift), datetime.min.time(), tz))
    except OverflowError:
        return "9999" if shift > 0 else "0000"


def event_window(first_day: date, last_day: date, tz: tzinfo) -> tuple[str, str]:
    """The UTC text range of ending events that may hold the period's stretches (a day of
    slack each side: the local day is decided per stretch)."""
    return _midnight(first_day, -1, tz), _midnight(last_day, 2, tz)


def stretches(events: Iterable[Mapping[str, Any]]) -> list[Stretch]:
    """The stretches ending events tell of (`centre`, `data` as text or dict); an event whose
    data is malformed is passed over, not fatal (central must not trust a centre's shape)."""
    found = []
    for event in events:
        data = event.get("data")
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                continue
        if not isinstance(data, dict):
            continue
        seconds, started = data.get("seconds"), data.get("started_at")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
            continue
        try:
            began = parse_iso(started) if isinstance(started, str) else None
        except ValueError:
            began = None
        if began is None or began.tzinfo is None:
            continue
        found.append(Stretch(str(event.get("centre") or ""), began, seconds))
    return found


def add_to_report(report: dict[str, Any], found: Iterable[Stretch], tz: tzinfo) -> dict[str, Any]:
    """The report with minutes on phone duty in its total and, for the GROUPS, in each row
    (a key with duty but no visits gets a row of its own)."""
    first, last, by = report["from"], report["to"], report["by"]
    per_key: dict[Any, int] = {}
    total = 0
    for stretch in found:
        local = stretch.started_at.astimezone(tz)
        day = local.date().isoformat()
        if not first <= day <= last:
            continue
        total += stretch.seconds
        if by in GROUPS:
            fact = {"centre": stretch.centre, "day": day, "weekday": local.weekday()}
            key = KEY_OF[by](fact)
            per_key[key] = per_key.get(key, 0) + stretch.seconds
    report["total"][FIELD] = round(total / 60, 1)
    if by not in GROUPS:
        return report
    known = {row["key"] for row in report["rows"]}
    extra = [{"key": key, **empty_figures()} for key in per_key if key not in known]
    rows = sorted([*report["rows"], *extra], key=lambda r: (str(type(r["key"])), r["key"]))
    for row in rows:
        row[FIELD] = round(per_key.get(row["key"], 0) / 60, 1)
    report["rows"] = rows
    return report
