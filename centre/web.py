"""Small helpers shared by the blueprints: the request body, the centre context, the db, and
the sentence said instead of a wait."""

from __future__ import annotations

import io
import logging
from typing import Any

import qrcode
import qrcode.image.svg
from flask import current_app, g, request
from flask_babel import gettext
from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.domain.context import CentreContext
from centre.domain.tickets import Issued
from centre.sync.agent import SyncAgent
from kernel.app_state import app_context, app_state, connection
from kernel.clock import parse_iso
from kernel.i18n import local_time, select_locale
from kernel.json_input import json_object
from kernel.languages import LANGUAGES
from kernel.links import link_base

log = logging.getLogger(__name__)

# A centre's bodies are a few hundred bytes (a tap, a code, a counter action) and its kiosk
# routes take them from any kiosk on the LAN: past 16 KiB a body is refused as an invalid body
# (422 validation on `body`) before it is parsed.
# The kernel's 64 KiB MAX_CONTENT_LENGTH (413) is for central's longer forms.
MAX_BODY_BYTES = 16 * 1024


def json_body() -> dict[str, Any]:
    """The request's JSON object, or QueueError('validation') for anything else."""
    return json_object(lambda: QueueError("validation", field="body"), MAX_BODY_BYTES)


def ctx() -> CentreContext:
    return app_context()


def db() -> Database:
    """This thread's connection to the centre database."""
    return connection()


def printer():
    return app_state()["printer"]


def printer_now() -> dict[str, Any]:
    """The kiosk printer's state as citizens' screens need it (no list of failed tickets)."""
    state = printer().state
    return {"online": state["online"], "paper": state["paper"], "error": state["error"]}


def ticket_answer(issued: Issued) -> dict:
    """What the kiosk (or the desk) is told about a ticket just issued."""
    ticket = issued.ticket
    service = ctx().catalogue.service(ticket["service"])
    language = select_locale()
    return {
        "id": ticket["id"],
        "number": ticket["number"],
        "service": ticket["service"],
        "service_name": service.label(language),
        "position": issued.people_ahead,
        "estimated_wait_minutes": issued.estimated_wait_minutes,
        # What the citizen reads: [low, high] minutes ("about 10-15 minutes"), or None.
        "estimated_wait_range": list(issued.wait_range) if issued.wait_range else None,
        # Why there is no number: {"code": "opens_at", "time": ISO} or {"code": "unknown"}.
        "wait_note": issued.wait_note,
        "status_url": status_url(ticket["token"]),
        "priority": bool(ticket["priority"]),
        "created": issued.created,
        # Before this ticket's own print: offline or out of paper means no paper copy is likely.
        "printer": printer_now(),
    }


def after_issue(issued: Issued) -> dict:
    """Answer for a new ticket, and print it (after the commit; the screens heard of it from
    the committed event)."""
    answer = ticket_answer(issued)
    if issued.created:
        try:
            printer().print_ticket(
                issued.ticket,
                issued.people_ahead,
                issued.wait_range,
                answer["status_url"],
                wait_note=issued.wait_note,
            )
        except Exception:
            # The ticket is committed: the citizen gets it on screen with its QR code, and
            # staff can reprint it. A printing bug must never turn into a lost ticket.
            log.exception("could not queue ticket %s for printing", issued.ticket["number"])
    return answer


def status_url(token: str) -> str:
    """The phone link for a ticket: public_url, or an allowed host (never any Host header)."""
    config = current_app.config["CENTRE"]
    return link_base(config.public_url, config.allowed_hosts) + f"/t/{token}"


def remember_language(language: Any) -> None:
    """Answer this request in the language the citizen chose at the kiosk."""
    if language in LANGUAGES:
        g.language = language


def sync_agent() -> SyncAgent | None:
    """The centre's sync agent (central's client, a nudge to sync now); None without central."""
    return app_state().get("sync")


def language_from_body() -> None:
    """For answers given before the view reads the body (refused kiosk, rate limit)."""
    body = request.get_json(silent=True)
    if isinstance(body, dict):
        remember_language(body.get("language"))


def no_wait_sentence(note: dict | None) -> str:
    """For a `wait_note` (stats.note_json): when the counter opens, or that nobody can say;
    "" without a note."""
    if note is None:
        return ""
    opens = parse_iso(note.get("time")) if note.get("code") == "opens_at" else None
    if opens is not None:
        return gettext("The counter opens at %(time)s.", time=local_time(opens))
    return gettext("We cannot say how long the wait will be.")


def wait_range_sentence(low: object, high: object) -> str:
    """The wait a citizen is shown: "Expected waiting time: about 10–15 minutes." (the
    placeholders are left in when a script fills them in)."""
    return gettext("Expected waiting time: about %(low)s–%(high)s minutes.", low=low, high=high)


def script_sentences(placeholder: str) -> dict[str, str]:
    """The same sentences for a page's script, with `placeholder` where it puts the time."""
    return {
        "wait_opens": gettext("The counter opens at %(time)s.", time=placeholder),
        "wait_unknown": gettext("We cannot say how long the wait will be."),
    }


def qr_svg(text: str) -> bytes:
    """A QR code as an SVG image (sharp at any size, tiny to send)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
