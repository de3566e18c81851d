"""The citizen's own booking page (from their manage link): see, cancel or move it."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, redirect, render_template, request, url_for

from booking.api.answers import booking_links
from booking.bring import what_to_bring
from booking.core import visits
from booking.core.errors import BookingError
from booking.domain import bookings as booking_domain
from booking.domain import reserve
from booking.http_errors import STATUS, error_body
from booking.i18n import address_line, local_date, opening_hours_lines
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


def _moment(text: str | None) -> str:
    return local_time(datetime.fromisoformat(text)) if text else ""


def refusal(booking: dict):
    """The booking page saying at once why it cannot be moved or cancelled (cancelled, checked
    in, started), with the way to book anew; None when it can be."""
    try:
        reserve.check_changeable(booking, ctx().now())
    except BookingError as err:
        page = render_template(
            "booking/my_booking.html",
            booking=booking_view(booking),
            token=_token(),
            done=None,
            error=error_body(err),
        )
        return page, STATUS.get(err.code, 409)
    return None


def booking_view(booking: dict) -> dict:
    """Everything the page shows about a booking, in the citizen's language."""
    start, end = booking_domain.local_times(ctx(), booking)
    centre = centres_by_id().get(booking["centre"], {"name": booking["centre"]})
    return {
        **booking,
        "service_name": service_name(booking["service"]),
        "centre_row": centre,
        "address_line": address_line(centre),
        "opening_hours": opening_hours_lines(centre, ctx().tz),
        "visit": visits.state(booking),
        "checked_in_label": _moment(booking.get("checked_in_at")),
        "visit_ended_label": _moment(booking.get("visit_ended_at")),
        "book_again_url": url_for(
            "pages.start", service=booking["service"], centre=booking["centre"]
        ),
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
    refused = refusal(booking)
    if refused:
        return refused
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
    refused = refusal(booking)
    if refused:
        return refused
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
    booking = _booking(code)
    return refusal(booking) or render_move_times(booking, parsed)


@bp.post("/<code>/move")
def move(code: str):
    booking = _booking(code)
    refused = refusal(booking)
    if refused:
        return refused
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
