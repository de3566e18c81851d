"""Checking in for an appointment at the kiosk: POST /api/v1/checkins {"code", "language"?}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from centre.domain import checkins
from centre.extensions import csrf, limiter
from centre.kiosk_auth import (
    WRONG_CODE_LIMIT,
    current_kiosk,
    kiosk_key,
    limits_off,
    require_kiosk,
    wrong_code,
)
from centre.sync.client import CentralRefused, CentralUnavailable
from centre.web import after_issue, ctx, db, json_body, remember_language
from kernel.clock import parse_iso

bp = Blueprint("checkins", __name__, url_prefix="/api/v1")
# A live lookup must not keep a citizen at the kiosk waiting.
LOOKUP_TIMEOUT = 2.0


def _agent():
    return current_app.extensions["enindgang"].get("sync")


def _lookup(code: str) -> dict[str, Any] | None:
    """The booking live from central; None when central does not know it."""
    agent = _agent()
    if agent is None:
        return None
    try:
        return agent.client.lookup(code, timeout=LOOKUP_TIMEOUT)
    except CentralRefused as err:
        if err.code == "wrong_centre":
            raise checkins.WrongCentre(err.error.get("centre")) from None
        if err.code == "unknown_booking":
            return None
        raise checkins.LookupFailed(str(err)) from None
    except CentralUnavailable as err:
        raise checkins.LookupFailed(str(err)) from None


@bp.post("/checkins")
@csrf.exempt  # the kiosk holds a credential cookie, not a staff session worth forging
# Only wrong codes count, so guessing stops while a queue of real citizens never does.
@limiter.limit(WRONG_CODE_LIMIT, key_func=kiosk_key, exempt_when=limits_off, deduct_when=wrong_code)
@require_kiosk
def check_in():
    data = json_body()
    language = data.get("language", "da")
    remember_language(language)
    booking = checkins.find_booking(ctx(), db(), data.get("code"), _lookup)
    policy = current_app.extensions["enindgang"]["checkin_policy"]
    kiosk_id = current_kiosk()["id"]
    issued = checkins.check_in(ctx(), db(), policy, booking, kiosk_id, language)
    answer = after_issue(issued)
    start = parse_iso(issued.ticket["appointment_at"]).astimezone(ctx().tz)
    answer["appointment"] = {"start": start.isoformat(), "service": issued.ticket["service"]}
    if issued.created and _agent() is not None:
        _agent().wake()
    return jsonify(answer), 201 if issued.created else 200
