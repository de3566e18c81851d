"""The Socket.IO hub: snapshots on every connect, pushes after changes. Emits live only here."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import Counter
from typing import Any

from flask import Flask, request
from flask_login import current_user
from flask_socketio import SocketIO, join_room

from centre.core.errors import QueueError
from centre.domain import tickets as ticket_domain
from centre.domain.overview import display_state, display_waiting, queue_view, staff_overview
from centre.domain.stats import service_figures
from centre.store import tickets as ticket_store

log = logging.getLogger(__name__)

STAFF_ROOM = "staff"
# Changes within this window are pushed together: a burst of kiosk taps is one update.
COALESCE_SECONDS = 0.05
# Queue figures are pushed at most this often; calls are never held back (ticket_called).
MIN_PUSH_INTERVAL_SECONDS = 0.25


def ticket_room(ticket_id: str) -> str:
    return f"ticket:{ticket_id}"


def _push(method):
    """A push that fails must not fail the committed action that caused it: screens heal
    from the next snapshot, while a 500 would make staff repeat what already happened."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception:
            log.exception("push %s failed", method.__name__)
            return None

    return wrapped


def kiosk_figures(figures: dict) -> dict:
    """What a kiosk shows per service: people waiting and the expected wait."""
    return {
        s: {"waiting": f.waiting, "estimated_wait_minutes": f.estimated_wait_minutes}
        for s, f in figures.items()
    }


class Hub:
    """Pushes queue changes to displays, kiosks, counters and citizens' phones."""

    def __init__(self, app: Flask, socketio: SocketIO) -> None:
        self.app = app
        self.socketio = socketio
        self._dirty = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.printer_state: dict[str, Any] = {"online": True, "paper": "ok", "error": None}
        # Phones following a ticket: sid -> ticket id. Only these get per-ticket pushes.
        self.watching: dict[str, str] = {}
        # Connected screens per namespace: nothing is computed for nobody.
        self.connected: Counter[str] = Counter()

    def joined(self, namespace: str) -> None:
        with self._lock:
            self.connected[namespace] += 1

    def left(self, namespace: str) -> None:
        with self._lock:
            self.connected[namespace] = max(0, self.connected[namespace] - 1)

    # -- called by blueprints after a committed change -------------------------------------

    @_push
    def ticket_issued(self, ticket: dict, answer: dict) -> None:
        self.queue_changed()

    @_push
    def ticket_called(self, ticket: dict) -> None:
        """Announce a call on the waiting-room screens at once (never coalesced)."""
        self.socketio.emit(
            "ticket_called",
            {
                "number": ticket["number"],
                "counter": ticket["counter"],
                "service": ticket["service"],
            },
            namespace="/display",
        )
        self.socketio.emit(
            "ticket",
            {
                "number": ticket["number"],
                "status": ticket["status"],
                "counter": ticket["counter"],
                "position": None,
                "estimated_wait_minutes": None,
                "service": ticket["service"],
                "id": ticket["id"],
            },
            namespace="/ticket",
            to=ticket_room(ticket["id"]),
        )

    @_push
    def ticket_changed(self, ticket: dict) -> None:
        """Tell the phone following this ticket at once (served, finished, parked, moved)."""
        ext = self.app.extensions["enindgang"]
        status = ticket_domain.ticket_status(ext["context"], ext["pool"].get(), ticket)
        self.socketio.emit("ticket", status, namespace="/ticket", to=ticket_room(ticket["id"]))

    def queue_changed(self) -> None:
        self._dirty.set()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hub", daemon=True)
                self._thread.start()

    @_push
    def printer_changed(self, state: dict[str, Any]) -> None:
        self.printer_state = state
        self.socketio.emit("printer", state, namespace="/counter", to=STAFF_ROOM)

    @_push
    def ticket_printed(self, ticket_id: str, number: str, ok: bool, error: str | None) -> None:
        """A print attempt's outcome: the kiosk tells its citizen, staff refresh printouts.

        Sent to every kiosk (each picks its own ticket id): it holds numbers only.
        """
        outcome = {"ticket": ticket_id, "number": number, "ok": ok, "error": error}
        self.socketio.emit("printed", outcome, namespace="/kiosk")
        self.socketio.emit("printed", outcome, namespace="/counter", to=STAFF_ROOM)

    # -- the coalescing push loop ------------------------------------------------------------

    def _run(self) -> None:
        last = 0.0
        while True:
            self._dirty.wait()
            time.sleep(max(COALESCE_SECONDS, last + MIN_PUSH_INTERVAL_SECONDS - time.monotonic()))
            self._dirty.clear()
            last = time.monotonic()
            try:
                with self.app.app_context():
                    self.push_snapshots()
            except Exception:
                log.exception("pushing queue snapshots failed")

    def push_snapshots(self) -> None:
        ext = self.app.extensions["enindgang"]
        ctx, db = ext["context"], ext["pool"].get()
        with self._lock:
            connected = dict(self.connected)
            watched = set(self.watching.values())
        if not any(connected.values()) and not watched:
            return
        figures = service_figures(ctx, db)
        if connected.get("/display"):
            self.socketio.emit(
                "queue", {"waiting": display_waiting(ctx, figures)}, namespace="/display"
            )
        if connected.get("/kiosk"):
            self.socketio.emit("services", kiosk_figures(figures), namespace="/kiosk")
        if connected.get("/counter"):
            overview = staff_overview(ctx, db)
            overview["queue"] = queue_view(ctx, db)
            overview["printer"] = self.printer_state
            self.socketio.emit("overview", overview, namespace="/counter", to=STAFF_ROOM)
        for ticket_id in watched:
            ticket = ticket_store.get(db, ticket_id)
            if ticket is None or ticket["status"] != "waiting":
                continue
            self.socketio.emit(
                "ticket",
                ticket_domain.ticket_status(ctx, db, ticket, figures),
                namespace="/ticket",
                to=ticket_room(ticket["id"]),
            )


