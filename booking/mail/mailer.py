"""Sending the outbox: messages written in the citizen's language, by SMTP and the SMS gateway
or into a folder."""

from __future__ import annotations

import logging
import os
import smtplib
import socket
from datetime import datetime
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _

from booking.api.answers import booking_links
from booking.bring import what_to_bring
from booking.config import BookingConfig, SmtpConfig
from booking.domain import messages, world
from booking.i18n import address_line, local_date, opening_hours_lines
from booking.mail import sms_message
from booking.mail.sms_gateway import SmsGateway
from booking.store import mailbox
from kernel.i18n import local_time

log = logging.getLogger(__name__)


def subject_for(kind: str, context: dict) -> str:
    if kind == messages.REMINDER:
        return _("Reminder: %(service)s tomorrow at %(time)s", **context)
    if kind == messages.MOVED:
        return _("Your appointment has been moved: %(date)s at %(time)s", **context)
    if kind == messages.CANCELLED:
        return _("Your appointment is cancelled: %(service)s", **context)
    return _("Your booking: %(service)s, %(date)s at %(time)s", **context)


def compose(
    app: Flask,
    booking: dict,
    kind: str,
    channel: str,
    token: str | None = None,
    centres: dict[str, dict] | None = None,
) -> tuple[str, str]:
    """Subject and text of a message, in the language the citizen booked in; `token` is the
    fresh manage link this message carries (none for a cancellation). `centres`: every
    centre by id (`world.centres_by_id`), when a round of messages has them already."""
    ctx = app.extensions["enindgang"]["context"]
    if centres is None:
        centres = _centres(app)
    centre = centres.get(booking["centre"])
    start = datetime.fromisoformat(booking["start_at"])
    base = ctx.config.public_url or "http://localhost"
    with force_locale(booking["language"] or "da"):
        context = {
            "service": ctx.catalogue.service(booking["service"]).label(booking["language"]),
            "date": local_date(start),
            "time": local_time(start),
            "centre": centre["name"] if centre else booking["centre"],
            "address": address_line(centre),
        }
        link = booking_links(booking, token, base)["manage_url"] if token else None
        if channel == "sms":
            fields = {
                **context,
                "code": booking["code"],
                "link": link or book_again_url(base, booking),
            }
            text = sms_message.body(ctx.config.sms, booking["language"] or "da", kind, fields)
            return subject_for(kind, context), text  # fitted to the character: no newline
        template = app.jinja_env.get_template(f"booking/messages/{channel}.txt")
        body = template.render(
            kind=kind,
            booking=booking,
            bring=what_to_bring(booking["service"]),
            manage_url=link,
            opening_hours=opening_hours_lines(centre, ctx.tz),
            book_again_url=book_again_url(base, booking),
            **context,
        )
        return subject_for(kind, context), body.strip() + "\n"


def _centres(app: Flask) -> dict[str, dict]:
    """Every centre by id, taking bookings or not (a message about a booking goes out all the
    same), from the setup cache."""
    ctx = app.extensions["enindgang"]["context"]
    db = app.extensions["enindgang"]["pool"].get()
    return world.centres_by_id(db, ctx.cache.current(db))


def book_again_url(base: str, booking: dict) -> str:
    """The booking site at the same service and centre (where a cancelled booking points)."""
    return f"{base}/book?" + urlencode({"service": booking["service"], "centre": booking["centre"]})


# Messages claimed and sent per round; a round that sends a whole batch is followed by another.
BATCH = 100


class FolderTransport:
    """Messages as files (the demo's mailbox; SMS until a gateway is configured)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, channel: str, recipient: str, subject: str, body: str, sender: str, ref: str):
        self.folder.mkdir(parents=True, exist_ok=True)
        message = build(channel, recipient, subject, body, sender)
        # Named after the booking, so the retention purge can find and delete it.
        (self.folder / f"{ref}-{channel}.eml").write_bytes(message.as_bytes())


class SmtpTransport:
    """E-mail through the configured SMTP server."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    def send(self, channel: str, recipient: str, subject: str, body: str, sender: str, ref: str):
        c = self.config
        with smtplib.SMTP(c.host, c.port, timeout=c.timeout_seconds) as smtp:
            if c.starttls:
                smtp.starttls()
            if c.username:
                smtp.login(c.username, c.password or "")
            smtp.send_message(build(channel, recipient, subject, body, sender))


def build(channel: str, recipient: str, subject: str, body: str, sender: str) -> MIMEText:
    # The classic email API: a tenth of the CPU of EmailMessage, which matters in a rush.
    message = MIMEText(body, "plain", "utf-8")
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="enindgang")
    message["X-Channel"] = channel
    return message


