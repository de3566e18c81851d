"""The managers' standard pictures of a period: visits and waits by hour and weekday, the trend
by week, the split by administration; each with the numbers for its table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from kernel.catalogue import Catalogue
from kernel.charts import Series, bar_chart, column_chart, line_chart
from kernel.report_labels import with_labels
from kernel.reports import visit_report


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
        return str(_l("Ingen tal i perioden."))
    value, label = max(found)
    shown = _write(value)
    return str(_l("Højest: %(label)s med %(value)s.", label=label, value=shown))


def _rows(facts, by, first_day, last_day, catalogue, names) -> list[dict[str, Any]]:
    report = visit_report(facts, by, first_day, last_day, catalogue)
    return with_labels(report, catalogue, names)["rows"]


def _chart(kind, chart_id, title, column, rows, what) -> Chart:
    labels = [r["label"] for r in rows]
    values = [r[column] for r in rows]
    description = f"{what} {_summary(labels, values)}"
    draw = {"column": column_chart, "line": line_chart, "bar": bar_chart}[kind]
    svg = draw(chart_id, str(title), description, Series(labels, values), write=_write)
    return Chart(chart_id, str(title), description, column, labels, values, svg)


def standard_charts(
    facts: Sequence[Mapping[str, Any]],
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    centre_names: Mapping[str, str] | None = None,
    prefix: str = "chart",
) -> list[Chart]:
    """The six pictures, labelled in the current language."""
    names = centre_names or {}
    hours = [r for r in _rows(facts, "hour", first_day, last_day, catalogue, names) if r["visits"]]
    weekdays = _rows(facts, "weekday", first_day, last_day, catalogue, names)
    weekdays = [r for r in weekdays if r["visits"]]
    weeks = _rows(facts, "week", first_day, last_day, catalogue, names)
    administrations = _rows(facts, "administration", first_day, last_day, catalogue, names)
    administrations = sorted(
        (r for r in administrations if r["visits"]), key=lambda r: -r["visits"]
    )
    return [
        _chart(
            "column",
            f"{prefix}-hour-visits",
            _l("Besøg fordelt på time"),
            "visits",
            hours,
            _l("Antal besøg for hver time på dagen."),
        ),
        _chart(
            "column",
            f"{prefix}-hour-wait",
            _l("Gennemsnitlig ventetid fordelt på time (min.)"),
            "wait_mean_minutes",
            hours,
            _l("Ventetid i minutter for hver time på dagen."),
        ),
        _chart(
            "column",
            f"{prefix}-weekday-visits",
            _l("Besøg fordelt på ugedag"),
            "visits",
            weekdays,
            _l("Antal besøg for hver ugedag."),
        ),
        _chart(
            "column",
            f"{prefix}-weekday-wait",
            _l("Gennemsnitlig ventetid fordelt på ugedag (min.)"),
            "wait_mean_minutes",
            weekdays,
            _l("Ventetid i minutter for hver ugedag."),
        ),
        _chart(
            "line",
            f"{prefix}-week-trend",
            _l("Besøg uge for uge"),
            "visits",
            weeks,
            _l("Antal besøg i hver uge af perioden."),
        ),
        _chart(
            "bar",
            f"{prefix}-administration",
            _l("Besøg fordelt på forvaltning"),
            "visits",
            administrations,
            _l("Antal besøg for hver forvaltnings opgaver."),
        ),
    ]
