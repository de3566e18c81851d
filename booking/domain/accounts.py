"""Staff login accounts: creation with hashed passwords, and checking a login."""

from __future__ import annotations

from sqlite_utils import Database

from booking.core.errors import BookingError, invalid
from booking.store import accounts as account_store
from booking.store import audit
from booking.store import setup as setup_store
from kernel import passwords
from kernel.clock import Clock, iso
from kernel.db import retrying, write_transaction
from kernel.login_throttle import LoginThrottle
from kernel.passwords import hash_password, printable

# reception: reception desks; contact_centre: the phone (books at any centre, logs calls, reads
# the live waits); manager: also sets up staff and schedules; report: reads the visit reports
# of every centre, nothing else.
ACCOUNT_ROLES = ("reception", "contact_centre", "manager", "report")


@retrying
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
    bad = passwords.invalid_field(username, name, role, password, ACCOUNT_ROLES)
    if bad:
        raise invalid(**{bad: "too_short" if bad == "password" else "invalid"})
    with write_transaction(db):
        if account_store.get(db, username) is not None:
            raise BookingError("account_exists")
        if centre is not None and setup_store.centre(db, centre) is None:
            raise invalid(centre="unknown")
        now = iso(clock.now())
        account_store.insert(db, username, name, role, centre, hash_password(password), now)
        audit.append(db, now, by, "account.added", username=username, role=role)


def account_exists(db: Database, username: str) -> bool:
    """Whether a login of that name exists, active or not."""
    return account_store.get(db, username) is not None


def authenticate(db: Database, username: object, password: object) -> dict | None:
    """The account row if the password matches an active account, else None."""
    return passwords.authenticate(lambda name: account_store.get(db, name), username, password)


def active_account(db: Database, username: str) -> dict | None:
    """The account row while the account is active (its session version included), else None."""
    person = account_store.get(db, username)
    return person if person and person["active"] else None


def log_in(
    db: Database,
    clock: Clock,
    throttle: LoginThrottle,
    username: object,
    password: object,
    address: str | None,
) -> dict:
    """The account row if the password matches an active account, with the login audited;
    else the failure is audited (who was tried, from where) and refused; too many of them
    wait."""
    # Counted before the (slow) password check, so parallel guesses cannot all slip past.
    if not throttle.attempt(username, address):
        raise BookingError("rate_limited", reason="logins")
    # Outside the write lock: the hash is slow on purpose, and other writers must not wait.
    person = authenticate(db, username, password)
    if person is None:
        record_failed_login(db, clock, username, address)
        raise BookingError("not_authenticated", reason="bad_credentials")
    throttle.succeeded(username, address)
    _audit_login(db, clock, person["username"])
    return person


@retrying
def _audit_login(db: Database, clock: Clock, username: str) -> None:
    # Its own unit: the throttle's count before it must not be taken twice by a retry.
    with write_transaction(db):
        audit.append(db, iso(clock.now()), username, "login")


@retrying
def set_password(db: Database, clock: Clock, username: str, password: str) -> None:
    """A new password; every session the account has open ends."""
    if not passwords.long_enough(password):
        raise invalid(password="too_short")
    with write_transaction(db):
        if account_store.get(db, username) is None:
            raise BookingError("unknown_staff")
        account_store.set_password(db, username, hash_password(password))
        audit.append(db, iso(clock.now()), None, "account.password", username=username)


@retrying
def end_sessions(db: Database, username: str) -> None:
    """Logout: this session and every copy of it stop working."""
    with write_transaction(db):
        account_store.end_sessions(db, username)


@retrying
def record_failed_login(db: Database, clock: Clock, username: object, address: str | None) -> None:
    """Audit a failed login: who was tried and from where (never the password)."""
    with write_transaction(db):
        audit.append(
            db,
            iso(clock.now()),
            None,
            "login.failed",
            username=printable(username),
            address=address,
        )
