"""Staff logging in and out: the password, the counter taken or left, the event, one write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.domain import accounts
from centre.domain.context import CentreContext
from centre.domain.counter import seat
from centre.domain.counter.state import Staff
from centre.store import events as event_store
from centre.store import staff as staff_store
from kernel.db import write_transaction

# Roles that serve citizens at a counter and so must pick one when logging in.
COUNTER_ROLES = ("staff", "tax")


class Throttle(Protocol):
    """Failed logins counted per account and address (kernel/login_throttle.py)."""

    def attempt(self, username: object, address: str | None) -> bool: ...

    def succeeded(self, username: object, address: str | None) -> None: ...


@dataclass(frozen=True)
class LoggedIn:
    """Who logged in (their staff row) and the counter they sat down at, if any."""

    person: dict[str, Any]
    counter: dict[str, Any] | None


def as_staff(person: dict[str, Any]) -> Staff:
    return Staff(person["username"], person["role"], person["name"])


def log_in(
    ctx: CentreContext,
    db: Database,
    throttle: Throttle,
    username: object,
    password: object,
    counter: object,
    address: str | None,
) -> LoggedIn:
    """Check the password, then in one write transaction take the counter and record the
    login. A wrong password is audited and refused; too many of them wait."""
    # Counted before the (slow) password check, so parallel guesses cannot all slip past.
    if not throttle.attempt(username, address):
        raise QueueError("rate_limited", reason="logins")
    # Outside the write lock: the hash is slow on purpose, and other writers must not wait.
    person = accounts.authenticate(db, username, password)
    if person is None:
        accounts.record_failed_login(db, ctx.clock, username, address)
        raise QueueError("not_authenticated", reason="bad_credentials")
    throttle.succeeded(username, address)
    staff = as_staff(person)
    if counter in ("", None) and staff.role in COUNTER_ROLES:
        raise QueueError("validation", field="counter")
    now = ctx.clock.now()
    with write_transaction(db):
        taken = seat.take(db, now, str(counter), staff) if counter not in ("", None) else None
        event_store.append(
            db,
            "staff.login",
            now,
            counter=taken["id"] if taken else None,
            staff=staff.username,
        )
    return LoggedIn(person, taken)


def log_out(ctx: CentreContext, db: Database, staff: Staff) -> None:
    """Leave the counter, end every copy of the session, record it: one write transaction.

    The staff.logout event closes that person's open staff sockets once it is committed."""
    now = ctx.clock.now()
    with write_transaction(db):
        left = seat.leave(db, now, staff)
        staff_store.end_sessions(db, staff.username)
        event_store.append(
            db, "staff.logout", now, counter=left["id"] if left else None, staff=staff.username
        )


def signed_in(db: Database, username: str) -> dict[str, Any] | None:
    """The staff row of an active account (for the session loader), else None."""
    row = staff_store.get(db, username)
    return row if row and row["active"] else None
