"""The manager API: staff, weekly hours, breaks, absences, extra days, settings, QR codes."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user

from booking import qr
from booking.domain import manage, scope, setup, tax_cover, world
from booking.staff.answers import member_view
from booking.staff.auth import require_role
from booking.web import base_url, ctx, db, json_body

bp = Blueprint("api_manager", __name__, url_prefix="/api/v1/manager")


def _member(staff_id: str) -> dict:
    return manage.managed_member(db(), current_user, staff_id)


@bp.get("/staff")
@require_role("manager")
def staff_list():
    """?centre= one centre's staff; without it, the manager's own centre (a city-wide
    manager: every centre). A manager of one centre sees no other centre's staff."""
    centre = request.args.get("centre") or current_user.centre
    if centre:
        scope.check_centre(current_user, centre)
    found = setup.staff(db(), [centre] if centre else None)
    return jsonify(staff=[member_view(m) for m in found])


@bp.get("/tax-cover")
@require_role("manager")
def tax_cover_view():
    """?week=YYYY-Www: that week's gaps in tax-secondee cover (absences, extra days and
    holidays counted); without it, the weekly plan's. A manager of one centre sees only it."""
    centre = scope.own_centre(current_user, request.args.get("centre"))
    monday = tax_cover.parse_week(request.args.get("week"))
    return jsonify(tax_cover.cover_view(ctx(), db(), [centre] if centre else None, monday))


@bp.post("/staff")
@require_role("manager")
def staff_add():
    staff_id = manage.add_staff(ctx(), db(), current_user, json_body())
    return jsonify(staff=member_view(_member(staff_id), True)), 201


@bp.get("/staff/<staff_id>")
@require_role("manager")
def staff_get(staff_id: str):
    return jsonify(staff=member_view(_member(staff_id), True))


@bp.post("/staff/<staff_id>")
@require_role("manager")
def staff_update(staff_id: str):
    manage.update_staff(ctx(), db(), current_user, staff_id, json_body())
    return jsonify(staff=member_view(_member(staff_id), True))


@bp.post("/staff/<staff_id>/schedule")
@require_role("manager")
def staff_schedule(staff_id: str):
    manage.set_schedule(ctx(), db(), current_user, staff_id, json_body())
    return jsonify(staff=member_view(_member(staff_id), True))


@bp.post("/staff/<staff_id>/absences")
@require_role("manager")
def absence_add(staff_id: str):
    absence_id, clashes = manage.add_absence(ctx(), db(), current_user, staff_id, json_body())
    return jsonify(id=absence_id, clashes=clashes), 201


@bp.post("/staff/<staff_id>/extra-days")
@require_role("manager")
def extra_day_add(staff_id: str):
    extra_id = manage.add_extra_day(ctx(), db(), current_user, staff_id, json_body())
    return jsonify(id=extra_id), 201


@bp.delete("/staff/<staff_id>/absences/<int:item_id>")
@require_role("manager")
def absence_remove(staff_id: str, item_id: int):
    manage.remove(ctx(), db(), current_user, staff_id, "absence", item_id)
    return jsonify(removed=True)


@bp.delete("/staff/<staff_id>/extra-days/<int:item_id>")
@require_role("manager")
def extra_day_remove(staff_id: str, item_id: int):
    manage.remove(ctx(), db(), current_user, staff_id, "extra_day", item_id)
    return jsonify(removed=True)


@bp.get("/centres")
@require_role("manager")
def centres():
    return jsonify(centres=setup.centres(db(), active_only=False))


@bp.post("/centres/<centre_id>")
@require_role("manager")
def centre_policy(centre_id: str):
    manage.set_centre_policy(ctx(), db(), current_user, centre_id, json_body())
    return jsonify(centre=world.centre(db(), centre_id))


@bp.get("/services")
@require_role("manager")
def services():
    return jsonify(services=list(setup.service_settings(db()).values()))


@bp.post("/services/<service_id>")
@require_role("manager")
def service_settings(service_id: str):
    manage.set_service_settings(ctx(), db(), current_user, service_id, json_body())
    return jsonify(service=setup.service_settings(db())[service_id])


def poster_url() -> str:
    """The booking site, preselected for a centre and/or a service (what a poster's QR opens)."""
    centre, service = request.args.get("centre") or None, request.args.get("service") or None
    setup.check_poster_target(db(), centre, service)
    query = "&".join(f"{k}={v}" for k, v in (("centre", centre), ("service", service)) if v)
    return f"{base_url()}/book" + (f"?{query}" if query else "")


@bp.get("/qr.svg")
@require_role("manager")
def poster_svg():
    return Response(qr.svg(poster_url()), mimetype="image/svg+xml")


@bp.get("/qr.png")
@require_role("manager")
def poster_png():
    name = "-".join(v for v in (request.args.get("centre"), request.args.get("service")) if v)
    return Response(
        qr.png(poster_url(), box_size=16),
        mimetype="image/png",
        headers={"Content-Disposition": f'inline; filename="booking-qr-{name or "all"}.png"'},
    )
