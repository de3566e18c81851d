"""The staff JSON API for what surrounds the counters: queues, appointments, the overview,
the reception desk's tickets and the manager's service settings."""

from __future__ import annotations

from flask import Blueprint, jsonify, session
from flask_login import current_user

from centre.api_counter import SERVING_ROLES
from centre.auth import OVERVIEW_ROLES, require_role
from centre.core.errors import QueueError
from centre.domain import manage, worklists
from centre.domain import tickets as ticket_domain
from centre.domain.counter import seat
from centre.domain.overview import staff_overview
from centre.web import after_issue, ctx, db, json_body, printer, remember_language

bp = Blueprint("api_staff", __name__, url_prefix="/api/v1")


def session_counter_or_none() -> str | None:
    return session.get("counter")


@bp.get("/queue")
@require_role(*SERVING_ROLES)
def queue():
    """Waiting and parked tickets; counter staff see those they may serve, reception all."""
    tickets = worklists.queue_for(ctx(), db(), current_user.as_staff(), session_counter_or_none())
    return jsonify(tickets=tickets)


@bp.get("/appointments")
@require_role(*SERVING_ROLES)
def appointments():
    """Today's booked times and who has checked in (staff: only what they may serve)."""
    found = worklists.appointments_for(
        ctx(), db(), current_user.as_staff(), session_counter_or_none()
    )
    return jsonify(appointments=found)


@bp.get("/overview")
@require_role(*OVERVIEW_ROLES)
def overview():
    return jsonify({**staff_overview(ctx(), db()), "printer": printer().state})


@bp.get("/counters")
@require_role()
def counters():
    return jsonify(counters=seat.listing(db()))


@bp.post("/reception/tickets")
@require_role("reception", "manager")
def reception_ticket():
    """A ticket issued at the desk: a chosen service, optionally for a named staff member,
    optionally with priority for someone who cannot wait."""
    data = json_body()
    priority = data.get("priority", False)
    if not isinstance(priority, bool):
        raise QueueError("validation", field="priority")
    staff = data.get("staff") or None
    if staff is not None and not isinstance(staff, str):
        raise QueueError("validation", field="staff")
    remember_language(data.get("language", "da"))
    issued = ticket_domain.issue_ticket(
        ctx(),
        db(),
        data.get("service"),
        data.get("language", "da"),
        data.get("nonce"),
        priority=priority,
        target_staff=staff,
        source="reception",
        by=current_user.username,
        scope=("staff", current_user.username),
    )
    answer = after_issue(issued)
    return jsonify(answer), 201 if issued.created else 200


@bp.post("/manager/services/<service_id>")
@require_role("manager")
def manager_service(service_id: str):
    service = manage.update_service(ctx(), db(), service_id, json_body(), current_user.username)
    return jsonify(service=service)