def init_app(app: Flask, socketio: SocketIO) -> Hub:
    hub = Hub(app, socketio)

    def _ctx_db():
        ext = app.extensions["enindgang"]
        return ext["context"], ext["pool"].get()

    @socketio.on("connect", namespace="/display")
    def display_connect(auth=None):
        hub.joined("/display")
        ctx, db = _ctx_db()
        socketio.emit("state", display_state(ctx, db), namespace="/display", to=request.sid)

    @socketio.on("connect", namespace="/kiosk")
    def kiosk_connect(auth=None):
        hub.joined("/kiosk")
        ctx, db = _ctx_db()
        figures = kiosk_figures(service_figures(ctx, db))
        socketio.emit("services", figures, namespace="/kiosk", to=request.sid)

    @socketio.on("connect", namespace="/counter")
    def counter_connect(auth=None):
        if not current_user.is_authenticated:
            return False  # staff pushes are for staff only
        join_room(STAFF_ROOM)
        hub.joined("/counter")
        ctx, db = _ctx_db()
        overview = staff_overview(ctx, db)
        overview["queue"] = queue_view(ctx, db)
        overview["printer"] = hub.printer_state
        socketio.emit("overview", overview, namespace="/counter", to=request.sid)
        return None

    @socketio.on("connect", namespace="/ticket")
    def ticket_connect(auth=None):
        ticket_id = (auth or {}).get("ticket") if isinstance(auth, dict) else None
        ctx, db = _ctx_db()
        try:
            ticket = ticket_domain.find_ticket(db, ticket_id)
        except QueueError:
            return False
        join_room(ticket_room(ticket["id"]))
        with hub._lock:
            hub.watching[request.sid] = ticket["id"]
        socketio.emit(
            "ticket",
            ticket_domain.ticket_status(ctx, db, ticket),
            namespace="/ticket",
            to=request.sid,
        )
        return None

    for namespace in ("/display", "/kiosk", "/counter"):
        # Bound per namespace; a refused /counter connection never counted, so never leaves.
        def leave(*args, namespace=namespace):
            if namespace != "/counter" or current_user.is_authenticated:
                hub.left(namespace)

        socketio.on("disconnect", namespace=namespace)(leave)

    @socketio.on("disconnect", namespace="/ticket")
    def ticket_disconnect(*args):
        with hub._lock:
            hub.watching.pop(request.sid, None)

    return hub
