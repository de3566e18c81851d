"""What a report row's key reads as, in the request's language (Flask-Babel)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from kernel.catalogue import Catalogue, UnknownService
from kernel.i18n import current_language
from kernel.tasks import ADMINISTRATIONS, administration_label, by_id, level_label

CHANNELS = {
    "kiosk": _l("Kiosk (walk-in)"),
    "reception": _l("Reception"),
    "appointment": _l("Appointment"),
    "phone": _l("Phone"),
}
OUTCOMES = {
    "resolved": _l("Resolved"),
    "handed_over": _l("Handed over to an administration"),
    "referred": _l("Referred to another authority"),
    "come_back": _l("Must come back"),
    "no_show": _l("Did not answer the call"),
    "voided": _l("Voided"),
    "missed": _l("Appointment not kept"),
    # A call's outcomes (channel phone); a call handed over reads as "handed_over" above.
    "answered": _l("Call: answered"),
    "booked": _l("Call: time booked"),
    "put_through": _l("Call: put through"),
}
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
GROUP_NAMES = {
    "administration": _l("Administration"),
    "centre": _l("Citizen service centre"),
    "service": _l("Service"),
    "task": _l("Task"),
    "level": _l("Level"),
    "channel": _l("Channel"),
    "outcome": _l("Outcome"),
    "passed_to": _l("Passed on to"),
    "hour": _l("Hour of day"),
    "weekday": _l("Weekday"),
    "day": _l("Day"),
    "week": _l("Week"),
    "month": _l("Month"),
}
COLUMN_NAMES = {
    "visits": _l("Visits"),
    "served": _l("Served"),
    "no_shows": _l("No-shows"),
    "voided": _l("Voided"),
    "wait_mean_minutes": _l("Wait, mean (min.)"),
    "wait_median_minutes": _l("Wait, median (min.)"),
    "wait_p90_minutes": _l("Wait, 90th percentile (min.)"),
    "within_target_share": _l("Share called within target"),
    "service_mean_minutes": _l("Service time, mean (min.)"),
    "handed_over_share": _l("Share handed over"),
    "appointments_kept": _l("Appointments kept"),
    "appointments_missed": _l("Appointments missed"),
    "shown_wait_visits": _l("Visits shown a wait"),
    "shown_wait_held_share": _l("Shown wait held"),
    "shown_wait_error_minutes": _l("Shown wait, mean error (min.)"),
    "shown_wait_over_share": _l("Waited longer than shown"),
    "first_free_days_mean": _l("Days to first free time"),
    "promise_held_share": _l("Share of days the promise held"),
    "phone_duty_minutes": _l("Minutes on phone duty"),
}


def _service(catalogue: Catalogue, key: str, language: str) -> str:
    try:
        return catalogue.service(key).label(language)
    except UnknownService:
        return key


def _week(key: str) -> str:
    year, week = key.split("-W")
    return str(_l("Week %(week)s, %(year)s", week=int(week), year=year))


def _passed_to(key: str, centre_names: Mapping[str, str], language: str) -> str:
    """An administration by its name, a centre (a call put through) by its name."""
    if not key:
        return str(_l("Not passed on"))
    if key in ADMINISTRATIONS:
        return administration_label(key, language)
    return centre_names.get(key, key)


def labeller(
    by: str, catalogue: Catalogue, centre_names: Mapping[str, str] | None = None
) -> Callable[[Any], str]:
    """A function from a row key of grouping `by` to its label in the current language."""
    language = current_language()
    names = centre_names or {}
    known_tasks = by_id()
    return {
        "administration": lambda k: administration_label(k, language),
        "centre": lambda k: names.get(k, k),
        "service": lambda k: _service(catalogue, k, language),
        "task": lambda k: known_tasks[k].name if k in known_tasks else k,
        "level": lambda k: level_label(k, language),
        "channel": lambda k: str(CHANNELS.get(k, k)),
        "outcome": lambda k: str(OUTCOMES.get(k, k)),
        "passed_to": lambda k: _passed_to(k, names, language),
        "hour": lambda k: f"{k:02d}–{(k + 1) % 24:02d}",
        "weekday": lambda k: str(WEEKDAYS[k]),
        "day": lambda k: format_date(date.fromisoformat(k), "medium"),
        "week": _week,
        "month": lambda k: format_date(date.fromisoformat(k + "-01"), "MMMM y"),
    }[by]


def with_labels(
    report: dict[str, Any], catalogue: Catalogue, centre_names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The report with a `label` beside each row's key."""
    label = labeller(report["by"], catalogue, centre_names)
    rows = [{"key": r["key"], "label": label(r["key"]), **r} for r in report["rows"]]
    return {**report, "rows": rows}
