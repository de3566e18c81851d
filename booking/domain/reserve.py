"""Taking a slot: holds, bookings and moves, each one atomic write that re-checks the staff."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from booking.core import validation
from booking.core.errors import BookingError, collect, invalid
from booking.core.model import ServiceRule
from booking.domain import links, messages, requested_slot
from booking.domain.context import BookingContext
from booking.store import audit
from booking.store import bookings as store
from booking.store import setup as setup_store
from kernel.clock import iso
from kernel.db import IntegrityError, retrying, write_transaction
from kernel.numbering import BOOKING_CODE_LENGTH, readable_code

CODE_LENGTH = BOOKING_CODE_LENGTH
# The audit actor for what a citizen does online before they have a link of their own.
CITIZEN = "citizen"
# Where a hold or booking came from: the citizen online, or a centre's desk (its sync key).
ONLINE = "online"
DESK = "centre"


@dataclass(frozen=True)
class Person:
    """Who the appointment is for and how to reach them."""

    name: str
    email: str | None
    phone: str | None
    language: str


def parse_person(data: dict) -> Person:
    name, (email, phone) = collect(
        lambda: validation.name(data.get("name")),
        lambda: validation.contact(data),
    )
    return Person(name, email, phone, validation.language(data.get("language")))


def _insert(
    db: Database,
    req: requested_slot.Request,
    staff_id: str,
    now: datetime,
    log: bool = True,
    **values: Any,
) -> dict:
    """Insert a new booking or hold under a fresh code; `log=False` leaves noting the change
    for the centres to the caller (`store.log_change`)."""
    booking = {
        "id": uuid.uuid4().hex,
        "code": readable_code(CODE_LENGTH),
        "token": secrets.token_urlsafe(16),
        "service": req.rule.id,
        "centre": req.centre["id"],
        "staff_id": staff_id,
        "start_at": iso(req.start),
        "end_at": iso(req.start + req.rule.length),
        "block_end_at": iso(req.start + req.rule.block),
        "created_at": iso(now),
        "updated_at": iso(now),
        "language": "da",
        "source": "online",
        **values,
    }
    try:
        # A code already in use inserts nothing: draw another (no read before each insert).
        while not store.insert(db, booking, log=log):
            booking["code"] = readable_code(CODE_LENGTH)
    except IntegrityError as err:
        raise _double_booking(err) from err
    return booking


def _double_booking(err: Exception) -> Exception:
    """The unique index caught what the check should have: still never a double booking."""
    # SQLite names the columns, PostgreSQL the index (and the columns in its detail).
    if "staff_id" in str(err) or "bookings_one_live_per_staff_start" in str(err):
        return BookingError("slot_taken")
    return err


def check_contact_limit(ctx: BookingContext, db: Database, rule: ServiceRule, person: Person):
    limit = ctx.config.max_open_per_contact
    if store.open_for_contact(db, rule.id, person.email, person.phone, iso(ctx.now())) >= limit:
        raise BookingError("too_many_bookings", limit=limit)


@retrying
def place_hold(
    ctx: BookingContext, db: Database, data: dict, by: str = CITIZEN, source: str = ONLINE
) -> dict:
    """Keep a slot for the citizen for a few minutes while they type their details.

    The hold's token holds and books this slot, nothing more: it never opens the booking.
    `source` marks a centre's desk hold, which only that desk can book.
    """
    setup = ctx.cache.current(db)
    req = requested_slot.parse_request(ctx, db, data, setup)
    now = ctx.now()
    try:
        requested_slot.refuse_a_taken_slot_early(ctx, db, req, now, setup)
        with write_transaction(db):
            setup_store.lock_centre(db, req.centre["id"])
            staff_id = requested_slot.take_slot(ctx, db, req, now, setup=setup)
            expires = now + timedelta(minutes=ctx.config.hold_minutes)
            booking = _insert(
                db,
                req,
                staff_id,
                now,
                status=store.HELD,
                hold_expires_at=iso(expires),
                language=validation.language(data.get("language")),
                source=source,
            )
            audit.append(db, iso(now), by, "hold", booking["code"])
    except BookingError as err:
        raise requested_slot.with_alternatives(ctx, db, req, err) from None
    return booking


@retrying
def release_hold(ctx: BookingContext, db: Database, token: str, source: str = ONLINE) -> None:
    """Give a held slot back at once (the citizen went back to choose another time)."""
    with write_transaction(db):
        held = store.by_token(db, token)
        if held is None or held["status"] != store.HELD or not hold_serves(held, source, ctx.now()):
            raise BookingError("unknown_hold")
        store.release(db, held["id"], iso(ctx.now()))


def hold_serves(held: dict, source: str, now: datetime) -> bool:
    """Whether a hold token still does anything for a request from `source`.

    A desk hold is its centre's alone: booked through the public API it would hand the
    citizen's manage link to whoever sent it. Once booked, the token only lets the channel
    that booked retry a lost answer, for as long as a hold lasts; a move or cancellation
    ends even that (both clear the time).
    """
    if held["status"] == store.CONFIRMED:
        return held["source"] == source and (held["hold_expires_at"] or "") > iso(now)
    if held["status"] not in (store.HELD, store.EXPIRED):
        return False
    return held["source"] != DESK or source == DESK


def _hold_for(db: Database, token: Any, data: dict, source: str, now: datetime) -> dict | None:
    """The hold a booking request refers to; its service, centre and start fill the gaps."""
    if token in (None, ""):
        return None
    held = store.by_token(db, token) if isinstance(token, str) and len(token) < 64 else None
    if held is None or not hold_serves(held, source, now):
        raise invalid(hold="unknown")
    if held["status"] == store.CONFIRMED:
        return held
    for key in ("service", "centre"):
        if data.get(key) in (None, ""):
            data[key] = held[key]
        elif data[key] != held[key]:
            raise invalid(hold="mismatch")
    held_start = datetime.fromisoformat(held["start_at"])
    if data.get("start") in (None, ""):
        data["start"] = held_start.isoformat()
    elif validation.instant(data["start"]) != held_start:
        raise invalid(hold="mismatch")
    return held


@retrying
def book(
    ctx: BookingContext, db: Database, data: dict, source: str = ONLINE, by: str = CITIZEN
) -> tuple[dict, bool]:
    """Confirm a booking: from a live hold, or (no hold, or it ran out) straight from the slot.

    Returns (booking, created); sending the same hold again soon after, through the same
    channel, returns its booking unchanged (what of it to show is the caller's choice).
    A booking the citizen makes online carries `manage_token`, their new manage link's token,
    made here and stored only as a hash; staff and centres get none (the citizen gets theirs
    in the confirmation message). A repeated request never gets one: the hold token that
    asks may have passed through other hands.
    """
    data = dict(data)
    held = _hold_for(db, data.get("hold"), data, source, ctx.now())
    if held and held["status"] == store.CONFIRMED:
        return held, False
    setup = ctx.cache.current(db)
    req, person = collect(
        lambda: requested_slot.parse_request(ctx, db, data, setup), lambda: parse_person(data)
    )
    details = {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "language": person.language,
        "source": source,
        "created_by": by,
    }
    now = ctx.now()
    # The hold's token may repeat the request (its answer lost) for as long as a hold lasts.
    retry = {**details, "hold_expires_at": iso(now + timedelta(minutes=ctx.config.hold_minutes))}
    try:
        if held is None:
            requested_slot.refuse_a_taken_slot_early(ctx, db, req, now, setup)
        with write_transaction(db):
            setup_store.lock_centre(db, req.centre["id"])
            current = store.by_token(db, held["token"]) if held else None
            if current and current["status"] == store.CONFIRMED:
                # The same hold sent twice at once: the other request booked it already.
                if not hold_serves(current, source, now):
                    raise invalid(hold="unknown")
                return current, False
            check_contact_limit(ctx, db, req.rule, person)
            if current and hold_live(current, now):
                store.confirm(db, current["id"], retry, iso(now))
                booking = {**current, **retry, "status": store.CONFIRMED}
            elif current:
                # The hold ran out: take the slot again, but onto the hold's own row, so one
                # hold can never become two bookings however often it is sent.
                staff_id = requested_slot.take_slot(ctx, db, req, now, current["id"], setup)
                _confirm_row(db, current["id"], retry, staff_id, now)
                booking = {**current, **retry, "staff_id": staff_id, "status": store.CONFIRMED}
            else:
                staff_id = requested_slot.take_slot(ctx, db, req, now, setup=setup)
                booking = _insert(
                    db, req, staff_id, now, status=store.CONFIRMED, log=False, **details
                )
            audit.append(db, iso(now), by, "book", booking["code"], source=source)
            messages.enqueue(db, booking, messages.CONFIRMATION, now)
            if source == "online":
                booking["link_id"], booking["manage_token"] = links.issue(
                    db, booking["id"], iso(now)
                )
            if not current:
                # Last before the commit: the change sequence is one row for the whole city,
                # and its lock is held from here to the commit.
                store.log_change(db, booking["id"], booking["centre"], iso(now))
    except BookingError as err:
        raise requested_slot.with_alternatives(ctx, db, req, err) from None
    return booking, True


def _confirm_row(
    db: Database, booking_id: str, details: dict, staff_id: str, now: datetime
) -> None:
    try:
        store.confirm(db, booking_id, details, iso(now), staff_id=staff_id)
    except IntegrityError as err:
        raise _double_booking(err) from err


@retrying
def move(ctx: BookingContext, db: Database, booking: dict, data: dict, by: str) -> dict:
    """Move a booking to another time (and centre), keeping its code and links; `by` names
    who did it in the audit trail."""
    body = {"service": booking["service"], "centre": data.get("centre") or booking["centre"]}
    body["start"] = data.get("start")
    req = requested_slot.parse_request(ctx, db, body)
    now = ctx.now()
    try:
        with write_transaction(db):
            current = store.by_code(db, booking["code"])
            check_changeable(current, now)
            # Both centres locked in one fixed order, so two moves cannot wait on each other.
            for centre_id in sorted({current["centre"], req.centre["id"]}):
                setup_store.lock_centre(db, centre_id)
            staff_id = requested_slot.take_slot(ctx, db, req, now, exclude_id=current["id"])
            change = {
                "centre": req.centre["id"],
                "staff_id": staff_id,
                "start_at": iso(req.start),
                "end_at": iso(req.start + req.rule.length),
                "block_end_at": iso(req.start + req.rule.block),
            }
            try:
                store.move(db, current["id"], change, iso(now))
            except IntegrityError as err:
                raise _double_booking(err) from err
            audit.append(db, iso(now), by, "move", current["code"], start=change["start_at"])
            messages.enqueue(db, current, messages.MOVED, now, ref=change["start_at"])
    except BookingError as err:
        raise requested_slot.with_alternatives(ctx, db, req, err) from None
    return {**current, **change}


def changeable(booking: dict, now: datetime) -> bool:
    """Only a confirmed booking that has not started, and that nobody checked in for at the
    centre yet, can be cancelled or moved."""
    return (
        booking["status"] == store.CONFIRMED
        and not booking.get("checked_in_at")
        and booking["start_at"] > iso(now)
    )


def check_changeable(booking: dict | None, now: datetime) -> None:
    """Refuse to change what `changeable` says no to, saying why."""
    if booking is None:
        raise BookingError("unknown_booking")
    if booking["status"] != store.CONFIRMED:
        raise BookingError("invalid_state", reason=booking["status"])
    if booking.get("checked_in_at"):
        raise BookingError("invalid_state", reason="checked_in")
    if not changeable(booking, now):
        raise BookingError("invalid_state", reason="started")


def hold_live(held: dict, now: datetime) -> bool:
    """Still a hold, and not run out: its time is the citizen's until `hold_expires_at`."""
    return held["status"] == store.HELD and (held["hold_expires_at"] or "") > iso(now)
