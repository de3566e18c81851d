"""All centres today, for reception and managers: the live roll-up as a page and as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from booking.core.errors import BookingError
from booking.domain import roll_up
from booking.web import ctx, db

bp = Blueprint("overview", __name__)
OVERVIEW_ROLES = ("reception", "manager")


def _may_see_overview() -> None:
    if ctx().config.demo:
        return
    if not current_user.is_authenticated:
        raise BookingError("not_authenticated")
    if current_user.role not in OVERVIEW_ROLES:
        raise BookingError("forbidden")


@bp.get("/api/v1/overview")
def overview():
    _may_see_overview()
    return jsonify(roll_up.overview(ctx(), db()))


@bp.get("/staff/overview")
def page():
    _may_see_overview()
    return render_template("booking/staff/overview.html", overview=roll_up.overview(ctx(), db()))
