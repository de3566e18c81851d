"""The day to simulate: arrivals and staff shifts, read from CSV or made from the config."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from centre.core.hours import OpeningHours, periods_on
from centre.core.tax_presence import TAX_ROLE, StaffedPeriod, tax_only
from kernel.catalogue import ROLES, Catalogue

STAFF_ROLE = "staff"


class InputError(ValueError):
    """A CSV the simulator cannot use; the message names the line and what is wrong."""


@dataclass(frozen=True)
class Arrival:
    """A citizen at the kiosk: a walk-in, or a check-in for a booked time (`appointment_at`)."""

    at: datetime
    service: str
    appointment_at: datetime | None = None
    # A priority number, as reception gives one to someone who cannot wait (walk-ins only).
    priority: bool = False


@dataclass(frozen=True)
class Shift:
    """One person at one counter from `start` to `end` (they call nobody after `end`)."""

    counter: str
    role: str
    start: datetime
    end: datetime


def parse_moment(text: str, day: date | None, tz: ZoneInfo) -> datetime:
    """A local time ("09:30", "09:30:15") on `day`, or an ISO moment (naive ones are local)."""
    text = text.strip()
    if _is_iso(text):
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    if day is None:
        raise ValueError("a time of day needs --day")
    return datetime.combine(day, _clock_time(text), tz)


def _clock_time(text: str) -> time:
    """HH:MM[:SS]; "24:00" is the end of the day."""
    return time.max if text == "24:00" else time.fromisoformat(text)


def _rows(text: str, required: tuple[str, ...], what: str) -> Iterable[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            f"{what}: the header must name {', '.join(required)} (missing: {', '.join(missing)})"
        )
    reader.fieldnames = header
    for row in reader:
        if None in row or any(row.get(c) is None for c in required):
            raise InputError(f"{what}, line {reader.line_num}: wrong number of columns")
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


def _is_iso(text: str) -> bool:
    return "T" in text or " " in text.strip() or len(text.strip()) > 8


# How the optional `priority` column may say yes or no (empty: no).
PRIORITY_YES = frozenset({"1", "true", "yes", "ja"})
PRIORITY_NO = frozenset({"", "0", "false", "no", "nej"})


def _priority(text: str, booked: bool, line: int) -> bool:
    word = text.lower()
    if word not in PRIORITY_YES | PRIORITY_NO:
        raise InputError(f"arrivals, line {line}: priority must be 1/true or 0/false/empty")
    if word in PRIORITY_YES and booked:
        # A check-in's ticket never has priority in the product (its booked time orders it).
        raise InputError(f"arrivals, line {line}: a booked time cannot also have priority")
    return word in PRIORITY_YES


def read_arrivals(text: str, day: date | None, tz: ZoneInfo, catalogue: Catalogue) -> list[Arrival]:
    """`arrived_at,service[,appointment_at][,priority]` rows, in arrival order; times of day
    are on `day`, or without it on the local day of the first ISO moment in the file."""
    known = {s.id for s in catalogue.services}
    rows = list(_rows(text, ("arrived_at", "service"), "arrivals"))
    if day is None:
        for _, row in rows:
            if _is_iso(row["arrived_at"]):
                try:
                    day = parse_moment(row["arrived_at"], None, tz).astimezone(tz).date()
                except ValueError:
                    continue
                break
    arrivals = []
    for line, row in rows:
        if row["service"] not in known:
            raise InputError(f"arrivals, line {line}: unknown service {row['service']!r}")
        try:
            at = parse_moment(row["arrived_at"], day, tz)
            booked = row.get("appointment_at") or ""
            appointment = parse_moment(booked, day, tz) if booked else None
        except ValueError as err:
            raise InputError(f"arrivals, line {line}: {err}") from None
        priority = _priority(row.get("priority") or "", appointment is not None, line)
        arrivals.append(Arrival(at, row["service"], appointment, priority))
    if not arrivals:
        raise InputError("arrivals: no rows")
    return sorted(arrivals, key=lambda a: a.at)


def read_staff(text: str, day: date, tz: ZoneInfo, counters: Iterable[str]) -> list[Shift]:
    """`counter,role,from,to` rows (local times of `day`); one person at a counter at a time."""
    known = set(counters)
    shifts = []
    for line, row in _rows(text, ("counter", "role", "from", "to"), "staff"):
        if row["counter"] not in known:
            raise InputError(f"staff, line {line}: no counter {row['counter']!r} in the config")
        if row["role"] not in ROLES:
            raise InputError(f"staff, line {line}: role must be one of {', '.join(ROLES)}")
        try:
            start = datetime.combine(day, _clock_time(row["from"]), tz)
            end = datetime.combine(day, _clock_time(row["to"]), tz)
        except ValueError:
            raise InputError(f"staff, line {line}: from and to must be times like 09:30") from None
        if end <= start:
            raise InputError(f"staff, line {line}: 'to' must be after 'from'")
        shifts.append(Shift(row["counter"], row["role"], start, end))
    shifts.sort(key=lambda s: (s.counter, s.start))
    for before, after in zip(shifts, shifts[1:], strict=False):
        if before.counter == after.counter and after.start < before.end:
            raise InputError(f"staff: two people at counter {after.counter} at once")
    return shifts


def tax_counter(counters: Mapping[str, frozenset[str] | None], catalogue: Catalogue) -> str:
    """The counter a tax secondee sits at by default: the first limited to a tax-only service,
    else the first named like one ("tax", "skat"), else the first counter."""
    tax_services = {s.id for s in catalogue.services if tax_only(s.roles)}
    for counter, limit in counters.items():
        if limit and limit & tax_services:
            return counter
    for counter in counters:
        if any(word in counter.lower() for word in ("tax", "skat")):
            return counter
    return next(iter(counters))


def tax_desks(counters: Mapping[str, frozenset[str] | None], catalogue: Catalogue) -> list[str]:
    """The counters secondees sit at, in config order: every counter limited to a tax-only
    service, else the one `tax_counter` names."""
    tax_services = {s.id for s in catalogue.services if tax_only(s.roles)}
    desks = [c for c, limit in counters.items() if limit and limit & tax_services]
    return desks or [tax_counter(counters, catalogue)]


def default_staff(
    counters: Mapping[str, frozenset[str] | None],
    catalogue: Catalogue,
    hours: OpeningHours,
    day: date,
    secondees: Sequence[StaffedPeriod] | None = None,
) -> list[Shift]:
    """Every counter staffed in every opening period of the day: counter staff, and a tax
    secondee at the tax counter (`tax_counter`). With the day's secondee schedule
    (`secondees`: central's synced one, else the config's [tax] rota) the tax desks
    (`tax_desks`) are staffed by it instead: the first desk while a secondee is scheduled, the
    second while two are, and so on, within the opening hours; a desk is empty while nobody is
    scheduled for it, and a secondee beyond the desks has no counter."""
    if not counters:
        return []
    opening = periods_on(hours, day)
    if secondees is None:
        secondee = tax_counter(counters, catalogue)
        return [
            Shift(counter, TAX_ROLE if counter == secondee else STAFF_ROLE, start, end)
            for counter in counters
            for start, end in opening
        ]
    desks = tax_desks(counters, catalogue)
    shifts = []
    for counter in counters:
        if counter not in desks:
            shifts += [Shift(counter, STAFF_ROLE, start, end) for start, end in opening]
            continue
        # The n-th desk (from 1) is taken while at least n secondees are at work.
        taken = _merged([(s, e) for s, e, count in secondees if count > desks.index(counter)])
        for start, end in taken:
            for opens, closes in opening:
                first, last = max(start, opens), min(end, closes)
                if first < last:
                    shifts.append(
                        Shift(
                            counter, TAX_ROLE, first.astimezone(hours.tz), last.astimezone(hours.tz)
                        )
                    )
    return shifts


def _merged(periods: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Periods joined where they overlap or meet: one person stays at the desk throughout."""
    joined: list[tuple[datetime, datetime]] = []
    for start, end in sorted(periods):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def day_of(arrivals: Iterable[Arrival], tz: ZoneInfo) -> date | None:
    """The local day of the first arrival (for a CSV of ISO moments and no --day)."""
    first = min((a.at for a in arrivals), default=None)
    return None if first is None else first.astimezone(tz).date()


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)
