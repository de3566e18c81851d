"""Reception books a later appointment through central; the centre itself stores nothing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from centre.core.errors import QueueError
from centre.sync.client import Central, CentralClient, CentralRefused, CentralUnavailable
from kernel.languages import LANGUAGES

# Central's refusals the desk can explain and act on; anything else is "central refused".
PASSED_ON = ("slot_taken", "too_many_bookings", "validation", "unknown_hold", "unknown_service")
SHORT_TEXT = re.compile(r"^[A-Za-z0-9_.:+-]{1,64}$")
PERSON_FIELDS = ("name", "email", "phone")
# An e-mail address may be 254 characters long; central checks each field more closely.
MAX_FIELD = 254
# What the desk needs to show, and nothing more: the citizen's manage link never comes here
# (central sends it to the citizen alone), and the hold token only holds and books its slot.
DESK_ANSWER = ("code", "service", "start", "end", "centre", "status", "name", "phone", "email")
HOLD_ANSWER = ("hold", "expires_at", "service", "centre", "start", "end")


def _require(central: Central | None) -> CentralClient:
    if central is None:
        raise QueueError("central_not_configured")
    return central.client


def _calling(action, step: str = "ask"):
    """Run one call to central; its failures become the desk's machine codes."""
    try:
        return action()
    except CentralUnavailable:
        # Nothing is saved here. A lost answer to "book" may hide a booking made at central:
        # the same hold sent again returns it, so reception is told to try again.
        raise QueueError("central_unreachable", reason=step) from None
    except CentralRefused as err:
        code = err.code if err.code in PASSED_ON else "central_refused"
        details = {k: err.error[k] for k in ("fields", "alternatives", "limit") if k in err.error}
        raise QueueError(code, central_message=err.error.get("message"), **details) from None


def _short(value: Any, field: str) -> str:
    if not isinstance(value, str) or not SHORT_TEXT.match(value):
        raise QueueError("validation", field=field)
    return value


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise QueueError("validation", field="date") from None


def services(central: Central | None, centre: str, language: str) -> list[dict[str, Any]]:
    """The services a citizen can book at this centre, in the desk's language."""
    found = _calling(lambda: _require(central).booking_services(language))
    return [
        {"id": s["id"], "name": s.get("name") or s["id"], "minutes": s.get("minutes")}
        for s in found
        if isinstance(s, dict) and s.get("id") and centre in (s.get("centres") or ())
    ]


def free_times(
    central: Central | None, centre: str, service: Any, day: Any
) -> list[dict[str, Any]]:
    """Free start times of a service at this centre on one day."""
    service, day = _short(service, "service"), _day(day)
    slots = _calling(lambda: _require(central).availability(service, centre, day, day))
    return [
        {"start": s["start"], "end": s.get("end")}
        for s in slots
        if isinstance(s, dict) and s.get("start")
    ]


def hold(
    central: Central | None, data: dict[str, Any], staff: str, language: str
) -> dict[str, Any]:
    """Keep a time for the citizen at the desk while reception types their details."""
    body = {
        "service": _short(data.get("service"), "service"),
        "start": _short(data.get("start"), "start"),
        "language": language,
        "by": staff,
    }
    held = _calling(lambda: _require(central).hold(body, language))
    return {key: held.get(key) for key in HOLD_ANSWER}


def release(central: Central | None, token: Any) -> None:
    token = _short(token, "hold")
    _calling(lambda: _require(central).release(token))


def book(
    central: Central | None, data: dict[str, Any], staff: str, language: str
) -> tuple[dict[str, Any], bool]:
    """Confirm the held time: (booking, created). Sent again with the same hold, central
    answers the same booking, not created again."""
    body: dict[str, Any] = {"hold": _short(data.get("hold"), "hold"), "by": staff}
    for field in PERSON_FIELDS:
        value = data.get(field)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or len(value) > MAX_FIELD:
            raise QueueError("validation", field=field)
        body[field] = value
    body["language"] = data.get("language") if data.get("language") in LANGUAGES else language
    booking, created = _calling(lambda: _require(central).book(body, language), step="book")
    if not booking.get("code"):
        # A whole answer without a booking in it is no booking the desk can show.
        raise QueueError("central_unreachable", reason="book")
    # Pull at once, so the citizen can check in with the new code without waiting.
    central.wake()
    return {key: booking.get(key) for key in DESK_ANSWER}, created
