"""What a report row's key reads as, in the request's language (Flask-Babel)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from kernel.catalogue import Catalogue, UnknownService
from kernel.i18n import current_language
from kernel.tasks import administration_label, by_id, level_label

CHANNELS = {
    "kiosk": _l("Kiosk (uden tid)"),
    "reception": _l("Reception"),
    "appointment": _l("Bestilt tid"),
    "phone": _l("Telefon"),
}
OUTCOMES = {
    "resolved": _l("Løst"),
    "handed_over": _l("Overdraget til forvaltning"),
    "referred": _l("Henvist til anden myndighed"),
    "come_back": _l("Skal komme igen"),
    "no_show": _l("Udeblev ved kald"),
    "voided": _l("Annulleret"),
    "missed": _l("Bestilt tid ikke brugt"),
}
WEEKDAYS = (
    _l("mandag"),
    _l("tirsdag"),
    _l("onsdag"),
    _l("torsdag"),
    _l("fredag"),
    _l("lørdag"),
    _l("søndag"),
)
GROUP_NAMES = {
    "administration": _l("Forvaltning"),
    "centre": _l("Borgerservicecenter"),
    "service": _l("Ydelse"),
    "task": _l("Opgave"),
    "level": _l("Niveau"),
    "channel": _l("Kanal"),
    "outcome": _l("Udfald"),
    "hour": _l("Time på dagen"),
    "weekday": _l("Ugedag"),
    "day": _l("Dag"),
    "week": _l("Uge"),
    "month": _l("Måned"),
}
COLUMN_NAMES = {
    "visits": _l("Besøg"),
    "served": _l("Betjent"),
    "no_shows": _l("Udeblevet"),
    "voided": _l("Annulleret"),
    "wait_mean_minutes": _l("Ventetid, gennemsnit (min.)"),
    "wait_median_minutes": _l("Ventetid, median (min.)"),
    "wait_p90_minutes": _l("Ventetid, 90 % (min.)"),
    "within_target_share": _l("Andel kaldt inden for målet"),
    "service_mean_minutes": _l("Betjeningstid, gennemsnit (min.)"),
    "handed_over_share": _l("Andel overdraget"),
    "appointments_kept": _l("Bestilte tider holdt"),
    "appointments_missed": _l("Bestilte tider ikke brugt"),
    "first_free_days_mean": _l("Dage til første ledige tid"),
    "promise_held_share": _l("Andel dage løftet holdt"),
}


def _service(catalogue: Catalogue, key: str, language: str) -> str:
    try:
        return catalogue.service(key).label(language)
    except UnknownService:
        return key


def _week(key: str) -> str:
    year, week = key.split("-W")
    return str(_l("Uge %(week)s, %(year)s", week=int(week), year=year))


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
