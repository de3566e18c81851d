"""Sending the outbox: messages written in the citizen's language, by SMTP or into a folder."""

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
from booking.config import SmtpConfig
from booking.domain import messages, setup
from booking.i18n import address_line, local_date, opening_hours_lines
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
    app: Flask, booking: dict, kind: str, channel: str, token: str | None = None
) -> tuple[str, str]:
    """Subject and text of a message, in the language the citizen booked in; `token` is the
    fresh manage link this message carries (none for a cancellation)."""
    ctx = app.extensions["enindgang"]["context"]
    centre = setup.find_centre(app.extensions["enindgang"]["pool"].get(), booking["centre"])
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
        template = app.jinja_env.get_template(f"booking/messages/{channel}.txt")
        body = template.render(
            kind=kind,
            booking=booking,
            bring=what_to_bring(booking["service"]),
            manage_url=booking_links(booking, token, base)["manage_url"] if token else None,
            opening_hours=opening_hours_lines(centre, ctx.tz),
            book_again_url=book_again_url(base, booking),
            **context,
        )
        return subject_for(kind, context), body.strip() + "\n"


def book_again_url(base: str, booking: dict) -> str:
    """The booking site at the same service and centre (where a cancelled booking points)."""
    return f"{base}/book?" + urlencode({"service": booking["service"], "centre": booking["centre"]})


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
    """E-mail through the configured SMTP server; SMS still into the folder (no gateway yet)."""

    def __init__(self, config: SmtpConfig, folder: Path) -> None:
        self.config = config
        self.folder = FolderTransport(folder)

    def send(self, channel: str, recipient: str, subject: str, body: str, sender: str, ref: str):
        if channel != "email":
            self.folder.send(channel, recipient, subject, body, sender, ref)
            return
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


def transport(app: Flask):
    config = app.extensions["enindgang"]["context"].config
    if config.smtp:
        return SmtpTransport(config.smtp, config.mailbox_dir)
    return FolderTransport(config.mailbox_dir)


def _redacted(error: Exception, recipient: str | None) -> str:
    # Mail servers like to quote the address they refused: the stored error keeps none.
    text = str(error)
    return text.replace(recipient, "<recipient>") if recipient else text


def sender_id() -> str:
    """Who claims messages: this process on this machine (several workers each send)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def deliver_pending(app: Flask, limit: int = 100) -> int:
    """Send what is queued; a failure is retried on the next round (up to 5 attempts).

    The messages are first claimed in the database, so with several worker processes (or a
    cron `tick` beside them) each message is sent by one of them only.

    Messages are written and sent outside any transaction; their outcomes are then recorded
    in one write, so sending never holds up bookings. Each message brings the citizen a
    manage link of its own, made for it and stored only as a hash.
    """
    ctx = app.extensions["enindgang"]["context"]
    db = app.extensions["enindgang"]["pool"].get()
    sender = ctx.config.smtp.sender if ctx.config.smtp else "borgerservice@example.dk"
    way = transport(app)
    claimed = messages.claim(ctx, db, sender_id(), limit)
    outcomes: list[tuple[int, str, str | None]] = [(m, "skipped", None) for m in claimed.stale]
    made = claimed.links
    unused: list[int] = []
    for message, booking in claimed.due:
        recipient = booking["email"] if message["channel"] == "email" else booking["phone"]
        link_id, token = made.get(message["id"], (None, None))
        try:
            subject, body = compose(app, booking, message["kind"], message["channel"], token)
            ref = mailbox.message_ref(ctx.now(), booking["code"], message["id"])
            way.send(message["channel"], recipient, subject, body, sender, ref)
        except Exception as err:  # the server may be down: try again next round
            error = _redacted(err, recipient)
            log.warning("message %s not sent: %s", message["id"], error)
            outcomes.append((message["id"], "failed", error))
            if link_id is not None:
                unused.append(link_id)
            continue
        outcomes.append((message["id"], "sent", None))
    messages.record_outcomes(ctx, db, outcomes, unused)
    return sum(1 for _, outcome, _ in outcomes if outcome == "sent")
