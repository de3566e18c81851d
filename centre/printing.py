"""Glue between tickets and the printer: what to print, in which language, and its outcome."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from flask import Flask, has_request_context
from flask_babel import force_locale, format_datetime, gettext, ngettext

from centre.domain import printing as print_domain
from centre.web import no_wait_sentence, status_url, wait_range_sentence
from hardware.layout import PrintableTicket, render_ticket
from hardware.spooler import PrintJob, PrintOutcome, PrintSpooler
from kernel.clock import parse_iso
from kernel.i18n import local_time
from kernel.languages import direction

log = logging.getLogger(__name__)

# The date on the receipt, as each language writes it (the time comes from local_time).
ISSUED_ON = {
    "da": "d. MMMM yyyy",
    "en": "d MMMM yyyy",
    "ar": "d MMMM yyyy",
    "pl": "d MMMM yyyy",
    "tr": "d MMMM yyyy",
    "uk": "d MMMM yyyy",
    "ur": "d MMMM yyyy",
}
# Failed prints kept for staff to reprint (the event log keeps them all).
MAX_FAILED = 20
MAX_URLS = 500


def printable(
    app: Flask,
    ticket: dict,
    people_ahead: int | None,
    wait: Sequence[int] | None,
    url: str,
    wait_note: dict | None = None,
) -> PrintableTicket:
    """The receipt's text in the citizen's chosen language; `wait` is the range shown
    ([low, high] minutes), None when no wait is promised (`wait_note` says why)."""
    ctx = app.extensions["enindgang"]["context"]
    service = ctx.catalogue.service(ticket["service"])
    language = ticket.get("language") or "da"
    # Inside a request (the kiosk's) its context serves; a reprint from a worker needs one.
    outer = nullcontext() if has_request_context() else app.test_request_context()
    with outer, force_locale(language):
        ahead_line = wait_line = appointment_line = ""
        if people_ahead == 0:
            ahead_line = gettext("You are next.")
        elif people_ahead is not None:  # None: the ticket is no longer waiting (a reprint)
            ahead_line = ngettext(
                "%(num)d person ahead of you", "%(num)d people ahead of you", people_ahead
            )
        appointment_at = parse_iso(ticket.get("appointment_at"))
        if people_ahead is not None and wait is not None and appointment_at is None:
            # The same range the kiosk's screen shows (and the ticket row keeps); an
            # appointment is called at its time, which its own line says.
            wait_line = wait_range_sentence(*wait)
        if people_ahead is not None and wait is None:
            # Nobody is at a counter that serves it: no number is promised, even to the next.
            wait_line = no_wait_sentence(wait_note)
        if appointment_at is not None:
            appointment_line = gettext(
                "Your appointment: %(time)s", time=local_time(appointment_at)
            )
        created_at = parse_iso(ticket["created_at"])
        return PrintableTicket(
            centre_name=ctx.name,
            number=ticket["number"],
            service_name=service.label(language),
            issued_at=gettext(
                "%(date)s at %(time)s",
                date=format_datetime(created_at, ISSUED_ON.get(language, ISSUED_ON["en"])),
                time=local_time(created_at),
            ),
            people_ahead_line=ahead_line,
            wait_line=wait_line,
            status_url=url,
            qr_caption=gettext("Scan the code to follow your number on your phone."),
            greeting=gettext("Welcome. Please wait until your number is called."),
            appointment_line=appointment_line,
            direction=direction(language),
        )


class TicketPrinter:
    """Renders tickets and hands them to the spooler; records outcomes; tells staff the state.

    `state` is what staff see: {"online", "paper": ok|low|out|unknown, "error": code|None,
    "failed": [{"id", "number", "error"}]} (tickets whose paper copy failed, newest last).
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        config = app.config["CENTRE"]
        printer = config.printer
        self.profile = printer.profile
        self.width_mm = printer.width_mm
        native = printer.options.get("native_qr")
        self.native_qr = None if native is None else bool(native)
        self.transport = printer.make_transport(config.printout_dir)
        self.spooler = PrintSpooler(
            self.transport,
            self._record,
            self._state_changed,
            timeout=printer.timeout_seconds,
            poll_interval=float(printer.options.get("status_interval_seconds", 10)),
        )
        self._lock = threading.Lock()
        self._failed: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._urls: OrderedDict[str, str] = OrderedDict()
        self._recover()
        self._pushed = self.state
        hub = app.extensions["enindgang"].get("hub")
        if hub is not None:
            hub.printer_state = self._pushed  # the snapshot staff get on connect
        if self.spooler.poll_interval:
            self.spooler.start()  # the first status poll runs at once

    # -- printing ------------------------------------------------------------------------------

    def print_ticket(
        self,
        ticket: dict,
        people_ahead: int | None,
        wait: Sequence[int] | None,
        url: str,
        reprint: bool = False,
        wait_note: dict | None = None,
    ) -> None:
        """Queue the ticket's receipt; returns at once (the outcome becomes an event)."""
        content = printable(self.app, ticket, people_ahead, wait, url, wait_note)
        with self._lock:
            self._urls[ticket["id"]] = url
            while len(self._urls) > MAX_URLS:
                self._urls.popitem(last=False)
        self.spooler.submit(
            PrintJob(
                ticket_id=ticket["id"],
                name=ticket["number"],
                render=lambda: render_ticket(content, self.profile, self.width_mm, self.native_qr),
                reprint=reprint,
            )
        )

    def reprint(self, ticket_id: str, url: str | None = None) -> bool:
        """Print a ticket again with its current position; False if unknown or already queued."""
        ext = self.app.extensions["enindgang"]
        if self.spooler.is_pending(ticket_id):
            return False
        found = print_domain.copy_of(ext["context"], ext["pool"].get(), ticket_id)
        if found is None:
            return False
        ticket, status = found
        url = url or self._urls.get(ticket_id) or self._status_url(ticket["token"])
        self.print_ticket(
            ticket,
            status["position"],
            status["estimated_wait_range"],
            url,
            reprint=True,
            wait_note=status.get("wait_note"),
        )
        return True

    def _status_url(self, token: str) -> str:
        return status_url(token)  # needs the configured public_url or a request

    def printouts(self, limit: int = 10) -> list[dict[str, Any]]:
        """The virtual printer's newest printouts ([] for a real printer)."""
        lister = getattr(self.transport, "printouts", None)
        return lister(limit) if lister else []

    # -- outcomes and state ----------------------------------------------------------------------

    def _recover(self) -> None:
        """At start: today's tickets without their paper copy are shown to staff again.

        Those queued when the process died get their print.failed event (error "interrupted",
        `centre/domain/printing.py`); failures from before the restart are listed again too,
        as they were.
        """
        ext = self.app.extensions["enindgang"]
        db, ctx = ext["pool"].get(), ext["context"]
        try:
            missing = print_domain.mark_interrupted(ctx, db, self.transport.kind)
        except Exception:
            # A bug here must not keep the centre from starting.
            log.exception("could not look for tickets left unprinted by a stop")
            return
        interrupted = sum(t["pending"] > 0 for t in missing)
        if interrupted:
            log.warning(
                "%d ticket(s) were waiting to print when the centre stopped: shown to staff "
                "as not printed, with Reprint",
                interrupted,
            )
        for ticket in missing[-MAX_FAILED:]:
            self._failed[ticket["id"]] = {
                "id": ticket["id"],
                "number": ticket["number"],
                "error": ticket["last_error"],
            }

    @property
    def state(self) -> dict[str, Any]:
        with self._lock:
            failed = list(self._failed.values())
        return {**self.spooler.state, "failed": failed}

    def _record(self, job: PrintJob, outcome: PrintOutcome) -> None:
        ext = self.app.extensions["enindgang"]
        db, ctx = ext["pool"].get(), ext["context"]
        with self.app.app_context():
            print_domain.record_print(
                ctx,
                db,
                job.ticket_id,
                job.name,
                outcome.ok,
                error=outcome.error,
                detail=outcome.detail or None,
                attempts=outcome.attempts,
                seconds=outcome.seconds,
                reprint=job.reprint,
                transport=self.transport.kind,
            )
        with self._lock:
            if outcome.ok:
                self._failed.pop(job.ticket_id, None)
            else:
                self._failed.pop(job.ticket_id, None)
                self._failed[job.ticket_id] = {
                    "id": job.ticket_id,
                    "number": job.name,
                    "error": outcome.error,
                }
                while len(self._failed) > MAX_FAILED:
                    self._failed.popitem(last=False)
        printed = getattr(ext["hub"], "ticket_printed", None)
        if printed is not None:
            printed(job.ticket_id, job.name, outcome.ok, outcome.error)
        self._push()

    def _state_changed(self, state: dict[str, Any]) -> None:
        ext = self.app.extensions["enindgang"]
        db, ctx = ext["pool"].get(), ext["context"]
        try:
            with self.app.app_context():
                print_domain.record_printer_state(ctx, db, state)
        except Exception:
            log.exception("recording the printer state failed")
        self._push()

    def _push(self) -> None:
        """Tell staff screens, once per change."""
        state = self.state
        with self._lock:
            if state == self._pushed:
                return
            self._pushed = state
        self.app.extensions["enindgang"]["hub"].printer_changed(state)


def init_app(app: Flask) -> TicketPrinter:
    return TicketPrinter(app)
