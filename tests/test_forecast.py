"""The walk-in forecast (kernel/forecast.py) on hand-built histories, and its WAPE backtest."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from kernel.forecast import Settings, backtest, forecast, trend, wape, week_days

ORIGIN = date(2026, 6, 1)  # a Monday
OPEN = range(9, 16)  # 09:00-16:00, Monday to Friday
DANISH = holidays.Denmark(years=range(2025, 2028))


def weekdays_open(day: date) -> range:
    return OPEN if day.weekday() < 5 else range(0)


def open_but_holidays(day: date) -> range:
    return range(0) if day in DANISH else weekdays_open(day)


def pattern(day: date, hour: int, service: str) -> float:
    """A weekly pattern: busier on Mondays and late mornings; passports twice tax questions."""
    base = (5 - day.weekday()) + (3 if hour in (10, 11) else 1)
    return base * (2 if service == "passport" else 1)


def history(weeks: int, scale=lambda week: 1.0, origin=ORIGIN) -> dict:
    """`weeks` weeks of the pattern before `origin`, week -1 scaled by scale(-1) and so on."""
    counts = {}
    for week in range(-weeks, 0):
        for day in week_days(origin + timedelta(weeks=week)):
            for hour in weekdays_open(day):
                for service in ("passport", "tax_questions"):
                    counts[day, hour, service] = pattern(day, hour, service) * scale(week)
    return counts


def test_a_constant_weekly_pattern_is_forecast_exactly():
    found = forecast(history(16), ORIGIN, week_days(ORIGIN), weekdays_open)
    assert found.trend == 1.0
    expected = {
        (day, hour, s): pattern(day, hour, s)
        for day in week_days(ORIGIN)
        for hour in weekdays_open(day)
        for s in ("passport", "tax_questions")
    }
    assert found.arrivals == pytest.approx(expected)


def test_a_growing_history_is_followed_by_the_trend():
    growth = 1.05  # 5 % more walk-ins every week
    counts = history(16, lambda week: growth**week)
    found = forecast(counts, ORIGIN, week_days(ORIGIN), weekdays_open)
    # Four weeks of 5 % growth between the two windows.
    assert found.trend == pytest.approx(growth**4)
    monday_ten = (ORIGIN, 10, "passport")
    actual = pattern(*monday_ten)  # week 0: scale 1.05**0
    flat = sum(pattern(*monday_ten) * growth**w for w in range(-8, 0)) / 8
    assert abs(found.arrivals[monday_ten] - actual) < abs(flat - actual) / 3


def test_the_trend_is_clamped():
    counts = history(16, lambda week: 10.0 if week >= -4 else 1.0)
    assert trend(counts, ORIGIN, weekdays_open, Settings()) == 2.0


def test_a_public_holiday_is_forecast_as_zero():
    # Kristi himmelfartsdag, Thursday 14 May 2026.
    monday = date(2026, 5, 11)
    assert date(2026, 5, 14) in DANISH
    found = forecast(history(16, origin=monday), monday, week_days(monday), open_but_holidays)
    days = {day for day, _, _ in found.arrivals}
    assert date(2026, 5, 14) not in days
    assert date(2026, 5, 13) in days and date(2026, 5, 15) in days


def test_closed_hours_are_forecast_as_zero_even_when_someone_came():
    counts = history(16)
    # Citizens at the door at 08:00 and on a Saturday, before the centre opens.
    for week in range(-16, 0):
        monday = ORIGIN + timedelta(weeks=week)
        counts[monday, 8, "passport"] = 4.0
        counts[monday + timedelta(days=5), 10, "passport"] = 4.0
    found = forecast(counts, ORIGIN, week_days(ORIGIN), weekdays_open)
    assert not [key for key in found.arrivals if key[1] == 8 or key[0].weekday() >= 5]


def test_a_closed_day_in_the_history_does_not_pull_the_profile_down():
    counts = history(16)
    holiday = ORIGIN - timedelta(weeks=2)  # a Monday the centre was closed: nobody came
    for hour in OPEN:
        for service in ("passport", "tax_questions"):
            del counts[holiday, hour, service]

    def closed_that_monday(day):
        return range(0) if day == holiday else weekdays_open(day)

    found = forecast(counts, ORIGIN, week_days(ORIGIN), closed_that_monday)
    assert found.arrivals[ORIGIN, 10, "passport"] == pytest.approx(pattern(ORIGIN, 10, "passport"))


def test_the_forecast_reads_nothing_from_the_origin_on():
    counts = history(16)
    counts[ORIGIN, 10, "passport"] = 1000.0
    found = forecast(counts, ORIGIN, week_days(ORIGIN), weekdays_open)
    assert found.arrivals[ORIGIN, 10, "passport"] == pytest.approx(pattern(ORIGIN, 10, "passport"))


def test_wape_is_the_sum_of_absolute_errors_over_the_sum_of_actuals():
    found = wape([("a", 10, 8), ("a", 10, 12), ("b", 5, 0), ("c", 0, 2)])
    assert found.wape == pytest.approx((2 + 2 + 5 + 2) / 25)
    assert found.services["a"] == pytest.approx(4 / 20)
    assert found.services["b"] == pytest.approx(1.0)
    # Nobody came for c: its WAPE is not a number.
    assert found.services["c"] is None


def test_the_backtest_of_a_constant_pattern_is_exact():
    found = backtest(history(16), ORIGIN, weekdays_open)
    assert found.wape == 0.0
    assert len(found.weeks) == 8 and found.weeks[-1] == ORIGIN - timedelta(weeks=1)


def test_the_backtest_counts_an_unforeseen_arrival_in_the_last_week():
    counts = history(16)
    last_monday = ORIGIN - timedelta(weeks=1)
    counts[last_monday, 10, "passport"] += 1
    actual = sum(
        c for (day, _, _), c in counts.items() if ORIGIN - timedelta(weeks=8) <= day < ORIGIN
    )
    found = backtest(counts, ORIGIN, weekdays_open)
    assert found.wape == pytest.approx(1 / actual)
    assert found.services["tax_questions"] == 0.0
    assert found.services["passport"] > 0
