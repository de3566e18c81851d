"""Staff sessions for both apps: lifetime, Secure cookies, and the checks on every request."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, session

# Keys this module keeps in the signed session cookie.
VERSION_KEY = "session_version"
SINCE_KEY = "logged_in_at"


def configure(
    app: Flask, session_hours: float, secure_cookies: bool, public_url: str | None
) -> None:
    """Session and CSRF lifetimes, and Secure cookies when asked for or served over https."""
    lifetime = timedelta(hours=session_hours)
    secure = bool(secure_cookies) or str(public_url or "").lower().startswith("https://")
    app.config.update(
        PERMANENT_SESSION_LIFETIME=lifetime,
        # A form or tablet older than the session cannot post any more either.
        WTF_CSRF_TIME_LIMIT=int(lifetime.total_seconds()),
        SESSION_COOKIE_SECURE=secure,
    )


def start(session: MutableMapping[str, Any], version: int, now: datetime) -> None:
    """Mark a fresh login: which version of the account it belongs to, and since when."""
    session.permanent = True  # type: ignore[attr-defined]
    session[VERSION_KEY] = int(version)
    session[SINCE_KEY] = now.timestamp()


def is_current(
    session: MutableMapping[str, Any], version: int, now: datetime, lifetime: timedelta
) -> bool:
    """The login is of the account's current version and younger than the lifetime.

    The cookie is signed, not stored: a copied cookie is replayable, so both are checked
    here rather than trusted to the browser's expiry."""
    since = session.get(SINCE_KEY)
    if session.get(VERSION_KEY) != version or not isinstance(since, int | float):
        return False
    age = now.timestamp() - since
    # A minute of leeway backwards: clocks of several workers are never quite the same.
    return -60 < age < lifetime.total_seconds()


def holds(account: Mapping[str, Any] | None, now: datetime) -> bool:
    """This request's login still stands: the account is active, and the session is of its
    current version and younger than the app's session lifetime."""
    if not account or not account["active"]:
        return False
    lifetime = current_app.permanent_session_lifetime
    return is_current(session, account["session_version"], now, lifetime)


def origin_of(url: str | None) -> str | None:
    """scheme://host[:port] of a URL, as a browser sends it in its Origin header."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
        # Browsers send a non-ASCII host name in its ASCII (punycode) form.
        host = host.encode("idna").decode("ascii") if host else None
    except (ValueError, UnicodeError):
        return None
    if scheme not in ("http", "https") or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")
