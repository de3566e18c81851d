"""Centre sync: key checks, bookings down by change cursor, queue events up (stored once)."""

from __future__ import annotations

import json
import logging
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from booking.core import validation, visits
from booking.core.calendar import day_bounds, local_day
from booking.core.errors import BookingError, invalid
from booking.domain.bookings import normalise_code
from booking.domain.context import BookingContext
from booking.store import bookings as booking_store
from booking.store import sync as store
from kernel import visit_facts, visit_store
from kernel.clock import iso, parse_iso
from kernel.db import retrying, write_transaction
from kernel.numbering import token_digest

log = logging.getLogger(__name__)

WINDOW_DAYS = 14
# How stale a centre's recorded last call may get before it is written again.
CONTACT_EVERY = timedelta(seconds=30)
DEFAULT_LIMIT = 200
MAX_LIMIT = 1000
MAX_EVENTS = 500
MAX_EVENT_DATA = 16000
CURSOR = re.compile(r"^v1\.([0-9]{1,18})$")
LIMIT = re.compile(r"^[0-9]{1,9}$")
EVENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
EVENT_TYPE = re.compile(r"^[a-z][a-z_]{0,30}(\.[a-z_]{1,30}){0,3}$")
CHECKED_IN = visits.CHECKED_IN_EVENT
LIVE_STATUSES = (booking_store.CONFIRMED, booking_store.CANCELLED)


def new_key(centre: str) -> str:
    """A fresh key: the centre's id (for people reading configs) and 192 random bits."""
    return f"{centre}.{secrets.token_urlsafe(24)}"


@retrying
def issue_key(db: Database, centre: str, now: datetime, key: str | None = None) -> str:
    """Store the hash of a new key for a centre (replacing its old one); return the key."""
    key = key or new_key(centre)
    with write_transaction(db):
        store.set_key(db, centre, token_digest(key), iso(now))
    return key


def centre_for(db: Database, header: str | None) -> str:
    """The centre a request's `Authorization: Bearer <key>` belongs to, else not_authenticated."""
    if not header or not header.startswith("Bearer ") or len(header) > 300:
        raise BookingError("not_authenticated")
    centre = store.centre_for_key(db, token_digest(header[len("Bearer ") :].strip()))
    if centre is None:
        raise BookingError("not_authenticated")
    return centre


@retrying
def note_contact(ctx: BookingContext, db: Database, centre: str) -> None:
    """The centre called: remember when, for the overview. A centre calls every few seconds,
    so the time is written only once it is CONTACT_EVERY old (a read, most calls)."""
    now = ctx.now()
    last = parse_iso(store.last_contacts(db).get(centre))
    if last is not None and now - last < CONTACT_EVERY:
        return
    with write_transaction(db):
        store.set_last_contact(db, centre, iso(now))


def window(ctx: BookingContext) -> tuple[datetime, datetime]:
    """From the start of today (local) to the end of the 14th day after it."""
    today = local_day(ctx.now(), ctx.tz)
    return day_bounds(today, ctx.tz)[0], day_bounds(today + timedelta(days=WINDOW_DAYS), ctx.tz)[1]


def entry(ctx: BookingContext, booking: dict[str, Any]) -> dict[str, Any]:
    """A booking as a centre's replica holds it: no personal data."""
    answer = {
        "code": booking["code"],
        "service": booking["service"],
        "start": datetime.fromisoformat(booking["start_at"]).astimezone(ctx.tz).isoformat(),
        "end": datetime.fromisoformat(booking["end_at"]).astimezone(ctx.tz).isoformat(),
        "status": booking["status"],
    }
    if booking.get("checked_in_at"):
        answer["checked_in_at"] = booking["checked_in_at"]
    return answer


def _parse_cursor(cursor: Any) -> int | None:
    if cursor in (None, ""):
        return None
    match = CURSOR.match(cursor) if isinstance(cursor, str) else None
    if match is None:
        raise invalid(cursor="invalid")
    return int(match.group(1))


def _parse_limit(limit: Any) -> int:
    if limit in (None, ""):
        return DEFAULT_LIMIT
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if not isinstance(limit, str) or not LIMIT.match(limit) or not 1 <= int(limit) <= MAX_LIMIT:
        raise invalid(limit="invalid")
    return int(limit)


