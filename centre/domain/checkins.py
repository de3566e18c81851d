"""Checking in for an appointment: find the booking, check its window, issue its ticket."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.core.numbering import format_number
from centre.core.transitions import WAITING
from centre.domain import live_wait
from centre.domain.context import CentreContext
from centre.domain.stats import figures_for
from centre.domain.tickets import Issued, promised, stored_range
from centre.store import events as event_store
from centre.store import replica as replica_store
from centre.store import tickets as ticket_store
from centre.sync.client import Central, CentralRefused, CentralUnavailable
from kernel.catalogue import UnknownService
from kernel.clock import iso, parse_iso
from kernel.db import write_transaction
from kernel.languages import LANGUAGES
from kernel.numbering import BOOKING_CODE_LENGTH, CODE_ALPHABET, opaque_token

# The same code again this soon, while its ticket still waits, is the kiosk retrying.
RETRY_WINDOW = timedelta(minutes=2)
CODE_CHARACTERS = frozenset(CODE_ALPHABET)
# Refusals the desk words for reception rather than for the citizen (reason "desk").
DESK_WORDED = ("too_early", "too_late")
# A live lookup must not keep a citizen at the kiosk waiting.
LOOKUP_TIMEOUT = 2.0


@dataclass(frozen=True)
class CheckinPolicy:
    before: timedelta = timedelta(minutes=30)
    after: timedelta = timedelta(minutes=10)
    letter: str = "E"
    offer_walk_in: bool = True


@dataclass(frozen=True)
class CheckedIn:
    """A check-in's ticket (as issued) and the booked time it is for."""

    issued: Issued
    appointment: dict[str, Any]


def normalise_code(code: Any) -> str | None:
    """Scanned or typed: ignore case, spaces and dashes (as the central service does).

    None for anything central could never have made (length, alphabet): no need to ask it."""
    if not isinstance(code, str) or len(code) > 20:
        return None
    cleaned = code.upper().replace(" ", "").replace("-", "").strip()
    if len(cleaned) != BOOKING_CODE_LENGTH or not set(cleaned) <= CODE_CHARACTERS:
        return None
    return cleaned


def replica_row(booking: dict[str, Any]) -> dict[str, Any]:
    """A booking as central sends it, as the replica stores it (UTC text)."""
    return {
        "code": booking["code"],
        "service": booking["service"],
        "start_at": iso(datetime.fromisoformat(booking["start"])),
        "end_at": iso(datetime.fromisoformat(booking["end"])),
        "status": booking["status"],
        "checked_in_at": booking.get("checked_in_at"),
    }


def ask_central(central: Central | None, code: str) -> dict[str, Any]:
    """The booking live from central; what central's refusals mean at the kiosk."""
    if central is None:
        raise QueueError("unknown_booking")
    try:
        return central.client.lookup(code, timeout=LOOKUP_TIMEOUT)
    except CentralRefused as err:
        if err.code == "wrong_centre":
            raise QueueError("wrong_centre", centre=err.error.get("centre")) from None
        if err.code == "unknown_booking":
            raise QueueError("unknown_booking") from None
        # Down, slow or refusing our key: the citizen is told central could not be asked.
        raise QueueError("unknown_booking", reason="unreachable") from None
    except CentralUnavailable:
        raise QueueError("unknown_booking", reason="unreachable") from None


def find_booking(
    ctx: CentreContext, db: Database, code: Any, central: Central | None
) -> dict[str, Any]:
    """The booking from the replica, else live from central (outside any write lock)."""
    cleaned = normalise_code(code)
    if cleaned is None:
        raise QueueError("unknown_booking")
    found = replica_store.get(db, cleaned)
    if found is not None:
        return found
    remote = ask_central(central, cleaned)
    row = replica_row(remote)
    with write_transaction(db):
        replica_store.upsert(db, row, iso(ctx.clock.now()))
    return replica_store.get(db, cleaned)


def check_in_code(
    ctx: CentreContext,
    db: Database,
    policy: CheckinPolicy,
    code: Any,
    central: Central | None,
    kiosk_id: str,
    language: object = "da",
) -> CheckedIn:
    """A kiosk's check-in: the booking for the code (replica, else central), then its ticket.

    A new check-in wakes the sync agent, so central hears of it soon."""
    booking = find_booking(ctx, db, code, central)
    issued = check_in(ctx, db, policy, booking, kiosk_id, language)
    if issued.created and central is not None:
        central.wake()
    return CheckedIn(issued, appointment_of(ctx, issued.ticket))


def check_in_at_desk(
    ctx: CentreContext,
    db: Database,
    policy: CheckinPolicy,
    code: Any,
    central: Central | None,
    staff: str,
    language: object = "da",
) -> CheckedIn:
    """Reception checks a citizen in by hand (they lost their code): the same path, window
    rules and event as a kiosk's check-in; a retry by the same person soon after gets the same
    ticket. The event names who checked in, for the audit trail."""
    booking = find_booking(ctx, db, code, central)
    try:
        issued = check_in(ctx, db, policy, booking, desk_id(staff), language, by=staff)
    except QueueError as err:
        if err.code not in DESK_WORDED:
            raise
        # The kiosk's sentence speaks to the citizen; reception is told what it can do.
        raise QueueError(err.code, **{**err.params, "reason": "desk"}) from None
    if issued.created and central is not None:
        central.wake()
    return CheckedIn(issued, appointment_of(ctx, issued.ticket))


def desk_id(staff: str) -> str:
    """Who checked in, in the ticket's nonce, for a check-in at the desk (kiosk ids are hex,
    so the two can never meet)."""
    return f"desk.{staff}"


