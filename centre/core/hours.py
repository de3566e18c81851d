"""Opening hours per weekday, in the centre's local time zone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from centre.core.errors import QueueError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _parse_time(text: str) -> time:
    """HH:MM; "24:00" means the end of the day."""
    text = text.strip()
    return time.max if text == "24:00" else time.fromisoformat(text)


@dataclass(frozen=True)
class OpeningHours:
    """Per weekday a list of (open, close) local times; an empty list means closed."""

    by_weekday: Mapping[int, Sequence[tuple[time, time]]]
    tz: ZoneInfo

    @classmethod
    def parse(cls, spec: Mapping[str, str | Sequence[str]], tz: ZoneInfo) -> OpeningHours:
        """From config: {"monday": "10:00-17:00", "thursday": ["10:00-12:00", "13:00-18:00"]}."""
        unknown = set(spec) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown weekday(s) in opening hours: {sorted(unknown)}")
        by_weekday: dict[int, list[tuple[time, time]]] = {}
        for index, name in enumerate(WEEKDAYS):
            raw = spec.get(name, [])
            ranges = [raw] if isinstance(raw, str) else list(raw)
            parsed = []
            for item in ranges:
                if not item or item.strip().lower() == "closed":
                    continue
                start_text, _, end_text = item.partition("-")
                start, end = _parse_time(start_text), _parse_time(end_text)
                if end <= start:
                    raise ValueError(f"opening hours {item!r} on {name} end before they start")
                parsed.append((start, end))
            by_weekday[index] = sorted(parsed)
        return cls(by_weekday, tz)

    def _periods_on(self, day: datetime) -> list[tuple[datetime, datetime]]:
        local_day = day.date()
        return [
            (
                datetime.combine(local_day, start, self.tz),
                datetime.combine(local_day, end, self.tz),
            )
            for start, end in self.by_weekday.get(local_day.weekday(), [])
        ]

    def periods_on(self, now: datetime) -> list[tuple[datetime, datetime]]:
        """The open periods of `now`'s local day, as aware local datetimes (none: closed)."""
        return self._periods_on(now.astimezone(self.tz))

    def current_period(self, now: datetime) -> tuple[datetime, datetime] | None:
        """The open period containing `now`, as aware local datetimes."""
        local = now.astimezone(self.tz)
        for start, end in self._periods_on(local):
            if start <= local < end:
                return start, end
        return None

    def next_opening(self, now: datetime) -> datetime | None:
        """When the centre next opens after `now` (within two weeks), or None."""
        local = now.astimezone(self.tz)
        for offset in range(15):
            day = local + timedelta(days=offset)
            for start, _ in self._periods_on(day):
                if start > local:
                    return start
        return None


def _closed(hours: OpeningHours, now: datetime) -> QueueError:
    return QueueError("closed", opens_at=hours.next_opening(now))


def closed_refusal(hours: OpeningHours, now: datetime) -> QueueError | None:
    """What a walk-in is told at `now` while the centre is closed (with when it opens); None
    while it is open."""
    return None if hours.current_period(now) is not None else _closed(hours, now)


def check_can_issue(
    hours: OpeningHours, now: datetime, expected_wait_minutes: int, service_minutes: float
) -> None:
    """Refuse a walk-in ticket when closed, or when the wait would run past closing time."""
    period = hours.current_period(now)
    if period is None:
        raise _closed(hours, now)
    _, closes = period
    # The citizen must be reached before closing and served by closing time.
    finish = now + timedelta(minutes=expected_wait_minutes + service_minutes)
    if finish > closes:
        raise QueueError("closing_soon", closes_at=closes)


def periods_on(hours: OpeningHours, day: date) -> list[tuple[datetime, datetime]]:
    """The open periods of one local day, as aware local datetimes (empty when closed)."""
    return hours._periods_on(datetime.combine(day, time(12), hours.tz))


def week_from(
    hours: OpeningHours, now: datetime
) -> list[tuple[date, list[tuple[datetime, datetime]]]]:
    """Today and the six days after it, each with its open periods."""
    today = now.astimezone(hours.tz).date()
    days = [today + timedelta(days=n) for n in range(7)]
    return [(day, periods_on(hours, day)) for day in days]


def hours_open(hours: OpeningHours, day: date) -> frozenset[int]:
    """The local hours (0-23) of `day` in which the centre is open for at least a minute."""
    found: set[int] = set()
    for start, end in hours.by_weekday.get(day.weekday(), []):
        minutes = 24 * 60 if end == time.max else end.hour * 60 + end.minute
        found.update(range(start.hour, (minutes + 59) // 60))
    return frozenset(found)
