"""The background round: reminders, sending the outbox, purging old personal data, and the
day's first free times."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import Any

from flask import Flask

from booking.domain import first_free, messages, rate_storage, retention
from booking.mail import mailer

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600
# While this process serves requests, its background rounds take at most this share of the
# time: in a booking rush the bookings come first and their confirmations follow (each costs
# about as much CPU as the booking). Without requests, rounds run back to back.
BUSY_SHARE = 0.1


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
        self._stop = threading.Event()
        self._last_purge = 0.0
        # The heartbeat /healthz and /metrics read: when the last round ended, and how.
        self.last_round_at: datetime | None = None
        self.last_round_ok: bool | None = None
        self.started_at: datetime | None = None
        self._thread = threading.Thread(target=self._run, name="booking-ticker", daemon=True)

    def start(self) -> Ticker:
        self.started_at = self.app.extensions["enindgang"]["context"].now()
        self._beat(self.started_at)
        self._thread.start()
        return self

    def _beat(self, at: datetime) -> None:
        """Tell the metrics' heartbeat gauge (booking/monitoring.py), when the app has one."""
        gauge = self.app.extensions["enindgang"].get("sender_heartbeat")
        if gauge is not None:
            gauge.set(at.timestamp())

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """End the thread after its round (tests; a worker process simply exits)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def status(self) -> dict[str, Any]:
        """Whether the thread runs, and when its last round ended and whether it went well."""
        return {
            "running": self._thread.is_alive(),
            "started_at": self.started_at,
            "last_round_at": self.last_round_at,
            "ok": self.last_round_ok,
        }

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            purge = time.monotonic() - self._last_purge > PURGE_EVERY_SECONDS
            started = time.monotonic()
            try:
                done = run_round(self.app, purge)
                if purge:
                    self._last_purge = time.monotonic()
                if done["sent"] >= mailer.BATCH:
                    self._wake.set()  # more are waiting (after a rush): on at once
                self.last_round_ok = True
            except Exception:  # keep going: the next round may succeed
                log.exception("background round failed")
                self.last_round_ok = False
            self.last_round_at = self.app.extensions["enindgang"]["context"].now()
            self._beat(self.last_round_at)
            self._give_way(time.monotonic() - started)

    def _give_way(self, took: float) -> None:
        """After a round that took `took` seconds: wait while requests are being served, up to
        the pause that keeps the rounds to BUSY_SHARE of the time."""
        in_flight = self.app.extensions["enindgang"].get("in_flight")
        if in_flight is None:
            return
        until = time.monotonic() + took * (1 / BUSY_SHARE - 1)
        while in_flight.count > 0 and time.monotonic() < until and not self._stop.is_set():
            self._stop.wait(0.02)
