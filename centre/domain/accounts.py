"""Staff accounts: creation with hashed passwords, and checking a login."""

from __future__ import annotations

import re

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from centre.core.catalogue import ROLES
from centre.core.clock import Clock
from centre.core.errors import QueueError
from centre.sessions import printable
from centre.store import events as event_store
from centre.store import staff as staff_store
from centre.store.db import write_transaction
from centre.store.tickets import iso

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD_LENGTH = 4
# Checked against when the user is unknown, so a wrong username takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def add_staff(
    db: Database,
    clock: Clock,
    username: str,
    name: str,
    role: str,
    password: str,
    by: str | None = None,
) -> None:
    if not USERNAME.match(username or ""):
        raise QueueError("validation", field="username")
    if role not in ROLES:
        raise QueueError("validation", field="role")
    if not name or len(name) > 100:
        raise QueueError("validation", field="name")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise QueueError("validation", field="password")
    with write_transaction(db):
        if staff_store.get(db, username) is not None:
            raise QueueError("staff_exists", staff=username)
        now = clock.now()
        staff_store.insert(db, username, name, role, generate_password_hash(password), iso(now))
        event_store.append(db, "staff.added", now, staff=by, username=username, role=role)


def set_password(db: Database, clock: Clock, username: str, password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise QueueError("validation", field="password")
    with write_transaction(db):
        if staff_store.get(db, username) is None:
            raise QueueError("unknown_staff", staff=username)
        staff_store.set_password(db, username, generate_password_hash(password))
        event_store.append(db, "staff.password", clock.now(), staff=username)


def authenticate(db: Database, username: object, password: object) -> dict | None:
    """The staff row if the password matches an active account, else None."""
    if not isinstance(username, str) or not isinstance(password, str):
        return None
    person = staff_store.get(db, username) if len(username) <= 40 else None
    if person is None or not person["active"]:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return person if check_password_hash(person["password_hash"], password) else None


def record_failed_login(db: Database, clock: Clock, username: object, address: str | None) -> None:
    """Audit a failed login: who was tried and from where (never the password)."""
    name = printable(username)
    with write_transaction(db):
        staff_store.record_failed_login(db, iso(clock.now()), name, address)
