"""Reception books a later appointment for the citizen at the desk, through central."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from centre.auth import require_role
from centre.domain import desk_booking
from centre.web import ctx, json_body, sync_agent
from kernel.i18n import select_locale

bp = Blueprint("api_desk", __name__, url_prefix="/api/v1/desk")
DESK_ROLES = ("reception", "manager")


@bp.get("/services")
@require_role(*DESK_ROLES)
def services():
    found = desk_booking.services(sync_agent(), ctx().id, select_locale())
    # The centre's date, not the tablet's: its clock may be set to anything.
    return jsonify(services=found, today=ctx().today())


@bp.get("/free-times")
@require_role(*DESK_ROLES)
def free_times():
    service, day = request.args.get("service"), request.args.get("date")
    slots = desk_booking.free_times(sync_agent(), ctx().id, service, day)
    return jsonify(service=service, date=day, slots=slots)


@bp.post("/holds")
@require_role(*DESK_ROLES)
def hold():
    held = desk_booking.hold(sync_agent(), json_body(), current_user.username, select_locale())
    return jsonify(held), 201


@bp.delete("/holds/<token>")
@require_role(*DESK_ROLES)
def release(token: str):
    desk_booking.release(sync_agent(), token)
    return jsonify(released=True)


@bp.post("/bookings")
@require_role(*DESK_ROLES)
def book():
    booked, created = desk_booking.book(
        sync_agent(), json_body(), current_user.username, select_locale()
    )
    return jsonify(booked), 201 if created else 200
