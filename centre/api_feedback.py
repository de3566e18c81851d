"""Citizens' anonymous answer after a visit (by ticket token) and the manager's tallies."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from centre.auth import require_role
from centre.domain import feedback as feedback_domain
from centre.extensions import csrf
from centre.web import ctx, db, json_body, remember_language

bp = Blueprint("api_feedback", __name__, url_prefix="/api/v1")


@bp.post("/feedback")
@csrf.exempt  # the ticket's token in the body is the credential; a forger does not have it
def give():
    """{"token", "solved": bool, "smiley": 1-5 or null}: 201 once per finished ticket;
    a second answer is refused (409 feedback_given), an unfinished visit too (409
    feedback_not_finished); any other token is unknown_ticket (404)."""
    data = json_body()
    remember_language(data.get("language"))
    feedback_domain.answer(db(), data.get("token"), data.get("solved"), data.get("smiley"))
    return jsonify(answered=True), 201


@bp.get("/manager/feedback")
@require_role("manager")
def tallies():
    """Today's answers (or ?day=YYYY-MM-DD) per service and counter."""
    day, found = feedback_domain.day_tallies(ctx(), db(), request.args.get("day"))
    return jsonify(day=day, feedback=[feedback_domain.public(entry) for entry in found])
