"""Who may change what: a manager of one centre changes only that centre, settings for every
centre need a manager of all of them."""

from __future__ import annotations

from typing import Protocol

from booking.core.errors import BookingError


class Actor(Protocol):
    """The acting staff account (the logged-in `Account` of `booking/staff/auth.py`)."""

    username: str
    role: str
    centre: str | None


def may_manage(actor: Actor, centre_id: object) -> bool:
    """A manager of one centre manages only that centre; without a centre, all of them."""
    return actor.role == "manager" and actor.centre in (None, centre_id)


def check_centre(actor: Actor, centre_id: object) -> None:
    if not may_manage(actor, centre_id):
        raise BookingError("forbidden")


def check_every_centre(actor: Actor) -> None:
    """Settings for every centre need a manager of all centres."""
    if actor.role != "manager" or actor.centre is not None:
        raise BookingError("forbidden")


def managed_centre(actor: Actor) -> str | None:
    """The one centre a centre's manager is limited to; None for reception (it books
    city-wide) and for a manager of every centre."""
    return actor.centre if actor.role == "manager" else None


def own_centre(actor: Actor, asked: str | None) -> str | None:
    """The centre whose day and staff the actor may see: a manager of one centre sees only
    theirs (and gets it when they name none); anyone else the one they asked for."""
    mine = managed_centre(actor)
    if mine is None:
        return asked or None
    if asked not in (None, "", mine):
        raise BookingError("forbidden")
    return mine
