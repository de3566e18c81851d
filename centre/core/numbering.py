"""Ticket numbers: a service letter plus a daily sequence that resets at local midnight."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from kernel.catalogue import Catalogue
from kernel.numbering import TICKET_LETTERS


def local_day(now: datetime, tz: ZoneInfo) -> date:
    """The centre's calendar day for a UTC instant: numbering resets at local midnight."""
    return now.astimezone(tz).date()


def format_number(prefix: str, sequence: int) -> str:
    """A017 style: letter and at least three digits."""
    if prefix not in TICKET_LETTERS:
        raise ValueError(f"ticket letter {prefix!r} is not allowed")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{prefix}{sequence:03d}"


def appointment_letter(catalogue: Catalogue, configured: str | None = None) -> str:
    """The configured letter, or the first one no service uses."""
    used = {service.prefix for service in catalogue.services}
    if configured is not None:
        if configured not in TICKET_LETTERS or configured in used:
            raise ValueError(f"appointment letter {configured!r} is not free to use")
        return configured
    free = sorted(TICKET_LETTERS - used)
    if not free:
        raise ValueError("every ticket letter is taken by a service")
    return free[0]
