"""A report request's query string, read the same way at a centre and at central."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from kernel.reports import ReportError, parse_group, parse_period

FORMATS = ("json", "csv", "xlsx")
PERIODS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class ReportRequest:
    """What was asked: the days, the grouping, the format, one centre, for publication."""

    first_day: date
    last_day: date
    by: str
    fmt: str
    centre: str | None
    publish: bool


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """The calendar day, ISO week, month, quarter or year that holds `day`."""
    if period == "day":
        return day, day
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    months = 1 if period == "month" else 3
    first_month = day.month if months == 1 else 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    after = first_month + months
    end = date(day.year + (after > 12), (after - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def parse(args: Mapping[str, str]) -> ReportRequest:
    """`from`+`to` (YYYY-MM-DD, inclusive), or `period` (day, week, month, quarter, year) with
    `date`; `by`; optional `format`, `centre`, `publish` (1: cells under 5 visits hidden)."""
    period = args.get("period")
    if period is not None:
        if period not in PERIODS:
            raise ReportError("validation", field="period")
        try:
            day = date.fromisoformat(args.get("date", ""))
            # A period that would run past the calendar (around year 9999) has no bounds.
            first_day, last_day = period_bounds(period, day)
        except (ValueError, OverflowError):
            raise ReportError("validation", field="date") from None
    else:
        first_day, last_day = parse_period(args.get("from"), args.get("to"))
    fmt = args.get("format", "json")
    if fmt not in FORMATS:
        raise ReportError("validation", field="format")
    centre = args.get("centre") or None
    if centre is not None and len(centre) > 64:
        raise ReportError("validation", field="centre")
    publish = args.get("publish", "0")
    if publish not in ("0", "1"):
        raise ReportError("validation", field="publish")
    return ReportRequest(
        first_day, last_day, parse_group(args.get("by")), fmt, centre, publish == "1"
    )
