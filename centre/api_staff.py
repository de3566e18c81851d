"""The staff JSON API: counter actions, reception desk, manager settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, current_app, jsonify, send_from_directory, session, url_for
from flask_login import current_user

from centre.auth import OVERVIEW_ROLES, current_counter, require_role
from centre.core.errors import QueueError
from centre.domain import counter as counter_domain
from centre.domain import manage
from centre.domain import tickets as ticket_domain
from centre.domain.overview import queue_view, staff_overview
from centre.store import counters as counter_store
from centre.store import events as event_store
from centre.store import replica as replica_store
from centre.store import tickets as ticket_store
from centre.web import after_issue, ctx, db, hub, json_body, printer, remember_language
from kernel.clock import iso, parse_iso
from kernel.db import write_transaction

bp = Blueprint("api_staff", __name__, url_prefix="/api/v1")

SERVING_ROLES = ("staff", "tax", "reception", "manager")
# A printout's name is a ticket number (or "test"): never a path.
PRINTOUT_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
PRINTOUTS_SHOWN = 10


def counter_answer(outcome: counter_domain.Outcome) -> dict:
    ticket = outcome.ticket
    parked = ticket_store.parked_at(db(), outcome.counter["id"])
    return {
        "counter": {
            "id": outcome.counter["id"],
            "state": outcome.counter["state"],
            "staff": outcome.counter["staff"],
        },
        "ticket": None
        if ticket is None
        else {
            "id": ticket["id"],
            "number": ticket["number"],
            "service": ticket["service"],
            "status": ticket["status"],
            "priority": bool(ticket["priority"]),
            "arrived_at": ticket["arrived_at"],
            "called_at": ticket["called_at"],
            "call_count": ticket["call_count"],
        },
        "parked": [{"id": t["id"], "number": t["number"], "service": t["service"]} for t in parked],
    }


def _respond(outcome: counter_domain.Outcome):
    if outcome.announce and outcome.ticket is not None:
        hub().ticket_called(outcome.ticket)
    elif outcome.changed is not None:
        hub().ticket_changed(outcome.changed)
    hub().queue_changed()
    return jsonify(counter_answer(outcome))


def _counter_action(name: str, action: Callable) -> None:
    def view():
        json_body()  # a malformed body is refused even where none is needed
        return _respond(action(ctx(), db(), current_counter(), current_user.as_staff()))

    view.__name__ = f"counter_{name.replace('-', '_')}"
    bp.post(f"/counter/{name}")(require_role(*SERVING_ROLES)(view))


for _name, _action in {
    "call-next": counter_domain.call_next,
    "recall": counter_domain.recall,
    "start": counter_domain.start,
    "finish": counter_domain.finish,
    "no-show": counter_domain.no_show,
    "park": counter_domain.park,
    "break": counter_domain.take_break,
    "resume": counter_domain.resume,
}.items():
    _counter_action(_name, _action)


@bp.get("/counter")
@require_role(*SERVING_ROLES)
def counter_state():
    return jsonify(
        counter_answer(
            counter_domain.current(ctx(), db(), current_counter(), current_user.as_staff())
        )
    )


@bp.post("/counter/call")
@require_role(*SERVING_ROLES)
def counter_call():
    data = json_body()
    return _respond(
        counter_domain.call_ticket(
            ctx(), db(), current_counter(), current_user.as_staff(), data.get("ticket")
        )
    )


@bp.post("/counter/unpark")
@require_role(*SERVING_ROLES)
def counter_unpark():
    data = json_body()
    return _respond(
        counter_domain.unpark(
            ctx(), db(), current_counter(), current_user.as_staff(), data.get("ticket")
        )
    )


@bp.post("/counter/transfer")
@require_role(*SERVING_ROLES)
def counter_transfer():
    data = json_body()
    return _respond(
        counter_domain.transfer(
            ctx(),
            db(),
            current_counter(),
            current_user.as_staff(),
            service=data.get("service"),
            to_counter=data.get("counter"),
        )
    )


@bp.get("/queue")
@require_role(*SERVING_ROLES)
def queue():
    """Waiting and parked tickets; counter staff see those they may serve, reception all."""
    tickets = queue_view(ctx(), db())
    if current_user.role in ("staff", "tax"):
        counter = session_counter_or_none()
        allowed = ctx().counter_services(counter or "", current_user.role)
        mine = [
            t
            for t in tickets
            if t["target_staff"] == current_user.username
            or (counter and t["target_counter"] == counter)
        ]
        general = [
            t
            for t in tickets
            if t["service"] in allowed and t["target_staff"] is None and t["target_counter"] is None
        ]
        tickets = mine + [t for t in general if t not in mine]
    return jsonify(tickets=tickets)


def session_counter_or_none() -> str | None:
    return session.get("counter")


@bp.get("/appointments")
@require_role(*SERVING_ROLES)
def appointments():
    """Today's booked times from the replica and who has checked in; staff and tax secondees
    see only what they may serve."""
    c = ctx()
    day = datetime.fromisoformat(c.today()).date()
    start = datetime.combine(day, time(0), tzinfo=c.tz)
    # The next local midnight, whatever a daylight-saving change did to the day's length.
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=c.tz)
    rows = replica_store.between_with_tickets(db(), iso(start), iso(end))
    if current_user.role in ("staff", "tax"):
        allowed = c.counter_services(session_counter_or_none() or "", current_user.role)
        rows = [r for r in rows if r["service"] in allowed]
    found = []
    for row in rows:
        item = {
            "code": row["code"],
            "service": row["service"],
            "start": parse_iso(row["start_at"]).astimezone(c.tz).isoformat(),
            "end": parse_iso(row["end_at"]).astimezone(c.tz).isoformat(),
            "status": row["status"],
            "checked_in": bool(row["checked_in_at"] or row["ticket_number"]),
        }
        if row["ticket_number"]:
            item["ticket_number"] = row["ticket_number"]
        found.append(item)
    return jsonify(appointments=found)


@bp.get("/overview")
@require_role(*OVERVIEW_ROLES)
def overview():
    return jsonify({**staff_overview(ctx(), db()), "printer": printer().state})


@bp.get("/counters")
@require_role()
def counters():
    return jsonify(
        counters=[
            {"id": c["id"], "state": c["state"], "taken": c["staff"] is not None}
            for c in counter_store.all(db())
        ]
    )


@bp.post("/reception/tickets")
@require_role("reception", "manager")
def reception_ticket():
    """A ticket issued at the desk: a chosen service, optionally for a named staff member,
    optionally with priority for someone who cannot wait."""
    data = json_body()
    priority = data.get("priority", False)
    if not isinstance(priority, bool):
        raise QueueError("validation", field="priority")
    staff = data.get("staff") or None
    if staff is not None and not isinstance(staff, str):
        raise QueueError("validation", field="staff")
    remember_language(data.get("language", "da"))
    issued = ticket_domain.issue_ticket(
        ctx(),
        db(),
        data.get("service"),
        data.get("language", "da"),
        data.get("nonce"),
        priority=priority,
        target_staff=staff,
        source="reception",
        by=current_user.username,
        scope=("staff", current_user.username),
    )
    answer = after_issue(issued)
    return jsonify(answer), 201 if issued.created else 200


@bp.post("/manager/services/<service_id>")
@require_role("manager")
def manager_service(service_id: str):
    data = json_body()
    if not data or set(data) - {"weight", "stopped_today"}:
        raise QueueError("validation", field="body")
    if "weight" in data:
        manage.set_weight(ctx(), db(), service_id, data["weight"], current_user.username)
    if "stopped_today" in data:
        manage.set_stopped_today(
            ctx(), db(), service_id, data["stopped_today"], current_user.username
        )
    hub().queue_changed()
    service = next(s for s in staff_overview(ctx(), db())["services"] if s["id"] == service_id)
    return jsonify(service=service)


# -- the kiosk printer ---------------------------------------------------------------------------


@bp.get("/printer")
@require_role()
def printer_state():
    """Online, paper, error, and the tickets whose paper copy failed."""
    return jsonify(printer().state)


@bp.post("/printer/reprint")
@require_role(*SERVING_ROLES)
def printer_reprint():
    data = json_body()
    ticket_id = data.get("ticket")
    if not isinstance(ticket_id, str) or not ticket_id or len(ticket_id) > 64:
        raise QueueError("validation", field="ticket")
    ticket = ticket_store.get(db(), ticket_id)
    if ticket is None:
        raise QueueError("unknown_ticket")
    if not printer().reprint(ticket["id"]):
        raise QueueError("print_pending")
    with write_transaction(db()):
        event_store.append(
            db(),
            "print.reprint_requested",
            ctx().clock.now(),
            ticket_id=ticket["id"],
            staff=current_user.username,
            number=ticket["number"],
        )
    return jsonify(queued=True), 202


@bp.get("/printer/printouts")
@require_role()
def printer_printouts():
    """The virtual printer's newest printouts (none for a real printer)."""
    found = []
    for item in printer().printouts(PRINTOUTS_SHOWN):
        png = item.get("png")
        mtime = item.get("mtime")
        at = datetime.fromtimestamp(mtime, UTC).isoformat() if mtime else None
        png_url = None
        if png is not None and PRINTOUT_NAME.match(item["name"]):
            # Numbers start again each day: the time in the address keeps an old picture
            # from being shown out of the browser's cache.
            png_url = url_for(
                "api_staff.printer_printout_png", name=item["name"], v=int(mtime or 0)
            )
        found.append({"name": item["name"], "png_url": png_url, "at": at})
    return jsonify(printouts=found)


@bp.get("/printer/printouts/<name>.png")
@require_role()
def printer_printout_png(name: str):
    if not PRINTOUT_NAME.match(name):
        raise QueueError("not_found")
    folder = current_app.config["CENTRE"].printout_dir
    if not (folder / f"{name}.png").is_file():
        raise QueueError("not_found")
    # send_from_directory joins safely as well: a second guard against leaving the folder.
    response = send_from_directory(folder, f"{name}.png", mimetype="image/png", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
