"""Reception books a later appointment for the citizen at the desk, through central."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user

from centre.auth import require_role
from centre.domain import desk_booking
from centre.sync.client import CentralClient
from centre.web import ctx, json_body
from kernel.i18n import select_locale

bp = Blueprint("api_desk", __name__, url_prefix="/api/v1/desk")
DESK_ROLES = ("reception", "manager")


def _agent():
    return current_app.extensions["enindgang"].get("sync")


def _client() -> CentralClient | None:
    agent = _agent()
    return agent.client if agent is not None else None


@bp.get("/services")
@require_role(*DESK_ROLES)
def services():
    found = desk_booking.services(_client(), ctx().id, select_locale())
    # The centre's date, not the tablet's: its clock may be set to anything.
    return jsonify(services=found, today=ctx().today())


@bp.get("/free-times")
@require_role(*DESK_ROLES)
def free_times():
    service, day = request.args.get("service"), request.args.get("date")
    slots = desk_booking.free_times(_client(), ctx().id, service, day)
    return jsonify(service=service, date=day, slots=slots)


@bp.post("/holds")
@require_role(*DESK_ROLES)
def hold():
    held = desk_booking.hold(_client(), json_body(), current_user.username, select_locale())
    return jsonify(held), 201


@bp.delete("/holds/<token>")
@require_role(*DESK_ROLES)
def release(token: str):
    desk_booking.release(_client(), token)
    return jsonify(released=True)


@bp.post("/bookings")
@require_role(*DESK_ROLES)
def book():
    booked, created = desk_booking.book(
        _client(), json_body(), current_user.username, select_locale()
    )
    if _agent() is not None:
        # Pull at once, so the citizen can check in with the new code without waiting.
        _agent().wake()
    return jsonify(booked), 201 if created else 200
