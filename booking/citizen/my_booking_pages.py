"""The citizen's own booking page (from their manage link): see, cancel or move it."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for

from booking.api.answers import booking_links
from booking.bring import what_to_bring
from booking.core.errors import BookingError
from booking.domain import bookings as booking_domain
from booking.domain import reserve
from booking.http_errors import error_body
from booking.i18n import local_date
from booking.page_helpers import (
    alternative_choices,
    centres_by_id,
    day_choices,
    day_label,
    parse_day,
    parse_slot_value,
    remember_language,
    rule_or_404,
    service_name,
    time_choices,
)
from booking.web import ctx, db
from kernel.i18n import local_time

bp = Blueprint("my_booking", __name__, url_prefix="/book/manage")
bp.before_request(remember_language)


@bp.after_request
def private(response):
    # The token is in the address: never send it on as a referrer, never keep it in caches.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _token() -> str:
    return request.values.get("token", "")


def _booking(code: str) -> dict:
    return booking_domain.find(db(), code, _token())


def booking_view(booking: dict) -> dict:
    """Everything the page shows about a booking, in the citizen's language."""
    start, end = booking_domain.local_times(ctx(), booking)
    return {
        **booking,
        "service_name": service_name(booking["service"]),
        "centre_row": centres_by_id().get(booking["centre"], {"name": booking["centre"]}),
        "date_label": local_date(start),
        "time_label": local_time(start),
        "end_label": local_time(end),
        "spelled_code": " ".join(booking["code"]),
        "bring": what_to_bring(booking["service"]),
        "changeable": reserve.changeable(booking, ctx().now()),
        **booking_links(booking, _token()),
    }


@bp.get("/<code>")
def manage(code: str):
    booking = _booking(code)
    return render_template(
        "booking/my_booking.html",
        booking=booking_view(booking),
        token=_token(),
        done=request.args.get("done"),
    )


@bp.route("/<code>/cancel", methods=["GET", "POST"])
def cancel(code: str):
    booking = _booking(code)
    error = None
    if request.method == "POST":
        try:
            booking_domain.cancel(ctx(), db(), booking, by=booking_domain.citizen(booking))
            done = url_for(".manage", code=booking["code"], token=_token(), done="cancelled")
            return redirect(done)
        except BookingError as err:
            error = error_body(err)
    return render_template(
        "booking/my_booking_cancel.html", booking=booking_view(booking), token=_token(), error=error
    )


@bp.get("/<code>/move")
def move_days(code: str):
    booking = _booking(code)
    rule = rule_or_404(booking["service"])
    choices = day_choices(rule, [booking["centre"]], parse_day(request.args.get("from")))
    token = _token()
    return render_template(
        "booking/days.html",
        service_name=service_name(booking["service"]),
        place_name=centres_by_id()[booking["centre"]]["name"],
        day_url=lambda day: url_for(".move_times", code=booking["code"], day=day, token=token),
        page_url=lambda first: url_for(
            ".move_days", code=booking["code"], token=token, **{"from": first.isoformat()}
        ),
        back_url=url_for(".manage", code=booking["code"], token=token),
        moving=booking_view(booking),
        **choices,
    )


def render_move_times(booking: dict, day, error: dict | None = None, status: int = 200):
    rule = rule_or_404(booking["service"])
    token = _token()
    return (
        render_template(
            "booking/times.html",
            service_name=service_name(booking["service"]),
            place_name=centres_by_id()[booking["centre"]]["name"],
            day_label=day_label(day),
            times=time_choices(
                rule, [booking["centre"]], day, datetime.fromisoformat(booking["start_at"])
            ),
            show_centre=False,
            action=url_for(".move", code=booking["code"]),
            hidden={"token": token, "day": day.isoformat()},
            back_url=url_for(".move_days", code=booking["code"], token=token),
            moving=booking_view(booking),
            error=error,
            alternatives=alternative_choices(error.get("alternatives", [])) if error else [],
        ),
        status,
    )


@bp.get("/<code>/move/<day>")
def move_times(code: str, day: str):
    parsed = parse_day(day)
    if parsed is None:
        abort(404)
    return render_move_times(_booking(code), parsed)


@bp.post("/<code>/move")
def move(code: str):
    booking = _booking(code)
    day = parse_day(request.form.get("day"))
    if day is None:
        abort(404)
    try:
        centre, start = parse_slot_value(request.form.get("slot"))
        by = booking_domain.citizen(booking)
        reserve.move(ctx(), db(), booking, {"centre": centre, "start": start}, by=by)
    except BookingError as err:
        status = 409 if err.code in ("slot_taken", "invalid_state") else 422
        return render_move_times(booking, day, error_body(err), status)
    return redirect(url_for(".manage", code=booking["code"], token=_token(), done="moved"))
