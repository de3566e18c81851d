"""Machine error codes to HTTP status and translated sentences; JSON for every error."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from booking.core.errors import BookingError
from kernel import http_errors
from kernel.http_errors import json_error

STATUS = {
    **http_errors.STATUS,
    "unknown_booking": 404,
    "unknown_hold": 404,
    "slot_taken": 409,
    "wrong_centre": 409,
    "too_many_bookings": 409,
    "invalid_state": 409,
    "account_exists": 409,
}

MESSAGES = {
    **http_errors.MESSAGES,
    "unknown_booking": _l("We cannot find a booking with that code and link."),
    "unknown_hold": _l("That time is no longer held for you."),
    "slot_taken": _l(
        "Sorry, that time was just taken by someone else. Please choose another time."
    ),
    "invalid_state": _l("That cannot be done with the booking as it is now."),
    "wrong_centre": _l("This booking is for another centre."),
    "invalid_state_cancelled": _l("This booking has been cancelled."),
    "invalid_state_started": _l("This appointment has already started or is over."),
    "invalid_state_checked_in": _l(
        "You have checked in for this appointment at the centre, so it can no longer be changed."
    ),
    "account_exists": _l("That username is already taken."),
    "rate_limited": _l("Too many requests. Please wait a moment and try again."),
}

# (field, reason) first, then the reason alone.
FIELD_MESSAGES = {
    ("name", "required"): _l("Please write your name."),
    ("email", "invalid"): _l("Please write a valid e-mail address, like name@example.dk."),
    ("phone", "invalid"): _l("Please write a mobile number: 8 digits, or with its country code."),
    ("contact", "required"): _l("Please give an e-mail address or a mobile number."),
    ("service", "unknown"): _l("We do not know that service."),
    ("centre", "unknown"): _l("We do not know that centre."),
    ("hold", "unknown"): _l("That time is no longer held for you. Please choose a time again."),
    ("hold", "mismatch"): _l("The details do not match the time held for you."),
    ("body", "invalid"): _l("The request must be a JSON object."),
    ("password", "too_short"): _l("The password is too short."),
    ("week", "format"): _l("Write the week as year and week number, like 2026-W49."),
    ("centre", "required"): _l("Please choose a centre."),
    ("level", "format"): _l("Write the service level as a share, like 0.8."),
    ("level", "range"): _l("The service level must be between 0.5 and 0.99."),
    ("outcome", "required"): _l("Please choose how the call ended."),
    ("outcome", "invalid"): _l("Please choose how the call ended."),
    ("administration", "required"): _l("Please choose the administration the call went to."),
    "required": _l("Please fill this in."),
    "invalid": _l("This is not valid."),
    "unknown": _l("We do not know this."),
    "too_long": _l("This is too long."),
    "past": _l("That time has already passed."),
    "too_soon": _l("That time is too soon. Please choose a later time."),
    "beyond_horizon": _l("That time is too far ahead. It cannot be booked yet."),
    "closed_day": _l("The centres are closed on that day (public holiday)."),
    "outside_hours": _l(
        "There is no appointment at that time. Please choose one of the times offered."
    ),
    "needs_offset": _l("The time must include its UTC offset, like 2026-11-24T10:00:00+01:00."),
    "service_not_offered": _l("This service cannot be booked at that centre."),
    "before_from": _l("The end must come after the start."),
    "range_too_long": _l("Please ask for at most 92 days at a time."),
    "in_use": _l("This is still in use."),
}


def field_message(field: str, reason: str) -> str:
    message = FIELD_MESSAGES.get((field, reason)) or FIELD_MESSAGES.get(reason)
    return str(message or FIELD_MESSAGES["invalid"])


def message_for(error: BookingError) -> str:
    """The translated sentence for a domain error, with its details filled in."""
    if error.code == "too_many_bookings":
        limit = int(error.params.get("limit", 1))
        return ngettext(
            "You already have %(num)d booking for this service. Cancel it before you book again.",
            "You already have %(num)d bookings for this service. Cancel one before you book again.",
            limit,
        )
    if error.code in ("invalid_state", "rate_limited"):
        specific = MESSAGES.get(f"{error.code}_{error.params.get('reason')}")
        if specific:
            return str(specific)
    return str(MESSAGES.get(error.code, MESSAGES["validation"]))


def error_body(error: BookingError) -> dict:
    """{"code", "message", "fields"?, "alternatives"?, ...} for a domain error."""
    body: dict = {"code": error.code, "message": message_for(error)}
    if error.fields:
        body["fields"] = {
            field: {"code": reason, "message": field_message(field, reason)}
            for field, reason in error.fields.items()
        }
    for key in ("alternatives", "reason", "limit", "centre", "index"):
        if key in error.params:
            body[key] = error.params[key]
    return body


def error_response(code: str, status: int | None = None, **extra):
    return json_error(code, str(MESSAGES[code]), status or STATUS.get(code, 400), **extra)


TITLES = {
    404: _l("Page not found"),
    400: _l("Please try again"),
    429: _l("Please wait a moment"),
    500: _l("Something went wrong"),
}


# Read by monitoring, not people: JSON like the API.
MACHINE_PATHS = ("/healthz", "/metrics")


def wants_page() -> bool:
    """People on the booking site and staff pages get a page; API clients get JSON."""
    return not request.path.startswith("/api/") and request.path not in MACHINE_PATHS


def page_response(code: str, status: int, message: str | None = None):
    title = TITLES.get(status) or TITLES[400]
    text = message or str(MESSAGES.get(code, MESSAGES["validation"]))
    return render_template("booking/error.html", title=str(title), message=text), status


def _answer_booking_error(error: BookingError):
    status = STATUS.get(error.code, 400)
    if wants_page():
        return page_response(error.code, status, message_for(error))
    return jsonify(error=error_body(error)), status


def _answer(code: str, status: int):
    if wants_page():
        return page_response(code, status)
    return error_response(code, status=status)


def init_app(app: Flask) -> None:
    http_errors.init_handlers(app, BookingError, _answer_booking_error, _answer)
