"""Kiosk pairing: one-time links, long-lived credentials, listing and revoking."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from centre.core.errors import QueueError
from centre.store import events as event_store
from centre.store import kiosks as kiosk_store
from kernel.clock import Clock, iso, parse_iso
from kernel.db import write_transaction
from kernel.numbering import token_digest

PAIRING_VALID = timedelta(minutes=15)
# Writing "last seen" on every ticket would add a write per request for nothing.
SEEN_EVERY = timedelta(minutes=1)
MAX_NAME = 60
MAX_SECRET = 100


def _name(name: object) -> str:
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        raise QueueError("validation", field="name")
    return name.strip()


def add_kiosk(clock: Clock, db: Database, name: object) -> tuple[dict[str, Any], str]:
    """A new kiosk waiting to be paired, and its one-time pairing token (shown once)."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    kiosk = {
        "id": uuid.uuid4().hex,
        "name": _name(name),
        "created_at": iso(now),
        "pairing_hash": token_digest(token),
        "pairing_expires_at": iso(now + PAIRING_VALID),
    }
    with write_transaction(db):
        kiosk_store.insert(db, kiosk)
        event_store.append(db, "kiosk.added", now, kiosk=kiosk["id"], name=kiosk["name"])
    return kiosk_store.get(db, kiosk["id"]), token


def pair(clock: Clock, db: Database, token: object) -> tuple[dict[str, Any], str]:
    """Use a pairing link up: the kiosk and its new credential (for the browser's cookie)."""
    if not isinstance(token, str) or not token or len(token) > MAX_SECRET:
        raise QueueError("pairing_invalid")
    now = clock.now()
    credential = secrets.token_urlsafe(32)
    with write_transaction(db):
        kiosk = kiosk_store.by_pairing(db, token_digest(token))
        if (
            kiosk is None
            or kiosk["revoked_at"] is not None
            or parse_iso(kiosk["pairing_expires_at"]) <= now
        ):
            raise QueueError("pairing_invalid")
        kiosk_store.pair(db, kiosk["id"], token_digest(credential), iso(now))
        event_store.append(db, "kiosk.paired", now, kiosk=kiosk["id"], name=kiosk["name"])
    return kiosk_store.get(db, kiosk["id"]), credential


def pair_at_once(clock: Clock, db: Database) -> tuple[dict[str, Any], str]:
    """Demo only: a kiosk for whichever browser opens /kiosk, paired right away."""
    name = f"Demo kiosk {kiosk_store.count(db) + 1}"
    _, token = add_kiosk(clock, db, name)
    return pair(clock, db, token)


def authenticate(clock: Clock, db: Database, credential: object) -> dict[str, Any] | None:
    """The paired, unrevoked kiosk holding this credential, or None."""
    if not isinstance(credential, str) or not credential or len(credential) > MAX_SECRET:
        return None
    kiosk = kiosk_store.by_credential(db, token_digest(credential))
    if kiosk is None or kiosk["revoked_at"] is not None:
        return None
    now = clock.now()
    seen = parse_iso(kiosk["last_seen_at"])
    if seen is None or now - seen >= SEEN_EVERY:
        with write_transaction(db):
            kiosk_store.seen(db, kiosk["id"], iso(now))
    return kiosk


def revoke(clock: Clock, db: Database, kiosk_id: object, by: str | None) -> dict[str, Any]:
    """The kiosk's credential (and any unused link) stops working on its next request."""
    if not isinstance(kiosk_id, str) or len(kiosk_id) > 64:
        raise QueueError("unknown_kiosk")
    now = clock.now()
    with write_transaction(db):
        kiosk = kiosk_store.get(db, kiosk_id)
        if kiosk is None:
            raise QueueError("unknown_kiosk")
        if kiosk["revoked_at"] is None:
            kiosk_store.revoke(db, kiosk_id, iso(now), by)
            event_store.append(db, "kiosk.revoked", now, staff=by, kiosk=kiosk_id)
    return kiosk_store.get(db, kiosk_id)


def public(kiosk: dict[str, Any]) -> dict[str, Any]:
    """A kiosk as staff see it: no hashes."""
    return {
        "id": kiosk["id"],
        "name": kiosk["name"],
        "created_at": kiosk["created_at"],
        "paired": kiosk["paired_at"] is not None,
        "paired_at": kiosk["paired_at"],
        "last_seen_at": kiosk["last_seen_at"],
        "revoked": kiosk["revoked_at"] is not None,
        "revoked_at": kiosk["revoked_at"],
        "revoked_by": kiosk["revoked_by"],
    }


def listing(db: Database) -> list[dict[str, Any]]:
    """Every kiosk as staff see it."""
    return [public(k) for k in kiosk_store.all(db)]
