"""The public booking API: centres, services, free slots, holds, bookings. Thin by design."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from booking import qr
from booking.api.answers import booking_answer, calendar_for, hold_answer
from booking.core import validation
from booking.core.errors import collect
from booking.domain import availability as availability_domain
from booking.domain import bookings as booking_domain
from booking.domain import catalogue as catalogue_domain
from booking.domain import reserve, world
from booking.domain.availability import slot_views
from booking.extensions import csrf
from booking.web import ctx, db, json_body
from kernel.i18n import select_locale

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Answers that carry a booking: never cached, never passed on as a referrer.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
# Public and sessionless: nothing here acts on a login, so there is nothing to forge.
csrf.exempt(bp)


@bp.get("/centres")
def centres():
    return jsonify(centres=catalogue_domain.centres_view(ctx(), db()))


@bp.get("/services")
def services():
    return jsonify(services=catalogue_domain.services_view(ctx(), db(), select_locale()))


@bp.get("/availability")
def availability():
    args = request.args
    rule, centre_ids, window = collect(
        lambda: world.service_rule(ctx(), db(), validation.text_id(args.get("service"), "service")),
        lambda: availability_domain.centre_ids(ctx(), db(), args.get("centre")),
        lambda: availability_domain.parse_window(ctx(), args),
    )
    slots = availability_domain.availability(ctx(), db(), rule, centre_ids, window)
    return jsonify(
        {
            "service": rule.id,
            "centre": args.get("centre") or None,
            "from": window[0].astimezone(ctx().tz).isoformat(),
            "to": window[1].astimezone(ctx().tz).isoformat(),
            "slots": slot_views(slots, ctx()),
        }
    )


@bp.post("/holds")
def create_hold():
    booking = reserve.place_hold(ctx(), db(), json_body())
    return jsonify(hold_answer(booking)), 201


@bp.delete("/holds/<token>")
def release_hold(token: str):
    reserve.release_hold(ctx(), db(), token)
    return jsonify(released=True)


@bp.post("/bookings")
def create_booking():
    booking, created = reserve.book(ctx(), db(), json_body())
    if not created:
        # A repeat (the hold token again, its answer lost): the hold token reads nothing of
        # the booking; the citizen's code and link come in their confirmation message.
        return jsonify(status=booking["status"]), 200
    # Only the request that made the booking gets its manage link.
    return jsonify(booking_answer(booking, booking["manage_token"])), 201


def _token(data: dict | None = None) -> str | None:
    """The manage token the citizen brought (body or query); anything but text opens nothing."""
    found = (data or {}).get("token") or request.args.get("token")
    return found if isinstance(found, str) else None


@bp.get("/bookings/<code>")
def get_booking(code: str):
    token = _token()
    booking = booking_domain.find(db(), code, token)
    return jsonify(booking_answer(booking, token, personal=True))


@bp.post("/bookings/<code>/cancel")
def cancel_booking(code: str):
    data = json_body()
    token = _token(data)
    booking = booking_domain.find(db(), code, token)
    done = booking_domain.cancel(ctx(), db(), booking, by=booking_domain.citizen(booking))
    return jsonify(booking_answer(done, token))


@bp.post("/bookings/<code>/move")
def move_booking(code: str):
    data = json_body()
    token = _token(data)
    booking = booking_domain.find(db(), code, token)
    moved = reserve.move(ctx(), db(), booking, data, by=booking_domain.citizen(booking))
    return jsonify(booking_answer(moved, token))


@bp.get("/bookings/<code>/checkin.svg")
def checkin_svg(code: str):
    """The check-in QR code for the kiosk: it holds the booking code and nothing else."""
    booking = booking_domain.find(db(), code, _token())
    return Response(qr.svg(booking["code"]), mimetype="image/svg+xml", headers=PRIVATE)


@bp.get("/bookings/<code>/checkin.png")
def checkin_png(code: str):
    booking = booking_domain.find(db(), code, _token())
    return Response(qr.png(booking["code"]), mimetype="image/png", headers=PRIVATE)


@bp.get("/bookings/<code>/calendar.ics")
def calendar_file(code: str):
    token = _token()
    booking = booking_domain.find(db(), code, token)
    return Response(
        calendar_for(booking, token),
        mimetype="text/calendar",
        headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{booking["code"]}.ics"'},
    )
