"""Walk-in arrivals forecast per day, hour and service: a weekday×hour profile times a trend.

Pure: no SQL, no clock. The history is hourly counts of walk-ins (kiosk and reception, not
appointments) keyed (local day, hour, service); `open_hours(day)` says which local hours the
centre is open on a day (nothing on public holidays), so a closed hour is forecast as zero and a
closed hour of the history does not pull a mean down.

The method, so that a manager can follow it:
- profile: for each weekday, hour and service, the mean count of that weekday-hour over the last
  `profile_weeks` weeks before the forecast's origin (only the weeks it was open);
- trend: the mean week of the last `trend_weeks` weeks over the mean week of the `trend_weeks`
  before them (each weekday-hour a mean over the weeks it was open, so a holiday is not a
  fall), for the centre as a whole (one service's few weeks are too noisy to trust), clamped
  to [trend_min, trend_max]. With 8 profile weeks and 4-week trend windows, the profile's mean
  sits about four weeks back and the ratio is four weeks of growth, so the product lands at the
  origin;
- forecast = profile × trend, zero where the centre is closed. Weeks further ahead get the same
  numbers (no compounding of the trend).
The backtest forecasts each of the last `backtest_weeks` weeks from the weeks before it and
reports the WAPE: Σ|actual − forecast| / Σ actual, overall and per service.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

# (local day, hour 0-23, service id) -> arrivals.
Key = tuple[date, int, str]
Counts = Mapping[Key, float]
OpenHours = Callable[[date], Collection[int]]


@dataclass(frozen=True)
class Settings:
    """How far back the forecast looks and how much the trend may move it."""

    profile_weeks: int = 8
    trend_weeks: int = 4
    trend_min: float = 0.5
    trend_max: float = 2.0
    backtest_weeks: int = 8

    @property
    def reach_weeks(self) -> int:
        """Weeks of history before an origin one forecast reads."""
        return max(self.profile_weeks, 2 * self.trend_weeks)

    @property
    def history_weeks(self) -> int:
        """Weeks of history before an origin the forecast and its backtest read together."""
        return self.backtest_weeks + self.reach_weeks


@dataclass(frozen=True)
class Forecast:
    """Forecast arrivals per (day, hour, service) of open hours, with the factor applied."""

    arrivals: dict[Key, float]
    trend: float


@dataclass(frozen=True)
class Backtest:
    """The WAPE of the forecast over past weeks (None where nobody came)."""

    wape: float | None
    services: dict[str, float | None] = field(default_factory=dict)
    weeks: tuple[date, ...] = ()


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


class _Opening:
    """open_hours per day, asked once per day."""

    def __init__(self, open_hours: OpenHours) -> None:
        self._ask, self._known = open_hours, {}

    def __call__(self, day: date) -> Collection[int]:
        found = self._known.get(day)
        if found is None:
            found = self._known[day] = frozenset(self._ask(day))
        return found


def _window(
    counts: Counts, first: date, end: date, opening: _Opening
) -> Iterable[tuple[Key, float]]:
    """The counts of open hours of the days first..end (end excluded)."""
    for key, count in counts.items():
        day, hour, _ = key
        if first <= day < end and hour in opening(day):
            yield key, count


def _profile(
    counts: Counts, origin: date, opening: _Opening, weeks: int
) -> tuple[dict[tuple[int, int, str], float], set[tuple[int, int]]]:
    first = origin - timedelta(weeks=weeks)
    times_open: dict[tuple[int, int], int] = defaultdict(int)
    for n in range((origin - first).days):
        day = first + timedelta(days=n)
        for hour in opening(day):
            times_open[day.weekday(), hour] += 1
    sums: dict[tuple[int, int, str], float] = defaultdict(float)
    for (day, hour, service), count in _window(counts, first, origin, opening):
        sums[day.weekday(), hour, service] += count
    means = {key: total / times_open[key[0], key[1]] for key, total in sums.items()}
    return means, set(times_open)


def profile(
    counts: Counts, origin: date, open_hours: OpenHours, weeks: int = 8
) -> dict[tuple[int, int, str], float]:
    """Mean arrivals per (weekday, hour, service) over the `weeks` weeks before `origin`,
    counting only the weeks that hour was open."""
    opening = open_hours if isinstance(open_hours, _Opening) else _Opening(open_hours)
    return _profile(counts, origin, opening, weeks)[0]


def trend(counts: Counts, origin: date, open_hours: OpenHours, settings: Settings) -> float:
    """The last trend_weeks' weekly profile summed over the trend_weeks' before, clamped; both
    over the weekday-hours open in both windows, so a closed day (a holiday) in one window is
    not read as a fall. 1.0 when the earlier weeks had no arrivals (nothing to compare with)."""
    opening = open_hours if isinstance(open_hours, _Opening) else _Opening(open_hours)
    middle = origin - timedelta(weeks=settings.trend_weeks)
    recent, recent_open = _profile(counts, origin, opening, settings.trend_weeks)
    earlier, earlier_open = _profile(counts, middle, opening, settings.trend_weeks)
    both = recent_open & earlier_open
    new = sum(mean for key, mean in recent.items() if key[:2] in both)
    old = sum(mean for key, mean in earlier.items() if key[:2] in both)
    if old == 0:
        return 1.0
    return min(settings.trend_max, max(settings.trend_min, new / old))


def forecast(
    counts: Counts,
    origin: date,
    days: Sequence[date],
    open_hours: OpenHours,
    settings: Settings = Settings(),
) -> Forecast:
    """Arrivals per (day, hour, service) on `days` from the history before `origin` (later
    counts are not read): profile × trend on open hours, nothing on closed ones."""
    opening = _Opening(open_hours)
    shape = profile(counts, origin, opening, settings.profile_weeks)
    factor = trend(counts, origin, opening, settings)
    by_slot: dict[tuple[int, int], list[tuple[str, float]]] = defaultdict(list)
    for (weekday, hour, service), mean in shape.items():
        by_slot[weekday, hour].append((service, mean))
    arrivals: dict[Key, float] = {}
    for day in days:
        for hour in opening(day):
            for service, mean in by_slot.get((day.weekday(), hour), ()):
                arrivals[day, hour, service] = mean * factor
    return Forecast(arrivals, factor)


def wape(pairs: Iterable[tuple[str, float, float]]) -> Backtest:
    """WAPE of (service, actual, forecast) pairs: Σ|a − f| / Σ a, overall and per service."""
    errors: dict[str, float] = defaultdict(float)
    actuals: dict[str, float] = defaultdict(float)
    for service, actual, predicted in pairs:
        errors[service] += abs(actual - predicted)
        actuals[service] += actual
    total = sum(actuals.values())
    return Backtest(
        sum(errors.values()) / total if total else None,
        {s: errors[s] / actuals[s] if actuals[s] else None for s in sorted(errors)},
    )


def backtest(
    counts: Counts, origin: date, open_hours: OpenHours, settings: Settings = Settings()
) -> Backtest:
    """Forecast each of the backtest_weeks weeks before `origin` (a Monday) from the weeks
    before it and compare with what came; arrivals in closed hours count as misses."""
    opening = _Opening(open_hours)
    mondays = [origin - timedelta(weeks=n) for n in range(settings.backtest_weeks, 0, -1)]
    pairs: list[tuple[str, float, float]] = []
    for monday in mondays:
        end = monday + timedelta(weeks=1)
        predicted = forecast(counts, monday, week_days(monday), opening, settings).arrivals
        actual = {k: c for k, c in counts.items() if monday <= k[0] < end}
        for key in predicted.keys() | actual.keys():
            pairs.append((key[2], actual.get(key, 0.0), predicted.get(key, 0.0)))
    found = wape(pairs)
    return Backtest(found.wape, found.services, tuple(mondays))
