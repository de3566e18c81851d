"""The report page's view, the same at a centre and at central: the form as asked, the table's
figures written the reader's way ("12,5" and "12,5 %" in Danish), the six charts with their
tables, and the links to the downloads and the neighbouring periods."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import request, url_for
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from kernel import report_request
from kernel.catalogue import Catalogue
from kernel.i18n import current_language
from kernel.phone_duty import FIELD as PHONE_DUTY
from kernel.report_charts import Chart, standard_charts
from kernel.report_labels import COLUMN_NAMES, GROUP_NAMES, with_labels
from kernel.reports import GROUPS, NUMBERS, ReportError, ReportFor

RANGE = "range"
PRESETS = {
    "day": _l("Day"),
    "week": _l("Week"),
    "month": _l("Month"),
    "quarter": _l("Quarter"),
    "year": _l("Year"),
    RANGE: _l("From–to (the days below)"),
}
PREVIOUS = {
    "day": _l("Previous day"),
    "week": _l("Previous week"),
    "month": _l("Previous month"),
    "quarter": _l("Previous quarter"),
    "year": _l("Previous year"),
}
NEXT = {
    "day": _l("Next day"),
    "week": _l("Next week"),
    "month": _l("Next month"),
    "quarter": _l("Next quarter"),
    "year": _l("Next year"),
}
FIELD_ERRORS = {
    "period": _l("Choose a period."),
    "date": _l("Type the day as YYYY-MM-DD."),
    "from": _l("Type the first day as YYYY-MM-DD."),
    "to": _l("Type the last day as YYYY-MM-DD: on or after the first day, at most three years on."),
    "by": _l("Choose what to group the visits by."),
    "centre": _l("Choose one of the centres."),
}
# The columns the page shows: the figures a manager asks for first; how well the kiosk's shown
# wait held is a table of its own below (one table of every figure is wider than a screen).
SHOWN_WAIT_COLUMNS = tuple(n for n in NUMBERS if n.startswith("shown_wait_"))
COLUMNS = tuple(
    n for n in NUMBERS[: NUMBERS.index("first_free_days_mean")] if n not in SHOWN_WAIT_COLUMNS
)
# Central knows each day's first free time of the booked services (a centre does not).
FIRST_FREE_COLUMNS = NUMBERS[len(COLUMNS) :]
DEFAULT_PERIOD = "month"
DEFAULT_GROUP = "administration"
# What each standard chart's rows are (kernel.report_charts names them by this suffix).
CHART_GROUPS = {
    "hour-visits": "hour",
    "hour-wait": "hour",
    "weekday-visits": "weekday",
    "weekday-wait": "weekday",
    "week-trend": "week",
    "administration": "administration",
}
NO_FIGURE = "–"


def figure(column: str, value: float | None) -> str:
    """One figure as the reader's language writes it; a dash where there is none."""
    if value is None:
        return NO_FIGURE
    if column.endswith("_share"):
        return format_percent(value, "#,##0.0\xa0%")
    if column.endswith("_minutes") or column == "first_free_days_mean":
        return format_decimal(value, "#,##0.0")
    return format_decimal(value)


@dataclass(frozen=True)
class Form:
    """The form's fields as the page shows them (strings, as typed or chosen)."""

    period: str
    date: str
    first: str
    last: str
    by: str
    centre: str


@dataclass
class Asked:
    """The form, the request it makes (None when a field is wrong) and the wrong field."""

    form: Form
    request: report_request.ReportRequest | None
    error_field: str | None = None
    error: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def read_form(args: Mapping[str, str], today: date) -> Asked:
    """The page's query: `period` (day … year, or `range` for `from`/`to`) and `date` (default
    this month around today), `by` (default administration), `centre`."""
    form = Form(
        period=args.get("period") or DEFAULT_PERIOD,
        date=args.get("date") or today.isoformat(),
        first=args.get("from", ""),
        last=args.get("to", ""),
        by=args.get("by") or DEFAULT_GROUP,
        centre=args.get("centre", ""),
    )
    query = {"by": form.by}
    if form.period == RANGE:
        query.update({"from": form.first, "to": form.last})
    else:
        query.update({"period": form.period, "date": form.date})
    try:
        asked = report_request.parse(query)
    except ReportError as error:
        return refused(Asked(form, None), error.params["field"])
    # The from/to fields show the days shown, ready to be changed into a range of one's own.
    shown = Form(
        form.period,
        form.date,
        asked.first_day.isoformat(),
        asked.last_day.isoformat(),
        form.by,
        form.centre,
    )
    return Asked(shown, asked)


def refused(asked: Asked, field_name: str) -> Asked:
    """The form with one field marked wrong and the sentence that says why."""
    message = str(FIELD_ERRORS.get(field_name, FIELD_ERRORS["period"]))
    return Asked(asked.form, None, field_name, message, {field_name: message})


def _day(day: date) -> str:
    return format_date(day, "long")


def heading(first: date, last: date, by: str) -> str:
    if first == last:
        return str(_l("Visits on %(day)s by %(group)s", day=_day(first), group=_group(by)))
    return str(
        _l(
            "Visits from %(first)s to %(last)s by %(group)s",
            first=_day(first),
            last=_day(last),
            group=_group(by),
        )
    )


