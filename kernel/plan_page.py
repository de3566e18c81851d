"""The staffing plan as a page table, shared by central's and a centre's plan pages: hours as
rows, days as columns, numbers and dates in the page's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date, format_decimal

# The service levels the pages offer (the API takes any from 0.5 to 0.99).
LEVELS = (0.7, 0.8, 0.9, 0.95)


def level_choices(chosen: float) -> list[dict[str, Any]]:
    """The page's service-level options, the asked one among them and selected."""
    levels = sorted({*LEVELS, chosen})
    return [{"value": f"{v:g}", "label": percent(v), "selected": v == chosen} for v in levels]


def number(value: float) -> str:
    return format_decimal(value, "#,##0.#")


def percent(share: float) -> str:
    """0.237 -> "24 %" (a whole percent is as exact as a forecast's error deserves)."""
    return f"{round(share * 100)}\xa0%"


def grid(view: dict[str, Any]) -> dict[str, Any]:
    """Per hour a row, per day a cell (None where nothing is planned): needed, staffed and
    the shortfall as text; the backtest's error and the level as percentages."""
    cells = {(h["day"], h["hour"]): h for h in view["hours"]}
    days = sorted({h["day"] for h in view["hours"]})
    hours = sorted({h["hour"] for h in view["hours"]})

    def cell(hour: dict[str, Any] | None) -> dict[str, Any] | None:
        if hour is None:
            return None
        return {
            "needed": hour["needed"],
            "staffed": number(hour["staffed"]),
            "short": number(hour["short"]) if hour["short"] else None,
        }

    wape = view["backtest"]["wape"]
    return {
        "days": [format_date(date.fromisoformat(d), "EEE d. MMM") for d in days],
        "rows": [(f"{hour:02d}:00", [cell(cells.get((d, hour))) for d in days]) for hour in hours],
        "short": sum(1 for h in view["hours"] if h["short"]),
        "wape": None if wape is None else percent(wape),
        "level": percent(view["level"]),
        # The configured wait target in minutes (None: each service's own target).
        "target": None
        if view.get("target_seconds") is None
        else number(view["target_seconds"] / 60.0),
    }
