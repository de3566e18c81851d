"""Checking in for an appointment at the kiosk: POST /api/v1/checkins {"code", "language"?}."""

from __future__ import annotations

from flask import Blueprint, jsonify

from centre.domain import checkins
from centre.extensions import csrf
from centre.kiosk_auth import (
    WRONG_CODE_LIMIT,
    current_kiosk,
    kiosk_limit,
    require_kiosk,
    wrong_code,
)
from centre.web import after_issue, ctx, db, json_body, remember_language, sync_agent
from kernel.app_state import app_state

bp = Blueprint("checkins", __name__, url_prefix="/api/v1")


@bp.post("/checkins")
@csrf.exempt  # the kiosk holds a credential cookie, not a staff session worth forging
# Only wrong codes count, so guessing stops while a queue of real citizens never does.
@kiosk_limit(WRONG_CODE_LIMIT, count_when=wrong_code)
@require_kiosk
def check_in():
    data = json_body()
    language = data.get("language", "da")
    remember_language(language)
    policy = app_state()["checkin_policy"]
    checked = checkins.check_in_code(
        ctx(), db(), policy, data.get("code"), sync_agent(), current_kiosk()["id"], language
    )
    answer = after_issue(checked.issued)
    answer["appointment"] = checked.appointment
    return jsonify(answer), 201 if checked.issued.created else 200
