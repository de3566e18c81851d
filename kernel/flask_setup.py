"""The Flask settings both app factories start from: cookies, body size, strict JSON, logs."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from kernel import sessions
from kernel.json_input import StrictJSONProvider

# No form or JSON body of either app comes near this; larger ones are refused (413).
MAX_BODY = 64 * 1024


def configure(app: Flask, config: Any, testing: bool) -> None:
    """Secret key, cookies, sessions, request size, strict JSON bodies and logging.

    `config` is the app's config (CentreConfig or BookingConfig): both have the same
    session and cookie settings."""
    app.config.update(
        SECRET_KEY=config.load_secret_key(),
        TESTING=testing,
        MAX_CONTENT_LENGTH=MAX_BODY,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_SSL_STRICT=False,
    )
    sessions.configure(app, config.session_hours, config.secure_cookies, config.public_url)
    app.json = StrictJSONProvider(app)
    app.json.ensure_ascii = False
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def trust_proxies(app: Flask, hops: int) -> None:
    """Take client address, scheme and host from `hops` reverse proxies' X-Forwarded-* headers.

    Without the setting those headers are anyone's to write and are ignored."""
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
