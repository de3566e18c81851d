"""A believable past: seeded visit facts and first-free figures for the demo, tests and benchmarks.

Volumes follow the proposal (a year across Copenhagen: about 70,000 tax and 80,000 passport
and driving-licence enquiries, about 400,000 visits in all over 8 centres), spread over each
centre's opening hours with a weekday and hour profile and the summer and December dips. Each
(seed, centre, day) draws from its own random stream, so a day's facts and their ids are the
same whatever range they were generated in, and storing them twice adds nothing."""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from statistics import NormalDist
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from kernel.catalogue import Catalogue, Service
from kernel.tasks import Task

# Local open periods per weekday (Monday 0); time.max closes at midnight.
Weekly = Mapping[int, Sequence[tuple[time, time]]]

CENTRES_IN_CITY = 8
# Every generated fact's id starts so: "history:<seed>:<day>:<number>".
ID_PREFIX = "history:"
# Visits a year across the city per service (the proposal's tax and passport/driving-licence
# figures; the rest in proportion to what Borgerservice counters see).
CITY_VOLUMES: dict[str, int] = {
    "passport": 55_000,
    "driving_licence": 25_000,
    "tax_questions": 52_000,
    "tax_decision": 18_000,
    "health_card": 45_000,
    "moving": 50_000,
    "housing": 20_000,
    "pension": 25_000,
    "elderly_help": 10_000,
    "family": 20_000,
    "digital_help": 32_000,
    "payment": 15_000,
    "other": 33_000,
}
# A service of a centre's own catalogue the table does not know.
OTHER_VOLUME = 10_000
WEEKDAY_WEIGHT = (1.2, 1.0, 0.95, 1.1, 0.75, 0.5, 0.4)
# January's rush after the holidays, the summer holidays in July, December's dip.
MONTH_WEIGHT = (1.1, 1.05, 1.05, 1.0, 1.05, 1.0, 0.55, 0.85, 1.1, 1.05, 1.0, 0.7)
# Arrivals by local hour: the late-morning and early-afternoon peaks.
HOUR_WEIGHT = {8: 0.5, 9: 0.9, 10: 1.3, 11: 1.3, 12: 1.0, 13: 1.2, 14: 1.1, 15: 1.0, 16: 0.8}
OTHER_HOUR_WEIGHT = 0.5
# Walk-ins arrive at least this long before closing (the kiosk stops issuing then).
LAST_ARRIVAL_MINUTES = 10
# Share of visits by appointment for services that do not require one.
APPOINTMENT_SHARE = {"tax_decision": 0.5}
DEFAULT_APPOINTMENT_SHARE = 0.06
RECEPTION_SHARE = 0.2
MISSED_SHARE = 0.05
NO_SHOW_SHARE = 0.03
VOIDED_SHARE = 0.01
# Served visits: resolved, handed over, referred, come back (cumulative).
OUTCOME_CUMULATIVE = ((0.84, "resolved"), (0.93, "handed_over"), (0.97, "referred"))
MAIN_TASK_SHARE = 0.7
SECOND_TASK_SHARE = 0.1
WALK_IN_WAIT_MINUTES = 9.0
SLOW_QUEUE = {"tax_questions": 1.4, "tax_decision": 1.3}
APPOINTMENT_WAIT_MINUTES = 3.0
# Weeks before the summer holidays everyone renews a passport: booked times run out.
BUSY_BOOKING_MONTHS = {4: 2.0, 5: 4.0, 6: 3.0}
NO_FREE_TIME_SHARE = 0.005
# Waits and service times are log-normal (mostly short, a long tail): a mean times one of
# these factors, drawn by index (a table is several times faster than random.gauss and exp,
# and a year of 8 centres draws a million of them).
_QUANTILES = [NormalDist().inv_cdf((i + 0.5) / 1024) for i in range(1024)]


def _lognormal_factors(sigma: float) -> tuple[float, ...]:
    """exp(sigma * z - sigma**2 / 2) over the normal quantiles: mean 1."""
    return tuple(math.exp(sigma * z - sigma * sigma / 2) for z in _QUANTILES)


