"""What the simulation draws at random: service times, and arrivals when no CSV is given.

Kept small on purpose: the planning forecast (a later, separate piece) can replace
`walk_in_profile` by handing `draw_arrivals` its own per-service, per-hour means."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from centre.core.hours import OpeningHours, periods_on
from centre.sim.engine import ServiceTimes
from centre.sim.inputs import Arrival
from kernel.catalogue import Catalogue
from kernel.history import CITY_VOLUMES, HOUR_WEIGHT, OTHER_HOUR_WEIGHT, OTHER_VOLUME

# Without any history: walk-ins a day at a centre (Copenhagen's 400,000 visits a year over
# 8 centres and about 250 open days), shared by services as the city's yearly volumes and
# by hours as kernel.history's hour profile.
DEFAULT_WALK_INS_PER_DAY = 200

# (service, local hour) -> mean walk-ins in that hour.
Profile = Mapping[tuple[str, int], float]


def service_times(history: Mapping[str, Sequence[int]], catalogue: Catalogue) -> ServiceTimes:
    """Seconds at the counter: resampled from the history's served visits of that service,
    or exponential around the catalogue's `service_minutes` where there is none."""
    means = {s.id: s.service_minutes * 60.0 for s in catalogue.services}
    seen = {service: list(times) for service, times in history.items() if times}

    def draw(service: str, rng: random.Random) -> float:
        if service in seen:
            return float(rng.choice(seen[service]))
        return rng.expovariate(1.0 / means[service])

    return draw


def walk_in_profile(facts: Iterable[Mapping], day: date) -> Profile:
    """Mean walk-ins per service and hour on `day`'s weekday, over the days of that weekday
    among the facts given (the last weeks' visits) that had any visit."""
    counts: dict[tuple[str, int], int] = {}
    days: set[str] = set()
    for fact in facts:
        if fact["weekday"] != day.weekday():
            continue
        days.add(fact["day"])
        if fact["channel"] == "appointment" or fact["status"] == "missed":
            continue
        key = (fact["service"], fact["hour"])
        counts[key] = counts.get(key, 0) + 1
    return {key: n / len(days) for key, n in counts.items()} if days else {}


def default_profile(catalogue: Catalogue, hours: OpeningHours, day: date) -> Profile:
    """The documented default without history: DEFAULT_WALK_INS_PER_DAY, by the city's
    service volumes and kernel.history's hours, over the walk-in services and open hours."""
    services = [s for s in catalogue.services if not s.requires_appointment]
    open_hours = sorted({h for start, end in periods_on(hours, day) for h in _hours(start, end)})
    if not services or not open_hours:
        return {}
    volume = {s.id: CITY_VOLUMES.get(s.id, OTHER_VOLUME) for s in services}
    weight = {h: HOUR_WEIGHT.get(h, OTHER_HOUR_WEIGHT) for h in open_hours}
    total_volume, total_weight = sum(volume.values()), sum(weight.values())
    return {
        (s, h): DEFAULT_WALK_INS_PER_DAY * volume[s] / total_volume * weight[h] / total_weight
        for s in volume
        for h in open_hours
    }


def _hours(start: datetime, end: datetime) -> range:
    last = end - timedelta(microseconds=1)
    return range(start.hour, last.hour + 1)


def draw_arrivals(profile: Profile, hours: OpeningHours, day: date, seed: int) -> list[Arrival]:
    """A Poisson stream per service and hour at the profile's mean, inside the open periods."""
    rng = random.Random(f"arrivals:{seed}")
    periods = periods_on(hours, day)
    arrivals = []
    for (service, hour), mean in sorted(profile.items()):
        if mean <= 0:
            continue
        top = datetime.combine(day, time(hour), hours.tz)
        moment = top + timedelta(seconds=rng.expovariate(mean / 3600.0))
        while moment < top + timedelta(hours=1):
            if any(start <= moment < end for start, end in periods):
                arrivals.append(Arrival(moment, service))
            moment += timedelta(seconds=rng.expovariate(mean / 3600.0))
    return sorted(arrivals, key=lambda a: (a.at, a.service))
