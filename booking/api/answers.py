"""Bookings and holds as the API answers them: local times with offsets, links, .ics file."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from flask_babel import gettext as _

from booking.api import ics
from booking.core import visits
from booking.domain import setup
from booking.i18n import address_line, opening_hours_lines
from booking.web import base_url, ctx, db
from kernel.i18n import select_locale


def _local(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(ctx().tz).replace(microsecond=0).isoformat()


def booking_links(booking: dict, token: str, base: str | None = None) -> dict[str, str]:
    """The citizen's links, each with their manage token: the code alone opens nothing."""
    base, code, token = base or base_url(), booking["code"], quote(token, safe="")
    return {
        "manage_url": f"{base}/book/manage/{code}?token={token}",
        "checkin_qr_url": f"{base}/api/v1/bookings/{code}/checkin.svg?token={token}",
        "ics_url": f"{base}/api/v1/bookings/{code}/calendar.ics?token={token}",
    }


def booking_answer(booking: dict, token: str | None = None, personal: bool = False) -> dict:
    """A booking as the API answers it; the links only in the citizen's own answer (`token`:
    the manage token they brought or were just given), never to staff or a centre."""
    answer = {
        "code": booking["code"],
        "status": booking["status"],
        "service": booking["service"],
        "centre": booking["centre"],
        "start": _local(booking["start_at"]),
        "end": _local(booking["end_at"]),
    }
    answer["visit"] = visit_answer(booking)
    if token:
        answer.update(booking_links(booking, token))
    if personal:
        answer.update(name=booking["name"], email=booking["email"], phone=booking["phone"])
    return answer


def visit_answer(booking: dict) -> dict | None:
    """The visit at the centre, from its uploaded events: None until the citizen checks in,
    then {"state": "checked_in" | "served" | "no_show", "checked_in_at", "ended_at"}."""
    state = visits.state(booking)
    if state is None:
        return None
    ended = booking.get("visit_ended_at")
    return {
        "state": state,
        "checked_in_at": _local(booking["checked_in_at"]),
        "ended_at": _local(ended) if ended else None,
    }


def hold_answer(booking: dict) -> dict:
    return {
        "hold": booking["token"],
        "expires_at": _local(booking["hold_expires_at"]),
        "service": booking["service"],
        "centre": booking["centre"],
        "start": _local(booking["start_at"]),
        "end": _local(booking["end_at"]),
    }


def calendar_for(booking: dict, token: str) -> bytes:
    """The .ics file: what, where (street, postcode), the code, the centre's opening hours and
    the citizen's link to change it."""
    centre = setup.find_centre(db(), booking["centre"]) or {"name": ""}
    service = ctx().catalogue.service(booking["service"])
    summary = f"{service.label(select_locale())} – {centre['name']}"
    location = ", ".join(part for part in (centre["name"], address_line(centre)) if part)
    description = _(
        "Booking code: %(code)s. Check in at the kiosk when you arrive. To move or cancel: %(url)s",
        code=booking["code"],
        url=booking_links(booking, token)["manage_url"],
    )
    hours = opening_hours_lines(centre, ctx().tz)
    if hours:
        description += "\n" + _("Opening hours: %(hours)s", hours="; ".join(hours))
    return ics.appointment(booking, summary, location, description, ctx().now())
