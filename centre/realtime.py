"""The Socket.IO hub: snapshots on every connect, pushes after changes. Emits live only here."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from flask import Flask, has_app_context, request, session
from flask_login import current_user
from flask_socketio import SocketIO, join_room

from centre.auth import OVERVIEW_ROLES
from centre.core.errors import QueueError
from centre.core.transitions import CALLED
from centre.domain import live_wait, tax_presence
from centre.domain import tickets as ticket_domain
from centre.domain.overview import display_state, display_waiting, queue_view, staff_overview
from centre.domain.service_waits import service_waits
from centre.domain.stats import service_figures
from centre.store import staff as staff_store
from centre.store import tickets as ticket_store
from kernel.sessions import SINCE_KEY, VERSION_KEY, origin_of

# A display asks for a fresh snapshot at an opening or closing time, at most this often.
REFRESH_SECONDS = 5.0

log = logging.getLogger(__name__)

# /counter: reception and managers get the centre overview (as GET /api/v1/overview);
# counter staff and tax secondees get what their own counter needs (as GET /api/v1/printer:
# the printer, printouts, and a nudge to reload their own queue).
DESK_ROOM = "desk"
COUNTER_ROOM = "counters"
STAFF_ROOMS = (DESK_ROOM, COUNTER_ROOM)
# Changes within this window are pushed together: a burst of kiosk taps is one update.
COALESCE_SECONDS = 0.05
# Queue figures are pushed at most this often; calls are never held back (ticket_called).
MIN_PUSH_INTERVAL_SECONDS = 0.25

# What a committed event means for the screens (Hub.committed). A call is announced on the
# waiting-room screens at once; a ticket that changed tells the phone following it; a logout
# or a new password (which ends every session of that person) closes their staff sockets.
CALLED_EVENTS = frozenset({"ticket.called", "ticket.recalled"})
TICKET_EVENTS = frozenset(
    {
        "ticket.serving",
        "ticket.finished",
        "ticket.no_show",
        "ticket.parked",
        "ticket.transferred",
        "ticket.voided",
    }
)
SESSION_ENDED_EVENTS = frozenset({"staff.logout", "staff.password"})
# Every other event changes what some screen shows (queue figures, the desk's overview),
# except these: the printer glue tells the hub about printing itself (its state lives in the
# spooler, not in the rows), and kiosks and accounts are on no screen (a new password still
# closes that person's sockets, above). New event types push by default, so a new action
# cannot leave the screens stale.
# A call logged on phone duty changes no queue either.
QUIET_EVENTS = frozenset(
    {
        "kiosk.added",
        "kiosk.paired",
        "kiosk.revoked",
        "staff.added",
        "staff.password",
        "call.logged",
    }
)
QUIET_PREFIXES = ("print.", "printer.")


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


def origin_check(public_url: str | None) -> Callable[[str, dict], bool]:
    """Socket.IO's origin test: the page's own origin, or the configured public address.

    The own origin is the Host and scheme of the request; behind `trusted_proxies` these are
    already what the proxy forwarded (ProxyFix runs first), and otherwise X-Forwarded-* are
    ignored: anyone can write them. Behind a proxy the public_url's origin is accepted too."""
    public = origin_of(public_url)

    def allowed(origin: str, environ: dict) -> bool:
        if public is not None and origin == public:
            return True
        host = environ.get("HTTP_HOST")
        scheme = environ.get("wsgi.url_scheme", "http")
        return bool(host) and origin == f"{scheme}://{host}"

    return allowed


