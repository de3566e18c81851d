"""Staff login (Flask-Login) for reception, the contact centre and managers; role checks."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, session
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from booking.core.errors import BookingError
from booking.domain import accounts
from booking.extensions import csrf, login_manager
from booking.web import ctx, db, json_body
from kernel import sessions
from kernel.auth import login_throttle, role_guard

bp = Blueprint("auth", __name__)


class Account(UserMixin):
    def __init__(self, row: dict) -> None:
        self.id = row["username"]
        self.username = row["username"]
        self.name = row["name"]
        self.role = row["role"]
        self.centre = row["centre"]

    def public(self) -> dict:
        return {
            "username": self.username,
            "name": self.name,
            "role": self.role,
            "centre": self.centre,
        }


@login_manager.user_loader
def load_user(username: str) -> Account | None:
    """The logged-in person, on every request, while the session holds."""
    row = accounts.active_account(db(), username)
    return Account(row) if sessions.holds(row, ctx().now()) else None


@login_manager.unauthorized_handler
def unauthorized():
    raise BookingError("not_authenticated")


require_role = role_guard(BookingError)


def sign_in(username: object, password: object) -> Account:
    """Check the password (unless this account or address failed too often lately), log in."""
    person = accounts.log_in(
        db(), ctx().clock, login_throttle(), username, password, request.remote_addr
    )
    account = Account(person)
    session.clear()
    login_user(account)
    sessions.start(session, person["session_version"], ctx().now())
    return account


@bp.post("/api/v1/login")
@csrf.exempt
def login():
    data = json_body()
    account = sign_in(data.get("username"), data.get("password"))
    return jsonify(account=account.public(), csrf_token=generate_csrf())


def sign_out() -> None:
    """End this session and every copy of it (the version on the account moves on)."""
    if current_user.is_authenticated:
        accounts.end_sessions(db(), current_user.username)
    logout_user()
    session.clear()


@bp.post("/api/v1/logout")
@require_role()
def logout():
    sign_out()
    return jsonify(ok=True)


@bp.get("/api/v1/me")
@require_role()
def me():
    return jsonify(account=current_user.public(), csrf_token=generate_csrf())
