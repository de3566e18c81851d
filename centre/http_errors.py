"""Machine error codes to HTTP status and a translated sentence; JSON for every error."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from centre.web import language_from_body
from kernel import http_errors
from kernel.errors import CodedError
from kernel.http_errors import json_error
from kernel.i18n import local_day, local_time

STATUS = {
    **http_errors.STATUS,
    "unknown_service": 404,
    "unknown_ticket": 404,
    "unknown_counter": 404,
    "not_a_kiosk": 403,
    "pairing_invalid": 404,
    "unknown_kiosk": 404,
    "closed": 409,
    "closing_soon": 409,
    "service_stopped": 409,
    "no_tax_secondee": 409,
    "appointment_required": 409,
    "invalid_state": 409,
    "counter_taken": 409,
    "not_at_counter": 409,
    "on_break": 409,
    "on_phone": 409,
    "staff_exists": 409,
    "print_pending": 409,
    "unknown_booking": 404,
    "too_early": 409,
    "too_late": 409,
    "wrong_centre": 409,
    "already_checked_in": 409,
    "central_not_configured": 503,
    "central_unreachable": 503,
    "central_refused": 502,
    "slot_taken": 409,
    "too_many_bookings": 409,
    "unknown_hold": 404,
    "feedback_not_finished": 409,
    "feedback_given": 409,
}

MESSAGES = {
    **http_errors.MESSAGES,
    "unknown_service": _l("We do not know that service."),
    "unknown_ticket": _l("We cannot find that ticket."),
    "unknown_counter": _l("We do not know that counter."),
    "not_authenticated_bad_credentials": _l("The username or the password is not right."),
    "not_a_kiosk": _l("This screen is not set up as a kiosk. Please ask a member of staff."),
    "pairing_invalid": _l(
        "This pairing link does not work: it has been used, it has run out (links last "
        "15 minutes) or it was never made. Ask for a new link with "
        "`enindgang centre add-kiosk`."
    ),
    "unknown_kiosk": _l("We do not know that kiosk."),
    "closed": _l("The centre is closed."),
    "closed_opens": _l("The centre is closed. We open %(day)s at %(time)s."),
    "closed_appointment": _l(
        "The centre is closed at the time of your appointment (%(time)s). "
        "Please ask at the reception."
    ),
    "closing_soon": _l(
        "We cannot give out more numbers for this service today: we close at %(time)s."
    ),
    "service_stopped": _l("No more numbers are given out for this service today."),
    "no_tax_secondee": _l(
        "We are sorry: no one from the Danish Tax Agency is here for the rest of today, so we "
        "cannot give you a number for a tax decision. You are welcome to book a time, or take a "
        "number for tax questions."
    ),
    "appointment_required": _l("This service needs an appointment. Please book a time."),
    "appointment_required_transfer": _l(
        "That service takes booked appointments only. Choose another service."
    ),
    "invalid_state": _l("That cannot be done with the ticket as it is now."),
    "counter_taken": _l("Someone else is logged in at that counter."),
    "not_at_counter": _l("You are not logged in at that counter."),
    "on_break": _l("You are on a break. Come back from the break first."),
    "on_phone": _l("You are on phone duty. Come back from phone duty first."),
    "staff_exists": _l("That username is already taken."),
    "print_pending": _l("This ticket is already waiting to be printed. Please wait a moment."),
    "unknown_booking": _l(
        "We cannot find a booking with that code. Please check the code or ask at the reception."
    ),
    "unknown_booking_unreachable": _l(
        "We cannot check that booking code right now. Please ask at the reception."
    ),
    "unknown_booking_cancelled": _l(
        "That booking has been cancelled. Please ask at the reception if you need help."
    ),
    "too_early": _l(
        "You are early for your appointment at %(time)s. You can check in from %(opens)s."
    ),
    "too_late": _l(
        "Your appointment was at %(time)s, and it is too late to check in now. "
        "Please ask at the reception."
    ),
    "too_early_desk": _l(
        "It is too early to check in for the appointment at %(time)s: check-in opens at "
        "%(opens)s. Give the citizen a number, or ask them to come back then."
    ),
    "too_late_desk": _l(
        "The appointment was at %(time)s: it is too late to check it in. Give the citizen a "
        "number, or book a new time."
    ),
    "wrong_centre": _l(
        "Your appointment is at another citizen service centre. Please go there, "
        "or ask at the reception."
    ),
    "already_checked_in": _l("You have already checked in. Your number is %(number)s."),
    "already_checked_in_no_number": _l("You have already checked in for this appointment."),
    "central_not_configured": _l("This centre is not connected to the central booking service."),
    "central_unreachable": _l(
        "The central booking service cannot be reached right now. Nothing has been booked. "
        "Please try again in a moment."
    ),
    "central_unreachable_book": _l(
        "No answer came from the central booking service, so we cannot tell whether the "
        "booking was made. Try again in a moment: the same time is never booked twice."
    ),
    "central_unreachable_names": _l(
        "The central booking service cannot be reached right now, so names cannot be shown."
    ),
    "central_refused": _l("The central booking service refused this. Nothing has been booked."),
    "slot_taken": _l("That time has just been taken. Please choose another time."),
    "too_many_bookings": _l(
        "This citizen already has as many open bookings for this service as are allowed."
    ),
    "unknown_hold": _l("That time is no longer held. Please choose the time again."),
    "feedback_not_finished": _l("You can answer when your visit is finished."),
    "feedback_given": _l("You have already answered. Thank you."),
    "rate_limited": _l("Too many requests. Please wait a moment."),
    "rate_limited_tickets": _l(
        "Many numbers have just been taken at this screen. Please wait a minute and try "
        "again, or ask at the reception."
    ),
    "rate_limited_checkins": _l(
        "Several codes typed here did not match a booking. Please wait a minute and try "
        "again, or ask at the reception."
    ),
}


def message_for(error: CodedError) -> str:
    """The translated sentence for a domain error, with its details filled in."""
    if error.code == "closed" and error.params.get("opens_at"):
        opens = error.params["opens_at"]
        return str(MESSAGES["closed_opens"]) % {"day": local_day(opens), "time": local_time(opens)}
    if error.code == "closed" and error.params.get("reason") == "appointment":
        return str(MESSAGES["closed_appointment"]) % {"time": local_time(error.params.get("start"))}
    if error.code == "closing_soon":
        return str(MESSAGES["closing_soon"]) % {"time": local_time(error.params.get("closes_at"))}
    if error.code in ("too_early", "too_late") and error.params.get("reason") == "desk":
        return str(MESSAGES[f"{error.code}_desk"]) % {
            "time": local_time(error.params.get("start")),
            "opens": local_time(error.params.get("opens_at")),
        }
    # A plain sentence for a code with a reason, as "<code>_<reason>" (central does the same).
    specific = MESSAGES.get(f"{error.code}_{error.params.get('reason')}")
    if specific is not None:
        return str(specific)
    if error.code == "too_early":
        return str(MESSAGES["too_early"]) % {
            "time": local_time(error.params.get("start")),
            "opens": local_time(error.params.get("opens_at")),
        }
    if error.code == "too_late":
        return str(MESSAGES["too_late"]) % {"time": local_time(error.params.get("start"))}
    if error.code == "already_checked_in" and not error.params.get("number"):
        return str(MESSAGES["already_checked_in_no_number"])
    if error.code == "already_checked_in":
        return str(MESSAGES["already_checked_in"]) % {"number": error.params.get("number", "")}
    return str(MESSAGES.get(error.code, MESSAGES["validation"]))


def error_response(code: str, message: str | None = None, status: int | None = None, **extra):
    return json_error(
        code, message or str(MESSAGES[code]), status or STATUS.get(code, 400), **extra
    )


# What the kiosk needs to explain a refused check-in and to offer something else.
CHECKIN_CODES = (
    "unknown_booking",
    "too_early",
    "too_late",
    "wrong_centre",
    "already_checked_in",
    "closed",
)


# Central's answers the desk passes on: which fields to mend, which times are free instead.
DESK_CODES = (
    "validation",
    "central_refused",
    "slot_taken",
    "too_many_bookings",
    "unknown_hold",
    "unknown_service",
)


def _public_params(error: CodedError) -> dict:
    """Details safe to send back (field names, times), never internals."""
    keep = {}
    keys = ["field", "reason", "opens_at", "closes_at"]
    if error.code in CHECKIN_CODES:
        keys += ["start", "service", "offer", "centre", "number"]
    if error.code in DESK_CODES:
        keys += ["fields", "alternatives", "limit", "central_message"]
    for key in keys:
        value = error.params.get(key)
        if value is not None:
            keep[key] = value.isoformat() if hasattr(value, "isoformat") else value
    if error.code in ("too_early", "too_late") and "window" in error.params:
        opens, closes = error.params["window"]
        keep["window"] = {"opens_at": opens.isoformat(), "closes_at": closes.isoformat()}
    return keep


# Kiosk endpoints with a human rate, and the sentence a citizen sees when it is reached.
KIOSK_LIMITED = {"api.issue": "rate_limited_tickets", "checkins.check_in": "rate_limited_checkins"}


def _answer_coded_error(error: CodedError):
    return error_response(error.code, message_for(error), **_public_params(error))


def _answer(code: str, status: int):
    kiosk_limit = KIOSK_LIMITED.get(request.endpoint or "")
    if code == "rate_limited" and kiosk_limit:
        # A citizen at a kiosk reads this, in the language they chose there: say what
        # happened and what to do, kindly.
        language_from_body()
        return error_response(code, str(MESSAGES[kiosk_limit]), status=429)
    return error_response(code, status=status)


def init_app(app: Flask) -> None:
    # CodedError, not only QueueError: the shared catalogue's UnknownService too.
    http_errors.init_handlers(app, CodedError, _answer_coded_error, _answer)
