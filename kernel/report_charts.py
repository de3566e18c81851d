"""The managers' standard pictures of a period: visits and waits by hour and weekday, the trend
by week, the split by administration; each with the numbers for its table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from kernel.catalogue import Catalogue
from kernel.charts import Series, bar_chart, column_chart, line_chart
from kernel.report_labels import with_labels
from kernel.reports import ReportFor


@dataclass(frozen=True)
class Chart:
    """One picture and its table: the labels, the values and what they are."""

    id: str
    title: str
    description: str
    column: str
    labels: list[str]
    values: list[float | None]
    svg: Markup


def _write(value: float) -> str:
    """A number on a chart as the reader's language writes it: "12,5" in Danish."""
    return format_decimal(value, "#,##0.#")


def _summary(labels: Sequence[str], values: Sequence[float | None]) -> str:
    found = [(v, label) for label, v in zip(labels, values, strict=True) if v is not None]
    if not found:
        return str(_l("No figures in the period."))
    value, label = max(found)
    shown = _write(value)
    return str(_l("Highest: %(label)s with %(value)s.", label=label, value=shown))


def _rows(report_for: ReportFor, by, catalogue, names) -> list[dict[str, Any]]:
    return with_labels(report_for(by), catalogue, names)["rows"]


def _chart(kind, chart_id, title, column, rows, what) -> Chart:
    labels = [r["label"] for r in rows]
    values = [r[column] for r in rows]
    description = f"{what} {_summary(labels, values)}"
    draw = {"column": column_chart, "line": line_chart, "bar": bar_chart}[kind]
    svg = draw(chart_id, str(title), description, Series(labels, values), write=_write)
    return Chart(chart_id, str(title), description, column, labels, values, svg)


def standard_charts(
    report_for: ReportFor,
    catalogue: Catalogue,
    centre_names: Mapping[str, str] | None = None,
    prefix: str = "chart",
) -> list[Chart]:
    """The six pictures of the period `report_for` reports on, labelled in the current
    language."""
    names = centre_names or {}
    hours = [r for r in _rows(report_for, "hour", catalogue, names) if r["visits"]]
    weekdays = _rows(report_for, "weekday", catalogue, names)
    weekdays = [r for r in weekdays if r["visits"]]
    weeks = _rows(report_for, "week", catalogue, names)
    administrations = _rows(report_for, "administration", catalogue, names)
    administrations = sorted(
        (r for r in administrations if r["visits"]), key=lambda r: -r["visits"]
    )
    return [
        _chart(
            "column",
            f"{prefix}-hour-visits",
            _l("Visits by hour"),
            "visits",
            hours,
            _l("Number of visits for each hour of the day."),
        ),
        _chart(
            "column",
            f"{prefix}-hour-wait",
            _l("Average wait by hour (min.)"),
            "wait_mean_minutes",
            hours,
            _l("Wait in minutes for each hour of the day."),
        ),
        _chart(
            "column",
            f"{prefix}-weekday-visits",
            _l("Visits by weekday"),
            "visits",
            weekdays,
            _l("Number of visits for each weekday."),
        ),
        _chart(
            "column",
            f"{prefix}-weekday-wait",
            _l("Average wait by weekday (min.)"),
            "wait_mean_minutes",
            weekdays,
            _l("Wait in minutes for each weekday."),
        ),
        _chart(
            "line",
            f"{prefix}-week-trend",
            _l("Visits week by week"),
            "visits",
            weeks,
            _l("Number of visits in each week of the period."),
        ),
        _chart(
            "bar",
            f"{prefix}-administration",
            _l("Visits by administration"),
            "visits",
            administrations,
            _l("Number of visits about each administration's tasks."),
        ),
    ]
