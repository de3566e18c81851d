"""The counter's JSON API: sit down is the login; then call, serve, finish (and call the next
in the same tap), park, transfer, breaks, phone duty and the calls taken on it.

The rules are in `centre/domain/counter/`; the screens hear of each action from its committed
event (centre/realtime.py), so a route only parses, calls one domain function and answers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify
from flask_login import current_user

from centre.auth import current_counter, require_role
from centre.domain.counter import calling, phone, seat, serving
from centre.domain.counter.state import Outcome
from centre.web import ctx, db, json_body

bp = Blueprint("api_counter", __name__, url_prefix="/api/v1")

SERVING_ROLES = ("staff", "tax", "reception", "manager")


def counter_answer(outcome: Outcome) -> dict:
    ticket = outcome.ticket
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
        "parked": [
            {"id": t["id"], "number": t["number"], "service": t["service"]} for t in outcome.parked
        ],
    }


def finish_answer(outcome: Outcome) -> dict:
    """The counter after a finish, and which ticket that request finished (None: a repeat)."""
    done = outcome.finished
    return {
        **counter_answer(outcome),
        "finished": None if done is None else {"id": done["id"], "number": done["number"]},
    }


def _counter_action(name: str, action: Callable) -> None:
    def view():
        json_body()  # a malformed body is refused even where none is needed
        outcome = action(ctx(), db(), current_counter(), current_user.as_staff())
        return jsonify(counter_answer(outcome))

    view.__name__ = f"counter_{name.replace('-', '_')}"
    bp.post(f"/counter/{name}")(require_role(*SERVING_ROLES)(view))


for _name, _action in {
    "call-next": calling.call_next,
    "recall": calling.recall,
    "start": serving.start,
    "no-show": serving.no_show,
    "park": serving.park,
    "break": seat.take_break,
    "resume": seat.resume,
    "phone": phone.start,
    "phone-end": phone.end,
}.items():
    _counter_action(_name, _action)


@bp.get("/counter")
@require_role(*SERVING_ROLES)
def counter_state():
    outcome = seat.current(ctx(), db(), current_counter(), current_user.as_staff())
    return jsonify(counter_answer(outcome))


@bp.post("/counter/finish")
@require_role(*SERVING_ROLES)
def counter_finish():
    """Finish the open ticket. Optional body: `ticket` (the id shown, which makes a repeat
    harmless), `call_next` (true: call the next citizen in the same transaction), and what
    the visit was: `outcome` (resolved, handed_over, referred, come_back), `administration`
    (with handed_over) and `tasks` (task ids)."""
    data = json_body()
    outcome = serving.finish(
        ctx(),
        db(),
        current_counter(),
        current_user.as_staff(),
        ticket_ref=data.get("ticket"),
        call_next=data.get("call_next", False),
        outcome=data.get("outcome"),
        administration=data.get("administration"),
        tasks=data.get("tasks"),
    )
    return jsonify(finish_answer(outcome))


@bp.post("/counter/call")
@require_role(*SERVING_ROLES)
def counter_call():
    data = json_body()
    outcome = calling.call_ticket(
        ctx(), db(), current_counter(), current_user.as_staff(), data.get("ticket")
    )
    return jsonify(counter_answer(outcome))


@bp.post("/counter/unpark")
@require_role(*SERVING_ROLES)
def counter_unpark():
    data = json_body()
    outcome = calling.unpark(
        ctx(), db(), current_counter(), current_user.as_staff(), data.get("ticket")
    )
    return jsonify(counter_answer(outcome))


@bp.post("/counter/transfer")
@require_role(*SERVING_ROLES)
def counter_transfer():
    data = json_body()
    outcome = serving.transfer(
        ctx(),
        db(),
        current_counter(),
        current_user.as_staff(),
        service=data.get("service"),
        to_counter=data.get("counter"),
        not_to_me=data.get("not_to_me", False),
    )
    return jsonify(counter_answer(outcome))


@bp.post("/counter/call-log")
@require_role(*SERVING_ROLES)
def counter_call_log():
    """Log a phone call taken at this counter. Body: `service`, `outcome` (answered, booked,
    handed_over, put_through), `administration` (with handed_over only) and `nonce` (the
    tap's own: the same nonce again stores nothing new). 201 when stored, 200 for a repeat."""
    fact, new = phone.log_call(ctx(), db(), current_counter(), current_user.as_staff(), json_body())
    answer = {"call": {k: fact[k] for k in ("id", "service", "outcome", "handed_to")}}
    return jsonify({**answer, "repeat": not new}), 201 if new else 200
