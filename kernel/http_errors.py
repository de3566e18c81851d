"""The error answer both apps give: {"error": {"code", "message", ...}} with a 4xx or 5xx.

The kernel holds the codes it and both apps' HTTP layers give (Werkzeug's errors, logins,
CSRF, validation) and registers the handlers; each app extends the two tables with its own
codes and answers its own domain errors."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
from flask import Flask, current_app, g, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from kernel import db

log = logging.getLogger(__name__)

# Werkzeug's HTTP errors as machine codes; anything else it raises is a malformed request.
HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
    401: "not_authenticated",
    403: "forbidden",
}

# The status of each code both apps give; an app adds its own codes to a copy.
STATUS = {
    "validation": 422,
    "unknown_staff": 404,
    "not_found": 404,
    "not_authenticated": 401,
    "forbidden": 403,
    "csrf_failed": 400,
    "method_not_allowed": 405,
    "too_large": 413,
    "rate_limited": 429,
    "monitoring_token_required": 401,
    "server_error": 500,
    "database_busy": 503,
    "database_unavailable": 503,
}

# Seconds a client is asked to wait (Retry-After) before it sends the request again: a busy
# database frees up in a moment, a stopped one takes a restart.
RETRY_AFTER = {"database_busy": 2, "database_unavailable": 30}

# The sentence for each code both apps give in the same words. "rate_limited" is worded by
# each app: a citizen at a kiosk and someone booking online are told different things.
MESSAGES = {
    "validation": _l("Some of the information sent is missing or not valid."),
    "unknown_staff": _l("We do not know that staff member."),
    "not_found": _l("That page or address does not exist."),
    "not_authenticated": _l("Please log in first."),
    "forbidden": _l("You are not allowed to do that."),
    "csrf_failed": _l("Your session has expired. Please reload the page and try again."),
    "method_not_allowed": _l("That method is not allowed here."),
    "too_large": _l("The request is too large."),
    "rate_limited_logins": _l("Too many failed logins. Please wait a minute and try again."),
    "monitoring_token_required": _l(
        "This needs the monitoring token, or a request from the server itself."
    ),
    "server_error": _l("Something went wrong on our side. Nothing was saved. Please try again."),
    "database_busy": _l(
        "Many people are using the system right now. Nothing was saved. "
        "Please try again in a moment."
    ),
    "database_unavailable": _l(
        "The system cannot reach its data right now. Nothing was saved. "
        "Please try again in a little while."
    ),
}


def code_for(error: HTTPException) -> str:
    """The machine code for one of Werkzeug's HTTP errors."""
    return HTTP_CODES.get(error.code or 400, "validation")


def json_error(code: str, message: str, status: int, **extra):
    """The JSON answer for an error: its code, a sentence for people, and safe details."""
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def log_unexpected() -> None:
    """Log an unhandled error with its traceback for staff; the client gets no internals."""
    log.exception("unhandled error on %s %s", request.method, request.path)


def _no_user_from_the_database() -> None:
    """Render the error page as for someone not logged in: flask-login's template context
    would otherwise ask the failing database who is (and turn the 503 into a 500)."""
    manager = getattr(current_app, "login_manager", None)
    if manager is not None and "_login_user" not in g:
        # Where flask-login keeps the request's user once it has loaded it.
        g._login_user = manager.anonymous_user()


def init_handlers(
    app: Flask,
    domain_error: type[Exception],
    answer_domain: Callable[[Any], Any],
    answer: Callable[[str, int], Any],
) -> None:
    """Answer every error of `app`: its domain errors by `answer_domain(error)`; a failed CSRF
    check, Werkzeug's HTTP errors and anything unexpected (logged) by `answer(code, status)`."""
    app.register_error_handler(domain_error, answer_domain)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return answer("csrf_failed", STATUS["csrf_failed"])

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Flask hands on an HTTPException without a status (a routing redirect) itself.
        return answer(code_for(error), error.code or 400)

    @app.errorhandler(sqlite3.OperationalError)
    @app.errorhandler(psycopg.OperationalError)
    def database_failed(error: Exception):
        code = db.failure(error)
        if code is None:
            return unexpected(error)
        # Expected under a rush or while the database restarts: a line, not a traceback.
        log.warning("%s on %s %s: %s", code, request.method, request.path, error)
        _no_user_from_the_database()
        response = app.make_response(answer(code, STATUS[code]))
        response.headers["Retry-After"] = str(RETRY_AFTER[code])
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log_unexpected()
        return answer("server_error", STATUS["server_error"])