def appointment_of(ctx: CentreContext, ticket: dict[str, Any]) -> dict[str, Any]:
    """The booked time an appointment ticket is for, in the centre's time zone."""
    start = parse_iso(ticket["appointment_at"]).astimezone(ctx.tz)
    return {"start": start.isoformat(), "service": ticket["service"]}


def _window_error(code: str, start: datetime, policy: CheckinPolicy, offer: str | None, **kw):
    window = (start - policy.before, start + policy.after)
    # The service goes back with the offer: the kiosk issues the walk-in ticket for it.
    return QueueError(code, start=start, window=window, offer=offer, **kw)


def check_in(
    ctx: CentreContext,
    db: Database,
    policy: CheckinPolicy,
    booking: dict[str, Any],
    kiosk_id: str,
    language: object = "da",
    by: str | None = None,
) -> Issued:
    """An appointment ticket for a booking in its window; the same ticket for a quick retry.

    Only the kiosk that checked the booking in gets its ticket again: the ticket's status link
    is the citizen's, not any kiosk's that is shown the code."""
    if language not in LANGUAGES:
        raise QueueError("validation", field="language")
    try:
        return _check_in(ctx, db, policy, booking, kiosk_id, language, by)
    except ticket_store.Duplicate:
        # Another writer checked this booking in between our look and our insert.
        existing = ticket_store.by_booking(db, booking["code"])
        if existing is None or existing["nonce"] != _nonce(kiosk_id, booking["code"]):
            raise QueueError("already_checked_in") from None
        start = parse_iso(booking["start_at"])
        return Issued(
            existing,
            0,
            _minutes_until(start, ctx.clock.now()),
            created=False,
            wait_range=stored_range(existing),
        )


def _nonce(kiosk_id: str, code: str) -> str:
    # Who checked in lives in the nonce, so a retry is recognised as that kiosk's alone.
    return f"checkin:{kiosk_id}:{code}"


def _check_in(
    ctx: CentreContext,
    db: Database,
    policy: CheckinPolicy,
    booking: dict[str, Any],
    kiosk_id: str,
    language: str,
    by: str | None = None,
) -> Issued:
    now = ctx.clock.now()
    start = parse_iso(booking["start_at"])
    code = booking["code"]
    with write_transaction(db):
        existing = ticket_store.by_booking(db, code)
        if existing is not None:
            if existing["nonce"] != _nonce(kiosk_id, code):
                # Another kiosk: the citizen has checked in, and nothing of the ticket is told.
                raise QueueError("already_checked_in")
            retry = now - parse_iso(existing["created_at"]) <= RETRY_WINDOW
            if retry and existing["status"] == WAITING:
                return Issued(
                    existing,
                    0,
                    _minutes_until(start, now),
                    created=False,
                    wait_range=stored_range(existing),
                )
            raise QueueError("already_checked_in", number=existing["number"])
        if booking["status"] != "confirmed":
            raise QueueError("unknown_booking", reason="cancelled")
        if booking["checked_in_at"]:
            raise QueueError("already_checked_in")
        try:
            service = ctx.catalogue.service(booking["service"])
        except UnknownService:
            raise QueueError("unknown_booking") from None
        walk_in = not service.requires_appointment and ctx.walk_in_today(service.id)
        offer = "walk_in" if policy.offer_walk_in and walk_in else None
        if now < start - policy.before:
            opens = start - policy.before
            raise _window_error(
                "too_early", start, policy, offer, opens_at=opens, service=service.id
            )
        if now > start + policy.after:
            raise _window_error(
                "too_late", start, policy, offer, closes_at=start + policy.after, service=service.id
            )
        if ctx.hours.current_period(start) is None:
            # Early for the first time of the day is fine; a time the centre is shut is not.
            raise QueueError("closed", reason="appointment", start=start)
        day = ctx.today()
        seq = ticket_store.next_sequence(db, day, policy.letter)
        ticket = {
            "id": uuid.uuid4().hex,
            "token": opaque_token(),
            "day": day,
            "prefix": policy.letter,
            "seq": seq,
            "number": format_number(policy.letter, seq),
            "service": service.id,
            "status": WAITING,
            "priority": 0,
            "language": language,
            "source": "checkin",
            # One ticket per booking is the booking_code's unique index; the nonce says which
            # kiosk may have this ticket again on a retry.
            "nonce": _nonce(kiosk_id, code),
            "created_at": iso(now),
            "arrived_at": iso(now),
            "call_count": 0,
            "booking_code": code,
            "appointment_at": iso(start),
        }
        # The expected wait after the booked time is kept (none while no counter that serves
        # it is staffed), but not as a range shown: the kiosk tells a booked citizen they are
        # called at their time, so their visit must not count in the shown wait's accuracy.
        _, shown = promised(ctx, db, ticket, figures_for(ctx, db, service.id).wait_for(0))
        ticket.update(live_wait.stored(shown), wait_shown_low=None, wait_shown_high=None)
        ticket_store.insert(db, ticket)
        replica_store.mark_checked_in(db, code, iso(now))
        event_store.append(
            db,
            "ticket.checked_in",
            now,
            ticket_id=ticket["id"],
            staff=by,
            number=ticket["number"],
            service=service.id,
            source="checkin",
            booking_code=code,
            appointment_at=iso(start),
        )
    return Issued(
        ticket,
        0,
        _minutes_until(start, now),
        created=True,
        wait_range=shown.range if shown else None,
    )


def _minutes_until(start: datetime, now: datetime) -> int:
    return max(0, math.ceil((start - now).total_seconds() / 60))
