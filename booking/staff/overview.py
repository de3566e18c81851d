"""All centres today, for reception and managers: the live roll-up as a page and as JSON.

The page draws itself once and then updates in place from the JSON (overview.js): each
figure comes with a label written the reader's way (Babel: "1,9" and "kl. 15.50" in Danish)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify, render_template
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from booking.core.errors import BookingError
from booking.domain import roll_up
from booking.web import ctx, db
from kernel.clock import parse_iso
from kernel.i18n import local_day, local_time

bp = Blueprint("overview", __name__)
OVERVIEW_ROLES = ("reception", "manager")
# How often the page asks for new figures (milliseconds).
REFRESH_MS = 5000
UNKNOWN = "–"
# Figures that describe this moment: unknown when the centre is not reporting.
LIVE_FIGURES = ("waiting", "open_counters", "being_served")
DAY_FIGURES = ("served_today", "average_wait_minutes", "no_shows", "checked_in")


def _may_see_overview() -> None:
    if ctx().config.demo:
        return
    if not current_user.is_authenticated:
        raise BookingError("not_authenticated")
    if current_user.role not in OVERVIEW_ROLES:
        raise BookingError("forbidden")


def reporting_label(centre: dict[str, Any], today: date) -> str:
    if centre["reporting"] == "live":
        return _("Reporting")
    seen = parse_iso(centre["last_contact_at"])
    if seen is None:
        return _("Has never reported")
    if seen.astimezone(ctx().tz).date() == today:
        return _("Not reporting since %(time)s", time=local_time(seen))
    return _("Not reporting since %(day)s at %(time)s", day=local_day(seen), time=local_time(seen))


def _warning_label(centre: dict[str, Any]) -> str:
    if "no_counter_open" not in centre["warnings"]:
        return ""
    return ngettext(
        "%(num)d citizen is waiting and no counter is open.",
        "%(num)d citizens are waiting and no counter is open.",
        centre["waiting"],
    )


def _labels(centre: dict[str, Any], today: date) -> dict[str, str]:
    """Each figure as the reader's language writes it; "–" where the figure is not known."""
    known = set(DAY_FIGURES) if centre["reporting"] != "never" else set()
    if centre["reporting"] == "live":
        known |= set(LIVE_FIGURES)
    labels = {
        name: format_decimal(centre[name])
        if name in known and centre[name] is not None
        else UNKNOWN
        for name in LIVE_FIGURES + DAY_FIGURES
    }
    labels["reporting"] = reporting_label(centre, today)
    labels["warning"] = _warning_label(centre)
    return labels


def labelled_overview() -> dict[str, Any]:
    """The roll-up with a label for every figure, the day and the warnings, in the reader's
    language (the JSON keeps its machine fields as before)."""
    answer = roll_up.overview(ctx(), db())
    today = date.fromisoformat(answer["day"])
    centres = [{**c, "labels": _labels(c, today)} for c in answer["centres"]]
    return {**answer, "day_label": local_day(today, year=True), "centres": centres}


@bp.get("/api/v1/overview")
def overview():
    _may_see_overview()
    return jsonify(labelled_overview())


@bp.get("/staff/overview")
def page():
    _may_see_overview()
    return render_template(
        "booking/staff/overview.html", overview=labelled_overview(), refresh_ms=REFRESH_MS
    )
