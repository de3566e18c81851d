"""Visit reports: facts of a period summed up per group (pure; labels are added elsewhere).

Definitions (the same at a centre and at central, so their figures for a centre agree):
- visits: tickets that ended (served, no-show, voided); a booked time not kept is no visit
  but counts as an appointment missed. Appointments kept: checked-in tickets.
- waits: of the visits called at least once, from arrival (or the booked time, for a citizen
  who checked in early) to the first call. The median is the middle value (the mean of the two
  middle ones); the 90th percentile is the nearest rank: the smallest wait that at least 90%
  of the waits do not exceed.
- within target: the share of those waits within the service's target (minutes, inclusive).
- service time: of served visits; hand-over share: of served visits.
- a visit with several tasks counts once, under its main task, so the groups add up to the total.
- shown wait: of the visits called (a wait) that were shown a wait range at issue (older tickets
  and appointments were shown none and do not count), the share whose wait fell inside the
  range (both ends included), the mean absolute distance in minutes from the wait to the
  range's middle, and the share who waited longer than the range's top.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kernel.catalogue import Catalogue, UnknownService
from kernel.errors import CodedError

GROUPS = (
    "administration",
    "centre",
    "service",
    "task",
    "level",
    "channel",
    "outcome",
    "passed_to",
    "hour",
    "weekday",
    "day",
    "week",
    "month",
)
NUMBERS = (
    "visits",
    "served",
    "no_shows",
    "voided",
    "wait_mean_minutes",
    "wait_median_minutes",
    "wait_p90_minutes",
    "within_target_share",
    "service_mean_minutes",
    "handed_over_share",
    "appointments_kept",
    "appointments_missed",
    "shown_wait_visits",
    "shown_wait_held_share",
    "shown_wait_error_minutes",
    "shown_wait_over_share",
    "first_free_days_mean",
    "promise_held_share",
)
# Publication: a row with fewer visits than this shows no figures (it could point at a person).
SMALL_CELL = 5
MAX_DAYS = 3 * 366


# A period's report as a function of the grouping (the store's, or `from_facts`).
ReportFor = Callable[[str], dict[str, Any]]


class ReportError(CodedError):
    """A report request that cannot be answered (code "validation" with the field)."""


def _outcome_key(fact: Mapping[str, Any]) -> str:
    return fact["outcome"] if fact["status"] == "served" else fact["status"]


def _week(fact: Mapping[str, Any]) -> str:
    year, week, _ = date.fromisoformat(fact["day"]).isocalendar()
    return f"{year}-W{week:02d}"


KEY_OF: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "administration": lambda f: f["administration"],
    "centre": lambda f: f["centre"],
    "service": lambda f: f["service"],
    "task": lambda f: f["task"],
    "level": lambda f: f["level"],
    "channel": lambda f: f["channel"],
    "outcome": _outcome_key,
    # Where a visit or call went: a hand-over's administration, or the centre or administration
    # a call was put through to ("" for the rest).
    "passed_to": lambda f: f["handed_to"] or "",
    "hour": lambda f: f["hour"],
    "weekday": lambda f: f["weekday"],
    "day": lambda f: f["day"],
    "week": _week,
    "month": lambda f: f["day"][:7],
}


@dataclass
class _Tally:
    visits: int = 0
    served: int = 0
    no_shows: int = 0
    voided: int = 0
    kept: int = 0
    missed: int = 0
    handed_over: int = 0
    within: int = 0
    service_seconds: int = 0
    service_count: int = 0
    # wait in seconds -> how many visits waited exactly that long
    waits: dict[int, int] = field(default_factory=dict)
    free_days: list[int] = field(default_factory=list)
    free_checks: int = 0
    promise_held: int = 0
    shown: int = 0
    shown_held: int = 0
    shown_over: int = 0
    # The distances from each wait to its range's middle, in half seconds (whole numbers, so
    # the database sums them exactly as this does).
    shown_error: int = 0

    def add(self, fact: Mapping[str, Any], target_seconds: float) -> None:
        status = fact["status"]
        if status == "missed":
            self.missed += 1
            return
        self.visits += 1
        if fact["channel"] == "appointment":
            self.kept += 1
        if status == "served":
            self.served += 1
            if fact["outcome"] == "handed_over":
                self.handed_over += 1
            if fact["service_seconds"] is not None:
                self.service_seconds += fact["service_seconds"]
                self.service_count += 1
        elif status == "no_show":
            self.no_shows += 1
        else:
            self.voided += 1
        wait = fact["wait_seconds"]
        if wait is not None:
            self.waits[wait] = self.waits.get(wait, 0) + 1
            if wait <= target_seconds:
                self.within += 1
            self._add_shown(wait, fact.get("wait_shown_low"), fact.get("wait_shown_high"))

    def _add_shown(self, wait: int, low: int | None, high: int | None) -> None:
        """A called visit's wait against the range it was shown (none: it does not count)."""
        if low is None or high is None:
            return
        self.shown += 1
        if wait > high * 60:
            self.shown_over += 1
        elif wait >= low * 60:
            self.shown_held += 1
        self.shown_error += abs(2 * wait - 60 * (low + high))

    def merge(self, other: _Tally) -> None:
        """Add another tally's counts (a day's into its week's)."""
        for name in SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for wait, count in other.waits.items():
            self.waits[wait] = self.waits.get(wait, 0) + count
        self.free_days.extend(other.free_days)
        self.free_checks += other.free_checks
        self.promise_held += other.promise_held

    def add_free(self, working_days: int | None, promise: int) -> None:
        self.free_checks += 1
        if working_days is not None:
            self.free_days.append(working_days)
            if working_days <= promise:
                self.promise_held += 1

    def figures(self) -> dict[str, Any]:
        waits = sorted(self.waits.items())
        called = sum(count for _, count in waits)
        return {
            "visits": self.visits,
            "served": self.served,
            "no_shows": self.no_shows,
            "voided": self.voided,
            "wait_mean_minutes": (
                _minutes(sum(w * c for w, c in waits) / called) if called else None
            ),
            "wait_median_minutes": _minutes(median(waits, called)) if called else None,
            "wait_p90_minutes": _minutes(nearest_rank(waits, called, 0.9)) if called else None,
            "within_target_share": _share(self.within, called),
            "service_mean_minutes": (
                _minutes(self.service_seconds / self.service_count) if self.service_count else None
            ),
            "handed_over_share": _share(self.handed_over, self.served),
            "appointments_kept": self.kept,
            "appointments_missed": self.missed,
            "shown_wait_visits": self.shown,
            "shown_wait_held_share": _share(self.shown_held, self.shown),
            "shown_wait_error_minutes": (
                _minutes(self.shown_error / 2 / self.shown) if self.shown else None
            ),
            "shown_wait_over_share": _share(self.shown_over, self.shown),
            "first_free_days_mean": (
                round(statistics.fmean(self.free_days), 1) if self.free_days else None
            ),
            "promise_held_share": _share(self.promise_held, self.free_checks),
        }


