"""Ticket numbers: a service letter plus a daily sequence that resets at local midnight."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

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
