"""Which paired kiosk sent a request: its cookie, the guard on kiosk endpoints, its limits."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, request

from centre.core.errors import QueueError
from centre.domain import kiosks as kiosk_domain
from centre.web import ctx, db, language_from_body

COOKIE = "enindgang_kiosk"
# A kiosk stays paired until staff revoke it; the cookie only needs to outlive the machine.
COOKIE_MAX_AGE = 10 * 365 * 24 * 3600
# A person takes a ticket or types a code in a few seconds; a script does not.
TICKET_LIMIT = "20/minute"
WRONG_CODE_LIMIT = "10/minute"


def current_kiosk() -> dict[str, Any] | None:
    """The paired, unrevoked kiosk behind this request (looked up once per request)."""
    if "kiosk" not in g:
        credential = request.cookies.get(COOKIE)
        g.kiosk = kiosk_domain.authenticate(ctx().clock, db(), credential) if credential else None
    return g.kiosk


def require_kiosk(view: Callable) -> Callable:
    """Only a paired kiosk may call this endpoint: 403 not_a_kiosk otherwise."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_kiosk() is None:
            language_from_body()
            raise QueueError("not_a_kiosk")
        return view(*args, **kwargs)

    return wrapped


def set_credential(response, credential: str):
    response.set_cookie(
        COOKIE,
        credential,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        path="/",
    )
    return response


def kiosk_key() -> str:
    """Limits count per kiosk: every kiosk of a centre shares the LAN's addresses."""
    kiosk = current_kiosk()
    return f"kiosk:{kiosk['id']}" if kiosk else "none"


def limits_off() -> bool:
    """No cap for a request that is refused anyway, or when the centre runs without caps."""
    return not current_app.config["CENTRE"].kiosk_rate_limit or current_kiosk() is None


def wrong_code(response) -> bool:
    """Only answers that say the code was wrong use up a kiosk's tries."""
    return response.status_code == 404
