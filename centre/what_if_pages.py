"""The manager's what-if page: the day simulated as planned and with staffing changes, side by
side (centre.domain.what_if does the work; this parses, calls and renders)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from centre import what_if_form
from centre.domain import what_if
from centre.web import ctx, db
from kernel import charts, report_view
from kernel.app_state import app_state
from kernel.i18n import select_locale

bp = Blueprint("what_if_pages", __name__)

FIGURES = (
    ("issued", _l("Tickets issued")),
    ("refused", _l("No number at the kiosk")),
    ("served", _l("Served")),
    ("no_shows", _l("No-shows")),
    ("unserved", _l("Never called")),
    ("wait_mean_minutes", _l("Mean wait (minutes)")),
    ("wait_p90_minutes", _l("9 in 10 waited at most (minutes)")),
    ("within_target_share", _l("Called within the target wait")),
)


def _figure(column: str, value: Any) -> str:
    return (
        report_view.figure(column, value)
        if column.endswith(("_minutes", "_share"))
        else (report_view.figure("visits", value))
    )


def _difference(column: str, before: Any, after: Any) -> str:
    if before is None or after is None:
        return report_view.NO_FIGURE
    change = after - before
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return sign + _figure(column, abs(change))


def _figures_rows(comparison: what_if.Comparison) -> list[dict]:
    planned = comparison.planned.figures(comparison.targets)
    changed = comparison.changed.figures(comparison.targets)
    return [
        {
            "key": key,
            "label": str(label),
            "planned": _figure(key, planned[key]),
            "changed": _figure(key, changed[key]),
            "difference": _difference(key, planned[key], changed[key]),
        }
        for key, label in FIGURES
    ]


def _service_rows(comparison: what_if.Comparison, language: str) -> list[dict]:
    found = []
    for service in ctx().catalogue.services:
        before = comparison.planned.figures(comparison.targets, service.id)
        after = comparison.changed.figures(comparison.targets, service.id)
        if not before["issued"] and not after["issued"]:
            continue
        found.append(
            {
                "key": service.id,
                "label": service.label(language),
                "cells": [
                    (f"{which}-{key}", _figure(key, got[key]))
                    for key in ("served", "unserved", "wait_mean_minutes", "within_target_share")
                    for which, got in (("planned", before), ("changed", after))
                ],
            }
        )
    return found


def _hour_means(comparison: what_if.Comparison) -> list[tuple[str, float | None, float | None]]:
    """Per hour of arrival: the label and the mean wait as planned and with the changes."""
    tz = ctx().tz
    before, after = comparison.planned.hour_waits(tz), comparison.changed.hour_waits(tz)
    found = []
    for hour in sorted(set(before) | set(after)):
        means = [
            sum(waits) / len(waits) if waits else None
            for waits in (before.get(hour, []), after.get(hour, []))
        ]
        found.append((f"{hour:02d}–{hour + 1:02d}", means[0], means[1]))
    return found


def _hour_rows(hours: list[tuple[str, float | None, float | None]]) -> list[dict]:
    return [
        {
            "hour": label,
            "planned": report_view.figure("wait_mean_minutes", planned),
            "changed": report_view.figure("wait_mean_minutes", changed),
        }
        for label, planned, changed in hours
    ]


def _hour_charts(hours: list[tuple[str, float | None, float | None]]) -> list[dict]:
    """The mean wait by hour as planned and with the changes: two pictures on one scale, each
    with the table of its numbers (kernel/templates/reports/_charts.html)."""
    labels = [label for label, _, _ in hours]
    top = max((v for _, *values in hours for v in values if v is not None), default=0.0)
    found = []
    for index, (key, title) in enumerate(
        (
            ("planned", _l("Mean wait by hour of arrival, as planned")),
            ("changed", _l("Mean wait by hour of arrival, with your changes")),
        ),
        start=1,
    ):
        values = [row[index] for row in hours]
        chart_id = f"chart-whatif-{key}"
        description = str(_l("Minutes of mean wait for each hour of the day."))
        svg = charts.column_chart(
            chart_id,
            str(title),
            description,
            charts.Series(labels, values),
            write=lambda v: format_decimal(v, "#,##0.#"),
            top=top,
        )
        found.append(
            {
                "chart": {"id": chart_id, "title": str(title), "svg": svg},
                "label_heading": str(_l("Hour")),
                "value_heading": str(_l("Mean wait (minutes)")),
                "rows": [
                    (label, report_view.figure("wait_mean_minutes", v))
                    for label, v in zip(labels, values, strict=True)
                ],
            }
        )
    return found


def _choices(counters: list[str]) -> list[tuple[str, str]]:
    return [
        ("", str(_l("No change"))),
        (what_if_form.ADD_STAFF, str(_l("One more counter, counter staff"))),
        (what_if_form.ADD_TAX, str(_l("One more counter, tax secondee"))),
        *(
            (f"{what_if_form.CLOSE_PREFIX}{c}", str(_l("Close counter %(counter)s", counter=c)))
            for c in counters
        ),
    ]


def _field_names() -> dict[str, str]:
    """How the error summary names each field."""
    names = {"date": str(_l("Day")), "seed": str(_l("Seed"))}
    for n in range(1, what_if.MAX_CHANGES + 1):
        change = str(_l("Change %(n)s", n=n))
        names[f"change-{n}-what"] = change
        names[f"change-{n}-from"] = str(_l("%(change)s, From", change=change))
        names[f"change-{n}-to"] = str(_l("%(change)s, To", change=change))
    return names


@bp.get("/manager/simulate")
def simulate_page():
    """Only the centre's manager (401 before login, 403 for other staff)."""
    here = ctx()
    languages = report_view.language_links()
    if not current_user.is_authenticated or current_user.role != "manager":
        status = 403 if current_user.is_authenticated else 401
        return render_template(
            "what_if.html", centre=here, refused=True, languages=languages
        ), status
    today = date.fromisoformat(here.today())
    counters = list(here.counters)
    asked = what_if_form.read(
        request.args, today, what_if.next_opening_day(here.hours, today), here.hours, counters
    )
    comparison = None
    if asked.submitted and not asked.errors:
        letter = app_state()["checkin_policy"].letter
        comparison = what_if.compare(
            here, db(), asked.the_day, asked.the_seed, asked.changes, letter
        )
    language = select_locale()
    view = None
    if comparison is not None:
        hours = _hour_means(comparison)
        view = {
            "figures": _figures_rows(comparison),
            "services": _service_rows(comparison, language),
            "hours": _hour_rows(hours),
            "charts": _hour_charts(hours),
            "day": format_date(comparison.day, "full"),
        }
    return render_template(
        "what_if.html",
        centre=here,
        refused=False,
        asked=asked,
        comparison=comparison,
        view=view,
        choices=_choices(counters),
        action=url_for("what_if_pages.simulate_page"),
        languages=languages,
        max_changes=what_if.MAX_CHANGES,
        field_names=_field_names(),
        field_ids={"date": "whatif-date", "seed": "whatif-seed"},
    ), 422 if asked.errors else 200