APPOINTMENT_WAIT = _lognormal_factors(0.7)
WALK_IN_WAIT = _lognormal_factors(0.8)
SERVICE_TIME = _lognormal_factors(0.5)
# The kiosk's estimate of a walk-in's wait: the wait to come times one of these (most
# estimates within a third of the wait), shown as a range the way the kiosk rounds it.
ESTIMATE_ERROR = _lognormal_factors(0.35)
SHOWN_STEP_MINUTES = 5


def shown_range(estimate_minutes: float) -> tuple[int, int]:
    """The range the kiosk shows for an estimate (the rule of centre/core/wait_range.py, which
    the kernel may not import): the estimate to the nearest 5 minutes, 5 either side, from 0."""
    # int() is floor here: the number is never negative (and quicker than math.floor).
    steps = int(max(0.0, estimate_minutes) / SHOWN_STEP_MINUTES + 0.5)
    return SHOWN_STEP_MINUTES * max(0, steps - 1), SHOWN_STEP_MINUTES * (steps + 1)


@dataclass(frozen=True)
class _ServicePlan:
    """What a visit to one service draws from, worked out once."""

    service: Service
    others: tuple[Task, ...]
    hand_over: tuple[str, ...]
    appointment_share: float
    wait_mean: float
    service_mean: float
    template: dict[str, Any]


def _task_fields(task: Task) -> dict[str, Any]:
    return {"task": task.id, "administration": task.administration, "level": task.level}


def _plan(service: Service) -> _ServicePlan:
    tasks = service.task_list() or [service.main_task]
    owners = [t.administration for t in tasks if t.level >= 2 and t.administration != "KI"]
    if service.requires_appointment:
        share = 1.0
    else:
        share = APPOINTMENT_SHARE.get(service.id, DEFAULT_APPOINTMENT_SHARE)
    return _ServicePlan(
        service=service,
        others=tuple(tasks[1:]),
        hand_over=tuple(owners) or (tasks[0].administration,),
        appointment_share=share,
        wait_mean=WALK_IN_WAIT_MINUTES * 60 * SLOW_QUEUE.get(service.id, 1.0),
        service_mean=service.service_minutes * 60,
        template={
            "id": "",
            "at": "",
            "day": "",
            "hour": 0,
            "weekday": 0,
            "service": service.id,
            "channel": "appointment",
            "status": "served",
            "outcome": None,
            "handed_to": None,
            **_task_fields(tasks[0]),
            "tasks": [],
            "wait_seconds": None,
            "service_seconds": None,
            "wait_shown_low": None,
            "wait_shown_high": None,
        },
    )


@cache
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Denmark(years=year, categories=("public",)))


def danish_public_holiday(day: date) -> bool:
    """The default closed days: Danish public holidays."""
    return day in _danish_holidays(day.year)


def weekly_from_rows(rows: Iterable[tuple[int, str, str]]) -> dict[int, list[tuple[time, time]]]:
    """Central's stored hours ((weekday, "HH:MM", "HH:MM")) as open periods per weekday."""
    found: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in rows:
        close = time.max if end == "24:00" else time.fromisoformat(end)
        found.setdefault(weekday, []).append((time.fromisoformat(start), close))
    return found


def _minutes(moment: time) -> int:
    return 24 * 60 if moment == time.max else moment.hour * 60 + moment.minute


