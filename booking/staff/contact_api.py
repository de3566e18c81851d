"""The contact centre's API: first free times, live waits, logged calls; book, move, cancel."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from booking.domain import bookings as booking_domain
from booking.domain import contact, reserve
from booking.staff.answers import staff_booking
from booking.staff.auth import require_role
from booking.staff.overview import reporting_label
from booking.web import ctx, db, json_body
from kernel.clock import parse_iso
from kernel.i18n import local_time

bp = Blueprint("api_contact", __name__, url_prefix="/api/v1/contact")
STATUS_LABELS = {"confirmed": _l("Booked"), "cancelled": _l("Cancelled")}
# The phone is the contact centre's; a manager may step in. Reception books at its own desk.
CONTACT_ROLES = ("contact_centre", "manager")


def wait_label(queue: dict[str, Any]) -> str:
    """The advice as said to a caller: "about 5 min.", "no queue" or "not known now"."""
    minutes = queue["wait_minutes"]
    if minutes is None:
        return _("Not known now")
    if minutes == 0:
        return _("No queue")
    return _("About %(minutes)d min.", minutes=minutes)


def labelled_waits() -> dict[str, Any]:
    """The live waits with each figure written the reader's way."""
    answer = contact.waits(ctx(), db())
    today = ctx().now().astimezone(ctx().tz).date()
    centres = []
    for centre in answer["centres"]:
        seen = parse_iso(centre["last_contact_at"])
        labels = {
            "reporting": reporting_label(centre, today),
            "updated": _("Updated %(time)s", time=local_time(seen)) if seen else "",
        }
        services = [{**s, "label": wait_label(s)} for s in centre["services"]]
        centres.append({**centre, "labels": labels, "services": services})
    return {**answer, "centres": centres}


@bp.get("/first-free")
@require_role(*CONTACT_ROLES)
def first_free():
    """?service= (required), ?centre= (default: every centre)."""
    args = request.args
    return jsonify(contact.first_free(ctx(), db(), args.get("service"), args.get("centre")))


@bp.get("/waits")
@require_role(*CONTACT_ROLES)
def waits():
    return jsonify(labelled_waits())


@bp.post("/calls")
@require_role(*CONTACT_ROLES)
def log_call():
    """{"service", "outcome", "administration" (only with handed_over)}: one call logged."""
    fact = contact.log_call(ctx(), db(), json_body(), current_user.username)
    keys = ("id", "at", "service", "channel", "outcome", "handed_to")
    return jsonify(call={k: fact[k] for k in keys}), 201


@bp.post("/bookings")
@require_role(*CONTACT_ROLES)
def book():
    booking, created = reserve.book(
        ctx(), db(), json_body(), source="staff", by=current_user.username
    )
    return jsonify(staff_booking(booking)), 201 if created else 200


@bp.get("/bookings/<code>")
@require_role(*CONTACT_ROLES)
def booking(code: str):
    found = staff_booking(booking_domain.find(db(), code, staff=True))
    label = STATUS_LABELS.get(found["status"])
    return jsonify({**found, "status_label": str(label) if label else found["status"]})


@bp.post("/bookings/<code>/move")
@require_role(*CONTACT_ROLES)
def move(code: str):
    found = booking_domain.find(db(), code, staff=True)
    moved = reserve.move(ctx(), db(), found, json_body(), by=current_user.username)
    return jsonify(staff_booking(moved))


@bp.post("/bookings/<code>/cancel")
@require_role(*CONTACT_ROLES)
def cancel(code: str):
    found = booking_domain.find(db(), code, staff=True)
    done = booking_domain.cancel(ctx(), db(), found, by=current_user.username)
    return jsonify(staff_booking(done))
