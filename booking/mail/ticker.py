"""The background round: reminders, sending the outbox, purging old personal data, and the
day's first free times."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from booking.domain import first_free, messages, rate_storage, retention
from booking.mail import mailer

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600


def run_round(app: Flask, purge: bool = True) -> dict[str, int]:
    """One round of the background work (also `enindgang central tick` for cron)."""
    ext = app.extensions["enindgang"]
    with app.app_context():
        db = ext["pool"].get()
        reminders = messages.produce_reminders(ext["context"], db)
        sent = mailer.deliver_pending(app)
        purged = retention.purge(ext["context"], db) if purge else 0
        if purge:
            rate_storage.forget_expired(db)
        # Once a day per centre and booked service: a round finding today recorded does nothing.
        recorded = first_free.record(ext["context"], db)
    return {"reminders": reminders, "sent": sent, "purged": purged, "first_free": recorded}


class Ticker:
    """A daemon thread doing a round every `interval` seconds, or at once when woken."""

    def __init__(self, app: Flask, interval: float = 10.0) -> None:
        self.app = app
        self.interval = interval
        self._wake = threading.Event()
        self._last_purge = 0.0
        self._thread = threading.Thread(target=self._run, name="booking-ticker", daemon=True)

    def start(self) -> Ticker:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            purge = time.monotonic() - self._last_purge > PURGE_EVERY_SECONDS
            try:
                run_round(self.app, purge)
                if purge:
                    self._last_purge = time.monotonic()
            except Exception:  # keep going: the next round may succeed
                log.exception("background round failed")
