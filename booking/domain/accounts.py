"""Staff login accounts: creation with hashed passwords, and checking a login."""

from __future__ import annotations

import re

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from booking.core.errors import BookingError, invalid
from booking.store import accounts as account_store
from booking.store import audit
from booking.store.db import iso, write
from centre.core.clock import Clock
from centre.sessions import printable

# reception: reception desks and the contact centre; manager: also sets up staff and schedules.
ACCOUNT_ROLES = ("reception", "manager")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 4
# Checked when the user is unknown, so a wrong username takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def add_account(
    db: Database,
    clock: Clock,
    username: str,
    name: str,
    role: str,
    password: str,
    centre: str | None = None,
    by: str | None = None,
) -> None:
    if not USERNAME.match(username or ""):
        raise invalid(username="invalid")
    if role not in ACCOUNT_ROLES:
        raise invalid(role="invalid")
    if not name or len(name) > 100:
        raise invalid(name="invalid")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise invalid(password="too_short")
    with write(db):
        if account_store.get(db, username) is not None:
            raise BookingError("account_exists")
        now = iso(clock.now())
        account_store.insert(
            db, username, name, role, centre, generate_password_hash(password), now
        )
        audit.append(db, now, by, "account.added", username=username, role=role)


def authenticate(db: Database, username: object, password: object) -> dict | None:
    """The account row if the password matches an active account, else None."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    person = account_store.get(db, username) if len(username) <= 40 else None
    if person is None or not person["active"]:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return person if check_password_hash(person["password_hash"], password) else None


def active_account(db: Database, username: str) -> dict | None:
    """The account row while the account is active (its session version included), else None."""
    person = account_store.get(db, username)
    return person if person and person["active"] else None


def log_in(db: Database, clock: Clock, username: object, password: object, address: str | None):
    """The account row if the password matches an active account, with the login audited;
    else the failure is audited (who was tried, from where) and refused."""
    person = authenticate(db, username, password)
    if person is None:
        record_failed_login(db, clock, username, address)
        raise BookingError("not_authenticated", reason="bad_credentials")
    with write(db):
        audit.append(db, iso(clock.now()), person["username"], "login")
    return person


def set_password(db: Database, clock: Clock, username: str, password: str) -> None:
    """A new password; every session the account has open ends."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise invalid(password="too_short")
    with write(db):
        if account_store.get(db, username) is None:
            raise BookingError("unknown_staff")
        account_store.set_password(db, username, generate_password_hash(password))
        audit.append(db, iso(clock.now()), None, "account.password", username=username)


def end_sessions(db: Database, username: str) -> None:
    """Logout: this session and every copy of it stop working."""
    with write(db):
        account_store.end_sessions(db, username)


def record_failed_login(db: Database, clock: Clock, username: object, address: str | None) -> None:
    """Audit a failed login: who was tried and from where (never the password)."""
    with write(db):
        audit.append(
            db,
            iso(clock.now()),
            None,
            "login.failed",
            username=printable(username),
            address=address,
        )