def day_weight(day: date) -> float:
    """How busy a day is against an average day, before opening hours."""
    weight = WEEKDAY_WEIGHT[day.weekday()] * MONTH_WEIGHT[day.month - 1]
    if day.month == 12 and day.day >= 20:
        weight *= 0.5
    return weight


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class History:
    """Visit facts and first-free figures of any centre and day for one seed."""

    def __init__(
        self,
        seed: int,
        catalogue: Catalogue,
        tz: ZoneInfo,
        closed: Callable[[date], bool] = danish_public_holiday,
    ) -> None:
        self.seed = seed
        self.tz = tz
        self.closed = closed
        self.plans = [_plan(s) for s in catalogue.services]
        self.booked = [s.id for s in catalogue.services if s.requires_appointment]
        self._year_weight: dict[tuple[int, tuple], float] = {}

    def _random(self, *parts: object) -> random.Random:
        # A text seed is hashed with SHA-512: the same stream on every run and machine.
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def _open_periods(self, weekly: Weekly, day: date) -> list[tuple[int, int]]:
        if self.closed(day):
            return []
        return [(_minutes(a), _minutes(b)) for a, b in weekly.get(day.weekday(), ())]

    def _weekly_key(self, weekly: Weekly) -> tuple:
        return tuple(sorted((d, tuple(p)) for d, p in weekly.items()))

    def _yearly_weight(self, weekly: Weekly, year: int) -> float:
        """The sum of the open days' weights in a year, so a year holds the yearly volume."""
        key = (year, self._weekly_key(weekly))
        found = self._year_weight.get(key)
        if found is None:
            days = _days(date(year, 1, 1), date(year, 12, 31))
            found = sum(day_weight(d) for d in days if self._open_periods(weekly, d))
            self._year_weight[key] = found
        return found

    def centre_scale(self, centre: str) -> float:
        """A centre's share of the city against an eighth (some centres are busier)."""
        return 0.85 + 0.3 * self._random("centre", centre).random()

    def _hour_slots(
        self, periods: list[tuple[int, int]], walk_in: bool
    ) -> tuple[list[tuple[int, int]], list[float]]:
        """Open stretches cut at whole hours, with cumulative arrival weights."""
        slots, cumulative, total = [], [], 0.0
        for start, end in periods:
            end = end - LAST_ARRIVAL_MINUTES if walk_in else end - 15
            moment = start
            while moment < end:
                stop = min(end, (moment // 60 + 1) * 60)
                total += (stop - moment) * HOUR_WEIGHT.get(moment // 60, OTHER_HOUR_WEIGHT)
                slots.append((moment, stop))
                cumulative.append(total)
                moment = stop
        return slots, cumulative

    def day_facts(self, centre: str, weekly: Weekly, day: date) -> list[dict[str, Any]]:
        """Every visit fact of one centre's day (none on a closed day)."""
        periods = self._open_periods(weekly, day)
        if not periods:
            return []
        rnd = self._random(centre, day.isoformat())
        share = self.centre_scale(centre) / CENTRES_IN_CITY
        share *= day_weight(day) / self._yearly_weight(weekly, day.year)
        walk_slots, walk_cum = self._hour_slots(periods, True)
        booked_slots, booked_cum = self._hour_slots(periods, False)
        if not walk_cum:
            return []
        busy = (1.0 + 0.3 * (day.weekday() == 0)) * MONTH_WEIGHT[day.month - 1]
        utc_hours: dict[int, tuple[str, int, int, int]] = {}
        facts: list[dict[str, Any]] = []
        day_text = day.isoformat()
        weekday = day.weekday()
        number = 0
        for plan in self.plans:
            mean = CITY_VOLUMES.get(plan.service.id, OTHER_VOLUME) * share
            count = max(0, round(rnd.gauss(mean, math.sqrt(mean) * 1.2))) if mean > 0 else 0
            for _ in range(count):
                number += 1
                booked = rnd.random() < plan.appointment_share
                if booked and booked_cum:
                    slots, cum = booked_slots, booked_cum
                else:
                    slots, cum = walk_slots, walk_cum
                facts.append(
                    self._fact(
                        rnd, plan, booked, slots, cum, day, day_text, weekday, busy,
                        f"{ID_PREFIX}{self.seed}:{day_text}:{number:04d}", utc_hours,
                    )
                )  # fmt: skip
        return facts

    def _at(self, day: date, minute: int, second: int, cache_: dict) -> tuple[str, int]:
        """UTC ISO text of a local minute of the day (the offset looked up once per hour)."""
        hour = minute // 60
        found = cache_.get(hour)
        if found is None:
            utc = datetime.combine(day, time(hour), self.tz).astimezone(UTC)
            found = (utc.date().isoformat(), utc.hour, utc.minute, 0)
            cache_[hour] = found
        utc_day, utc_hour, utc_minute, _ = found
        total = utc_minute + minute % 60
        if total >= 60:  # only for zones with half-hour offsets
            utc_hour, total = utc_hour + 1, total - 60
        return f"{utc_day}T{utc_hour:02d}:{total:02d}:{second:02d}.000000+00:00", hour

    def _fact(
        self,
        rnd: random.Random,
        plan: _ServicePlan,
        booked: bool,
        slots: list[tuple[int, int]],
        cumulative: list[float],
        day: date,
        day_text: str,
        weekday: int,
        busy: float,
        fact_id: str,
        utc_hours: dict,
    ) -> dict[str, Any]:
        # bisect on the cumulative weights: what random.choices does, without its overhead
        start, stop = slots[bisect(cumulative, rnd.random() * cumulative[-1])]
        minute = start + int(rnd.random() * (stop - start))
        if booked:
            minute -= minute % 5  # booked times lie on a five-minute grid
        at, hour = self._at(day, minute, int(rnd.random() * 60), utc_hours)
        # A copy of the service's template is quicker than a new dict of 16 keys.
        fact = plan.template.copy()
        fact["id"] = fact_id
        fact["at"] = at
        fact["day"] = day_text
        fact["hour"] = hour
        fact["weekday"] = weekday
        if not booked:
            fact["channel"] = "reception" if rnd.random() < RECEPTION_SHARE else "kiosk"
        fact["tasks"] = [fact["task"]]
        draw = rnd.random()
        if booked and draw < MISSED_SHARE:
            fact["status"] = "missed"
            return fact
        if not booked and draw < VOIDED_SHARE:
            fact["status"] = "voided"
            return fact
        if booked:
            wait = APPOINTMENT_WAIT_MINUTES * 60 * APPOINTMENT_WAIT[int(rnd.random() * 1024)]
        else:
            load = busy * HOUR_WEIGHT.get(hour, OTHER_HOUR_WEIGHT)
            drawn = rnd.random() * 1024
            wait = plan.wait_mean * load * WALK_IN_WAIT[int(drawn)]
            # The estimate's error from the same draw's lower digits (independent of its top
            # ten bits): no further draw, so the history's other figures stay as they were.
            error = ESTIMATE_ERROR[int(drawn * 1024) % 1024]
            fact["wait_shown_low"], fact["wait_shown_high"] = shown_range(wait * error / 60)
        fact["wait_seconds"] = round(wait)
        if not booked and draw < VOIDED_SHARE + NO_SHOW_SHARE:
            fact["status"] = "no_show"
            return fact
        fact["service_seconds"] = round(plan.service_mean * SERVICE_TIME[int(rnd.random() * 1024)])
        self._outcome(rnd, plan, fact)
        return fact

    def _outcome(self, rnd: random.Random, plan: _ServicePlan, fact: dict[str, Any]) -> None:
        draw = rnd.random()
        outcome = "come_back"
        for limit, name in OUTCOME_CUMULATIVE:
            if draw < limit:
                outcome = name
                break
        fact["outcome"] = outcome
        if outcome == "handed_over":
            fact["handed_to"] = rnd.choice(plan.hand_over)
            owned = [t for t in plan.others if t.administration == fact["handed_to"]]
            if owned and fact["handed_to"] != fact["administration"]:
                task = owned[0]
                fact.update(_task_fields(task), tasks=[task.id])
            return
        if plan.others and rnd.random() > MAIN_TASK_SHARE:
            task = rnd.choice(plan.others)
            fact.update(_task_fields(task), tasks=[task.id])
        if plan.others and rnd.random() < SECOND_TASK_SHARE:
            extra = rnd.choice(plan.others)
            if extra.id not in fact["tasks"]:
                fact["tasks"] = [*fact["tasks"], extra.id]

    def facts(
        self, centre: str, weekly: Weekly, first_day: date, last_day: date
    ) -> Iterator[dict[str, Any]]:
        """The centre's facts of the local days first_day..last_day, day by day."""
        for day in _days(first_day, last_day):
            yield from self.day_facts(centre, weekly, day)

    def first_free(
        self, centre: str, first_day: date, last_day: date
    ) -> list[tuple[str, str, int | None]]:
        """(service, day, working days to the first free time) of each booked service per day:
        mostly within a week, longer before the summer holidays, now and then none at all."""
        found: list[tuple[str, str, int | None]] = []
        for service in self.booked:
            base = 2.5 + 2.0 * self._random("first_free", centre, service).random()
            for day in _days(first_day, last_day):
                rnd = self._random("first_free", centre, service, day.isoformat())
                if rnd.random() < NO_FREE_TIME_SHARE:
                    found.append((service, day.isoformat(), None))
                    continue
                mean = base + BUSY_BOOKING_MONTHS.get(day.month, 0.0)
                found.append((service, day.isoformat(), max(0, round(rnd.gauss(mean, 1.8)))))
        return found
