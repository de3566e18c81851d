"""The staff API for reception and the contact centre: a day's bookings; book, move, cancel."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_login import current_user

from booking.domain import bookings as booking_domain
from booking.domain import reserve, scope, setup, world
from booking.staff.answers import day_arg, staff_booking, staff_names
from booking.staff.auth import require_role
from booking.web import ctx, db, json_body

bp = Blueprint("api_staff", __name__, url_prefix="/api/v1/staff")
DESK = ("reception", "manager")


@bp.get("/bookings")
@require_role(*DESK)
def day_bookings():
    """?centre= (required), ?date= (default today), ?staff= (one staff member)."""
    centre = world.centre(db(), scope.own_centre(current_user, request.args.get("centre")) or "")[
        "id"
    ]
    day = day_arg(request.args.get("date"))
    names = staff_names()
    found = booking_domain.day_list(ctx(), db(), centre, day, request.args.get("staff") or None)
    return jsonify(
        centre=centre,
        date=day.isoformat(),
        bookings=[staff_booking(b, names) for b in found],
    )


@bp.get("/members")
@require_role(*DESK)
def members():
    centre = scope.own_centre(current_user, request.args.get("centre"))
    found = setup.staff(db(), [centre] if centre else None, active_only=True)
    return jsonify(
        staff=[
            {"id": m["id"], "name": m["name"], "centre": m["centre"], "role": m["role"]}
            for m in found
        ]
    )


@bp.post("/bookings")
@require_role(*DESK)
def book():
    booking, created = reserve.book(
        ctx(), db(), json_body(), source="staff", by=current_user.username
    )
    return jsonify(staff_booking(booking)), 201 if created else 200


@bp.get("/bookings/<code>")
@require_role(*DESK)
def booking(code: str):
    return jsonify(staff_booking(booking_domain.find(db(), code, staff=True)))


@bp.post("/bookings/<code>/cancel")
@require_role(*DESK)
def cancel(code: str):
    found = booking_domain.find(db(), code, staff=True)
    done = booking_domain.cancel(ctx(), db(), found, by=current_user.username)
    return jsonify(staff_booking(done))


@bp.post("/bookings/<code>/move")
@require_role(*DESK)
def move(code: str):
    found = booking_domain.find(db(), code, staff=True)
    moved = reserve.move(ctx(), db(), found, json_body(), by=current_user.username)
    return jsonify(staff_booking(moved))
