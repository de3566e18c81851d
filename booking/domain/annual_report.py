"""The annual report's figures: a year of central's visit facts, city-wide and one section per
administration, published (cells under 5 visits hidden), labelled in the current language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlite_utils import Database

from booking.domain import contact, setup
from kernel import visit_store
from kernel.catalogue import Catalogue
from kernel.charts import Series, column_chart, line_chart
from kernel.report_charts import Chart
from kernel.report_labels import with_labels
from kernel.report_publication import suppress_small
from kernel.reports import SMALL_CELL, visit_report
from kernel.tasks import ADMINISTRATIONS, administration_label

FIRST_YEAR = 2000
LAST_YEAR = 2100
TOP_TASKS = 10


@dataclass(frozen=True)
class Section:
    """One administration's year: its totals and its tables (rows already published)."""

    code: str
    name: str
    total: dict[str, Any]
    hidden: bool  # 1-4 visits in the whole year: no figure at all is shown
    handed_over: int | None
    centres: list[dict[str, Any]]
    channels: list[dict[str, Any]]
    outcomes: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    months: list[dict[str, Any]]
    charts: list[Chart]


@dataclass(frozen=True)
class AnnualReport:
    year: int
    centres: list[str]
    total: dict[str, Any]
    hidden: bool
    administrations: list[dict[str, Any]]
    sections: list[Section]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def load(db: Database, year: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The year's facts from every centre and the centres' names (id -> name)."""
    first, last = year_bounds(year)
    facts = visit_store.between(db, first.isoformat(), last.isoformat())
    names = {c["id"]: c["name"] for c in setup.centres(db, active_only=False)}
    # The contact centre's calls are facts too (channel phone), under its own id.
    return facts, {**names, contact.CONTACT_CENTRE: str(contact.CONTACT_CENTRE_NAME)}


def _published(
    facts: Sequence[Mapping[str, Any]],
    by: str,
    year: int,
    catalogue: Catalogue,
    names: Mapping[str, str],
) -> dict[str, Any]:
    first, last = year_bounds(year)
    report = visit_report(facts, by, first, last, catalogue)
    return suppress_small(with_labels(report, catalogue, names))


def _too_few(visits: int) -> bool:
    return 0 < visits < SMALL_CELL


def _months(
    report: dict[str, Any], year: int, catalogue: Catalogue, names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Twelve rows, a month without visits as 0 (it points at nobody)."""
    found = {r["key"]: r for r in report["rows"]}
    empty = {**{k: None for k in report["total"]}, "visits": 0}
    keyed = [
        found.get(f"{year}-{m:02d}", {"key": f"{year}-{m:02d}", **empty}) for m in range(1, 13)
    ]
    labelled = with_labels({**report, "rows": keyed}, catalogue, names)["rows"]
    return labelled


def _charts(code: str, months: list[dict[str, Any]]) -> list[Chart]:
    # Short month names under the columns ("jan."): twelve full names do not fit the width.
    labels = [format_date(date.fromisoformat(r["key"] + "-01"), "MMM") for r in months]
    visits = [r["visits"] for r in months]
    waits = [r["wait_mean_minutes"] for r in months]
    shown = [
        (
            f"annual-{code}-visits",
            _l("Visits month by month"),
            _l("The number of visits in each month of the year."),
            "visits",
            visits,
            column_chart,
        ),
        (
            f"annual-{code}-wait",
            _l("Mean wait month by month (min.)"),
            _l("The wait in minutes in each month of the year."),
            "wait_mean_minutes",
            waits,
            line_chart,
        ),
    ]
    charts = []
    for chart_id, title, description, column, values, draw in shown:
        svg = draw(chart_id, str(title), str(description), Series(labels, values))
        charts.append(Chart(chart_id, str(title), str(description), column, labels, values, svg))
    return charts


def _section(
    code: str,
    facts: Sequence[Mapping[str, Any]],
    year: int,
    catalogue: Catalogue,
    names: Mapping[str, str],
    language: str,
) -> Section:
    by = {
        by: _published(facts, by, year, catalogue, names)
        for by in ("centre", "channel", "outcome", "month")
    }
    first, last = year_bounds(year)
    tasks = visit_report(facts, "task", first, last, catalogue)
    tasks["rows"] = sorted(tasks["rows"], key=lambda r: (-r["visits"], r["key"]))[:TOP_TASKS]
    tasks = suppress_small(with_labels(tasks, catalogue, names))
    total = by["centre"]["total"]
    outcomes = {r["key"]: r for r in by["outcome"]["rows"]}
    handed = outcomes.get("handed_over")
    months = _months(by["month"], year, catalogue, names)
    return Section(
        code=code,
        name=administration_label(code, language),
        total=total,
        hidden=_too_few(total["visits"]),
        handed_over=(handed["visits"] if handed else 0),
        centres=by["centre"]["rows"],
        channels=by["channel"]["rows"],
        outcomes=by["outcome"]["rows"],
        tasks=tasks["rows"],
        months=months,
        charts=_charts(code, months),
    )


def build(
    facts: Sequence[Mapping[str, Any]],
    year: int,
    catalogue: Catalogue,
    centre_names: Mapping[str, str],
    language: str,
) -> AnnualReport:
    """The whole report (call inside a Flask-Babel context in `language`)."""
    per_administration: dict[str, list[Mapping[str, Any]]] = {code: [] for code in ADMINISTRATIONS}
    for fact in facts:
        per_administration.setdefault(fact["administration"], []).append(fact)
    city = _published(facts, "administration", year, catalogue, centre_names)
    sections = [
        _section(code, found, year, catalogue, centre_names, language)
        for code, found in per_administration.items()
    ]
    return AnnualReport(
        year=year,
        centres=list(centre_names.values()),
        total=city["total"],
        hidden=_too_few(city["total"]["visits"]),
        administrations=city["rows"],
        sections=sections,
    )