def kiosk_figures(
    figures: dict, waits: dict, no_secondee: set[str] | frozenset[str] = frozenset()
) -> dict:
    """What a kiosk shows per service: people waiting, the wait a walk-in taking a number now
    is promised (`service_waits`: minutes and range, or the note why none), and `reason`
    "no_tax_secondee" for a tax-only service while no secondee is here or expected today."""
    return {
        s: {
            "waiting": f.waiting,
            **waits[s].as_json(),
            "reason": "no_tax_secondee" if s in no_secondee else None,
        }
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
        # Connected screens per namespace and, on /counter, room: nothing is computed for nobody.
        self.members: dict[str, set[str]] = {}
        # Staff sockets: sid -> (username, session version, when the session ends), so a
        # logout, a new password (even from the command line) or the end of its hours closes
        # them.
        self.staff_sockets: dict[str, tuple[str, int, float]] = {}

    def joined(self, group: str, sid: str) -> None:
        with self._lock:
            self.members.setdefault(group, set()).add(sid)

    def left(self, sid: str) -> None:
        with self._lock:
            for sids in self.members.values():
                sids.discard(sid)
            self.staff_sockets.pop(sid, None)

    @property
    def connected(self) -> dict[str, int]:
        with self._lock:
            return {group: len(sids) for group, sids in self.members.items()}

    @_push
    def sessions_ended(self, username: str) -> None:
        """A logout or new password: that person's open staff sockets are closed too."""
        with self._lock:
            sids = [sid for sid, (who, _, _) in self.staff_sockets.items() if who == username]
        self._close(sids)

    def close_ended(self) -> None:
        """Sessions that ended (hours up, or a newer version) get no more pushes: closed."""
        with self._lock:
            sockets = dict(self.staff_sockets)
        if not sockets:
            return
        ext = self.app.extensions["enindgang"]
        now = ext["context"].clock.now().timestamp()
        versions = staff_store.session_versions(ext["pool"].get())
        self._close(
            [
                sid
                for sid, (who, version, ends) in sockets.items()
                if ends <= now or versions.get(who) != version
            ]
        )

    def _close(self, sids: list[str]) -> None:
        for sid in sids:
            self.socketio.server.disconnect(sid, namespace="/counter")
            self.left(sid)

    # -- fed by the event rows of each committed write transaction -------------------------

    def committed(self, events: list[dict[str, Any]]) -> None:
        """One transaction's events, after its COMMIT: tell each room what it needs."""
        outer = nullcontext() if has_app_context() else self.app.app_context()
        with outer:
            queue = False
            for event in events:
                kind = event["type"]
                if kind in CALLED_EVENTS:
                    self.ticket_called(event)
                elif kind in TICKET_EVENTS:
                    self.ticket_changed(event["ticket_id"])
                elif kind in SESSION_ENDED_EVENTS:
                    self.sessions_ended(event["staff"])
                queue = queue or not (kind in QUIET_EVENTS or kind.startswith(QUIET_PREFIXES))
            if queue:
                self.queue_changed()

    @_push
    def ticket_called(self, event: dict[str, Any]) -> None:
        """Announce a call on the waiting-room screens at once (never coalesced)."""
        number, service = event["data"]["number"], event["data"]["service"]
        self.socketio.emit(
            "ticket_called",
            {
                "number": number,
                "counter": event["counter"],
                "service": service,
                # The display speaks the call in the language the citizen chose at the kiosk.
                "language": self.ticket_language(event["ticket_id"]),
            },
            namespace="/display",
        )
        self.socketio.emit(
            "ticket",
            {
                "number": number,
                "status": CALLED,
                "counter": event["counter"],
                "position": None,
                "estimated_wait_minutes": None,
                "estimated_wait_range": None,
                "wait_note": None,
                "service": service,
                "id": event["ticket_id"],
            },
            namespace="/ticket",
            to=ticket_room(event["ticket_id"]),
        )

    @_push
    def ticket_language(self, ticket_id: str) -> str | None:
        """The language chosen for the ticket at the kiosk (None if the ticket is gone)."""
        ticket = ticket_store.get(self.app.extensions["enindgang"]["pool"].get(), ticket_id)
        return None if ticket is None else ticket["language"]

    def ticket_changed(self, ticket_id: str) -> None:
        """Tell the phone following this ticket at once (served, finished, parked, moved)."""
        ext = self.app.extensions["enindgang"]
        db = ext["pool"].get()
        ticket = ticket_store.get(db, ticket_id)
        if ticket is None:
            return
        status = ticket_domain.ticket_status(ext["context"], db, ticket)
        self.socketio.emit("ticket", status, namespace="/ticket", to=ticket_room(ticket_id))

    def queue_changed(self) -> None:
        self._dirty.set()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hub", daemon=True)
                self._thread.start()

    @_push
    def printer_changed(self, state: dict[str, Any]) -> None:
        self.printer_state = state
        self.close_ended()
        self.socketio.emit("printer", state, namespace="/counter", to=list(STAFF_ROOMS))

    @_push
    def ticket_printed(self, ticket_id: str, number: str, ok: bool, error: str | None) -> None:
        """A print attempt's outcome: the kiosk tells its citizen, staff refresh printouts.

        Every kiosk hears it and picks its own ticket by number: the number is on the
        waiting-room screens anyway, while a ticket id opens that ticket's status.
        """
        outcome = {"ticket": ticket_id, "number": number, "ok": ok, "error": error}
        self.close_ended()
        self.socketio.emit(
            "printed", {"number": number, "ok": ok, "error": error}, namespace="/kiosk"
        )
        self.socketio.emit("printed", outcome, namespace="/counter", to=list(STAFF_ROOMS))

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

    def counter_overview(self) -> dict[str, Any]:
        """What a counter's own screen gets pushed: the printer, and the news that the queue
        changed (it reloads its own queue, which GET /api/v1/queue filters for it)."""
        return {"printer": self.printer_state}

    def push_snapshots(self) -> None:
        ext = self.app.extensions["enindgang"]
        ctx, db = ext["context"], ext["pool"].get()
        connected = self.connected
        with self._lock:
            watched = set(self.watching.values())
        if not any(connected.values()) and not watched:
            return
        self.close_ended()
        figures = service_figures(ctx, db)
        # The live queue is read once per push, for every screen's waits and every phone's
        # ticket (not at all when only counters' own screens listen).
        screens = any(connected.get(group) for group in ("/display", "/kiosk", DESK_ROOM))
        live = (
            live_wait.read(ctx, db, [s.id for s in ctx.catalogue.services])
            if screens or watched
            else None
        )
        waits = service_waits(ctx, db, figures, live) if screens else {}
        if connected.get("/display"):
            self.socketio.emit(
                "queue", {"waiting": display_waiting(ctx, figures, waits)}, namespace="/display"
            )
        if connected.get("/kiosk"):
            no_secondee = tax_presence.unavailable_services(ctx, db)
            self.socketio.emit(
                "services", kiosk_figures(figures, waits, no_secondee), namespace="/kiosk"
            )
        if connected.get(DESK_ROOM):
            overview = staff_overview(ctx, db, figures, waits)
            overview["queue"] = queue_view(ctx, db)
            overview["printer"] = self.printer_state
            self.socketio.emit("overview", overview, namespace="/counter", to=DESK_ROOM)
        if connected.get(COUNTER_ROOM):
            self.socketio.emit(
                "overview", self.counter_overview(), namespace="/counter", to=COUNTER_ROOM
            )
        for ticket_id in watched:
            ticket = ticket_store.get(db, ticket_id)
            if ticket is None or ticket["status"] != "waiting":
                continue
            self.socketio.emit(
                "ticket",
                ticket_domain.ticket_status(ctx, db, ticket, figures, live),
                namespace="/ticket",
                to=ticket_room(ticket["id"]),
            )


def init_app(app: Flask, socketio: SocketIO) -> Hub:
    hub = Hub(app, socketio)
    app.extensions["enindgang"]["pool"].on_commit(hub.committed)

    def staff_session() -> tuple[str, int, float]:
        lifetime = app.permanent_session_lifetime.total_seconds()
        ends = float(session.get(SINCE_KEY, 0)) + lifetime
        return current_user.username, int(session.get(VERSION_KEY, -1)), ends

    def _ctx_db():
        ext = app.extensions["enindgang"]
        return ext["context"], ext["pool"].get()

    @socketio.on("connect", namespace="/display")
    def display_connect(auth=None):
        hub.joined("/display", request.sid)
        ctx, db = _ctx_db()
        socketio.emit("state", display_state(ctx, db), namespace="/display", to=request.sid)

    last_refresh: dict[str, float] = {}

    @socketio.on("refresh", namespace="/display")
    def display_refresh(*args):
        # At an opening or closing time nothing is committed: the screen asks for a snapshot
        # (as a reconnect would give it). A screen asks once per change; more often than every
        # few seconds is not a screen, and gets nothing.
        now = time.monotonic()
        if now - last_refresh.get(request.sid, -REFRESH_SECONDS) < REFRESH_SECONDS:
            return
        last_refresh[request.sid] = now
        ctx, db = _ctx_db()
        socketio.emit("state", display_state(ctx, db), namespace="/display", to=request.sid)

    @socketio.on("connect", namespace="/kiosk")
    def kiosk_connect(auth=None):
        hub.joined("/kiosk", request.sid)
        ctx, db = _ctx_db()
        no_secondee = tax_presence.unavailable_services(ctx, db)
        figures = service_figures(ctx, db)
        live = kiosk_figures(figures, service_waits(ctx, db, figures), no_secondee)
        socketio.emit("services", live, namespace="/kiosk", to=request.sid)

    @socketio.on("connect", namespace="/counter")
    def counter_connect(auth=None):
        # The session is checked as on every request (version and age, in the user loader).
        if not current_user.is_authenticated:
            return False  # staff pushes are for staff only
        room = DESK_ROOM if current_user.role in OVERVIEW_ROLES else COUNTER_ROOM
        join_room(room)
        hub.joined(room, request.sid)
        with hub._lock:
            hub.staff_sockets[request.sid] = staff_session()
        if room == DESK_ROOM:
            ctx, db = _ctx_db()
            overview = staff_overview(ctx, db)
            overview["queue"] = queue_view(ctx, db)
            overview["printer"] = hub.printer_state
        else:
            overview = hub.counter_overview()
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
        # By sid: a refused /counter connection never joined, so leaving changes nothing.
        def leave(*args):
            hub.left(request.sid)
            last_refresh.pop(request.sid, None)

        socketio.on("disconnect", namespace=namespace)(leave)

    @socketio.on("disconnect", namespace="/ticket")
    def ticket_disconnect(*args):
        with hub._lock:
            hub.watching.pop(request.sid, None)

    return hub