class Router:
    """Each channel its way: e-mail by SMTP, SMS by the gateway, each into the mailbox folder
    when its server is not configured. `gateway_down` is set in a round once the gateway did
    not answer at all: that round's other SMS wait for the next one instead of each waiting
    out its own timeout."""

    def __init__(self, config: BookingConfig) -> None:
        self.folder = FolderTransport(config.mailbox_dir)
        self.smtp = SmtpTransport(config.smtp) if config.smtp else None
        self.gateway = SmsGateway(config.sms) if config.sms else None
        self.gateway_down = False

    def send(self, channel: str, recipient: str, subject: str, body: str, sender: str, ref: str,
             key: str = "") -> None:  # fmt: skip
        if channel == "sms" and self.gateway:
            self.gateway.send(recipient, body, key)
        elif channel == "email" and self.smtp:
            self.smtp.send(channel, recipient, subject, body, sender, ref)
        else:
            self.folder.send(channel, recipient, subject, body, sender, ref)


def transport(app: Flask) -> Router:
    return Router(app.extensions["enindgang"]["context"].config)


def _redacted(error: Exception, recipient: str | None, secret: str | None = None) -> str:
    # Mail servers and gateways like to quote the address or number they refused, in any
    # form: the stored error keeps none, nor the gateway's credential.
    text = str(error)
    if secret:
        text = text.replace(secret, "<credential>")
    if not recipient:
        return text
    digits = recipient.lstrip("+")
    for form in (recipient, digits, digits[2:] if digits.startswith("45") else ""):
        if len(form) >= 6:
            text = text.replace(form, "<recipient>")
    return text


def idempotency_key(message: dict) -> str:
    """The same for every try of one message, so a gateway that got it already can drop a
    repeat (the booking id is random: unique across installations sharing a gateway)."""
    return f"enindgang-{message['booking_id']}-{message['id']}"


def sender_id() -> str:
    """Who claims messages: this process on this machine (several workers each send)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def deliver_pending(app: Flask, limit: int | None = None) -> int:
    """Send what is queued; a failure is retried after a growing delay (up to 5 attempts), a
    refused recipient (a wrong number) is given up at once.

    The messages are first claimed in the database, so with several worker processes (or a
    cron `tick` beside them) each message is sent by one of them only.

    Messages are written and sent outside any transaction; their outcomes are then recorded
    in one write, so sending never holds up bookings. Each message brings the citizen a
    manage link of its own, made for it and stored only as a hash.
    """
    ctx = app.extensions["enindgang"]["context"]
    db = app.extensions["enindgang"]["pool"].get()
    limit = limit or BATCH
    sender = ctx.config.smtp.sender if ctx.config.smtp else "borgerservice@example.dk"
    credential = ctx.config.sms.credential if ctx.config.sms else None
    way = transport(app)
    claimed = messages.claim(ctx, db, sender_id(), limit)
    outcomes: list[tuple[int, str, str | None]] = [(m, "skipped", None) for m in claimed.stale]
    made = claimed.links
    centres = _centres(app) if claimed.due else {}
    unused: list[int] = []
    untried: list[int] = []
    for message, booking in claimed.due:
        recipient = booking["email"] if message["channel"] == "email" else booking["phone"]
        link_id, token = made.get(message["id"], (None, None))
        if message["channel"] == "sms" and way.gateway_down:
            unused.extend([link_id] if link_id is not None else [])
            untried.append(message["id"])
            continue  # untried: no attempt counted, its claim given back
        try:
            subject, body = compose(
                app, booking, message["kind"], message["channel"], token, centres
            )
            ref = mailbox.message_ref(ctx.now(), booking["code"], message["id"])
            way.send(message["channel"], recipient, subject, body, sender, ref,
                     idempotency_key(message))  # fmt: skip
        except Exception as err:  # the server may be down: try again later
            error = _redacted(err, recipient, credential)
            log.warning("message %s not sent: %s", message["id"], error)
            way.gateway_down = way.gateway_down or getattr(err, "unreachable", False)
            rejected = getattr(err, "permanent", False)
            outcomes.append((message["id"], "rejected" if rejected else "failed", error))
            # A message that may have arrived keeps its link working (at least once).
            if link_id is not None and not getattr(err, "maybe_delivered", False):
                unused.append(link_id)
            continue
        outcomes.append((message["id"], "sent", None))
    messages.record_outcomes(ctx, db, outcomes, unused, untried)
    return sum(1 for _, outcome, _ in outcomes if outcome == "sent")
