"""Parsing and checking what citizens and staff type: names, contacts, times, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

from booking.core.errors import BookingError, invalid
from kernel.languages import DEFAULT_LANGUAGE, LANGUAGES

MAX_NAME = 100
MAX_EMAIL = 254
MAX_ID = 64
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
# Days a booking service can mean. Beyond them (the calendar's ends: 0001-01-01, 9999-12-31)
# the day arithmetic of slots, windows and time zones would overflow.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
# What people type around phone numbers: spaces, dashes, dots, brackets.
PHONE_NOISE = re.compile(r"[\s\-().]")


def text_id(value: Any, field: str) -> str:
    """An identifier (service, centre, staff): a short non-empty string."""
    if value is None or value == "":
        raise invalid(**{field: "required"})
    if not isinstance(value, str) or len(value) > MAX_ID:
        raise invalid(**{field: "unknown"})
    return value


def name(value: Any) -> str:
    """A person's name as they write it: 1 to 100 characters, no control characters."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise invalid(name="required")
    if not isinstance(value, str):
        raise invalid(name="invalid")
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_NAME:
        raise invalid(name="too_long")
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise invalid(name="invalid")
    return cleaned


def email(value: Any) -> str:
    if not isinstance(value, str):
        raise invalid(email="invalid")
    cleaned = value.strip()
    if len(cleaned) > MAX_EMAIL:
        raise invalid(email="too_long")
    if not EMAIL.match(cleaned):
        raise invalid(email="invalid")
    local, _, domain = cleaned.rpartition("@")
    return f"{local}@{domain.lower()}"


def phone(value: Any) -> str:
    """A mobile number in international form: "+45 12 34 56 78" -> "+4512345678"."""
    if not isinstance(value, str) or len(value) > 32:
        raise invalid(phone="invalid")
    digits = PHONE_NOISE.sub("", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    # [0-9], not \d: other scripts' digits are no phone number an SMS gateway takes.
    if re.fullmatch(r"[0-9]{8}", digits):
        return "+45" + digits
    if digits.startswith("+45"):
        # Danish numbers have exactly eight digits.
        if re.fullmatch(r"\+45[0-9]{8}", digits):
            return digits
    elif re.fullmatch(r"\+[1-9][0-9]{7,14}", digits):
        return digits
    raise invalid(phone="invalid")


def contact(data: dict) -> tuple[str | None, str | None]:
    """(email, phone), at least one; both checked if given, their problems reported together."""
    found: dict[str, str | None] = {"email": None, "phone": None}
    fields: dict[str, str] = {}
    for field, check in (("email", email), ("phone", phone)):
        raw = data.get(field)
        if raw in (None, ""):
            continue
        try:
            found[field] = check(raw)
        except BookingError as err:
            fields.update(err.fields)
    if fields:
        raise invalid(**fields)
    if found["email"] is None and found["phone"] is None:
        raise invalid(contact="required")
    return found["email"], found["phone"]


def instant(value: Any, field: str = "start") -> datetime:
    """An ISO 8601 time with its UTC offset, as UTC."""
    if value is None or value == "":
        raise invalid(**{field: "required"})
    if not isinstance(value, str) or len(value) > 40:
        raise invalid(**{field: "invalid"})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise invalid(**{field: "invalid"}) from None
    if moment.tzinfo is None:
        raise invalid(**{field: "needs_offset"})
    if not in_calendar(moment.replace(tzinfo=None).date()):
        raise invalid(**{field: "invalid"})
    return moment.astimezone(UTC)


def day(value: Any, field: str) -> date:
    """A calendar day, YYYY-MM-DD."""
    if not isinstance(value, str) or len(value) != 10:
        raise invalid(**{field: "invalid"})
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise invalid(**{field: "invalid"}) from None
    if not in_calendar(parsed):
        raise invalid(**{field: "invalid"})
    return parsed


def in_calendar(value: date) -> bool:
    """A day with room on both sides for the day arithmetic a booking needs."""
    return FIRST_DAY <= value <= LAST_DAY


def language(value: Any) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE
