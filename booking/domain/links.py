"""The citizen's manage links: made fresh for the citizen alone, kept only as hashes."""

from __future__ import annotations

import secrets
from typing import Any

from sqlite_utils import Database

from booking.store import links as store
from kernel.numbering import token_digest

# Longer than any token we make; anything longer (or not ASCII) opens nothing.
MAX_TOKEN = 100


def issue(db: Database, booking_id: str, at: str) -> tuple[int, str]:
    """A new link token for a booking (call inside a write): (link id, token).

    The token itself is stored nowhere; it goes straight to the citizen.
    """
    token = secrets.token_urlsafe(24)
    return store.add(db, booking_id, token_digest(token), at), token


def opened_by(db: Database, booking_id: str, token: Any) -> int | None:
    """The id of the booking's link this token is, else None (compared in constant time)."""
    if not isinstance(token, str) or not token.isascii() or not 0 < len(token) <= MAX_TOKEN:
        return None
    wanted = token_digest(token)
    found = None
    for link in store.of_booking(db, booking_id):
        # Every link is compared, so the time taken says nothing about which one matched.
        if secrets.compare_digest(wanted, link["token_hash"]):
            found = link["id"]
    return found


def actor(link_id: int) -> str:
    """The citizen as the audit trail names them: by the link they used."""
    return f"citizen:link-{link_id}"
