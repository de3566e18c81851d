"""Which paired kiosk sent a request: its cookie, the guard on kiosk endpoints, its limits."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import after_this_request, current_app, g, request
from flask.wrappers import Response
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from centre.core.errors import QueueError
from centre.domain import kiosks as kiosk_domain
from centre.web import ctx, db, language_from_body
from kernel.app_state import app_state

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


class KioskLimits:
    """Per-kiosk counters in this process (one per app), a fixed window each.

    Checked only by the endpoints that carry a limit: a library hook on every request of the
    centre cost more CPU than issuing the ticket's own SQL."""

    def __init__(self) -> None:
        self.window = FixedWindowRateLimiter(MemoryStorage())


def kiosk_limit(limit: str, count_when: Callable[[Response], bool] | None = None):
    """Hold each paired kiosk to `limit` on this endpoint (429 rate_limited past it).

    Every request counts, or with `count_when` only those whose answer it picks (tested
    before, counted after), so a queue of real citizens is never held up by the cap."""
    item = parse(limit)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if limits_off():
                return view(*args, **kwargs)
            window = app_state()["kiosk_limits"].window
            key = (request.endpoint or view.__name__, kiosk_key())
            if count_when is None:
                if not window.hit(item, *key):
                    raise TooManyRequests()
                return view(*args, **kwargs)
            if not window.test(item, *key):
                raise TooManyRequests()

            @after_this_request
            def count(response: Response) -> Response:
                if count_when(response):
                    window.hit(item, *key)
                return response

            return view(*args, **kwargs)

        return wrapped

    return decorate


def wrong_code(response) -> bool:
    """Only answers that say the code was wrong use up a kiosk's tries."""
    return response.status_code == 404
