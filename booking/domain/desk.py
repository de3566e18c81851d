"""Bookings a centre's reception makes with the centre's sync key: only ever at that centre."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from booking.core import validation
from booking.core.calendar import day_bounds, local_day
from booking.core.errors import BookingError, invalid
from booking.domain import reserve
from booking.domain.context import BookingContext
from booking.store import audit
from booking.store import bookings as store
from kernel.clock import iso
from kernel.db import retrying, write_transaction

SOURCE = reserve.DESK


def _scoped(centre: str, data: dict[str, Any]) -> dict[str, Any]:
    """The request with the caller's centre filled in; another centre's is refused."""
    asked = data.get("centre")
    if asked not in (None, "", centre):
        raise BookingError("forbidden")
    return {**data, "centre": centre}


def _staff_name(value: Any) -> str:
    # Who at the centre booked, for the audit trail: "norrebro:reception1".
    return validation.text_id(value, "by")


def hold(ctx: BookingContext, db: Database, centre: str, data: dict[str, Any]) -> dict:
    """Keep a slot at the caller's centre while reception types the citizen's details.

    The hold token the centre gets back holds and books this slot; it never opens the
    booking it becomes (the citizen's manage link goes only to the citizen)."""
    scoped = _scoped(centre, data)
    who = _staff_name(scoped["by"]) if scoped.get("by") not in (None, "") else "desk"
    return reserve.place_hold(ctx, db, scoped, by=f"{centre}:{who}", source=SOURCE)


def book(ctx: BookingContext, db: Database, centre: str, data: dict[str, Any]) -> tuple[dict, bool]:
    """Confirm a held slot; the hold makes a retry after a lost answer (soon after, from the
    same centre) return the same booking."""
    scoped = _scoped(centre, data)
    token = scoped.get("hold")
    if token in (None, ""):
        # Without a hold a retry could book twice, so the desk must always hold first.
        raise invalid(hold="required")
    _own_hold(db, centre, token, ctx.now())
    by = f"{centre}:{_staff_name(scoped.get('by'))}"
    return reserve.book(ctx, db, scoped, source=SOURCE, by=by)


def _own_hold(db: Database, centre: str, token: Any, now: datetime) -> None:
    """The token must be a hold this centre placed (or the desk booking it became, while a
    retry may still ask): a token of another centre's or a citizen's own booking reveals
    nothing and books nothing."""
    held = store.by_token(db, token) if isinstance(token, str) and len(token) < 64 else None
    if held is None or held["centre"] != centre or not reserve.hold_serves(held, SOURCE, now):
        raise BookingError("unknown_hold")


def release(ctx: BookingContext, db: Database, centre: str, token: str) -> None:
    """Give back a hold the desk no longer wants (reception chose another time)."""
    held = store.by_token(db, token) if len(token) < 64 else None
    if held is None or held["centre"] != centre:
        raise BookingError("unknown_hold")
    reserve.release_hold(ctx, db, token, source=SOURCE)


@retrying
def names_today(ctx: BookingContext, db: Database, centre: str, by: Any) -> list[dict[str, str]]:
    """Today's confirmed bookings at the caller's centre with the citizen's name (code, name),
    for the centre's reception to recognise a citizen who lost their code.

    The centre shows them and keeps none; each read is audited with who at the centre asked."""
    start, end = day_bounds(local_day(ctx.now(), ctx.tz), ctx.tz)
    found = store.on_day(db, centre, iso(start), iso(end))
    named = [{"code": b["code"], "name": b["name"]} for b in found if b.get("name")]
    with write_transaction(db):
        audit.append(
            db, iso(ctx.now()), f"{centre}:{_staff_name(by)}", "desk.names", count=len(named)
        )
    return named
