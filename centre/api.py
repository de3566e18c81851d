"""The public JSON API: services, tickets, the centre. Thin: parse, call the domain, answer."""

from __future__ import annotations

from flask import Blueprint, jsonify

from centre.domain import tickets as ticket_domain
from centre.domain.overview import opening_state, services_view
from centre.extensions import csrf
from centre.kiosk_auth import TICKET_LIMIT, current_kiosk, kiosk_limit, require_kiosk
from centre.web import after_issue, ctx, db, json_body, remember_language, sync_agent
from kernel.i18n import select_locale

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/services")
def services():
    return jsonify(services=services_view(ctx(), db(), select_locale()))


@bp.get("/centre")
def centre():
    c = ctx()
    agent = sync_agent()
    central = agent.status() if agent is not None else {"reachable": False, "since": None}
    # `today`: the centre's local date, so a kiosk page drawn yesterday knows to redraw (today's
    # walk-in and appointment days may differ).
    return jsonify(
        id=c.id, name=c.name, today=c.today(), opening=opening_state(c.hours, c), central=central
    )


@bp.post("/tickets")
@csrf.exempt  # the kiosk holds a credential cookie, not a staff session worth forging
@kiosk_limit(TICKET_LIMIT)
@require_kiosk
def issue():
    data = json_body()
    remember_language(data.get("language", "da"))
    issued = ticket_domain.issue_ticket(
        ctx(),
        db(),
        data.get("service"),
        data.get("language", "da"),
        data.get("nonce"),
        scope=("kiosk", current_kiosk()["id"]),
    )
    answer = after_issue(issued)
    return jsonify(answer), 201 if issued.created else 200


@bp.get("/tickets/<ticket_id>")
def ticket(ticket_id: str):
    found = ticket_domain.find_ticket(db(), ticket_id)
    return jsonify(ticket_domain.ticket_status(ctx(), db(), found))