# The counts a store can sum in SQL, in this order (visit_store.sums answers them).
SUMS = (
    "visits",
    "served",
    "no_shows",
    "voided",
    "kept",
    "missed",
    "handed_over",
    "within",
    "service_seconds",
    "service_count",
    "shown",
    "shown_held",
    "shown_over",
    "shown_error",
)


def _at_rank(waits: list[tuple[int, int]], rank: int) -> int:
    """The `rank`-th smallest (1-based) of a sorted histogram [(value, count), ...]."""
    seen = 0
    for value, count in waits:
        seen += count
        if seen >= rank:
            return value
    raise ValueError("rank past the end")


def nearest_rank(waits: list[tuple[int, int]], n: int, share: float) -> int:
    """The smallest value that at least `share` of the n values do not exceed."""
    return _at_rank(waits, max(1, math.ceil(share * n)))


def median(waits: list[tuple[int, int]], n: int) -> float:
    """The middle value; with an even count, the mean of the two middle ones."""
    if n % 2:
        return _at_rank(waits, n // 2 + 1)
    return (_at_rank(waits, n // 2) + _at_rank(waits, n // 2 + 1)) / 2


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 1)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def parse_period(first: object, last: object) -> tuple[date, date]:
    """The inclusive local days from `from` to `to` (YYYY-MM-DD), at most three years."""
    try:
        first_day = date.fromisoformat(first) if isinstance(first, str) else None
    except ValueError:
        first_day = None
    if first_day is None:
        raise ReportError("validation", field="from")
    try:
        last_day = date.fromisoformat(last) if isinstance(last, str) else None
    except ValueError:
        last_day = None
    if last_day is None or last_day < first_day or (last_day - first_day).days > MAX_DAYS:
        raise ReportError("validation", field="to")
    return first_day, last_day


def parse_group(by: object) -> str:
    if by not in GROUPS:
        raise ReportError("validation", field="by")
    return str(by)


def _free_key(by: str, row: Mapping[str, Any], catalogue: Catalogue) -> Any:
    """The group a first-free-time record belongs to; None where it has no meaning."""
    if by in ("centre", "service", "day"):
        return row[by]
    if by == "channel":
        return "appointment"
    if by == "month":
        return row["day"][:7]
    if by == "week":
        return _week(row)
    if by == "weekday":
        return date.fromisoformat(row["day"]).weekday()
    if by in ("administration", "task", "level"):
        main = catalogue.service(row["service"]).main_task
        return {"administration": main.administration, "task": main.id, "level": main.level}[by]
    return None


def _target_seconds(catalogue: Catalogue) -> Callable[[str], float]:
    cache: dict[str, float] = {}

    def target(service_id: str) -> float:
        if service_id not in cache:
            try:
                cache[service_id] = catalogue.service(service_id).target_wait_minutes * 60
            except UnknownService:
                cache[service_id] = 15 * 60.0
        return cache[service_id]

    return target


def _promise(catalogue: Catalogue, service_id: str) -> int:
    try:
        return catalogue.service(service_id).promise_working_days
    except UnknownService:
        return 7


def visit_report(
    facts: Iterable[Mapping[str, Any]],
    by: str,
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    first_free: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The figures per group and in total for facts of first_day..last_day (the caller
    selects them; facts outside the period are ignored). Rows come in key order."""
    key_of = KEY_OF[by]
    target = _target_seconds(catalogue)
    first, last = first_day.isoformat(), last_day.isoformat()
    groups: dict[Any, _Tally] = {}
    total = _Tally()
    for fact in facts:
        if not first <= fact["day"] <= last:
            continue
        seconds = target(fact["service"])
        key = key_of(fact)
        tally = groups.get(key)
        if tally is None:
            tally = groups[key] = _Tally()
        tally.add(fact, seconds)
        total.add(fact, seconds)
    _add_first_free(groups, total, first_free, by, first, last, catalogue)
    return _finish(groups, total, by, first, last)


def _add_first_free(
    groups: dict[Any, _Tally],
    total: _Tally,
    first_free: Iterable[Mapping[str, Any]],
    by: str,
    first: str,
    last: str,
    catalogue: Catalogue,
) -> None:
    """Each day's first free time of the period into its group (where it has one) and the
    total."""
    for row in first_free:
        if not first <= row["day"] <= last:
            continue
        promise = _promise(catalogue, row["service"])
        total.add_free(row["working_days"], promise)
        key = _free_key(by, row, catalogue)
        if key is not None:
            groups.setdefault(key, _Tally()).add_free(row["working_days"], promise)


def empty_figures() -> dict[str, Any]:
    """The figures of a group with no visits (a row that other figures bring in)."""
    return _Tally().figures()


def _finish(groups: dict[Any, _Tally], total: _Tally, by: str, first: str, last: str):
    rows = [
        {"key": key, **groups[key].figures()}
        for key in sorted(groups, key=lambda k: (str(type(k)), k))
    ]
    return {"from": first, "to": last, "by": by, "rows": rows, "total": total.figures()}


def report_from_sums(
    sums: Iterable[tuple[Any, ...]],
    waits: Iterable[tuple[Any, int, int]],
    by: str,
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    first_free: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The same report as `visit_report`, from what a store summed in SQL: per key, the SUMS in
    order, and (key, wait, how many waited that long) of the called visits."""
    groups: dict[Any, _Tally] = {}
    total = _Tally()
    for key, *values in sums:
        counts = dict(zip(SUMS, (v or 0 for v in values), strict=True))
        groups[key] = _Tally(**counts)
        total.merge(_Tally(**counts))
    for key, wait, count in waits:
        groups[key].waits[wait] = count
        total.waits[wait] = total.waits.get(wait, 0) + count
    first, last = first_day.isoformat(), last_day.isoformat()
    _add_first_free(groups, total, first_free, by, first, last, catalogue)
    return _finish(groups, total, by, first, last)


def target_seconds(catalogue: Catalogue) -> dict[str, float]:
    """Each service's target wait in seconds (a store compares waits with it in SQL)."""
    return {s.id: s.target_wait_minutes * 60 for s in catalogue.services}


def from_facts(
    facts: Iterable[Mapping[str, Any]],
    first_day: date,
    last_day: date,
    catalogue: Catalogue,
    first_free: Iterable[Mapping[str, Any]] = (),
) -> ReportFor:
    """Reports of the period for any grouping, from facts in hand."""
    kept, free = list(facts), list(first_free)
    return lambda by: visit_report(kept, by, first_day, last_day, catalogue, free)
