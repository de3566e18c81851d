"""What the simulation draws at random: service times, and arrivals when no CSV is given
(walk-ins at the planning forecast's means, booked times checking in a little early)."""

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


def forecast_profile(arrivals: Mapping[tuple[date, int, str], float], day: date) -> Profile:
    """`kernel.forecast`'s walk-ins per (day, hour, service) as the means of `day`'s hours."""
    return {
        (service, hour): mean
        for (when, hour, service), mean in arrivals.items()
        if when == day and mean > 0
    }


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


# A booked citizen checks in up to this long before the booked time (uniformly; the kiosk's
# check-in opens 30 minutes before, `CheckinPolicy.before`).
CHECK_IN_EARLY_MINUTES = 15


def booked_arrivals(
    booked: Iterable[tuple[datetime, str]],
    seed: int,
    missed: Mapping[str, float] | None = None,
) -> list[Arrival]:
    """A check-in for each (booked time, service), 0 to CHECK_IN_EARLY_MINUTES before it,
    except for a share `missed` per service of them, who never come."""
    rng = random.Random(f"check-ins:{seed}")
    missed = missed or {}
    found = []
    for start, service in sorted(booked):
        # Both drawn for every booking, so one's fate does not move the others' times.
        stays_away = rng.random() < missed.get(service, 0.0)
        early = timedelta(minutes=rng.uniform(0, CHECK_IN_EARLY_MINUTES))
        if not stays_away:
            found.append(Arrival(start - early, service, appointment_at=start))
    return found