def pull(ctx: BookingContext, db: Database, centre: str, cursor: Any, limit: Any) -> dict:
    """Without a cursor: the whole window now. With one: every change after it, in order."""
    after = _parse_cursor(cursor)
    size = _parse_limit(limit)
    start, end = window(ctx)
    if after is None:
        # Sequence first: a change racing the snapshot is then sent again, never skipped.
        seq = store.last_change_seq(db)
        found = store.snapshot(db, centre, iso(start), iso(end))
        return {"bookings": [entry(ctx, b) for b in found], "cursor": f"v1.{seq}", "more": False}
    changes = store.changes_after(db, centre, after, size + 1)
    more = len(changes) > size
    changes = changes[:size]
    latest: dict[str, dict[str, Any]] = {}
    for change in changes:
        inside = iso(start) <= change["start_at"] < iso(end)
        mine = change["centre"] == centre and change["status"] in LIVE_STATUSES and inside
        latest.pop(change["code"], None)
        # Moved away, out of the window or never confirmed: the replica drops it.
        latest[change["code"]] = (
            entry(ctx, change) if mine else {"code": change["code"], "status": "removed"}
        )
    seq = changes[-1]["seq"] if changes else after
    return {"bookings": list(latest.values()), "cursor": f"v1.{seq}", "more": more}


def lookup(ctx: BookingContext, db: Database, centre: str, code: Any) -> dict:
    """One booking by code, live (for a check-in code the replica does not have yet)."""
    cleaned = normalise_code(code)
    booking = store.booking_by_code(db, cleaned) if cleaned else None
    if booking is None or booking["status"] not in LIVE_STATUSES:
        raise BookingError("unknown_booking")
    if booking["centre"] != centre:
        raise BookingError("wrong_centre", centre=booking["centre"])
    return entry(ctx, booking)


def _valid_at(value: Any) -> bool:
    """An ISO time with its offset, within the calendar the reports can count in."""
    try:
        validation.instant(value, "at")
    except BookingError:
        return False
    return True


def _valid_event(event: Any) -> bool:
    if not isinstance(event, dict):
        return False
    seq, data = event.get("seq"), event.get("data", {})
    optional = all(
        event.get(name) is None or (isinstance(event[name], str) and len(event[name]) <= 64)
        for name in ("ticket_id", "counter")
    )
    return (
        isinstance(event.get("id"), str)
        and EVENT_ID.match(event["id"]) is not None
        and isinstance(seq, int)
        and not isinstance(seq, bool)
        and seq >= 1
        and _valid_at(event.get("at"))
        and isinstance(event.get("type"), str)
        and EVENT_TYPE.match(event["type"]) is not None
        and optional
        and isinstance(data, dict)
        and len(json.dumps(data)) <= MAX_EVENT_DATA
        and (event["type"] != CHECKED_IN or normalise_code(data.get("booking_code")) is not None)
    )


def parse_events(data: dict) -> list[dict[str, Any]]:
    """The whole batch or nothing: any bad event refuses the batch."""
    events = data.get("events")
    if not isinstance(events, list) or len(events) > MAX_EVENTS:
        raise invalid(events="invalid")
    for index, event in enumerate(events):
        if not _valid_event(event):
            raise BookingError("validation", fields={"events": "invalid"}, index=index)
    ids = [event["id"] for event in events]
    seqs = [event["seq"] for event in events]
    if len(set(ids)) != len(ids) or seqs != sorted(set(seqs)):
        raise invalid(events="invalid")
    return events


def _apply(db: Database, centre: str, event: dict[str, Any], now: str) -> None:
    """What an event tells about a booking (safe to apply again: the first word counts), and
    the visit fact an ending event carries, stored as the centre stored it."""
    fact = event["data"].get("visit") if isinstance(event.get("data"), dict) else None
    fact = visit_facts.completed(fact)
    if fact is not None:
        if visit_facts.valid(fact):
            visit_store.add(db, centre, fact)
        else:
            # Not refused: one malformed fact must not stop the centre's queue from syncing.
            log.warning("centre %s sent a malformed visit fact in event %s", centre, event["id"])
    if event["type"] == CHECKED_IN:
        code = normalise_code(event["data"]["booking_code"])
        booking = booking_store.by_code(db, code)
        if booking is not None and booking["centre"] != centre:
            # Raised inside the transaction: nothing of the batch is kept.
            raise BookingError("forbidden")
        if booking is not None:
            ticket = event.get("ticket_id")
            booking_store.mark_checked_in(db, code, centre, event["at"], now, ticket)
        return
    outcome = visits.outcome_of(event["type"])
    if outcome and event.get("ticket_id"):
        booking_store.end_visit(db, centre, event["ticket_id"], outcome, event["at"], now)


@retrying
def receive(ctx: BookingContext, db: Database, centre: str, data: dict) -> dict:
    """Store a batch of a centre's events, each once; a check-in marks its booking, and the
    end of its ticket (served, no-show) ends the booking's visit."""
    events = parse_events(data)
    if data.get("centre") not in (None, centre):
        raise BookingError("forbidden")
    now = iso(ctx.now())
    with write_transaction(db):
        for event in events:
            _apply(db, centre, event, now)
        stored, duplicates = store.store_events(db, centre, events, now)
        last = store.last_event_seq(db, centre)
    return {"stored": stored, "duplicates": duplicates, "last_seq": last}
