"""Plain-data builders for the slot rules: staff calendars and times in Copenhagen."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from booking.core.calendar import parse_period
from booking.core.model import Policy, ServiceRule, StaffCalendar

CPH = ZoneInfo("Europe/Copenhagen")
WORKDAYS = range(5)

PASSPORT = ServiceRule("passport", minutes=15, buffer=5, roles=frozenset({"staff"}))
HEALTH_CARD = ServiceRule("health_card", minutes=6, buffer=0, roles=frozenset({"staff"}))
TAX_QUESTIONS = ServiceRule("tax_questions", minutes=10, roles=frozenset({"staff", "tax"}))
TAX_DECISION = ServiceRule("tax_decision", minutes=20, roles=frozenset({"tax"}))
ALL_SERVICES = frozenset({"passport", "health_card", "tax_questions", "tax_decision"})


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Copenhagen wall-clock time as an aware datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=CPH)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def periods(*texts: str) -> tuple[tuple[time, time], ...]:
    return tuple(parse_period(text) for text in texts)


def member(
    staff_id: str,
    role: str = "staff",
    services: frozenset[str] = ALL_SERVICES,
    hours: str = "09:00-16:00",
    days=WORKDAYS,
    lunch: str | None = None,
    centre: str = "norrebro",
    absences=(),
    extra_days: dict[date, str] | None = None,
) -> StaffCalendar:
    return StaffCalendar(
        id=staff_id,
        centre=centre,
        role=role,
        services=services,
        weekly={day: periods(hours) for day in days},
        breaks={day: periods(lunch) for day in days} if lunch else {},
        absences=tuple((utc(a), utc(b)) for a, b in absences),
        extra_days={d: periods(text) for d, text in (extra_days or {}).items()},
    )


DEFAULT_POLICY = Policy()
