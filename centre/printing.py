"""Glue between tickets and the printer: what to print, in which language, and its outcome."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale, format_datetime, gettext, ngettext

from centre.store import events as event_store
from centre.store.db import write_transaction
from centre.store.tickets import parse_iso
from hardware.layout import PrintableTicket, render_ticket
from hardware.spooler import PrintJob, PrintSpooler
from hardware.transports import make_transport


def printable(app: Flask, ticket: dict, people_ahead: int, wait: int, url: str) -> PrintableTicket:
    """The receipt's text in the citizen's chosen language."""
    ctx = app.extensions["enindgang"]["context"]
    service = ctx.catalogue.service(ticket["service"])
    with app.test_request_context(), force_locale(ticket["language"]):
        return PrintableTicket(
            centre_name=ctx.name,
            number=ticket["number"],
            service_name=service.label(ticket["language"]),
            issued_at=format_datetime(parse_iso(ticket["created_at"]), "d. MMMM yyyy HH:mm"),
            people_ahead_line=ngettext(
                "%(num)d person ahead of you", "%(num)d people ahead of you", people_ahead
            ),
            wait_line=gettext("Expected waiting time: about %(minutes)d min.", minutes=wait)
            if wait
            else gettext("You are next."),
            status_url=url,
            qr_caption=gettext("Scan the code to follow your number on your phone."),
            greeting=gettext("Welcome. Please wait until your number is called."),
        )


class TicketPrinter:
    """Renders tickets and hands them to the spooler; records each outcome as an event."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        config = app.config["CENTRE"]
        self.profile = config.printer.profile
        self.width_mm = config.printer.width_mm
        transport = make_transport(
            config.printer.transport, config.printout_dir, config.printer.options
        )
        self.spooler = PrintSpooler(transport, self._record)

    def print_ticket(self, ticket: dict, people_ahead: int, wait: int, url: str) -> None:
        content = printable(self.app, ticket, people_ahead, wait, url)
        self.spooler.submit(
            PrintJob(
                ticket_id=ticket["id"],
                name=ticket["number"],
                render=lambda: render_ticket(content, self.profile, self.width_mm),
            )
        )

    def _record(self, job: PrintJob, ok: bool, error: str | None) -> None:
        ext = self.app.extensions["enindgang"]
        db, ctx = ext["pool"].get(), ext["context"]
        with self.app.app_context(), write_transaction(db):
            event_store.append(
                db,
                "print.ok" if ok else "print.failed",
                ctx.clock.now(),
                ticket_id=job.ticket_id,
                number=job.name,
                error=error,
            )
        state = {"online": ok, "paper": "ok" if ok else "unknown", "error": error}
        if state != ext["hub"].printer_state:
            ext["hub"].printer_changed(state)


def init_app(app: Flask) -> TicketPrinter:
    return TicketPrinter(app)
