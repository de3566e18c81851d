"""Staff login (Flask-Login), role checks and the login/logout API."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, session
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from centre.core.errors import QueueError
from centre.domain import staff_sessions
from centre.domain.counter.state import Staff
from centre.extensions import csrf, login_manager
from centre.web import ctx, db, json_body
from kernel import sessions
from kernel.auth import login_throttle, role_guard

bp = Blueprint("auth", __name__)

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
    row = staff_sessions.signed_in(db(), username)
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
    entered = staff_sessions.log_in(
        ctx(),
        db(),
        login_throttle(),
        data.get("username"),
        data.get("password"),
        data.get("counter"),
        request.remote_addr,
    )
    user = StaffUser(entered.person)
    session.clear()
    login_user(user)
    sessions.start(session, entered.person["session_version"], ctx().clock.now())
    session["counter"] = entered.counter["id"] if entered.counter else None
    return jsonify(staff=user.public(), counter=entered.counter, csrf_token=generate_csrf())


@bp.post("/api/v1/logout")
@require_role()
def logout():
    staff_sessions.log_out(ctx(), db(), current_user.as_staff())
    logout_user()
    session.clear()
    return jsonify(ok=True)


@bp.get("/api/v1/me")
@require_role()
def me():
    return jsonify(
        staff=current_user.public(), counter=session.get("counter"), csrf_token=generate_csrf()
    )
