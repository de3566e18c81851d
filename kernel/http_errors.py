"""The error answer both apps give: {"error": {"code", "message", ...}} with a 4xx or 5xx.

Each app keeps its own code → status and code → translated sentence tables."""

from __future__ import annotations

import logging

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

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


def code_for(error: HTTPException) -> str:
    """The machine code for one of Werkzeug's HTTP errors."""
    return HTTP_CODES.get(error.code or 400, "validation")


def json_error(code: str, message: str, status: int, **extra):
    """The JSON answer for an error: its code, a sentence for people, and safe details."""
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def log_unexpected() -> None:
    """Log an unhandled error with its traceback for staff; the client gets no internals."""
    log.exception("unhandled error on %s %s", request.method, request.path)