def _group(by: str) -> str:
    # Inside a sentence: "… fordelt på forvaltning", "… by administration".
    return str(GROUP_NAMES[by]).lower()


def _link(endpoint: str, **query: Any) -> str:
    return url_for(endpoint, lang=current_language(), **{k: v for k, v in query.items() if v})


def steps(endpoint: str, form: Form, asked: report_request.ReportRequest) -> list[dict]:
    """Links to the period before and after (for a day … year; none for from–to)."""
    if form.period == RANGE:
        return []
    common = {"period": form.period, "by": form.by, "centre": form.centre}
    links = []
    for rel, labels, day, step in (
        ("prev", PREVIOUS, asked.first_day, -1),
        ("next", NEXT, asked.last_day, 1),
    ):
        try:
            neighbour = day + timedelta(days=step)
        except OverflowError:  # no period before year 1 or after 9999
            continue
        url = _link(endpoint, date=neighbour.isoformat(), **common)
        links.append({"rel": rel, "label": str(labels[form.period]), "url": url})
    return links


def downloads(api_endpoint: str, asked: report_request.ReportRequest, centre: str | None) -> list:
    """CSV and XLSX of the shown report, and both again for publication (small groups blank)."""
    query = {
        "from": asked.first_day.isoformat(),
        "to": asked.last_day.isoformat(),
        "by": asked.by,
        "centre": centre,
    }
    return [
        {"label": str(_l("CSV")), "url": _link(api_endpoint, format="csv", **query)},
        {"label": str(_l("Excel (XLSX)")), "url": _link(api_endpoint, format="xlsx", **query)},
        {
            "label": str(_l("CSV for publication")),
            "url": _link(api_endpoint, format="csv", publish="1", **query),
        },
        {
            "label": str(_l("Excel (XLSX) for publication")),
            "url": _link(api_endpoint, format="xlsx", publish="1", **query),
        },
    ]


def chart_view(chart: Chart) -> dict[str, Any]:
    """A chart with the rows of its table: each label and its value written as in the table."""
    suffix = next(s for s in CHART_GROUPS if chart.id.endswith(s))
    return {
        "chart": chart,
        "label_heading": str(GROUP_NAMES[CHART_GROUPS[suffix]]),
        "value_heading": str(COLUMN_NAMES[chart.column]),
        "rows": [
            (label, figure(chart.column, value))
            for label, value in zip(chart.labels, chart.values, strict=True)
        ],
    }


def language_links() -> list[dict]:
    """This page in each language, keeping what was asked."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    endpoint = request.endpoint or ""
    return [
        {"lang": code, "name": name, "url": url_for(endpoint, lang=code, **args)}
        for code, name in (("da", "Dansk"), ("en", "English"))
    ]


def build(
    asked: report_request.ReportRequest,
    form: Form,
    report_for: ReportFor,
    catalogue: Catalogue,
    centre_names: Mapping[str, str],
    *,
    page_endpoint: str,
    api_endpoint: str,
    centre: str | None = None,
    first_free: bool = False,
) -> dict[str, Any]:
    """Everything the page shows of the asked report (first_free: central's columns)."""
    columns = COLUMNS + (FIRST_FREE_COLUMNS if first_free else ())
    report = with_labels(report_for(asked.by), catalogue, centre_names)
    if PHONE_DUTY in report["total"]:
        columns += (PHONE_DUTY,)
    rows = [
        {
            "key": str(r["key"]),
            "label": r["label"],
            "cells": [figure(c, r.get(c)) for c in columns],
            "shown_cells": [figure(c, r[c]) for c in SHOWN_WAIT_COLUMNS],
        }
        for r in report["rows"]
    ]
    charts = standard_charts(report_for, catalogue, centre_names)
    return {
        "heading": heading(asked.first_day, asked.last_day, asked.by),
        "group_name": str(GROUP_NAMES[asked.by]),
        "columns": [{"id": c, "name": str(COLUMN_NAMES[c])} for c in columns],
        "rows": rows,
        "total": [figure(c, report["total"][c]) for c in columns],
        "shown_columns": [{"id": c, "name": str(COLUMN_NAMES[c])} for c in SHOWN_WAIT_COLUMNS],
        "shown_total": [figure(c, report["total"][c]) for c in SHOWN_WAIT_COLUMNS],
        "visits": report["total"]["visits"],
        "shown_note": shown_note(report["total"]),
        "steps": steps(page_endpoint, form, asked),
        "downloads": downloads(api_endpoint, asked, centre),
        "charts": [chart_view(c) for c in charts],
    }


def shown_note(total: Mapping[str, Any]) -> str:
    """How many of the period's visits count in the shown-wait figures."""
    shown = total["shown_wait_visits"]
    if not shown:
        return str(_l("No visit in the period was shown a wait range and then called."))
    return str(
        _l(
            "%(shown)s of the %(visits)s visits were shown a wait range and then called.",
            shown=format_decimal(shown),
            visits=format_decimal(total["visits"]),
        )
    )


def choices() -> dict[str, list[tuple[str, str]]]:
    """The form's lists: the period lengths and the groupings, in the current language."""
    return {
        "presets": [(k, str(v)) for k, v in PRESETS.items()],
        "groups": [(k, str(GROUP_NAMES[k])) for k in GROUPS],
    }
