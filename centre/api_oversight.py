"""Staff oversight of the public side: the manager's kiosks, and voiding tickets."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

from centre.auth import require_role
from centre.domain import kiosks as kiosk_domain
from centre.domain.void import void_tickets
from centre.web import ctx, db, json_body

bp = Blueprint("api_oversight", __name__, url_prefix="/api/v1")


@bp.get("/manager/kiosks")
@require_role("manager")
def kiosks():
    return jsonify(kiosks=kiosk_domain.listing(db()))


@bp.post("/manager/kiosks/<kiosk_id>/revoke")
@require_role("manager")
def revoke_kiosk(kiosk_id: str):
    """The kiosk's next request is refused (not_a_kiosk); pair it again to bring it back."""
    json_body()
    revoked = kiosk_domain.revoke(ctx().clock, db(), kiosk_id, current_user.username)
    return jsonify(kiosk=kiosk_domain.public(revoked))


@bp.post("/tickets/void")
@require_role("reception", "manager")
def void():
    """{"tickets": [id, ...]}: every one is voided, or none (unknown_ticket, invalid_state)."""
    data = json_body()
    voided = void_tickets(ctx(), db(), data.get("tickets"), current_user.username)
    return jsonify(voided=[{"id": t["id"], "number": t["number"]} for t in voided])
