"""The tax-secondee rule at a centre: a tax-decision number only while a secondee is here or
still expected today, by central's synced schedule or else the config's rota."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from kernel.catalogue import Catalogue

TAX_ROLE = "tax"
# A synced schedule older than this is not trusted to say nobody comes: schedules change (an
# absence, an extra day), and a centre that has not reached central for a day does not know.
STALE_AFTER = timedelta(hours=24)
# Central sends today and the next six days; more would be a wrong answer.
MAX_DAYS = 31
MAX_PERIODS = 48

Period = tuple[datetime, datetime]
# A period of a day's schedule with how many secondees are at work in it.
StaffedPeriod = tuple[datetime, datetime, int]


class Rota(Protocol):
    """When secondees are scheduled: the periods of a moment's local day."""

    def periods_on(self, now: datetime) -> list[Period]: ...


@dataclass(frozen=True)
class SyncedRota:
    """Central's schedule of this centre's secondees as last synced: the days it covers (a day
    covered without periods has nobody scheduled) and the periods of the days loaded."""

    tz: ZoneInfo
    first_day: date
    last_day: date
    synced_at: datetime
    periods: tuple[Period, ...] = ()

    def known(self, day: date, now: datetime) -> bool:
        """Whether it says who comes on `day`: the day is covered and the sync is recent."""
        return self.first_day <= day <= self.last_day and now - self.synced_at <= STALE_AFTER

    def periods_on(self, now: datetime) -> list[Period]:
        day = now.astimezone(self.tz).date()
        return [(s, e) for s, e in self.periods if s.astimezone(self.tz).date() == day]


@dataclass(frozen=True)
class DaySchedule:
    """Who is scheduled on one day by the schedule that decides it: the rota the kiosk's rule
    reads, and its periods with how many secondees are at work (1 each from the config's)."""

    rota: Rota
    periods: tuple[StaffedPeriod, ...]


@dataclass(frozen=True)
class ScheduleDay:
    """One day of central's answer: its periods, each (from, to, secondees at work)."""

    day: date
    periods: tuple[tuple[datetime, datetime, int], ...]


def parse_schedule(answer: Any) -> list[ScheduleDay]:
    """Central's GET /api/v1/sync/tax-schedule answer as days; ValueError when malformed."""
    days = answer.get("days") if isinstance(answer, dict) else None
    if not isinstance(days, list) or not 0 < len(days) <= MAX_DAYS:
        raise ValueError("days")
    found = []
    for item in days:
        if not isinstance(item, dict) or not isinstance(item.get("periods"), list):
            raise ValueError("day")
        if len(item["periods"]) > MAX_PERIODS:
            raise ValueError("periods")
        found.append(ScheduleDay(_day(item.get("day")), tuple(map(_period, item["periods"]))))
    found.sort(key=lambda d: d.day)
    # Consecutive days: the first and the last say which days the schedule covers.
    if any((b.day - a.day).days != 1 for a, b in zip(found, found[1:], strict=False)):
        raise ValueError("days")
    return found


def _day(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("day")
    return date.fromisoformat(value)


def _period(value: Any) -> tuple[datetime, datetime, int]:
    if not isinstance(value, dict):
        raise ValueError("period")
    start, end, count = value.get("from"), value.get("to"), value.get("secondees")
    if not isinstance(start, str) or not isinstance(end, str):
        raise ValueError("period")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValueError("secondees")
    first, last = datetime.fromisoformat(start), datetime.fromisoformat(end)
    if first.tzinfo is None or last.tzinfo is None or not first < last:
        raise ValueError("period")
    return first, last, count


def rota_in_force(
    synced: SyncedRota | None, configured: Rota | None, day: date, now: datetime
) -> Rota | None:
    """Central's schedule while it is known for `day` (synced within STALE_AFTER); else the
    config's [tax] scheduled; else None: the centre cannot tell, and does not refuse."""
    if synced is not None and synced.known(day, now):
        return synced
    return configured


def tax_only(roles: frozenset[str]) -> bool:
    """A service only a tax secondee may serve (a tax decision)."""
    return roles == frozenset({TAX_ROLE})


def secondee_expected(logged_in: bool, scheduled: Rota | None, now: datetime) -> bool:
    """A secondee sits at a counter, or is scheduled for a period of today not yet over.

    Without a schedule the centre cannot tell, so it does not refuse."""
    if logged_in or scheduled is None:
        return True
    return any(end > now for _, end in scheduled.periods_on(now))


def tax_only_services(catalogue: Catalogue) -> frozenset[str]:
    """The services only a tax secondee may serve."""
    return frozenset(s.id for s in catalogue.services if tax_only(frozenset(s.roles)))


def refused_services(
    tax_services: frozenset[str], scheduled: Rota | None, logged_in: bool, now: datetime
) -> frozenset[str]:
    """The tax-only services the kiosk gives no number for now: all of them while no secondee
    is here or expected today; none without a schedule."""
    if not tax_services or scheduled is None:
        return frozenset()
    return frozenset() if secondee_expected(logged_in, scheduled, now) else tax_services


def period_rows(days: Sequence[ScheduleDay]) -> list[tuple[str, datetime, datetime, int]]:
    """The days' periods as (day, from, to, secondees) rows, for the store."""
    return [(d.day.isoformat(), s, e, n) for d in days for s, e, n in d.periods]
