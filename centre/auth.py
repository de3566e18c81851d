"""Staff login (Flask-Login), role checks and the login/logout API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, current_app, jsonify, request, session
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from centre import sessions
from centre.core.errors import QueueError
from centre.domain import staff_sessions
from centre.domain.counter.state import Staff
from centre.extensions import csrf, login_manager
from centre.login_throttle import LoginThrottle
from centre.web import ctx, db, json_body

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
    if row is None:
        return None
    lifetime = current_app.permanent_session_lifetime
    if not sessions.is_current(session, row["session_version"], ctx().clock.now(), lifetime):
        return None
    return StaffUser(row)


@login_manager.unauthorized_handler
def unauthorized():
    raise QueueError("not_authenticated")


def require_role(*roles: str) -> Callable:
    """Logged in, and (if roles are given) with one of them."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                raise QueueError("not_authenticated")
            if roles and current_user.role not in roles:
                raise QueueError("forbidden")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def current_counter() -> str:
    counter = session.get("counter")
    if not counter:
        raise QueueError("not_at_counter")
    return counter


def throttle() -> LoginThrottle:
    return current_app.extensions["enindgang"]["login_throttle"]


@bp.post("/api/v1/login")
@csrf.exempt
def login():
    data = json_body()
    entered = staff_sessions.log_in(
        ctx(),
        db(),
        throttle(),
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
