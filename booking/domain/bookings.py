"""Finding, cancelling and listing bookings (and the demo's day of them); the code alone opens
nothing, a manage link's token does."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from booking.core.calendar import day_bounds, local_day
from booking.core.errors import BookingError
from booking.domain import links, messages
from booking.domain.context import BookingContext
from booking.domain.reserve import DESK, check_changeable
from booking.store import audit
from booking.store import bookings as store
from kernel.clock import iso
from kernel.db import retrying, write_transaction
from kernel.numbering import CODE_ALPHABET, opaque_token, readable_code

CODE_CHARACTERS = frozenset(CODE_ALPHABET)


def normalise_code(code: Any) -> str | None:
    """Booking codes are typed by people: ignore case, spaces and dashes."""
    if not isinstance(code, str) or len(code) > 20:
        return None
    cleaned = code.upper().replace(" ", "").replace("-", "")
    return cleaned if cleaned and set(cleaned) <= CODE_CHARACTERS else None


def find(db: Database, code: Any, token: Any = None, staff: bool = False) -> dict:
    """A confirmed or cancelled booking by code; the citizen must bring a manage link's token.

    A wrong token (a hold token among them) answers exactly like an unknown code, so codes
    cannot be probed. The citizen's booking carries `link_id`, the link they came by.
    """
    cleaned = normalise_code(code)
    booking = store.by_code(db, cleaned) if cleaned else None
    if booking is not None and was_a_hold(booking):
        booking = None
    if staff and booking is not None:
        return booking
    # The token is checked for an unknown code too, so the time taken tells nothing either.
    link_id = None if staff else links.opened_by(db, booking["id"] if booking else "", token)
    if booking is None or link_id is None:
        raise BookingError("unknown_booking")
    return {**booking, "link_id": link_id}


def online_hold(db: Database, token: str) -> dict | None:
    """The citizen's own hold (or what it became) by its token; a centre's desk hold is not
    theirs, and no token is that long."""
    found = store.by_token(db, token) if len(token) < 64 else None
    return found if found and found["source"] != DESK else None


def is_held(booking: dict) -> bool:
    """Still only a hold (it may have run out: see `hold_expires_at`)."""
    return booking["status"] == store.HELD


def was_a_hold(booking: dict) -> bool:
    """A hold, running or run out, that never became a booking."""
    return booking["status"] in (store.HELD, store.EXPIRED)


def is_booked(booking: dict) -> bool:
    return booking["status"] == store.CONFIRMED


def citizen(booking: dict) -> str:
    """The audit actor for a change made through the citizen's own link."""
    return links.actor(booking["link_id"])


@retrying
def cancel(ctx: BookingContext, db: Database, booking: dict, by: str) -> dict:
    """Cancel a booking; `by` names who did it in the audit trail (never left out)."""
    now = ctx.now()
    with write_transaction(db):
        current = store.by_code(db, booking["code"])
        check_changeable(current, now)
        store.cancel(db, current["id"], iso(now))
        audit.append(db, iso(now), by, "cancel", current["code"])
        messages.enqueue(db, current, messages.CANCELLED, now)
    return {**current, "status": store.CANCELLED, "cancelled_at": iso(now)}


def day_list(
    ctx: BookingContext, db: Database, centre_id: str, day: date, staff_id: str | None = None
) -> list[dict]:
    """A centre's (or one staff member's) confirmed bookings on a local day, by time."""
    start, end = day_bounds(day, ctx.tz)
    return store.on_day(db, centre_id, iso(start), iso(end), staff_id)


def local_times(ctx: BookingContext, booking: dict) -> tuple[datetime, datetime]:
    """Start and end in the service's time zone (Europe/Copenhagen)."""
    start = datetime.fromisoformat(booking["start_at"]).astimezone(ctx.tz)
    end = datetime.fromisoformat(booking["end_at"]).astimezone(ctx.tz)
    return start, end


@retrying
def seed_day(
    ctx: BookingContext,
    db: Database,
    source: str,
    plans: Mapping[str, Sequence[tuple[str, str, datetime, int]]],
) -> int:
    """Confirmed bookings from `source` today (centre: (service, staff, start, minutes)), at
    each centre that has none from it today yet (the demo's check-in codes); how many made."""
    now = ctx.now()
    start_of_day, end_of_day = day_bounds(local_day(now, ctx.tz), ctx.tz)
    made = 0
    with write_transaction(db):
        for centre_id, planned in plans.items():
            if store.count_from_source(db, centre_id, source, iso(start_of_day), iso(end_of_day)):
                continue
            for service, staff_id, start, minutes in planned:
                code = readable_code()
                while store.code_exists(db, code):
                    code = readable_code()
                end = iso(start + timedelta(minutes=minutes))
                store.insert(
                    db,
                    {
                        "id": uuid.uuid4().hex,
                        "code": code,
                        "token": opaque_token(),
                        "service": service,
                        "centre": centre_id,
                        "staff_id": staff_id,
                        "start_at": iso(start),
                        "end_at": end,
                        "block_end_at": end,
                        "status": store.CONFIRMED,
                        "name": "Demo",
                        "language": "da",
                        "source": source,
                        "created_by": source,
                        "created_at": iso(now),
                        "updated_at": iso(now),
                    },
                )
                made += 1
    return made


def from_source(db: Database, centre_id: str, source: str) -> list[dict]:
    """A centre's confirmed bookings from one source (the demo's), by start."""
    return store.confirmed_from_source(db, centre_id, source)
