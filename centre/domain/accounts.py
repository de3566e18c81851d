"""Staff accounts: creation with hashed passwords, and checking a login."""

from __future__ import annotations

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.store import events as event_store
from centre.store import staff as staff_store
from kernel import passwords
from kernel.catalogue import ROLES
from kernel.clock import Clock, iso
from kernel.db import write_transaction
from kernel.passwords import hash_password, printable


def add_staff(
    db: Database,
    clock: Clock,
    username: str,
    name: str,
    role: str,
    password: str,
    by: str | None = None,
) -> None:
    bad = passwords.invalid_field(username, name, role, password, ROLES)
    if bad:
        raise QueueError("validation", field=bad)
    with write_transaction(db):
        if staff_store.get(db, username) is not None:
            raise QueueError("staff_exists", staff=username)
        now = clock.now()
        staff_store.insert(db, username, name, role, hash_password(password), iso(now))
        event_store.append(db, "staff.added", now, staff=by, username=username, role=role)


def set_password(db: Database, clock: Clock, username: str, password: str) -> None:
    if not passwords.long_enough(password):
        raise QueueError("validation", field="password")
    with write_transaction(db):
        if staff_store.get(db, username) is None:
            raise QueueError("unknown_staff", staff=username)
        staff_store.set_password(db, username, hash_password(password))
        event_store.append(db, "staff.password", clock.now(), staff=username)


def authenticate(db: Database, username: object, password: object) -> dict | None:
    """The staff row if the password matches an active account, else None."""
    return passwords.authenticate(lambda name: staff_store.get(db, name), username, password)


def record_failed_login(db: Database, clock: Clock, username: object, address: str | None) -> None:
    """Audit a failed login: who was tried and from where (never the password)."""
    name = printable(username)
    with write_transaction(db):
        staff_store.record_failed_login(db, iso(clock.now()), name, address)
