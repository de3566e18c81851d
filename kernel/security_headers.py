"""Security headers on every response of the centre and central apps (one list for both)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

# Everything comes from the app's own origin: scripts are files (templates hold only
# <script type="application/json"> data), styles are files, QR codes are images served here.
# 'self' in connect-src covers Socket.IO's polling and its WebSocket to the same host.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    # Status and manage pages carry their token in the URL: never pass it on to another site.
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)


class SecurityHeaders:
    """WSGI middleware: adds HEADERS to each response that does not set them itself.

    Outside Flask on purpose, so Socket.IO's own answers (polling, handshakes) get them too.
    """

    def __init__(self, wsgi_app: Callable, headers: Iterable[tuple[str, str]] = HEADERS) -> None:
        self.wsgi_app = wsgi_app
        self.headers = tuple(headers)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers.extend((n, v) for n, v in self.headers if n.lower() not in present)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def init_app(app: Flask) -> None:
    """Call last in the app factory: wraps every middleware installed before it."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
