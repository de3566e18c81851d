"""Reception at the desk: books a later appointment through central, sees today's names
(live from central) and checks in by hand a citizen who lost their code."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from centre.auth import require_role
from centre.domain import checkins, desk_booking, reception_names
from centre.web import after_issue, ctx, db, json_body, sync_agent
from kernel.app_state import app_state
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


@bp.get("/names")
@require_role("reception")
def names():
    """{code: name} of today's bookings, live from central, for reception only; 503 when
    central cannot be asked (the page then shows the list without names)."""
    found = reception_names.names_today(sync_agent(), current_user.username)
    answer = jsonify(names=found)
    # Citizens' names: never kept by the browser or a proxy on the way.
    answer.headers["Cache-Control"] = "no-store"
    return answer


@bp.post("/checkins")
@require_role("reception")
def check_in():
    """Check a booking in by hand at the desk: the appointment ticket, as a kiosk gives it
    (and printed on the kiosk printer); 201, or 200 for the same person's retry."""
    data = json_body()
    # The ticket is in the citizen's language; the answer in reception's (the page's ?lang).
    language = data.get("language", "da")
    checked = checkins.check_in_at_desk(
        ctx(),
        db(),
        app_state()["checkin_policy"],
        data.get("code"),
        sync_agent(),
        current_user.username,
        language,
    )
    answer = after_issue(checked.issued)
    answer["appointment"] = checked.appointment
    return jsonify(answer), 201 if checked.issued.created else 200
