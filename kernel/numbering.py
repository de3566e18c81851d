"""Codes people read and type, and the random tokens both apps hand out."""

from __future__ import annotations

import hashlib
import secrets

# Letters that are not easily mistaken for digits or each other on a screen or receipt:
# no I/L (1), O/Q/D-less-O (0), S (5), Z (2), B (8).
TICKET_LETTERS = frozenset("ACDEFGHJKMNPRTUVWXY")
# Alphabet for codes typed or read by people (booking codes, short references).
CODE_ALPHABET = "ACDEFGHJKMNPRTUVWXY34679"
# Central makes every booking code this long from CODE_ALPHABET.
BOOKING_CODE_LENGTH = 6


def readable_code(length: int = 6) -> str:
    """A random code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def token_digest(token: str) -> str:
    """What is stored of a long random secret (a kiosk credential, a link, a centre key).

    The secrets carry 128 bits or more, so one SHA-256 is as good as a slow password hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def opaque_token() -> str:
    """An unguessable token for links in QR codes (128 bits)."""
    return secrets.token_urlsafe(16)
