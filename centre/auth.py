"""Staff login (Flask-Login), role checks and the login/logout API."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, session
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from centre.core.errors import QueueError
from centre.domain import accounts
from centre.domain import counter as counter_domain
from centre.domain.accounts import authenticate
from centre.domain.counter import Staff
from centre.extensions import csrf, login_manager
from centre.store import events as event_store
from centre.store import staff as staff_store
from centre.web import ctx, db, hub, json_body
from kernel import sessions
from kernel.auth import login_throttle, role_guard
from kernel.db import write_transaction

bp = Blueprint("auth", __name__)

# Roles that serve citizens at a counter and so must pick one when logging in.
COUNTER_ROLES = ("staff", "tax")
# Roles that see the whole centre: counters, who sits where, every queue (HTTP and socket).
OVERVIEW_ROLES = ("reception", "manager")


class StaffUser(UserMixin):
    def __init__(self, row: dict) -> None:
        self.id = row["username"]
        self.username = row["username"]
        self.name = row["name"]
        self.role = row["role"]

    def as_staff(self) -> Staff:
        return Staff(self.username, self.role, self.name)

    def public(self) -> dict:
        return {"username": self.username, "name": self.name, "role": self.role}


@login_manager.user_loader
def load_user(username: str) -> StaffUser | None:
    """The logged-in person, on every request and socket connect, while the session holds."""
    row = staff_store.get(db(), username)
    return StaffUser(row) if sessions.holds(row, ctx().clock.now()) else None


@login_manager.unauthorized_handler
def unauthorized():
    raise QueueError("not_authenticated")


require_role = role_guard(QueueError)


def current_counter() -> str:
    counter = session.get("counter")
    if not counter:
        raise QueueError("not_at_counter")
    return counter


@bp.post("/api/v1/login")
@csrf.exempt
def login():
    data = json_body()
    username, address = data.get("username"), request.remote_addr
    # Counted before the (slow) password check, so parallel guesses cannot all slip past.
    if not login_throttle().attempt(username, address):
        raise QueueError("rate_limited", reason="logins")
    person = authenticate(db(), username, data.get("password"))
    if person is None:
        accounts.record_failed_login(db(), ctx().clock, username, address)
        raise QueueError("not_authenticated", reason="bad_credentials")
    login_throttle().succeeded(username, address)
    user = StaffUser(person)
    counter = data.get("counter")
    if counter in ("", None) and user.role in COUNTER_ROLES:
        raise QueueError("validation", field="counter")
    outcome = None
    if counter not in ("", None):
        outcome = counter_domain.sign_in(ctx(), db(), str(counter), user.as_staff())
    session.clear()
    login_user(user)
    sessions.start(session, person["session_version"], ctx().clock.now())
    session["counter"] = outcome.counter["id"] if outcome else None
    with write_transaction(db()):
        event_store.append(
            db(),
            "staff.login",
            ctx().clock.now(),
            counter=session["counter"],
            staff=user.username,
        )
    hub().queue_changed()
    return jsonify(
        staff=user.public(),
        counter=outcome.counter if outcome else None,
        csrf_token=generate_csrf(),
    )


@bp.post("/api/v1/logout")
@require_role()
def logout():
    counter_domain.sign_out(ctx(), db(), current_user.as_staff())
    accounts.end_sessions(db(), current_user.username)
    hub().sessions_ended(current_user.username)
    logout_user()
    session.clear()
    hub().queue_changed()
    return jsonify(ok=True)


@bp.get("/api/v1/me")
@require_role()
def me():
    return jsonify(
        staff=current_user.public(), counter=session.get("counter"), csrf_token=generate_csrf()
    )
