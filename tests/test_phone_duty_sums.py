"""Minutes on phone duty in a report, from the stretches the ending events carry (pure)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from kernel.phone_duty import add_to_report, stretches

CPH = ZoneInfo("Europe/Copenhagen")


def report(by: str, first: str = "2026-11-24", last: str = "2026-11-24") -> dict:
    return {"from": first, "to": last, "by": by, "rows": [], "total": {}}


def ended(started_at: str, seconds, centre: str = "norrebro") -> dict:
    return {"centre": centre, "data": f'{{"started_at": "{started_at}", "seconds": {seconds}}}'}


def test_a_stretch_counts_on_the_local_day_it_began_and_only_in_the_period():
    found = stretches(
        [
            ended("2026-11-23T22:30:00.000000+00:00", 600),  # 23:30 local, the day before
            ended("2026-11-23T23:30:00.000000+00:00", 1200),  # 00:30 local on the 24th
            ended("2026-11-24T09:00:00.000000+00:00", 1800, "osterbro"),
        ]
    )
    by_day = add_to_report(report("day"), found, CPH)
    assert by_day["total"]["phone_duty_minutes"] == 50.0
    assert [(r["key"], r["phone_duty_minutes"]) for r in by_day["rows"]] == [("2026-11-24", 50.0)]
    by_centre = add_to_report(report("centre"), found, CPH)
    assert [(r["key"], r["phone_duty_minutes"]) for r in by_centre["rows"]] == [
        ("norrebro", 20.0),
        ("osterbro", 30.0),
    ]
    assert date.fromisoformat(by_day["rows"][0]["key"]).weekday() == 1


def test_an_ending_event_of_the_wrong_shape_is_passed_over_not_fatal():
    found = stretches(
        [
            {"centre": "x", "data": "not json"},
            {"centre": "x", "data": '{"started_at": "2026-11-24T09:00:00", "seconds": 60}'},
            ended("2026-11-24T09:00:00.000000+00:00", "true"),
            ended("2026-11-24T09:00:00.000000+00:00", -5),
            {"centre": "x", "data": '{"started_at": "yesterday", "seconds": 60}'},
            {"centre": "x", "data": "[1, 2]"},
            ended("2026-11-24T09:00:00.000000+00:00", 90),
        ]
    )
    assert add_to_report(report("service"), found, CPH)["total"]["phone_duty_minutes"] == 1.5
