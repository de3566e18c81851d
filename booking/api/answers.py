"""Bookings and holds as the API answers them: local times with offsets, links, .ics file."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from flask_babel import gettext as _

from booking.api import ics
from booking.domain import setup
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
    if token:
        answer.update(booking_links(booking, token))
    if personal:
        answer.update(name=booking["name"], email=booking["email"], phone=booking["phone"])
    return answer


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
    """The .ics file: what, where, the code, and the citizen's link to change it."""
    centre = setup.find_centre(db(), booking["centre"]) or {"name": "", "address": ""}
    service = ctx().catalogue.service(booking["service"])
    summary = f"{service.label(select_locale())} – {centre['name']}"
    location = ", ".join(part for part in (centre["name"], centre["address"]) if part)
    description = _(
        "Booking code: %(code)s. Check in at the kiosk when you arrive. To move or cancel: %(url)s",
        code=booking["code"],
        url=booking_links(booking, token)["manage_url"],
    )
    return ics.appointment(booking, summary, location, description, ctx().now())
