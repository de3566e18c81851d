"""The sync API for centres, each calling with its own key: bookings down, events up, desk holds."""

from __future__ import annotations

import logging

from flask import Blueprint, g, jsonify, request

from booking.api.answers import booking_answer, hold_answer
from booking.core.errors import BookingError
from booking.domain import desk, sync, tax_cover
from booking.extensions import csrf
from booking.web import ctx, db, json_body

log = logging.getLogger(__name__)
bp = Blueprint("sync", __name__)
# Centres call with a key, not a session: there is no cookie to forge.
csrf.exempt(bp)


def _centre() -> str:
    """The calling centre, from its key; a wrong or missing key is refused and logged."""
    try:
        centre = sync.centre_for(db(), request.headers.get("Authorization"))
    except BookingError:
        log.warning(
            "sync refused: wrong or missing centre key from %s on %s",
            request.remote_addr,
            request.path,
        )
        raise
    asked = request.args.get("centre")
    if asked not in (None, centre):
        log.warning("sync refused: centre %s asked for centre %s's data", centre, asked)
        raise BookingError("forbidden")
    g.sync_centre = centre
    sync.note_contact(ctx(), db(), centre)
    return centre


@bp.get("/api/v1/sync/bookings")
def bookings():
    centre = _centre()
    answer = sync.pull(ctx(), db(), centre, request.args.get("cursor"), request.args.get("limit"))
    return jsonify(answer)


@bp.get("/api/v1/sync/bookings/<code>")
def booking(code: str):
    return jsonify(booking=sync.lookup(ctx(), db(), _centre(), code))


@bp.get("/api/v1/sync/tax-schedule")
def tax_schedule():
    """When the calling centre's tax secondees are at work, today and the next six days."""
    return jsonify(tax_cover.schedule(ctx(), db(), _centre()))


@bp.post("/api/v1/sync/events")
def events():
    centre = _centre()
    return jsonify(sync.receive(ctx(), db(), centre, json_body()))


@bp.post("/api/v1/sync/holds")
def desk_hold():
    """Reception at the calling centre holds a slot for the citizen at the desk."""
    centre = _centre()
    return jsonify(hold_answer(desk.hold(ctx(), db(), centre, json_body()))), 201


@bp.delete("/api/v1/sync/holds/<token>")
def desk_release(token: str):
    desk.release(ctx(), db(), _centre(), token)
    return jsonify(released=True)


@bp.post("/api/v1/sync/bookings")
def desk_book():
    centre = _centre()
    booking, created = desk.book(ctx(), db(), centre, json_body())
    # No links: the citizen's manage link goes only to the citizen, in their confirmation.
    # A retry (the answer was lost) gets the code to show the citizen at the desk, and the
    # time; not the contact details stored with it.
    return jsonify(booking_answer(booking, personal=created)), 201 if created else 200


@bp.get("/api/v1/sync/names")
def desk_names():
    """Names of today's bookings at the calling centre, for its reception only (never stored
    there); `by` names the reception staff member for the audit trail."""
    centre = _centre()
    return jsonify(names=desk.names_today(ctx(), db(), centre, request.args.get("by")))
